from __future__ import annotations

import pytest
from django.core import mail

from accounts import demo as accounts_demo
from accounts import privacy
from notifications.models import OutboxMessage
from notifications.services import message_claim, message_deliver
from participation import demo, permissions, services
from participation.geo import point_in_polygon
from participation.models import Comment, Idea, Project, ProjectFollower, Support
from tests.factories import UserFactory, moderator_of
from tests.participation.factories import CommentFactory, IdeaFactory, SupportFactory

pytestmark = pytest.mark.django_db


def test_export_contains_the_persons_ideas_comments_and_supports(project):
    user = UserFactory.create()
    idea = IdeaFactory.create(project=project, author=user, title="Meine Idee")
    CommentFactory.create(idea=idea, author=user, text="Mein Kommentar")
    SupportFactory.create(user=user)
    data = privacy.export_account(user)["participation"]
    assert data["ideas"][0]["title"] == "Meine Idee"
    assert data["comments"][0]["text"] == "Mein Kommentar"
    assert len(data["supports"]) == 1


def test_deleting_an_account_keeps_ideas_and_comments_anonymously_and_removes_supports(project):
    user = UserFactory.create()
    idea = IdeaFactory.create(project=project, author=user)
    comment = CommentFactory.create(idea=idea, author=user)
    SupportFactory.create(user=user)
    ProjectFollower.objects.create(project=project, user=user)
    privacy.delete_account(user)
    idea.refresh_from_db()
    comment.refresh_from_db()
    assert idea.author is None and comment.author is None
    assert not Support.objects.exists() and not ProjectFollower.objects.exists()


def test_anonymised_comment_is_shown_as_anonymous(client, project):
    idea = IdeaFactory.create(project=project, author=None)
    CommentFactory.create(idea=idea, author=None, text="Ohne Namen")
    html = client.get(idea.get_absolute_url()).content.decode()
    assert "Ohne Namen" in html and ("anonymous" in html or "anonym" in html)


def test_demo_seed_creates_a_living_project_and_can_run_twice():
    users = accounts_demo.seed_users()
    demo.seed(users)
    demo.seed(users)
    project = Project.objects.get(slug="platz-vor-dem-pfalztheater")
    assert project.ideas.count() >= 30
    assert len(set(project.ideas.values_list("source", flat=True))) >= 4
    assert Comment.objects.filter(idea__project=project).exists()
    assert Support.objects.filter(idea__project=project).exists()
    assert permissions.phase_kind(project) in {"collection", "rating"}
    assert set(project.categories.values_list("name", flat=True)) == {
        "Grün und Schatten",
        "Kultur und Veranstaltungen",
        "Wege und Verkehr",
        "Spiel und Sport",
    }
    for idea in project.ideas.filter(location_lat__isnull=False):
        assert idea.location_lat is not None and idea.location_lon is not None
        assert point_in_polygon(idea.location_lat, idea.location_lon, project.area)
    assert permissions.can_moderate(users["moderation@demo.kl"], project)


def _deliver_all() -> None:
    for message in OutboxMessage.objects.all():
        token = message_claim(message_id=message.pk)
        assert token
        message_deliver(message_id=message.pk, token=token)


def test_published_message_is_sent_in_the_authors_language(project, django_capture_on_commit_callbacks):
    author = UserFactory.create(preferred_language="en", display_name="Ann")
    idea = IdeaFactory.create(project=project, author=author, status=Idea.Status.SUBMITTED, title="Benches")
    services.idea_approve(idea=idea, moderator=moderator_of(project))
    _deliver_all()
    assert mail.outbox[-1].subject == "Your idea is published: Benches"
    assert idea.get_absolute_url() in mail.outbox[-1].body


def test_status_message_is_skipped_when_the_status_moved_on(project):
    idea = IdeaFactory.create(project=project)
    moderator = moderator_of(project)
    services.idea_moderate(idea=idea, moderator=moderator, status=Idea.Status.UNDER_REVIEW)
    services.idea_moderate(idea=idea, moderator=moderator, status=Idea.Status.ACCEPTED, feedback="Ja.")
    _deliver_all()
    statuses = dict(OutboxMessage.objects.values_list("key", "status"))
    assert statuses[f"idea:{idea.pk}:status:under_review"] == "skipped"
    assert statuses[f"idea:{idea.pk}:status:accepted"] == "sent"
    answered = [m for m in mail.outbox if "Ja." in m.body]
    assert len(answered) == 1
