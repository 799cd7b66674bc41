"""Reminders before an appointment, kept as outbox rows.

One row per booking, office offset and appointment time:
``booking:<id>:reminder:<offset>h:<starts_at UTC iso>``. Because the time is in
the key, a moved appointment gets new rows and the old ones are cancelled; a
sweep that finds an old row anyway skips it, since ``build_context`` compares
the time in the payload with the booking's current time.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.utils import timezone

from core import phones
from helpdesk.scopes import office_scope
from notifications.models import Channel, OutboxMessage, Status
from notifications.outbox import message_cancel, message_schedule, messages_cancel

if TYPE_CHECKING:
    from helpdesk.models import Booking

REMINDER = "booking_reminder"
# A reminder that can no longer arrive at least this long before the appointment is not sent.
MIN_LEAD = dt.timedelta(hours=1)


def utc_iso(value: dt.datetime) -> str:
    return value.astimezone(dt.UTC).isoformat()


def reminder_key(booking_id: int, offset_hours: int, starts_at: dt.datetime) -> str:
    return f"booking:{booking_id}:reminder:{offset_hours}h:{utc_iso(starts_at)}"


def channel_for(*, email: str, phone: str) -> str | None:
    """E-mail if there is an address, SMS for a mobile number, a call by office staff for a landline.

    Mobile or landline is the numbering plan's answer (``core.phones``), not a guess from prefixes.
    """
    if email:
        return Channel.EMAIL
    if phone and phones.is_mobile(phone):
        return Channel.SMS
    if phone:
        return Channel.CALL
    return None


@dataclass(frozen=True)
class Reminding:
    """How a person hears from us about their booking, for the done page: by what, to where, when."""

    channel: str | None  # e-mail, sms, call, or None when nobody can reach them
    address: str  # the e-mail address or the phone number (E.164)
    offsets: list[int]  # hours before the appointment

    @property
    def one_day_before(self) -> bool:
        return self.offsets == [24]


def how_reminded(booking: Booking) -> Reminding:
    channel = channel_for(email=booking.email, phone=booking.phone)
    address = booking.email if channel == Channel.EMAIL else booking.phone
    return Reminding(channel=channel, address=address, offsets=booking.slot.office.reminder_offsets)


def recipient_of(booking: Booking) -> dict[str, Any]:
    language = booking.user.preferred_language if booking.user else "de"
    return {
        "channel": channel_for(email=booking.email, phone=booking.phone) or Channel.CALL,
        "recipient_name": booking.name,
        "recipient_email": booking.email,
        "recipient_phone": booking.phone,
        "language": language,
        "scope": office_scope(booking.slot.office_id),
    }


def reminder_due(starts_at: dt.datetime, offset_hours: int) -> dt.datetime:
    """When the reminder goes out: the office's offset counted on the local clock.

    "24 hours before" a Sunday 10:00 appointment is Saturday 10:00 even when the
    clocks change in the night between, which is what the person expects; counting
    in absolute time would move the reminder to 09:00 or 11:00.
    """
    wall_clock = timezone.localtime(starts_at).replace(tzinfo=None) - dt.timedelta(hours=offset_hours)
    return timezone.make_aware(wall_clock)


def reminder_rows(booking: Booking, *, now: dt.datetime) -> list[OutboxMessage]:
    """The reminder rows (unsaved) of a booking: the one place for the rules.

    At each office offset on the local clock; a reminder whose time has passed goes
    out at once if the appointment is still an hour away; otherwise, or when the
    person cannot be reached, the row is recorded as skipped, never silently dropped:
    staff can see that this reminder could not go out.
    """
    starts_at = booking.slot.starts_at
    recipient = recipient_of(booking)
    usable = channel_for(email=booking.email, phone=booking.phone) is not None
    rows = []
    for offset in booking.slot.office.reminder_offsets:
        row = OutboxMessage(
            kind=REMINDER,
            key=reminder_key(booking.pk, offset, starts_at),
            payload={"booking_id": booking.pk, "starts_at": utc_iso(starts_at), "offset_hours": offset},
            due_at=reminder_due(starts_at, offset),
            **recipient,
        )
        if not usable or (row.due_at <= now and starts_at - now < MIN_LEAD):
            row.status = Status.SKIPPED
            row.last_error = "too close to the appointment" if usable else "no way to reach the person"
            row.due_at = now
        elif row.due_at <= now:
            row.due_at = now
        rows.append(row)
    return rows


def schedule_for_booking(booking: Booking, *, now: dt.datetime | None = None) -> list[OutboxMessage]:
    """Plan the reminders of a booking that may have some already (moved, or scheduled again)."""
    recipient = recipient_of(booking)
    messages = []
    for row in reminder_rows(booking, now=now or timezone.now()):
        if row.status == Status.SKIPPED:
            message, _created = OutboxMessage.objects.get_or_create(
                key=row.key,
                defaults={
                    "kind": row.kind,
                    "payload": row.payload,
                    "due_at": row.due_at,
                    "status": row.status,
                    "last_error": row.last_error,
                    **recipient,
                },
            )
            messages.append(message)
        else:
            messages.append(
                message_schedule(kind=row.kind, key=row.key, due_at=row.due_at, payload=row.payload, **recipient)
            )
    return messages


def cancel_for_booking(booking: Booking) -> int:
    # Also reaches reminders already on an office's call list, not only pending ones.
    return messages_cancel(key_prefix=f"booking:{booking.pk}:reminder:")


def reschedule_for_booking(booking: Booking, *, old_starts_at: dt.datetime) -> list[OutboxMessage]:
    for offset in booking.slot.office.reminder_offsets:
        message_cancel(key=reminder_key(booking.pk, offset, old_starts_at))
    cancel_for_booking(booking)
    return schedule_for_booking(booking)


def build_context(message: OutboxMessage) -> dict[str, Any] | None:
    """None when the booking was cancelled or its time changed since the reminder was planned."""
    from helpdesk.notify import booking_context

    context = booking_context(message.payload.get("booking_id"))
    if context is None:
        return None
    if utc_iso(context["booking"].slot.starts_at) != message.payload.get("starts_at"):
        return None
    return context
