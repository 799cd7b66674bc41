from __future__ import annotations

import pytest

from accounts import privacy
from participation.models import ProjectFollower, Support
from tests.factories import UserFactory
from tests.participation.factories import CommentFactory, IdeaFactory, SupportFactory, retitle

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


def test_export_names_the_followed_ideas_the_changes_and_the_notification_settings(project):
    from notifications.models import Frequency
    from notifications.preferences import preferences_set
    from participation import following
    from participation.notify import IDEA_COMMENTS

    user = UserFactory.create()
    following.idea_follow(idea=IdeaFactory.create(project=project, title="Fremde Idee"), user=user)
    mine = IdeaFactory.create(project=project, author=user, title="Alt")
    retitle(mine, title="Neu")
    preferences_set(user=user, choices={IDEA_COMMENTS: Frequency.DAILY})
    data = privacy.export_account(user)
    assert data["participation"]["followed_ideas"] == [{"idea": "Fremde Idee", "following": True}]
    assert data["participation"]["idea_changes"][0]["changes"]["title"] == ["Alt", "Neu"]
    assert data["notifications"]["notification_settings"] == {IDEA_COMMENTS: "daily"}
    privacy.delete_account(user)
    from notifications.models import Preference
    from participation.models import IdeaFollower

    assert not IdeaFollower.objects.exists() and not Preference.objects.exists()
