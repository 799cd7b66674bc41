"""Records every look by staff at a senior's personal data, for administrators to read.

Coordinators need phone numbers and notes to do their work; the log makes each
such access traceable (who, when, what, which booking or office) as the GDPR
asks for data about people who often cannot check for themselves.
Views call ``record`` after the permission check and before they show the data.
"""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest

from helpdesk.models import AuditLogEntry

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
    user: Any = None,
) -> AuditLogEntry | None:
    """Write down a look at seniors' data; None when the same look was written down moments ago.

    The same person opening the same page for the same office, booking and day again within
    ``AUDIT_REPEAT_SECONDS`` (reloads, htmx swaps, the plan open all morning) adds nothing the
    log does not already say, so it is recorded once per window. Any other look is recorded.
    """
    # ``user``: who looks when the request is not signed in but carries their personal link.
    user = user or request.user
    if office is None and booking is not None:
        office = booking.slot.office
    signed_in = getattr(user, "is_authenticated", False)
    detail = detail[:300]
    # Without the query string: a search for a caller would put their name or number in the log.
    path = request.path[:300]
    window = int(getattr(settings, "AUDIT_REPEAT_SECONDS", 0))
    key = ""
    if window > 0:
        # The same text as the entry's ids would give, asked before the entry is built: a repeat
        # (the common case) builds nothing.
        look = "|".join(
            str(part)
            for part in (
                user.pk if signed_in else None,
                action,
                office.pk if office is not None else None,
                booking.pk if booking is not None else None,
                detail,
                path,
            )
        )
        key = "audit-seen:" + hashlib.sha256(look.encode()).hexdigest()
        if cache.get(key):
            return None
    entry = AuditLogEntry(
        user=user if signed_in else None,
        user_label=getattr(user, "email", "") or "?",
        action=action,
        office=office,
        booking=booking,
        detail=detail,
        path=path,
    )
    entry.save()
    if not key:
        return entry
    # Marked once the entry is committed: a look whose entry was rolled back is recorded next time.
    transaction.on_commit(lambda: cache.set(key, 1, window))
    return entry


def entries() -> QuerySet[AuditLogEntry]:
    return AuditLogEntry.objects.select_related("user", "office", "booking").order_by("-at", "-id")
