"""Every role against every page and endpoint of the participation half."""

from __future__ import annotations

import pytest
from django.urls import reverse

from participation.models import Project
from tests.participation.conftest import ROLES
from tests.participation.factories import IdeaFactory
from tests.world import World

pytestmark = pytest.mark.django_db

ALL = set(ROLES)
SIGNED_IN = ALL - {"anonymous"}
MODERATORS = {"moderator_x", "administrator"}
ANY_MODERATOR = {"moderator_x", "moderator_y", "administrator"}


def _url(name: str, world: World) -> str:
    """The page on the shared world's project X, its idea and comment (written by the world's author)."""
    slug = world.project_x.slug
    idea = world.idea.pk
    comment = world.comment.pk
    urls = {
        "project-list": reverse("participation:project-list"),
        "project-detail": reverse("participation:project-detail", args=[slug]),
        "idea-list": reverse("participation:idea-list", args=[slug]),
        "idea-detail": reverse("participation:idea-detail", args=[slug, idea]),
        "idea-map": reverse("participation:idea-map", args=[slug]),
        "idea-geojson": reverse("participation:idea-geojson", args=[slug]),
        "results": reverse("participation:results", args=[slug]),
        "idea-similar": reverse("participation:idea-similar", args=[slug]) + "?title=Idee",
        "idea-create": reverse("participation:idea-create", args=[slug]),
        "idea-report": reverse("participation:idea-report", args=[slug, idea]),
        "comment-report": reverse("participation:comment-report", args=[slug, comment]),
        "comment-edit": reverse("participation:comment-edit", args=[slug, comment]),
        "comment-delete": reverse("participation:comment-delete", args=[slug, comment]),
        "comment-hide": reverse("participation:comment-hide", args=[slug, comment]),
        "moderation": reverse("participation:moderation"),
        "paper-entry": reverse("participation:paper-entry", args=[slug]),
        "idea-moderate": reverse("participation:idea-moderate", args=[slug, idea]),
        "export-ideas-csv": reverse("participation:export", args=[slug, "ideen", "csv"]),
        "export-ideas-xlsx": reverse("participation:export", args=[slug, "ideen", "xlsx"]),
        "export-comments-csv": reverse("participation:export", args=[slug, "kommentare", "csv"]),
        "export-comments-xlsx": reverse("participation:export", args=[slug, "kommentare", "xlsx"]),
        "idea-support": reverse("participation:idea-support", args=[slug, idea]),
        "comment-create": reverse("participation:comment-create", args=[slug, idea]),
        "project-follow": reverse("participation:project-follow", args=[slug]),
        "report-decide": reverse("participation:report-decide", args=[world.report.pk]),
    }
    return urls[name]


# (view, method, data, roles that succeed, status on success)
CASES: list[tuple[str, str, dict[str, str], set[str], int]] = [
    ("project-list", "get", {}, ALL, 200),
    ("project-detail", "get", {}, ALL, 200),
    ("idea-list", "get", {}, ALL, 200),
    ("idea-detail", "get", {}, ALL, 200),
    ("idea-map", "get", {}, ALL, 200),
    ("idea-geojson", "get", {}, ALL, 200),
    ("results", "get", {}, ALL, 200),
    ("idea-similar", "get", {}, ALL, 200),
    ("idea-create", "get", {}, SIGNED_IN, 200),
    ("idea-report", "get", {}, SIGNED_IN, 200),
    ("comment-report", "get", {}, SIGNED_IN, 200),
    ("comment-edit", "get", {}, set(), 200),
    ("comment-delete", "get", {}, set(), 200),
    ("comment-hide", "get", {}, MODERATORS, 200),
    ("moderation", "get", {}, ANY_MODERATOR, 200),
    ("paper-entry", "get", {}, MODERATORS, 200),
    ("idea-moderate", "get", {}, MODERATORS, 200),
    ("export-ideas-csv", "get", {}, MODERATORS, 200),
    ("export-ideas-xlsx", "get", {}, MODERATORS, 200),
    ("export-comments-csv", "get", {}, MODERATORS, 200),
    ("export-comments-xlsx", "get", {}, MODERATORS, 200),
    # Supports belong to the rating phase; the project collects ideas, so only moderators may.
    ("idea-support", "post", {}, MODERATORS, 302),
    ("comment-create", "post", {"text": "Finde ich gut."}, SIGNED_IN, 302),
    ("project-follow", "post", {"notify": "on"}, SIGNED_IN, 302),
    ("report-decide", "post", {"decision": "dismiss"}, MODERATORS, 302),
    ("idea-moderate", "post", {"action": "approve"}, MODERATORS, 302),
    (
        "paper-entry",
        "post",
        {"source": "postcard", "submitted_on": "2026-11-02", "title": "a", "description": "b"},
        MODERATORS,
        302,
    ),
    ("comment-hide", "post", {"reason": "Spam"}, MODERATORS, 302),
    ("idea-report", "post", {"reason": "Spam"}, SIGNED_IN, 302),
    ("idea-create", "post", {"title": "Bank", "description": "Im Schatten"}, SIGNED_IN, 302),
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("view", "method", "data", "allowed", "ok_status"), CASES, ids=[c[0] for c in CASES])
def test_every_role_gets_what_it_may_see_and_nothing_else(
    client_as, world, role, view, method, data, allowed, ok_status
):
    client, _user = client_as(role)
    url = _url(view, world)
    response = getattr(client, method)(url, data)
    if role in allowed:
        assert response.status_code == ok_status, response.content[:300]
    elif role == "anonymous":
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))
    else:
        assert response.status_code == 403


@pytest.mark.parametrize("role", ROLES)
def test_a_draft_project_is_seen_only_by_its_moderators(client_as, world, role):
    project = world.project_x
    Project.objects.filter(pk=project.pk).update(visibility=Project.Visibility.DRAFT)
    client, _user = client_as(role)
    response = client.get(reverse("participation:project-detail", args=[project.slug]))
    assert response.status_code == (200 if role in MODERATORS else 404)


@pytest.mark.parametrize("role", ROLES)
def test_an_idea_waiting_for_approval_is_seen_by_its_author_and_moderators_only(client_as, world, role):
    project = world.project_x
    client, user = client_as(role)
    idea = IdeaFactory.create(project=project, status="submitted")
    url = reverse("participation:idea-detail", args=[project.slug, idea.pk])
    assert client.get(url).status_code == (200 if role in MODERATORS else 404)
    if user is not None and role not in MODERATORS:
        own = IdeaFactory.create(project=project, status="submitted", author=user)
        assert client.get(reverse("participation:idea-detail", args=[project.slug, own.pk])).status_code == 200


def test_the_author_may_edit_and_delete_their_comment(signed_in, world):
    comment = world.comment
    client = signed_in(comment.author)
    assert client.get(_url("comment-edit", world)).status_code == 200
    assert client.get(_url("comment-delete", world)).status_code == 200


API_CASES: list[tuple[str, str, str, set[str], int]] = [
    ("projects", "get", "/api/projects/", ALL, 200),
    ("ideas", "get", "/api/ideas/", ALL, 200),
    ("idea", "get", "/api/ideas/{idea}/", ALL, 200),
    ("comments", "get", "/api/comments/?idea={idea}", ALL, 200),
    ("idea-create", "post", "/api/ideas/", SIGNED_IN, 201),
    ("comment-create", "post", "/api/comments/", SIGNED_IN, 201),
    ("supports", "get", "/api/supports/", SIGNED_IN, 200),
    ("support-create", "post", "/api/supports/", MODERATORS, 201),
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("name", "method", "path", "allowed", "ok_status"), API_CASES, ids=[c[0] for c in API_CASES])
def test_every_role_against_every_api_endpoint(client_as, world, role, name, method, path, allowed, ok_status):
    client, _user = client_as(role)
    idea = world.idea
    url = path.format(idea=idea.pk)
    payloads = {
        "idea-create": {"project": world.project_x.slug, "title": "Neue Bank", "description": "Im Schatten."},
        "comment-create": {"idea": idea.pk, "text": "Sehe ich auch so."},
        "support-create": {"idea": idea.pk},
    }
    if method == "post":
        response = client.post(url, payloads[name], content_type="application/json")
    else:
        response = client.get(url)
    # Not signed in is 401 (apps sign in with a token); signed in without the right is 403.
    expected = ok_status if role in allowed else 401 if role == "anonymous" else 403
    assert response.status_code == expected, response.content[:300]
