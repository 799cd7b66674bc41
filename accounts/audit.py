"""Records every look by staff at a senior's personal data, for administrators to read.

Coordinators need phone numbers and notes to do their work; the log makes each
such access traceable (who, when, what, which booking or office) as the GDPR
asks for data about people who often cannot check for themselves.
Views call ``record`` after the permission check and before they show the data.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import QuerySet
from django.http import HttpRequest

from accounts import permissions
from accounts.models import AuditLogEntry

if TYPE_CHECKING:
    from helpdesk.models import Booking, Office

Action = AuditLogEntry.Action


def record(
    request: HttpRequest,
    *,
    action: str,
    office: Office | None = None,
    booking: Booking | None = None,
    detail: str = "",
) -> AuditLogEntry:
    user: Any = request.user
    if office is None and booking is not None:
        office = booking.slot.office
    return AuditLogEntry.objects.create(
        user=user if getattr(user, "is_authenticated", False) else None,
        user_label=getattr(user, "email", "") or "?",
        action=action,
        office=office,
        booking=booking,
        detail=detail[:300],
        # Without the query string: a search for a caller would put their name or number in the log.
        path=request.path[:300],
    )


def can_read_log(user: Any) -> bool:
    return permissions.is_administrator(user)


def entries() -> QuerySet[AuditLogEntry]:
    return AuditLogEntry.objects.select_related("user", "office", "booking").order_by("-at", "-id")
