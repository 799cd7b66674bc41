"""Query budgets of the participation pages: a pinned number, the same for 5 and for 50 items.

The budget is the number written in each test. A page that starts issuing a query per
idea or comment fails for 50 items; a page that gains a fixed query fails the pin, so
the change is made on purpose (update the number and say why in the commit).
"""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from participation.models import Phase, Project, Report
from tests.factories import ProjectFactory, UserFactory, moderator_of
from tests.participation.factories import (
    INSIDE,
    CategoryFactory,
    CommentFactory,
    IdeaFactory,
    ReportFactory,
    SupportFactory,
)

pytestmark = pytest.mark.django_db

COUNTS = [5, 50]


def _project_with_ideas(count: int, *, supporter: Any = None) -> Project:
    project = ProjectFactory.create(phase=Phase.Kind.RATING)
    categories = CategoryFactory.create_batch(2, project=project)
    people = UserFactory.create_batch(3)
    for index in range(count):
        idea = IdeaFactory.create(
            project=project,
            category=categories[index % 2],
            author=people[index % 3],
            location_lat=INSIDE[0],
            location_lon=INSIDE[1],
        )
        SupportFactory.create(idea=idea, user=supporter or people[(index + 1) % 3])
        CommentFactory.create(idea=idea, author=people[(index + 2) % 3])
    return project


def _get(client: Any, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 200, url


# --- HTML pages ---------------------------------------------------------------------------------


@pytest.mark.parametrize("count", COUNTS)
def test_project_list_costs_three_queries(client, django_assert_num_queries, count):
    for _ in range(count):
        ProjectFactory.create(phase=Phase.Kind.COLLECTION)
    # the newest change stamp of the public projects (1, the page's validator), projects (1), their phases (1)
    with django_assert_num_queries(3):
        _get(client, reverse("participation:project-list"))


@pytest.mark.parametrize("count", COUNTS)
def test_project_page_costs_the_same_for_any_number_of_ideas(client, django_assert_num_queries, count):
    project = _project_with_ideas(count)
    # project (1, read for the validator and handed to the page), phases (1), three newest ideas (1)
    with django_assert_num_queries(3):
        _get(client, reverse("participation:project-detail", args=[project.slug]))


@pytest.mark.parametrize("count", COUNTS)
def test_idea_list_of_a_signed_in_citizen_costs_the_same_for_any_number_of_ideas(
    signed_in, django_assert_num_queries, count
):
    citizen = UserFactory.create()
    project = _project_with_ideas(count, supporter=citizen)
    client = signed_in(citizen)
    # session (1), person and roles (1), project with its phases ("may submit") and categories (1), page of
    # ideas with stored counts (1), the person's own ideas awaiting approval counted (1); the public ones are stored
    with django_assert_num_queries(5):
        _get(client, reverse("participation:idea-list", args=[project.slug]))


@pytest.mark.parametrize("count", COUNTS)
def test_idea_list_sorted_and_filtered_costs_the_same_for_any_number_of_ideas(client, django_assert_num_queries, count):
    project = _project_with_ideas(count)
    category = project.categories.first()
    assert category is not None
    params = {"sort": "discussed", "category": category.pk, "page": 2 if count > 20 else 1}
    # project with its categories (1, choices and names; also the validator), page (1), matches counted up to 1,001 (1)
    with django_assert_num_queries(3):
        response = client.get(reverse("participation:idea-list", args=[project.slug]), params)
    assert response.status_code == 200


@pytest.mark.parametrize("count", COUNTS)
def test_map_geojson_of_a_signed_in_citizen_costs_the_same_for_any_number_of_ideas(
    signed_in, django_assert_num_queries, count
):
    citizen = UserFactory.create()
    project = _project_with_ideas(count, supporter=citizen)
    client = signed_in(citizen)
    # session (1), person and roles (1), project (1), located ideas with their stored counts (1)
    with django_assert_num_queries(4):
        _get(client, reverse("participation:idea-geojson", args=[project.slug]))


@pytest.mark.parametrize("count", COUNTS)
def test_map_data_of_a_viewport_costs_the_same_for_any_number_of_ideas(
    client, django_assert_num_queries, monkeypatch, count
):
    project = _project_with_ideas(count)
    url = f"{reverse('participation:idea-geojson', args=[project.slug])}?bbox=49.44,7.76,49.45,7.78&zoom=16"
    # project (1, also the validator), the first POINTS_LIMIT + 1 ideas in the box (1): few enough to show each
    with django_assert_num_queries(2):
        _get(client, url)
    # More than POINTS_LIMIT: the same, and the ideas in the box grouped into grid cells (1)
    monkeypatch.setattr("participation.map_data.POINTS_LIMIT", 3)
    with django_assert_num_queries(3):
        _get(client, url)


@pytest.mark.parametrize("count", COUNTS)
def test_idea_page_costs_the_same_for_any_number_of_replies(signed_in, django_assert_num_queries, count):
    project = _project_with_ideas(1)
    idea = project.ideas.get()
    people = UserFactory.create_batch(3)
    for index in range(count):
        parent = CommentFactory.create(idea=idea, author=people[index % 3])
        CommentFactory.create(idea=idea, parent=parent, author=people[(index + 1) % 3])
    client = signed_in(UserFactory.create())
    # session (1), person and roles (1), project with its phases and the idea with whether the person supports
    # it (1, one statement), one page of threads with their replies and authors (1)
    with django_assert_num_queries(4):
        _get(client, idea.get_absolute_url())


@pytest.mark.parametrize("count", COUNTS)
def test_idea_page_of_an_anonymous_visitor_costs_the_same_for_any_number_of_comments(
    client, django_assert_num_queries, count
):
    project = _project_with_ideas(1)
    idea = project.ideas.get()
    for _ in range(count):
        CommentFactory.create(idea=idea)
    # project with its phases (to say which phase rule keeps the support button away) and idea (1, one
    # statement, read for the validator and handed to the page), one page of threads (1)
    with django_assert_num_queries(2):
        response = client.get(idea.get_absolute_url())
    assert response.status_code == 200
    # The same page asked again with its validator: the validator's one statement, nothing rendered.
    with django_assert_num_queries(1):
        again = client.get(idea.get_absolute_url(), HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304


@pytest.mark.parametrize("count", COUNTS)
def test_moderation_queue_costs_the_same_for_any_number_of_items(signed_in, django_assert_num_queries, count):
    project = _project_with_ideas(0)
    moderator = moderator_of(project)
    for index in range(count):
        idea = IdeaFactory.create(project=project, status="submitted")
        comment = CommentFactory.create(idea=IdeaFactory.create(project=project))
        ReportFactory.create(idea=idea if index % 2 else None, comment=None if index % 2 else comment)
    assert Report.objects.count() == count
    client = signed_in(moderator)
    # session (1), person and roles (1), projects (1), ideas (1), reports (1),
    # the authors' other ideas (1, one grouped count), ideas changed after publication (1)
    with django_assert_num_queries(7):
        _get(client, reverse("participation:moderation"))


# --- API list endpoints --------------------------------------------------------------------------


@pytest.mark.parametrize("count", COUNTS)
def test_api_project_list_costs_the_same_for_any_number_of_projects(client, django_assert_num_queries, count):
    for _ in range(count):
        project = ProjectFactory.create(phase=Phase.Kind.COLLECTION)
        CategoryFactory.create(project=project)
    # newest change stamp of the public projects (1, the validator), count (1), page of projects (1), phases (1),
    # categories (1)
    with django_assert_num_queries(5):
        _get(client, "/api/projects/")


@pytest.mark.parametrize("count", COUNTS)
def test_api_idea_list_costs_the_same_for_any_number_of_ideas(client, django_assert_num_queries, count):
    project = _project_with_ideas(count)
    # the project's change stamp (1, the validator), count (1), page of ideas with stored counts (1),
    # phases of their projects (1)
    with django_assert_num_queries(4):
        _get(client, f"/api/ideas/?project={project.slug}")


@pytest.mark.parametrize("count", COUNTS)
def test_api_idea_list_of_a_signed_in_citizen_costs_the_same_for_any_number_of_ideas(
    signed_in, django_assert_num_queries, count
):
    citizen = UserFactory.create()
    project = _project_with_ideas(count, supporter=citizen)
    client = signed_in(citizen)
    # session (1), person and roles (1), count (1), page (1), phases (1), the citizen's supports (1)
    with django_assert_num_queries(6):
        _get(client, f"/api/ideas/?project={project.slug}&sort=supported")


@pytest.mark.parametrize("count", COUNTS)
def test_api_comment_list_costs_the_same_for_any_number_of_comments(client, django_assert_num_queries, count):
    project = _project_with_ideas(1)
    idea = project.ideas.get()
    for _ in range(count):
        CommentFactory.create(idea=idea)
    # the idea's change stamp (1, the validator), count (1), page of comments with authors (1)
    with django_assert_num_queries(3):
        _get(client, f"/api/comments/?idea={idea.pk}")


@pytest.mark.parametrize("count", COUNTS)
def test_api_support_list_costs_the_same_for_any_number_of_supports(signed_in, django_assert_num_queries, count):
    citizen = UserFactory.create()
    _project_with_ideas(count, supporter=citizen)
    client = signed_in(citizen)
    # session (1), person and roles (1), count (1), page (1)
    with django_assert_num_queries(4):
        _get(client, "/api/supports/")
