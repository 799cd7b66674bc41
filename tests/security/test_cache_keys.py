"""Cache keys are bounded: query strings that nobody sent before add no entries to Redis.

Fragments are keyed by object stamps and by values that pass a list of known choices
(core/fragments.py); HTTP validators (core/http_cache.py) store nothing on the server. A
search text is free text, so the filter form around it is rendered, not stored. Otherwise a
visitor could fill Redis with one request per made-up query string.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from django.test import Client, override_settings

import core.cache
from helpdesk.models import Office
from participation.models import Phase, Project
from tests.factories import OfficeFactory, ProjectFactory
from tests.participation.factories import AREA, CategoryFactory, IdeaFactory
from tests.security.redis_server import RedisServer, caches_for, own_redis

pytestmark = pytest.mark.django_db


@pytest.fixture
def redis_server(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[RedisServer]:
    monkeypatch.setattr(core.cache, "_resting_until", {})
    with own_redis(tmp_path) as server, override_settings(CACHES=caches_for(server), APP_CACHE=True):
        yield server


def _pages(project: Project, office: Office) -> list[str]:
    ideas = f"/mitwirkung/{project.slug}/ideen/"
    return [
        f"/mitwirkung/{project.slug}/",
        ideas,
        f"{ideas}?sort=most_supported",
        f"/mitwirkung/{project.slug}/ergebnisse/",
        f"/mitwirkung/{project.slug}/karte/ideen.geojson",
        f"/hilfe/{office.slug}/",
        f"/hilfe/{office.slug}/termine/",
    ]


def _unique(page: str, n: int) -> list[str]:
    joiner = "&" if "?" in page else "?"
    return [
        f"{page}{joiner}utm_source=mail{n}",
        f"{page}{joiner}q=suche+nummer+{n}",
        f"{page}{joiner}category={900000 + n}",
        f"{page}{joiner}sort=erfunden{n}&status=unbekannt{n}&source=x{n}",
    ]


def test_unique_query_strings_add_no_cache_entries(redis_server: RedisServer, client: Client) -> None:
    project = ProjectFactory.create(phase=Phase.Kind.COLLECTION, area=AREA)
    CategoryFactory.create(project=project, name="Grün und Schatten")
    IdeaFactory.create_batch(3, project=project, status="published")
    office = OfficeFactory.create()
    pages = _pages(project, office)
    for page in pages:  # everything the plain pages store
        assert client.get(page).status_code == 200, page
    stored = redis_server.client().dbsize()
    assert stored > 0
    for n in range(25):
        for url in (url for page in pages for url in _unique(page, n)):
            assert client.get(url).status_code in (200, 400), url
    assert redis_server.client().dbsize() == stored


def test_a_search_still_shows_what_was_searched_for(redis_server: RedisServer, client: Client) -> None:
    project = ProjectFactory.create(phase=Phase.Kind.COLLECTION, area=AREA)
    page = client.get(f"/mitwirkung/{project.slug}/ideen/?q=B%C3%A4nke+%3Cb%3E").content.decode()
    assert 'value="Bänke &lt;b&gt;"' in page
