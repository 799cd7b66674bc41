"""Following an idea: by choice, or automatically for its author and for everyone who comments on it."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied

from participation import permissions
from participation.models import Idea, IdeaFollower


def idea_follow(*, idea: Idea, user: Any) -> IdeaFollower:
    if not permissions.can_follow_idea(user, idea):
        raise PermissionDenied
    follower, _created = IdeaFollower.objects.update_or_create(idea=idea, user=user, defaults={"following": True})
    return follower


def idea_unfollow(*, idea: Idea, user: Any) -> None:
    """Stop following; the row stays (``following=False``) so that commenting again does not undo the choice."""
    if not permissions.is_signed_in(user):
        raise PermissionDenied
    IdeaFollower.objects.update_or_create(idea=idea, user=user, defaults={"following": False})


def follow_automatically(*, idea: Idea, user: Any) -> None:
    """Authors and commenters follow the idea, unless they once chose to stop."""
    if user is None or not getattr(user, "pk", None):
        return
    IdeaFollower.objects.get_or_create(idea=idea, user=user)


def is_following_idea(user: Any, idea: Idea) -> bool:
    if not permissions.is_signed_in(user):
        return False
    return IdeaFollower.objects.filter(idea=idea, user_id=user.pk, following=True).exists()
