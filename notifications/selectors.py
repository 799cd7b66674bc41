"""Reads of the outbox for the operations pages."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.db.models import Count, QuerySet
from django.utils import timezone

from accounts import permissions
from helpdesk.models import Office
from notifications.models import Channel, OutboxMessage, Status

if TYPE_CHECKING:
    pass


def offices_managed_by(user: Any) -> QuerySet[Office]:
    if permissions.is_administrator(user):
        return Office.objects.all()
    return Office.objects.filter(pk__in=permissions.roles_of(user).coordinated_offices)


def outbox_messages_for(user: Any) -> QuerySet[OutboxMessage]:
    """The messages a person may see, newest due first."""
    messages = OutboxMessage.objects.select_related("office", "sent_by").order_by("-due_at", "-id")
    if permissions.is_administrator(user):
        return messages
    return messages.filter(office_id__in=permissions.roles_of(user).coordinated_offices)


def status_counts(messages: QuerySet[OutboxMessage]) -> list[dict[str, Any]]:
    counts = dict(messages.order_by().values_list("status").annotate(n=Count("id")).values_list("status", "n"))
    return [{"status": value, "label": label, "count": counts.get(value, 0)} for value, label in Status.choices]


def _day_bounds(day: dt.date) -> tuple[dt.datetime, dt.datetime]:
    zone = timezone.get_current_timezone()
    start = dt.datetime.combine(day, dt.time.min, tzinfo=zone)
    end = dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min, tzinfo=zone)
    return start, end


def calls_open(*, office: Office, day: dt.date) -> QuerySet[OutboxMessage]:
    """Calls to make on ``day``: due that day or earlier and not yet made."""
    _, end = _day_bounds(day)
    return OutboxMessage.objects.filter(
        office=office, channel=Channel.CALL, status__in=(Status.PENDING, Status.TO_CALL), due_at__lt=end
    ).order_by("due_at", "id")


def calls_made(*, office: Office, day: dt.date) -> QuerySet[OutboxMessage]:
    start, end = _day_bounds(day)
    return (
        OutboxMessage.objects.filter(
            office=office, channel=Channel.CALL, status=Status.SENT, sent_at__gte=start, sent_at__lt=end
        )
        .select_related("sent_by")
        .order_by("sent_at", "id")
    )
