"""Message kinds about ideas, rendered from fresh data when the outbox sends them."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.conf import settings

from participation.models import Idea

if TYPE_CHECKING:
    from notifications.models import OutboxMessage


def _idea_context(message: OutboxMessage) -> dict[str, Any] | None:
    idea_id = message.payload.get("idea_id")
    idea = Idea.objects.select_related("project").filter(pk=idea_id).first()
    if idea is None or not idea.is_public:
        return None
    return {
        "idea": idea,
        "project": idea.project,
        "idea_url": f"{settings.SITE_URL}{idea.get_absolute_url()}",
        "for_follower": bool(message.payload.get("follower")),
    }


def idea_published_context(message: OutboxMessage) -> dict[str, Any] | None:
    return _idea_context(message)


def idea_status_changed_context(message: OutboxMessage) -> dict[str, Any] | None:
    context = _idea_context(message)
    # Skip when the status moved on again before the message went out.
    if context is None or context["idea"].status != message.payload.get("status"):
        return None
    return context


def idea_answered_context(message: OutboxMessage) -> dict[str, Any] | None:
    context = _idea_context(message)
    if context is None or not context["idea"].feedback:
        return None
    return context
