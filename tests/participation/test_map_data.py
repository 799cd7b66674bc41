"""The map asks for its viewport; the server answers single ideas as points and groups the rest, counting each once."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from participation.map_data import MAX_VIEW_PX, Viewport, grouping_zoom, parse_viewport
from participation.models import Idea, Phase, Project
from tests.factories import ProjectFactory, UserFactory
from tests.participation.factories import IdeaFactory

pytestmark = pytest.mark.django_db

CITY = "49.40,7.70,49.48,7.83"  # all of Kaiserslautern
SQUARE = "49.4438,7.7675,49.4457,7.7705"  # the square in front of the Pfalztheater


def _project_with_places() -> Project:
    project = ProjectFactory.create(phase=Phase.Kind.COLLECTION)
    # Three ideas close together at the theatre, one at the other end of the square, one far outside both boxes.
    for offset in range(3):
        IdeaFactory.create(
            project=project, title=f"Theater {offset}", location_lat=49.4450 + offset * 1e-5, location_lon=7.7690
        )
    IdeaFactory.create(project=project, title="Brunnen", location_lat=49.4440, location_lon=7.7700)
    IdeaFactory.create(project=project, title="Weit weg", location_lat=49.5000, location_lon=7.9000)
    IdeaFactory.create(project=project, title="Ohne Ort")
    IdeaFactory.create(
        project=project, title="Wartet", status=Idea.Status.SUBMITTED, location_lat=49.4450, location_lon=7.7690
    )
    return project


def _get(client: Any, project: Project, bbox: str, zoom: int) -> dict[str, Any]:
    url = reverse("participation:idea-geojson", args=[project.slug])
    response = client.get(url, {"bbox": bbox, "zoom": zoom})
    assert response.status_code == 200 and response["Content-Type"] == "application/geo+json"
    data: dict[str, Any] = response.json()
    return data


def _ideas_counted(data: dict[str, Any]) -> int:
    return sum(f["properties"].get("count", 1) for f in data["features"])


def test_a_few_ideas_in_view_are_shown_one_by_one(client: Any) -> None:
    data = _get(client, _project_with_places(), CITY, 12)
    assert len(data["features"]) == 4 and not any(f["properties"].get("cluster") for f in data["features"])


def test_many_ideas_in_a_city_wide_view_are_grouped_and_each_public_one_counted_once(
    client: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("participation.map_data.POINTS_LIMIT", 2)
    data = _get(client, _project_with_places(), CITY, 12)
    assert _ideas_counted(data) == 4
    assert all(feature["properties"].get("cluster") for feature in data["features"])


def test_zoomed_in_many_ideas_split_into_points_with_links(client: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("participation.map_data.POINTS_LIMIT", 2)
    project = _project_with_places()
    data = _get(client, project, SQUARE, 19)
    points = [f for f in data["features"] if not f["properties"].get("cluster")]
    titles = {f["properties"]["title"] for f in points}
    assert "Brunnen" in titles and _ideas_counted(data) == 4
    fountain = next(f for f in points if f["properties"]["title"] == "Brunnen")
    idea = Idea.objects.get(title="Brunnen")
    assert fountain["properties"]["url"] == idea.get_absolute_url()
    assert fountain["geometry"]["coordinates"] == [7.77, 49.444]


def test_ideas_outside_the_box_and_waiting_ideas_are_not_shown(client: Any) -> None:
    data = _get(client, _project_with_places(), SQUARE, 19)
    titles = {f["properties"].get("title") for f in data["features"]}
    assert "Weit weg" not in titles and "Wartet" not in titles


def test_the_author_sees_their_waiting_idea_on_the_map(signed_in: Any) -> None:
    project = ProjectFactory.create(phase=Phase.Kind.COLLECTION)
    author = UserFactory.create()
    IdeaFactory.create(
        project=project, author=author, status=Idea.Status.SUBMITTED, location_lat=49.445, location_lon=7.769
    )
    assert _ideas_counted(_get(signed_in(author), project, SQUARE, 19)) == 1


@pytest.mark.parametrize("bbox", ["1,2,3", "a,b,c,d", "49.5,7.7,49.4,7.8", "nan,7.7,49.5,7.8", "49.4,7.7,95,7.8"])
def test_a_box_that_makes_no_sense_is_refused_with_a_message(client: Any, bbox: str) -> None:
    project = ProjectFactory.create(phase=Phase.Kind.COLLECTION)
    response = client.get(reverse("participation:idea-geojson", args=[project.slug]), {"bbox": bbox, "zoom": 15})
    assert response.status_code == 400 and "bbox" in response.content.decode()


def test_a_huge_box_at_a_high_zoom_is_grouped_as_at_a_lower_zoom() -> None:
    view = parse_viewport("-80,-170,80,170", "19")
    assert view is not None and view.zoom == 19
    assert grouping_zoom(view) <= 4
    assert grouping_zoom(Viewport(49.4438, 7.7675, 49.4457, 7.7705, 17)) == 17
    assert MAX_VIEW_PX >= 1024


def test_without_a_box_the_download_lists_every_located_public_idea(client: Any) -> None:
    project = _project_with_places()
    url = reverse("participation:idea-geojson", args=[project.slug])
    data = client.get(url).json()
    assert len(data["features"]) == 5
    gzipped = client.get(url, HTTP_ACCEPT_ENCODING="gzip")
    assert gzipped["Content-Encoding"] == "gzip" and "Accept-Encoding" in gzipped["Vary"]
