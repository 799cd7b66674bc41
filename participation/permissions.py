"""Who may do what in a participation project, built on ``accounts.permissions``.

The active phase decides what citizens may do: submit ideas while collecting,
support while rating, comment in both. Moderators of the project may act in
any phase.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from django.utils import timezone

from accounts.permissions import is_administrator, is_signed_in, scopes_of
from participation.models import Comment, Idea, Phase, Project
from participation.phases import with_phases
from participation.roles import MODERATOR

if TYPE_CHECKING:
    from accounts.permissions import AnyUser

COMMENT_EDIT_WINDOW = dt.timedelta(hours=24)
_PHASE_ATTR = "_active_phase_cache"


def active_phase(project: Project, *, today: dt.date | None = None) -> Phase | None:
    """The phase running today; uses prefetched phases when there are any."""
    day = today or timezone.localdate()
    if today is None and hasattr(project, _PHASE_ATTR):
        cached: Phase | None = getattr(project, _PHASE_ATTR)
        return cached
    phases = list(with_phases(project).phases.all())
    phase = next((p for p in sorted(phases, key=lambda p: p.starts_on) if p.is_active_on(day)), None)
    if today is None:
        setattr(project, _PHASE_ATTR, phase)
    return phase


def phase_kind(project: Project) -> str | None:
    phase = active_phase(project)
    return phase.kind if phase else None


def _signed_in(user: Any) -> bool:
    return is_signed_in(user)


def moderated_project_ids(user: Any) -> frozenset[int] | None:
    """The projects this person moderates; None means every project (administrators)."""
    if is_administrator(user):
        return None
    return scopes_of(user, MODERATOR)


def is_moderator(user: AnyUser) -> bool:
    return is_administrator(user) or bool(scopes_of(user, MODERATOR))


def can_moderate(user: AnyUser, project: Project) -> bool:
    return is_administrator(user) or project.pk in scopes_of(user, MODERATOR)


def can_view_project(user: AnyUser, project: Project) -> bool:
    return project.visibility == Project.Visibility.PUBLIC or can_moderate(user, project)


def can_submit_idea(user: AnyUser, project: Project) -> bool:
    if not _signed_in(user) or not can_view_project(user, project):
        return False
    return can_moderate(user, project) or phase_kind(project) == Phase.Kind.COLLECTION


def can_enter_paper_ideas(user: AnyUser, project: Project) -> bool:
    return can_moderate(user, project)


def can_view_idea(user: AnyUser, idea: Idea) -> bool:
    if not can_view_project(user, idea.project):
        return False
    if idea.is_public or can_moderate(user, idea.project):
        return True
    # Authors see their own idea while it waits for approval.
    return (
        idea.status == Idea.Status.SUBMITTED
        and not idea.is_hidden
        and idea.author_id is not None
        and idea.author_id == getattr(user, "pk", None)
    )


def can_support(user: AnyUser, idea: Idea) -> bool:
    # A duplicate's supporters support its original (their supports are shown together).
    if not _signed_in(user) or not idea.is_public or idea.duplicate_of_id is not None:
        return False
    if not can_view_project(user, idea.project):
        return False
    return can_moderate(user, idea.project) or phase_kind(idea.project) == Phase.Kind.RATING


def can_comment(user: AnyUser, idea: Idea) -> bool:
    if not _signed_in(user) or not idea.is_public or not can_view_project(user, idea.project):
        return False
    return can_moderate(user, idea.project) or phase_kind(idea.project) in (Phase.Kind.COLLECTION, Phase.Kind.RATING)


class CommentFacts(Protocol):
    """What the comment rights read of a comment: a ``Comment`` or the idea page's ``selectors.CommentRow``."""

    @property
    def parent_id(self) -> int | None: ...
    @property
    def author_id(self) -> int | None: ...
    @property
    def created_at(self) -> dt.datetime: ...
    @property
    def is_deleted(self) -> bool: ...
    @property
    def is_hidden(self) -> bool: ...
    @property
    def is_visible(self) -> bool: ...


@dataclass(frozen=True)
class CommentRights:
    """What one person may do with the comments of one idea, decided from facts read once.

    An idea page asks five questions about each of its comments; reading the person's
    roles and the project's phase once and answering from these facts keeps the page
    cheap. The single-comment predicates below answer through the same class.
    """

    user_id: int | None
    may_comment: bool
    moderates: bool
    now: dt.datetime

    @classmethod
    def of(cls, user: AnyUser, idea: Idea, *, now: dt.datetime | None = None) -> CommentRights:
        signed_in = _signed_in(user)
        return cls(
            user_id=user.pk if signed_in else None,
            may_comment=can_comment(user, idea),
            moderates=signed_in and can_moderate(user, idea.project),
            now=now or timezone.now(),
        )

    def _own(self, comment: CommentFacts) -> bool:
        return self.user_id is not None and comment.author_id == self.user_id

    def may_reply(self, comment: CommentFacts) -> bool:
        return comment.parent_id is None and comment.is_visible and self.may_comment

    def may_edit(self, comment: CommentFacts) -> bool:
        return (
            self._own(comment)
            and comment.is_visible
            and self.now - comment.created_at <= COMMENT_EDIT_WINDOW
            and self.may_comment
        )

    def may_delete(self, comment: CommentFacts) -> bool:
        return self._own(comment) and not comment.is_deleted

    def may_report(self, comment: CommentFacts) -> bool:
        return comment.is_visible and self.user_id is not None and not self._own(comment)

    def may_hide(self, comment: CommentFacts) -> bool:
        return self.moderates and not comment.is_hidden and not comment.is_deleted


def can_reply(user: AnyUser, comment: Comment) -> bool:
    return CommentRights.of(user, comment.idea).may_reply(comment)


def can_edit_comment(user: AnyUser, comment: Comment, *, now: dt.datetime | None = None) -> bool:
    return CommentRights.of(user, comment.idea, now=now).may_edit(comment)


def can_delete_comment(user: AnyUser, comment: Comment) -> bool:
    return CommentRights.of(user, comment.idea).may_delete(comment)


def can_report(user: AnyUser, *, author_id: int | None) -> bool:
    return _signed_in(user) and (author_id is None or author_id != user.pk)


def can_follow(user: AnyUser, project: Project) -> bool:
    return _signed_in(user) and can_view_project(user, project)


def can_export(user: AnyUser, project: Project) -> bool:
    return can_moderate(user, project)


def can_use_moderation_queue(user: AnyUser) -> bool:
    return is_moderator(user)


def shows_support_counts(user: AnyUser, project: Project) -> bool:
    if can_moderate(user, project):
        return True
    return project.show_supports_during_rating or phase_kind(project) != Phase.Kind.RATING


def can_follow_idea(user: AnyUser, idea: Idea) -> bool:
    return _signed_in(user) and idea.status != Idea.Status.WITHDRAWN and can_view_idea(user, idea)


def _is_author(user: AnyUser, idea: Idea) -> bool:
    return _signed_in(user) and idea.author_id is not None and idea.author_id == user.pk


def can_edit_idea(user: AnyUser, idea: Idea) -> bool:
    """Authors change their idea while it waits for approval, or while it is published and ideas are collected.

    Once a moderator gave it another status (under review, accepted, ...) or hid it, the text
    others answered to stays as it is.
    """
    if not _is_author(user, idea) or idea.is_hidden or idea.hidden_by_reports:
        return False
    if idea.status == Idea.Status.SUBMITTED:
        return True
    return idea.status == Idea.Status.PUBLISHED and phase_kind(idea.project) == Phase.Kind.COLLECTION


def can_withdraw_idea(user: AnyUser, idea: Idea) -> bool:
    """Authors take their idea back as long as the city has not decided on it."""
    decided = (Idea.Status.ACCEPTED, Idea.Status.REJECTED, Idea.Status.IMPLEMENTED, Idea.Status.WITHDRAWN)
    return _is_author(user, idea) and idea.status not in decided


def can_mark_duplicate(user: AnyUser, idea: Idea) -> bool:
    return can_moderate(user, idea.project)
