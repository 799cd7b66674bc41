"""Every action of the web has an API endpoint, and each answers every role as the web pages do."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from rest_framework.test import APIClient

from notifications.delivery import messages_sweep
from participation.models import Idea, IdeaFollower, Report
from tests.factories import UserFactory, moderator_of
from tests.participation.conftest import MODERATING_ROLES, ROLES
from tests.participation.factories import CommentFactory, IdeaFactory, ReportFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def api_as(role_user: Any) -> Any:
    """An API client for a role (None: anonymous), signed in as apps are (a token would behave the same)."""

    def make(role: str) -> tuple[APIClient, Any]:
        user = role_user(role)
        client = APIClient()
        if user is not None:
            client.force_authenticate(user)
        return client, user

    return make


def _expected(role: str, *, allowed: int, others: int = 403, moderator_y: int | None = None) -> int:
    if role == "anonymous":
        return 401
    if role in MODERATING_ROLES:
        return allowed
    if role == "moderator_y" and moderator_y is not None:
        return moderator_y
    return others


@pytest.mark.parametrize("role", ROLES)
def test_reporting_an_idea(role, api_as, world):
    project = world.project_x
    idea = IdeaFactory.create(project=project)
    client, user = api_as(role)
    response = client.post("/api/reports/", {"idea": idea.pk, "reason": "Werbung"}, format="json")
    assert response.status_code == (401 if user is None else 201)
    assert Report.objects.filter(idea=idea).count() == (0 if user is None else 1)


def test_one_cannot_report_ones_own_content_nor_what_one_cannot_see(project):
    author = UserFactory.create()
    own = IdeaFactory.create(project=project, author=author)
    waiting = IdeaFactory.create(project=project, status=Idea.Status.SUBMITTED)
    client = APIClient()
    client.force_authenticate(author)
    assert client.post("/api/reports/", {"idea": own.pk, "reason": "x"}, format="json").status_code == 403
    assert client.post("/api/reports/", {"idea": waiting.pk, "reason": "x"}, format="json").status_code == 404
    both = client.post(
        "/api/reports/", {"idea": own.pk, "comment": CommentFactory.create().pk, "reason": "x"}, format="json"
    )
    assert both.status_code == 400


@pytest.mark.parametrize("role", ROLES)
def test_following_and_unfollowing_an_idea(role, api_as, world):
    project = world.project_x
    idea = IdeaFactory.create(project=project)
    client, user = api_as(role)
    url = f"/api/ideas/{idea.pk}/follow/"
    assert client.post(url).status_code == (401 if user is None else 204)
    if user is not None:
        assert IdeaFollower.objects.get(idea=idea, user=user).following
        assert client.delete(url).status_code == 204
        assert not IdeaFollower.objects.get(idea=idea, user=user).following


@pytest.mark.parametrize("role", ROLES)
def test_only_the_author_changes_and_withdraws_an_idea(role, api_as, world):
    project = world.project_x
    idea = IdeaFactory.create(project=project, title="Bänke")
    client, user = api_as(role)
    expected = 401 if user is None else 403
    assert client.patch(f"/api/ideas/{idea.pk}/", {"title": "Anders"}, format="json").status_code == expected
    assert client.post(f"/api/ideas/{idea.pk}/withdraw/", {"reason": "x"}, format="json").status_code == expected
    idea.refresh_from_db()
    assert (idea.title, idea.status) == ("Bänke", Idea.Status.PUBLISHED)


def test_the_author_changes_lists_and_withdraws_her_idea(project):
    author = UserFactory.create()
    idea = IdeaFactory.create(project=project, author=author, title="Bänke")
    client = APIClient()
    client.force_authenticate(author)
    changed = client.patch(f"/api/ideas/{idea.pk}/", {"title": "Bänke mit Lehne"}, format="json")
    assert changed.status_code == 200 and changed.json()["title"] == "Bänke mit Lehne"
    assert client.patch(f"/api/ideas/{idea.pk}/", {"title": ""}, format="json").status_code == 400
    withdrawn = client.post(f"/api/ideas/{idea.pk}/withdraw/", {"reason": "Gibt es schon."}, format="json")
    assert withdrawn.status_code == 200
    mine = client.get("/api/ideas/mine/").json()["results"]
    assert [(row["id"], row["status"]) for row in mine] == [(idea.pk, "withdrawn")]


@pytest.mark.parametrize("role", ROLES)
def test_only_the_author_edits_and_deletes_a_comment(role, api_as, world):
    project = world.project_x
    comment = CommentFactory.create(idea=IdeaFactory.create(project=project), text="Alt")
    client, user = api_as(role)
    expected = 401 if user is None else 403
    assert client.patch(f"/api/comments/{comment.pk}/", {"text": "Neu"}, format="json").status_code == expected
    assert client.delete(f"/api/comments/{comment.pk}/").status_code == expected
    comment.refresh_from_db()
    assert (comment.text, comment.is_deleted) == ("Alt", False)


@pytest.mark.parametrize("role", ROLES)
def test_the_moderation_queue_is_for_moderators_of_the_project(role, api_as, world):
    project = world.project_x
    waiting = IdeaFactory.create(project=project, status=Idea.Status.SUBMITTED)
    client, _user = api_as(role)
    listing = client.get("/api/moderation/ideas/", {"waiting": "true"})
    assert listing.status_code == _expected(role, allowed=200, moderator_y=200)
    if listing.status_code == 200:
        ids = [row["id"] for row in listing.json()["results"]]
        assert ids == ([waiting.pk] if role in MODERATING_ROLES else [])
    detail = client.get(f"/api/moderation/ideas/{waiting.pk}/")
    assert detail.status_code == _expected(role, allowed=200, moderator_y=404)


@pytest.mark.parametrize("role", ROLES)
def test_approving_rejecting_hiding_and_answering_need_a_moderator_of_the_project(role, api_as, world):
    project = world.project_x
    idea = IdeaFactory.create(project=project, status=Idea.Status.SUBMITTED)
    client, _user = api_as(role)
    base = f"/api/moderation/ideas/{idea.pk}"
    assert client.post(f"{base}/approve/").status_code == _expected(role, allowed=200, moderator_y=404)
    assert client.post(f"{base}/feedback/", {"feedback": "Danke"}, format="json").status_code == _expected(
        role, allowed=200, moderator_y=404
    )
    assert client.post(f"{base}/hide/", {"reason": "Werbung"}, format="json").status_code == _expected(
        role, allowed=200, moderator_y=404
    )
    assert client.post(f"{base}/unhide/").status_code == _expected(role, allowed=200, moderator_y=404)
    assert client.post(f"{base}/reject/", {}, format="json").status_code == _expected(
        role, allowed=200, moderator_y=404
    )
    idea.refresh_from_db()
    expected_status = Idea.Status.REJECTED if role in MODERATING_ROLES else Idea.Status.SUBMITTED
    assert idea.status == expected_status


def test_one_api_save_of_status_and_feedback_tells_the_author_once(project):
    author = UserFactory.create()
    idea = IdeaFactory.create(project=project, author=author)
    client = APIClient()
    client.force_authenticate(moderator_of(project))
    response = client.patch(
        f"/api/moderation/ideas/{idea.pk}/", {"status": "accepted", "feedback": "Kommt 2027."}, format="json"
    )
    assert response.status_code == 200
    assert (response.json()["status"], response.json()["feedback"]) == ("accepted", "Kommt 2027.")
    messages_sweep(time_budget=30)
    assert [email.to for email in mail.outbox] == [[author.email]]
    assert client.patch(f"/api/moderation/ideas/{idea.pk}/", {"status": "withdrawn"}, format="json").status_code == 400


@pytest.mark.parametrize("role", ROLES)
def test_marking_a_duplicate_needs_a_moderator_of_the_project(role, api_as, world):
    project = world.project_x
    other_project = world.project_y
    original, idea = IdeaFactory.create_batch(2, project=project)
    client, _user = api_as(role)
    url = f"/api/moderation/ideas/{idea.pk}/duplicate/"
    assert client.post(url, {"original": original.pk}, format="json").status_code == _expected(
        role, allowed=200, moderator_y=404
    )
    idea.refresh_from_db()
    assert (idea.duplicate_of_id == original.pk) == (role in MODERATING_ROLES)
    if role in MODERATING_ROLES:
        elsewhere = IdeaFactory.create(project=other_project)
        refused = client.post(url, {"original": elsewhere.pk}, format="json").status_code
        assert refused == (404 if role == "moderator_x" else 400)
        assert client.delete(url).status_code == 200


@pytest.mark.parametrize("role", ROLES)
def test_deciding_on_reports_needs_a_moderator_of_the_project(role, api_as, world):
    project = world.project_x
    report = ReportFactory.create(idea=IdeaFactory.create(project=project))
    client, _user = api_as(role)
    listing = client.get("/api/moderation/reports/")
    assert listing.status_code == _expected(role, allowed=200, moderator_y=200)
    response = client.post(f"/api/moderation/reports/{report.pk}/decide/", {"uphold": False}, format="json")
    assert response.status_code == _expected(role, allowed=200, moderator_y=404)
    report.refresh_from_db()
    assert (report.status == Report.Status.DISMISSED) == (role in MODERATING_ROLES)
