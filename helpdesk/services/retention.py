"""Removing guests' personal data once it is no longer needed."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.db.models import CharField, Value
from django.db.models.functions import Concat, Lower
from django.utils import timezone

from helpdesk.models import (
    Booking,
    CallerLock,
    WaitlistEntry,
    WaitlistNote,
    WalkInVisit,
)
from helpdesk.services.booking import MAIL_LOCK_PREFIX


def guest_data_purge(*, now: dt.datetime | None = None) -> int:
    """Remove guests' personal data ``GUEST_DATA_RETENTION_DAYS`` after their appointment.

    The booking rows stay (anonymised, like after an account deletion), so the office
    statistics keep their counts. Waitlist entries of guests, the recipient details of
    their messages, first names of open-hour visitors and the phone-number locks go
    too. Running it again changes nothing.
    """
    from notifications.models import OPEN_STATUSES, OutboxMessage

    now = now or timezone.now()
    cutoff = now - dt.timedelta(days=settings.GUEST_DATA_RETENTION_DAYS)
    due = Booking.objects.filter(user__isnull=True, slot__ends_at__lt=cutoff).exclude(
        name="–", phone="", phone_normalised="", email="", note="", outcome_note="", cancel_reason=""
    )
    with transaction.atomic():
        ids = list(due.values_list("pk", flat=True))
        Booking.objects.filter(pk__in=ids).update(
            name="–", phone="", phone_normalised="", email="", note="", outcome_note="", cancel_reason=""
        )
        old_entries = WaitlistEntry.objects.filter(user__isnull=True, day__lt=timezone.localdate(cutoff))
        old_entries.exclude(name="–", phone="", email="", removed_reason="").update(
            name="–", phone="", email="", removed_reason=""
        )
        # What the office wrote down about them on the phone goes too.
        WaitlistNote.objects.filter(entry__in=old_entries).exclude(text="").update(text="")
        if ids:
            OutboxMessage.objects.filter(payload__booking_id__in=ids).exclude(status__in=OPEN_STATUSES).update(
                recipient_name="", recipient_email="", recipient_phone=""
            )
        # First names of open-hour visitors: the counts stay for the statistics.
        WalkInVisit.objects.filter(slot__ends_at__lt=cutoff).exclude(first_name="").update(first_name="")
        # A lock row is only needed while someone with that number or address is being booked.
        CallerLock.objects.exclude(
            contact__in=Booking.objects.exclude(phone_normalised="").values("phone_normalised")
        ).exclude(
            contact__in=Booking.objects.exclude(email="")
            .annotate(contact=Concat(Value(MAIL_LOCK_PREFIX), Lower("email"), output_field=CharField()))
            .values("contact")
        ).delete()
    return len(ids)
