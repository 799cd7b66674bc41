"""Reads for "My ideas": a person's own ideas across projects, and the ideas they follow."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from participation import duplicates, permissions, selectors
from participation.models import Idea, IdeaFollower


@dataclass
class MyIdea:
    idea: Idea
    supporters: int
    can_edit: bool
    can_withdraw: bool
    shows_supports: bool


def own_ideas(user: Any) -> list[MyIdea]:
    """Every idea this person wrote, newest first, with what they may still do with it."""
    ideas = list(
        selectors.idea_rows(Idea.objects.filter(author_id=user.pk))
        .select_related("duplicate_of__project")
        .prefetch_related("project__phases")
        .order_by("-created_at", "-id")
    )
    return [
        MyIdea(
            idea=idea,
            # A duplicate's supports count together with its original's.
            supporters=duplicates.combined_supporters(idea) if idea.duplicate_of_id else idea.support_count,
            can_edit=permissions.can_edit_idea(user, idea),
            can_withdraw=permissions.can_withdraw_idea(user, idea),
            shows_supports=permissions.shows_support_counts(user, idea.project),
        )
        for idea in ideas
    ]


def followed_ideas(user: Any) -> list[Idea]:
    """Ideas of others this person follows and may still see."""
    followed = IdeaFollower.objects.filter(user_id=user.pk, following=True).exclude(idea__author_id=user.pk)
    ideas = selectors.ideas_visible_to(user).filter(pk__in=followed.values("idea_id")).select_related("project")
    return list(ideas.order_by("-updated_at", "-id"))
