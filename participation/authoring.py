"""What authors do with their own ideas after submitting them: change them (with a history) and withdraw them."""

from __future__ import annotations

from typing import IO, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from participation import notify, permissions, stamps
from participation.images import image_clean
from participation.models import Category, Idea, IdeaEdit
from participation.services import location_check

WITHDRAW_REASON_MAX = 500


def _place(lat: float | None, lon: float | None) -> str:
    return "" if lat is None or lon is None else f"{lat:.5f}, {lon:.5f}"


@transaction.atomic
def idea_edit(
    *,
    idea: Idea,
    user: Any,
    title: str,
    description: str,
    category: Category | None,
    location_text: str,
    location_lat: float | None,
    location_lon: float | None,
    image: IO[bytes] | None = None,
    image_size: int | None = None,
    remove_image: bool = False,
) -> IdeaEdit | None:
    """Change an idea as its author; the old and new values are kept for moderators. None: nothing changed."""
    idea = Idea.objects.select_for_update(of=("self",)).select_related("project", "category").get(pk=idea.pk)
    if not permissions.can_edit_idea(user, idea):
        raise PermissionDenied
    location_check(project=idea.project, lat=location_lat, lon=location_lon)
    if category is not None and category.project_id != idea.project_id:
        raise ValidationError({"category": _("This category does not belong to the project.")})
    title, description, location_text = title.strip(), description.strip(), location_text.strip()
    if not title:
        raise ValidationError({"title": _("Please give your idea a title.")})
    if not description:
        raise ValidationError({"description": _("Please describe your idea.")})
    changes: dict[str, list[str]] = {}
    for field, old, new in [
        ("title", idea.title, title),
        ("description", idea.description, description),
        ("category", idea.category.name if idea.category else "", category.name if category else ""),
        ("location_text", idea.location_text, location_text),
        ("location", _place(idea.location_lat, idea.location_lon), _place(location_lat, location_lon)),
    ]:
        if old != new:
            changes[field] = [old, new]
    idea.title, idea.description, idea.category, idea.location_text = title, description, category, location_text
    idea.location_lat, idea.location_lon = location_lat, location_lon
    if image is not None:
        cleaned = image_clean(image, size=image_size)
        old_name = idea.image.name or ""
        idea.image.save(cleaned.name or "idea.jpg", cleaned, save=False)
        changes["image"] = [old_name, idea.image.name or ""]
    elif remove_image and idea.image:
        changes["image"] = [idea.image.name or "", ""]
        idea.image = None
    if not changes:
        return None
    idea.save()
    # Lists and pages show the title and text: their change stamps move with the idea's.
    stamps.project_touch(project_id=idea.project_id)
    return IdeaEdit.objects.create(idea=idea, editor=user, changes=changes)


@transaction.atomic
def idea_withdraw(*, idea: Idea, user: Any, reason: str) -> Idea:
    """The author takes the idea back: it leaves lists and map, its page says why, followers are told."""
    idea = Idea.objects.select_for_update(of=("self",)).select_related("project", "author").get(pk=idea.pk)
    if not permissions.can_withdraw_idea(user, idea):
        raise PermissionDenied
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Please tell us briefly why you withdraw your idea.")})
    if len(reason) > WITHDRAW_REASON_MAX:
        raise ValidationError({"reason": _("Please use at most 500 characters.")})
    was_public = idea.is_public
    idea.status = Idea.Status.WITHDRAWN
    idea.withdrawn_reason = reason
    idea.withdrawn_at = timezone.now()
    idea.save(update_fields=["status", "withdrawn_reason", "withdrawn_at", "updated_at"])
    stamps.project_touch(project_id=idea.project_id, recount=was_public)
    notify.idea_withdrawn(idea=idea)
    return idea
