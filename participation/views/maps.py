"""The map of ideas and its data."""

from __future__ import annotations

import gzip
import json

from django.http import HttpResponse, HttpResponseBadRequest, JsonResponse
from django.shortcuts import render
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.gzip import gzip_page
from django.views.decorators.http import require_safe

from core import http_cache, params
from core.paging import page_of
from participation import map_data, rendering, selectors
from participation.views.common import (
    HtmxHttpRequest,
    map_settings,
    project_or_404,
    public_project_stamp,
)

PLACES_PER_PAGE = 20


@require_safe
@http_cache.public_for_anonymous(stamp=public_project_stamp)
def idea_map(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    project = project_or_404(request, slug)
    located = selectors.ideas_for(request.user, project).filter(location_lat__isnull=False)
    # Without JavaScript the places are listed, a page at a time (the map only adds the picture).
    page = page_of(
        located.values_list("pk", "title", "location_text"), number=request.GET.get("page"), size=PLACES_PER_PAGE
    )
    url = rendering.idea_urls(project)
    context = {
        "project": project,
        "page": page,
        "places": [(url(pk), title, where) for pk, title, where in page.items],
        "map": map_settings(),
        "area_json": json.dumps(project.area),
    }
    return render(request, "participation/idea_map.html", context)


@require_safe
@http_cache.public_for_anonymous(stamp=public_project_stamp)
def idea_geojson(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    """``?bbox=south,west,north,east&zoom=N``: the ideas in view, grouped; without a box: every located idea."""
    project = project_or_404(request, slug)
    bbox = params.text(request.GET, "bbox", default=None, max_length=200)
    if bbox is not None:
        zoom = params.integer(request.GET, "zoom", default=map_data.MAX_ZOOM, minimum=0, maximum=map_data.MAX_ZOOM)
        view = map_data.parse_viewport(bbox, str(zoom))
        if view is None:
            return HttpResponseBadRequest(
                _("Please give the part of the map as bbox=south,west,north,east and a zoom from 0 to 19."),
                content_type="text/plain; charset=utf-8",
            )
        return _geojson(map_data.features_in_view(request.user, project, view))
    if request.user.is_authenticated:
        return _whole_map(request, project)
    return _gzipped_geojson(request, map_data.public_download_gzipped(project))


@gzip_page  # 10,000 ideas are 2.9 MB of JSON, 0.2 MB compressed; it holds nothing secret (BREACH)
def _whole_map(request: HtmxHttpRequest, project: object) -> HttpResponse:
    return _geojson(map_data.all_features(request.user, project))  # type: ignore[arg-type]


def _geojson(data: dict[str, object]) -> HttpResponse:
    response = JsonResponse(data)
    response["Content-Type"] = "application/geo+json"
    return response


def _gzipped_geojson(request: HtmxHttpRequest, body: bytes) -> HttpResponse:
    """The stored gzipped download, sent as it is to clients that take gzip."""
    if "gzip" in request.headers.get("Accept-Encoding", ""):
        response = HttpResponse(body, content_type="application/geo+json")
        response["Content-Encoding"] = "gzip"
    else:
        response = HttpResponse(gzip.decompress(body), content_type="application/geo+json")
    patch_vary_headers(response, ["Accept-Encoding"])
    return response
