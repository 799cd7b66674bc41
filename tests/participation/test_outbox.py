from __future__ import annotations

import pytest
from django.core import mail

from notifications.delivery import message_claim, message_deliver
from notifications.models import OutboxMessage
from participation import services
from participation.models import Idea
from tests.factories import UserFactory, moderator_of
from tests.participation.factories import IdeaFactory

pytestmark = pytest.mark.django_db


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
