"""Reads of the outbox for the operations page."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, QuerySet

from accounts.permissions import is_administrator
from notifications import scopes
from notifications.models import OutboxMessage, Status


def scope_choices(user: Any) -> list[tuple[str, str]]:
    """The scopes this person may filter by, with their names."""
    names = scopes.all_scopes() if is_administrator(user) else scopes.names_of(scopes.handled_by(user))
    return sorted(names.items(), key=lambda item: item[1])


def outbox_messages_for(user: Any) -> QuerySet[OutboxMessage]:
    """The messages a person may see, newest due first."""
    messages = OutboxMessage.objects.select_related("sent_by").order_by("-due_at", "-id")
    if is_administrator(user):
        return messages
    return messages.filter(scope__in=scopes.handled_by(user))


def status_counts(messages: QuerySet[OutboxMessage]) -> list[dict[str, Any]]:
    counts = dict(messages.order_by().values_list("status").annotate(n=Count("id")).values_list("status", "n"))
    return [{"status": value, "label": label, "count": counts.get(value, 0)} for value, label in Status.choices]
