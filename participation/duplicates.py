"""Duplicates: a moderator marks that one idea says what another says; the two are then read as one.

A duplicate points to its original and keeps its page, comments and supports; its page
links to the original, new supports go to the original, and both show the supports of
all of them together (each person counted once). Chains are never stored: marking an
original as a duplicate moves its duplicates along to the new original.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from participation import notify, permissions, stamps
from participation.models import Idea, Support


@transaction.atomic
def idea_mark_duplicate(*, idea: Idea, original: Idea, moderator: Any) -> Idea:
    if not permissions.can_mark_duplicate(moderator, idea):
        raise PermissionDenied
    locked = {
        row.pk: row
        for row in Idea.objects.select_for_update(of=("self",)).filter(pk__in=[idea.pk, original.pk]).order_by("pk")
    }
    idea, original = locked[idea.pk], locked[original.pk]
    if original.duplicate_of_id is not None:
        original = Idea.objects.select_for_update(of=("self",)).get(pk=original.duplicate_of_id)
    if original.pk == idea.pk:
        raise ValidationError({"original": _("An idea cannot be a duplicate of itself.")})
    if original.project_id != idea.project_id:
        raise ValidationError({"original": _("The original idea must belong to the same project.")})
    if original.status == Idea.Status.WITHDRAWN:
        raise ValidationError({"original": _("The original idea was withdrawn; please choose another one.")})
    if idea.duplicate_of_id == original.pk:
        return idea
    # Ideas that pointed here now point to the new original, so every duplicate is one step away.
    moved = list(Idea.objects.filter(duplicate_of=idea).values_list("pk", flat=True))
    Idea.objects.filter(pk__in=moved).update(duplicate_of=original, updated_at=timezone.now())
    idea.duplicate_of = original
    idea.save(update_fields=["duplicate_of", "updated_at"])
    # Both pages show the other one and the supports counted together.
    stamps.idea_touch(idea=original)
    notify.idea_marked_duplicate(idea=idea, moderator=moderator)
    return idea


@transaction.atomic
def idea_unmark_duplicate(*, idea: Idea, moderator: Any) -> Idea:
    if not permissions.can_mark_duplicate(moderator, idea):
        raise PermissionDenied
    original_id = Idea.objects.filter(pk=idea.pk).values_list("duplicate_of_id", flat=True).first()
    Idea.objects.filter(pk=idea.pk).update(duplicate_of=None)
    idea.duplicate_of = None
    stamps.idea_touch(idea=idea)
    if original_id is not None:
        Idea.objects.filter(pk=original_id).update(updated_at=timezone.now())
    return idea


def combined_supporters(idea: Idea) -> int:
    """People who support the idea, its original, or another duplicate of the same original, each once."""
    root_id = idea.duplicate_of_id or idea.pk
    family = Q(idea_id=root_id) | Q(idea__duplicate_of_id=root_id)
    return Support.objects.filter(family).values("user_id").distinct().count()


def duplicates_of(idea: Idea) -> list[Idea]:
    return list(idea.duplicates.exclude(status=Idea.Status.WITHDRAWN).order_by("created_at", "id"))
