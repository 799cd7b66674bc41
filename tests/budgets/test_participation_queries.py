"""Pages cost the same number of queries for 5 and for 50 ideas or comments."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from participation.models import Phase
from tests.factories import ProjectFactory, UserFactory
from tests.participation.factories import INSIDE, CategoryFactory, CommentFactory, IdeaFactory, SupportFactory

pytestmark = pytest.mark.django_db


def _fill(project, count: int) -> None:
    category = CategoryFactory.create(project=project)
    people = UserFactory.create_batch(3)
    for index in range(count):
        idea = IdeaFactory.create(
            project=project, category=category, author=people[index % 3], location_lat=INSIDE[0], location_lon=INSIDE[1]
        )
        SupportFactory.create(idea=idea, user=people[(index + 1) % 3])
        CommentFactory.create(idea=idea, author=people[(index + 2) % 3])


def _count(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    "page",
    ["participation:idea-list", "participation:idea-map", "participation:idea-geojson", "participation:results"],
)
def test_list_pages_do_not_grow_with_the_number_of_ideas(client, django_assert_num_queries, page):
    small = ProjectFactory.create(phase=Phase.Kind.RATING)
    large = ProjectFactory.create(phase=Phase.Kind.RATING)
    _fill(small, 5)
    _fill(large, 50)
    expected = _count(client, reverse(page, args=[small.slug]))
    with django_assert_num_queries(expected):
        client.get(reverse(page, args=[large.slug]))


@pytest.mark.parametrize("count", [5, 50])
def test_idea_list_costs_a_fixed_number_of_queries(client, django_assert_num_queries, count):
    project = ProjectFactory.create(phase=Phase.Kind.RATING)
    _fill(project, count)
    # project with its categories (1, also the validator), page of ideas sorted on the stored counts (1);
    # the number of ideas is stored on the project
    with django_assert_num_queries(2):
        client.get(reverse("participation:idea-list", args=[project.slug]), {"sort": "supported"})


@pytest.mark.parametrize("count", [5, 50])
def test_idea_detail_costs_a_fixed_number_of_queries_for_any_number_of_comments(
    signed_in, django_assert_num_queries, count
):
    project = ProjectFactory.create(phase=Phase.Kind.RATING)
    idea = IdeaFactory.create(project=project)
    people = UserFactory.create_batch(3)
    for index in range(count):
        parent = CommentFactory.create(idea=idea, author=people[index % 3])
        CommentFactory.create(idea=idea, parent=parent, author=people[(index + 1) % 3])
    client = signed_in(UserFactory.create())
    client.get(idea.get_absolute_url())
    with CaptureQueriesContext(connection) as baseline:
        client.get(idea.get_absolute_url())
    assert len(baseline) <= 12
    with django_assert_num_queries(len(baseline)):
        client.get(idea.get_absolute_url())


def test_idea_detail_query_count_is_the_same_for_5_and_50_comments(signed_in):
    counts = []
    viewer = UserFactory.create()
    client = signed_in(viewer)
    for count in (5, 50):
        idea = IdeaFactory.create(project=ProjectFactory.create(phase=Phase.Kind.RATING))
        for _ in range(count):
            CommentFactory.create(idea=idea)
        counts.append(_count(client, idea.get_absolute_url()))
    assert counts[0] == counts[1]


def test_api_idea_list_does_not_grow_with_the_number_of_ideas(client):
    counts = []
    for count in (5, 50):
        project = ProjectFactory.create(phase=Phase.Kind.RATING)
        _fill(project, count)
        counts.append(_count(client, f"/api/ideas/?project={project.slug}"))
    assert counts[0] == counts[1]
