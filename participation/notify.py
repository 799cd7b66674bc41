"""Who is told what in Mitwirkung, and under which topic of their notification settings.

One event (a comment, a moderator's save, a report) gives each person at most one
message: the recipients are collected first, each with the topic that brought them,
and the person who caused the event is never told about it. How a person hears about
a topic (at once, in the daily summary, not at all) is theirs to choose
(``notifications.preferences``); ``notifications.personal.notify`` applies that choice.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from accounts.models import User
from notifications import preferences
from notifications.personal import notify
from participation import permissions
from participation.models import Comment, Idea, IdeaFollower, ProjectFollower, ProjectModerator, Report

MY_IDEAS = "participation.my_ideas"
IDEA_COMMENTS = "participation.idea_comments"
COMMENT_REPLIES = "participation.comment_replies"
FOLLOWED_IDEAS = "participation.followed_ideas"
MODERATION = "participation.moderation"


def register_topics() -> None:
    preferences.register(
        preferences.Topic(
            MY_IDEAS,
            _("Decisions on your ideas"),
            _("When your idea is published, gets a new status or an official answer, or is marked as a duplicate."),
            order=10,
        )
    )
    preferences.register(
        preferences.Topic(
            IDEA_COMMENTS, _("Comments on your ideas"), _("When someone comments on your idea."), order=20
        )
    )
    preferences.register(
        preferences.Topic(
            COMMENT_REPLIES, _("Replies to your comments"), _("When someone replies to your comment."), order=30
        )
    )
    preferences.register(
        preferences.Topic(
            FOLLOWED_IDEAS,
            _("Ideas and projects you follow"),
            _("New status and official answers of ideas you follow; new ideas in projects you follow."),
            order=40,
        )
    )
    preferences.register(
        preferences.Topic(
            MODERATION,
            _("Moderation: waiting ideas and new reports"),
            _("When an idea waits for your approval or someone reports an idea or a comment in your projects."),
            default="daily",
            visible=permissions.is_moderator,
            order=90,
        )
    )


class _Recipients:
    """People to tell about one event, each once, with the topic that first named them."""

    def __init__(self, *, skip: tuple[Any, ...] = ()) -> None:
        self._topics: dict[int, tuple[User, str]] = {}
        # The person who caused the event, and whoever gets a message of their own about it.
        self._skip = {person if isinstance(person, int) else getattr(person, "pk", None) for person in skip}

    def add(self, user: User | None, topic: str) -> None:
        if user is None or user.pk in self._skip or user.pk in self._topics:
            return
        self._topics[user.pk] = (user, topic)

    def items(self) -> list[tuple[User, str]]:
        return list(self._topics.values())

    def send(self, *, kind: str, key: str, payload: dict[str, Any]) -> None:
        for user, topic in self._topics.values():
            notify(user=user, topic=topic, kind=kind, key=f"{key}:to:{user.pk}", payload=payload)


def _idea_followers(idea: Idea) -> list[User]:
    rows = IdeaFollower.objects.filter(idea=idea, following=True, user__is_active=True).select_related("user")
    return [row.user for row in rows]


def _project_followers(idea: Idea) -> list[User]:
    rows = ProjectFollower.objects.filter(project_id=idea.project_id, notify=True, user__is_active=True).select_related(
        "user"
    )
    return [row.user for row in rows]


def _stamp(idea: Idea) -> int:
    return int(idea.updated_at.timestamp() * 1_000_000)


def idea_decided(*, idea: Idea, moderator: Any, old_status: str, answered: bool) -> None:
    """A moderator's save changed the status, the official answer, or both: one message per person."""
    status_changed = idea.status != old_status
    if not status_changed and not answered:
        return
    published = old_status == Idea.Status.SUBMITTED and idea.status == Idea.Status.PUBLISHED
    if published:
        kind = "idea_published"
    elif status_changed:
        kind = "idea_status_changed"
    else:
        kind = "idea_answered"
    payload = {"idea_id": idea.pk, "status": idea.status, "answered": answered}
    key = f"idea:{idea.pk}:decided:{_stamp(idea)}"
    author = _Recipients(skip=(moderator,))
    author.add(idea.author, MY_IDEAS)
    author.send(kind=kind, key=key, payload={**payload, "follower": False})
    others = _Recipients(skip=(moderator, idea.author_id))
    for user in _idea_followers(idea):
        others.add(user, FOLLOWED_IDEAS)
    for user in _project_followers(idea):
        others.add(user, FOLLOWED_IDEAS)
    others.send(kind=kind, key=key, payload={**payload, "follower": True})


def idea_published_directly(*, idea: Idea) -> None:
    """An idea that needed no approval (post-moderation, paper ideas): people who follow the project hear of it."""
    recipients = _Recipients(skip=(idea.author, idea.entered_by))
    for user in _project_followers(idea):
        recipients.add(user, FOLLOWED_IDEAS)
    recipients.send(
        kind="idea_published",
        key=f"idea:{idea.pk}:new",
        payload={"idea_id": idea.pk, "status": idea.status, "answered": False, "follower": True},
    )


def comment_created(*, comment: Comment) -> None:
    """The idea's author hears of a comment, the author of the comment replied to hears of the reply."""
    recipients = _Recipients(skip=(comment.author,))
    parent = comment.parent
    if parent is not None:
        recipients.add(parent.author, COMMENT_REPLIES)
    recipients.add(comment.idea.author, IDEA_COMMENTS)
    for user, topic in recipients.items():
        kind = "comment_replied" if topic == COMMENT_REPLIES else "idea_commented"
        notify(
            user=user,
            topic=topic,
            kind=kind,
            key=f"comment:{comment.pk}:to:{user.pk}",
            payload={"comment_id": comment.pk},
        )


def idea_withdrawn(*, idea: Idea) -> None:
    recipients = _Recipients(skip=(idea.author,))
    for user in _idea_followers(idea):
        recipients.add(user, FOLLOWED_IDEAS)
    recipients.send(kind="idea_withdrawn", key=f"idea:{idea.pk}:withdrawn", payload={"idea_id": idea.pk})


def idea_marked_duplicate(*, idea: Idea, moderator: Any) -> None:
    """The author of the duplicate (and whoever follows it) hears which idea it joins."""
    original_id = idea.duplicate_of_id
    payload = {"idea_id": idea.pk, "original_id": original_id}
    key = f"idea:{idea.pk}:duplicate_of:{original_id}"
    recipients = _Recipients(skip=(moderator,))
    recipients.add(idea.author, MY_IDEAS)
    for user in _idea_followers(idea):
        recipients.add(user, FOLLOWED_IDEAS)
    recipients.send(kind="idea_marked_duplicate", key=key, payload=payload)


def _moderators(project_id: int) -> list[User]:
    """The project's moderators; without any, the administrators, so that nothing waits unseen."""
    rows = ProjectModerator.objects.filter(project_id=project_id, user__is_active=True).select_related("user")
    people = [row.user for row in rows]
    if people:
        return people
    return list(User.objects.filter(is_active=True, is_superuser=True))


def idea_waits(*, idea: Idea) -> None:
    recipients = _Recipients(skip=(idea.author,))
    for user in _moderators(idea.project_id):
        recipients.add(user, MODERATION)
    recipients.send(kind="moderation_idea_waiting", key=f"moderation:idea:{idea.pk}", payload={"idea_id": idea.pk})


def report_arrived(*, report: Report, project_id: int) -> None:
    recipients = _Recipients(skip=(report.reporter,))
    for user in _moderators(project_id):
        recipients.add(user, MODERATION)
    recipients.send(kind="moderation_report", key=f"moderation:report:{report.pk}", payload={"report_id": report.pk})
