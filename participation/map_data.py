"""The ideas on the map: what lies in the visible part of the map, grouped by the server at low zoom.

A project can hold thousands of ideas. The map asks only for its viewport
(``?bbox=south,west,north,east&zoom=N``). Up to POINTS_LIMIT ideas in the box come as
GeoJSON points, each with its link. Beyond that the database groups the rows inside the
box into the cells of a grid laid over the world in Web Mercator at that zoom (64 × 64
pixels): an idea alone in its cell is a point, several are one cluster point ("27
ideas"). So the answer has at most a few thousand features whatever the number of
ideas, and every idea in the box is counted in exactly one feature.

Without a box the endpoint answers every located idea as plain GeoJSON (the download on
the map page); for anonymous visitors that answer is kept gzipped per project change
stamp (``Project.content_changed_at``), so it is built once per change.
"""

from __future__ import annotations

import gzip
import json
import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import Avg, Count, ExpressionWrapper, F, FloatField, Min, QuerySet, Value
from django.db.models.functions import Cos, Floor, Ln, Radians, Tan

from core import fragments
from core.links import url_maker
from participation import selectors
from participation.models import Idea, Project

MAX_ZOOM = 19
CELL_PX = 64
# Up to this many ideas in view are shown one by one; more are grouped.
POINTS_LIMIT = 200
# A box wider or higher than this many pixels at the asked zoom is grouped as at a lower zoom,
# which bounds the number of cells (and so of features) in any answer.
MAX_VIEW_PX = 4096


@dataclass(frozen=True)
class Viewport:
    south: float
    west: float
    north: float
    east: float
    zoom: int


def parse_viewport(bbox: str, zoom: str) -> Viewport | None:
    """The viewport of ``bbox=south,west,north,east`` and ``zoom``, or None if they make no sense."""
    try:
        south, west, north, east = (float(part) for part in bbox.split(","))
        level = int(zoom)
    except ValueError:
        return None
    finite = all(math.isfinite(value) for value in (south, west, north, east))
    if not finite or not (-90 <= south <= north <= 90) or not (-180 <= west <= east <= 180):
        return None
    return Viewport(south, west, north, east, min(max(level, 0), MAX_ZOOM))


def _world_x(lon: float) -> float:
    return (lon + 180) / 360


def _world_y(lat: float) -> float:
    lat = max(min(lat, 85.0511), -85.0511)
    return (1 - math.log(math.tan(math.radians(lat)) + 1 / math.cos(math.radians(lat))) / math.pi) / 2


def grouping_zoom(view: Viewport) -> int:
    """The asked zoom, or a lower one if the box would be more than MAX_VIEW_PX wide or high there."""
    width = _world_x(view.east) - _world_x(view.west)
    height = _world_y(view.south) - _world_y(view.north)
    zoom = view.zoom
    while zoom > 0 and max(width, height) * 256 * 2**zoom > MAX_VIEW_PX:
        zoom -= 1
    return zoom


def _cell(view: Viewport) -> tuple[Floor, Floor]:
    """Grid cell numbers of a row in SQL: Web Mercator x and y at the grouping zoom, in cells."""
    cells = 256 * 2 ** grouping_zoom(view) / CELL_PX
    lat = Radians(F("location_lat"))
    world_y = (Value(1.0) - Ln(Tan(lat) + Value(1.0) / Cos(lat)) / Value(math.pi)) / Value(2.0)
    return (
        Floor(ExpressionWrapper((F("location_lon") + 180.0) / 360.0 * cells, output_field=FloatField())),
        Floor(ExpressionWrapper(world_y * Value(cells), output_field=FloatField())),
    )


def _located(user: Any, project: Project) -> QuerySet[Idea]:
    return selectors.ideas_for(user, project).filter(location_lat__isnull=False, location_lon__isnull=False)


def features_in_view(user: Any, project: Project, view: Viewport) -> dict[str, Any]:
    """GeoJSON of the ideas in the box: each idea as a point, or, when there are many, grouped by cells."""
    in_box = _located(user, project).filter(
        location_lat__gte=view.south,
        location_lat__lte=view.north,
        location_lon__gte=view.west,
        location_lon__lte=view.east,
    )
    few = list(_point_rows(in_box)[: POINTS_LIMIT + 1])
    if len(few) <= POINTS_LIMIT:
        return {"type": "FeatureCollection", "zoom": view.zoom, "features": _points(project, few)}
    cell_x, cell_y = _cell(view)
    rows = (
        in_box.annotate(cell_x=cell_x, cell_y=cell_y)
        .values("cell_x", "cell_y")
        .annotate(
            n=Count("pk"),
            lat=Avg("location_lat"),
            lon=Avg("location_lon"),
            # Only read when the cell holds one idea, where the minimum is that idea's value.
            first=Min("pk"),
            title=Min("title"),
            category=Min("category__name"),
            status=Min("status"),
            support_n=Min("support_count"),
            comment_n=Min("comment_count"),
        )
        .order_by("cell_y", "cell_x")
    )
    url = url_maker("participation:idea-detail", varying="pk", slug=project.slug)
    statuses = dict(Idea.Status.choices)
    features = []
    for row in rows:
        point = {"type": "Point", "coordinates": [round(row["lon"], 6), round(row["lat"], 6)]}
        if row["n"] == 1:
            properties = _idea_properties(row["first"], row["title"], row["category"], row["status"], statuses, url)
            properties.update(supports=row["support_n"], comments=row["comment_n"])
        else:
            properties = {"cluster": True, "count": row["n"]}
        features.append({"type": "Feature", "geometry": point, "properties": properties})
    return {"type": "FeatureCollection", "zoom": grouping_zoom(view), "features": features}


def _idea_properties(
    pk: int, title: str, category: str | None, status: str, statuses: dict[str, Any], url: Any
) -> dict[str, Any]:
    return {
        "id": pk,
        "title": title,
        "url": url(pk),
        "category": category or "",
        "status": str(statuses.get(status, status)),
    }


def _point_rows(ideas: QuerySet[Idea]) -> QuerySet[Idea, tuple[Any, ...]]:
    return ideas.order_by("-created_at", "-id").values_list(
        "pk", "title", "location_lat", "location_lon", "category__name", "status", "support_count", "comment_count"
    )


def _points(project: Project, rows: Iterable[tuple[Any, ...]]) -> list[dict[str, Any]]:
    url = url_maker("participation:idea-detail", varying="pk", slug=project.slug)
    statuses = dict(Idea.Status.choices)
    features = []
    for pk, title, lat, lon, category, status, supports, comments in rows:
        properties = _idea_properties(pk, title, category, status, statuses, url)
        properties.update(supports=supports, comments=comments)
        point = {"type": "Point", "coordinates": [lon, lat]}
        features.append({"type": "Feature", "geometry": point, "properties": properties})
    return features


def all_features(user: Any, project: Project) -> dict[str, Any]:
    """Every located idea this person may see, as GeoJSON points (the download)."""
    return {"type": "FeatureCollection", "features": _points(project, _point_rows(_located(user, project)))}


def public_download_gzipped(project: Project) -> bytes:
    """The download as anonymous visitors see it, gzipped, built once per change of the project."""
    key = fragments.make_key("map-download", project.pk, project.content_changed_at)
    stored = fragments.get_many([key]).get(key)
    if stored is not None:
        return bytes(stored)
    body = gzip.compress(json.dumps(all_features(AnonymousUser(), project)).encode(), compresslevel=6, mtime=0)
    fragments.set_many({key: body})
    return body
