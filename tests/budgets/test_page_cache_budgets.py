"""What a page costs when it comes from the page cache: the same for 5 and for 50 items.

The other budgets in this folder pin rendering (with the page cache off). Here the first
request renders and fills the cache; the pinned one is answered from it. What is left is
what no cache may answer: who is asking, and the audit log entry of a look at seniors' data.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from tests.budgets.test_helpdesk_budgets import _fill, _start
from tests.budgets.test_participation_budgets import _project_with_ideas
from tests.factories import OfficeFactory, UserFactory, coordinator_of

pytestmark = pytest.mark.django_db

COUNTS = [5, 50]


@pytest.fixture(autouse=True)
def _page_cache_on(settings: Any) -> None:
    settings.PAGE_CACHE_SECONDS = 60


def _first(client: Any, url: str, params: dict[str, Any] | None = None) -> Any:
    first = client.get(url, params or {})
    assert first.status_code == 200, url
    return first


@pytest.mark.parametrize("count", COUNTS)
def test_a_cached_idea_list_costs_an_anonymous_visitor_no_query(client, django_assert_num_queries, count):
    url = reverse("participation:idea-list", args=[_project_with_ideas(count).slug])
    _first(client, url)
    with django_assert_num_queries(0):
        assert client.get(url).status_code == 200


@pytest.mark.parametrize("name", ["participation:idea-geojson", "participation:idea-map", "participation:results"])
@pytest.mark.parametrize("count", COUNTS)
def test_cached_map_and_results_cost_no_query(client, django_assert_num_queries, name, count):
    url = reverse(name, args=[_project_with_ideas(count).slug])
    _first(client, url)
    with django_assert_num_queries(0):
        assert client.get(url).status_code == 200


@pytest.mark.parametrize("count", COUNTS)
def test_a_cached_idea_list_costs_a_signed_in_citizen_one_query(signed_in, django_assert_num_queries, count):
    citizen = UserFactory.create()
    url = reverse("participation:idea-list", args=[_project_with_ideas(count, supporter=citizen).slug])
    client = signed_in(citizen)
    _first(client, url)
    with django_assert_num_queries(1):  # the user; session and roles come from the cache
        assert client.get(url).status_code == 200


@pytest.mark.parametrize("count", COUNTS)
def test_a_cached_api_idea_list_costs_an_anonymous_visitor_no_query(client, django_assert_num_queries, count):
    url = "/api/ideas/?project=" + _project_with_ideas(count).slug
    _first(client, url)
    with django_assert_num_queries(0):
        assert client.get(url).status_code == 200


@pytest.mark.parametrize("count", COUNTS)
def test_a_cached_free_slot_page_costs_no_query(client, django_assert_num_queries, count):
    office = OfficeFactory.create()
    _fill(office, count, book=False)
    url = reverse("helpdesk:slots", args=[office.slug])
    _first(client, url)
    with django_assert_num_queries(0):
        assert client.get(url).status_code == 200


@pytest.mark.parametrize("name", ["helpdesk:office-plan", "helpdesk:day-list"])
@pytest.mark.parametrize("count", COUNTS)
def test_a_cached_plan_still_checks_the_office_and_logs_the_look(signed_in, django_assert_num_queries, name, count):
    office = OfficeFactory.create()
    _fill(office, count)
    client = signed_in(coordinator_of(office))
    url = reverse(name, args=[office.slug])
    params = {"tag": _start().date().isoformat()}
    _first(client, url, params)
    # user (1), audit log entry (1); the office for the permission check comes from the cache
    with django_assert_num_queries(2):
        assert client.get(url, params).status_code == 200
