"""Messages about bookings and the waitlist, written to the outbox.

Each function only schedules a row with ids in its payload; the text is built
from fresh data when the row is sent, by the ``build_context`` functions below.
"""

from __future__ import annotations

import datetime as dt
from functools import partial
from typing import TYPE_CHECKING, Any, cast

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from core import phones
from helpdesk.letters import Appointment, Moment
from helpdesk.models import Channel as BookingChannel
from helpdesk.models import OfficeStaff, StaffRole
from helpdesk.scopes import office_scope
from notifications import outbox
from notifications.models import Channel, OutboxMessage, Status
from notifications.outbox import message_schedule

if TYPE_CHECKING:
    from accounts.models import User
    from helpdesk.models import Booking, WaitlistEntry


def absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def booking_link(booking: Booking) -> str:
    return absolute(reverse("helpdesk:booking-detail", args=[booking.token]))


def _schedule_for_booking(booking: Booking, kind: str, key: str) -> OutboxMessage | None:
    from helpdesk.reminders import recipient_of, utc_iso

    recipient = recipient_of(booking)
    payload = {"booking_id": booking.pk, "starts_at": utc_iso(booking.slot.starts_at)}
    return message_schedule(kind=kind, key=key, payload=payload, **recipient)


def booking_created(booking: Booking, *, now: dt.datetime | None = None) -> list[OutboxMessage]:
    """Write the confirmation and the reminders of a new booking to the outbox in one INSERT.

    The reminders follow ``reminders.reminder_rows``, as ``reminders.schedule_for_booking``
    does for later changes; unlike ``message_schedule`` there is no get-or-update: every key holds the new
    booking's id, so no row with it can exist yet, and a clash would be a bug that
    the unique key turns into an error instead of a lost message. As with
    ``message_schedule``, a worker is woken after commit for each row that is due now.
    """
    from helpdesk.reminders import recipient_of, reminder_rows, utc_iso

    now = now or timezone.now()
    starts_at = utc_iso(booking.slot.starts_at)
    confirmation = OutboxMessage(
        kind="booking_confirmation",
        key=f"booking:{booking.pk}:confirmation:{starts_at}",
        payload={"booking_id": booking.pk, "starts_at": starts_at},
        due_at=now,
        **recipient_of(booking),
    )
    # Someone booked on the phone or at the desk heard the confirmation there (the phone desk's text to read
    # aloud); calling them back only to confirm it again would fill the call list with calls nobody needs.
    heard_it = confirmation.channel == Channel.CALL and booking.channel in (
        BookingChannel.PHONE,
        BookingChannel.WALK_IN,
    )
    rows = OutboxMessage.objects.bulk_create([*([] if heard_it else [confirmation]), *reminder_rows(booking, now=now)])
    for row in rows:
        if row.status == Status.PENDING and row.channel != Channel.CALL and row.due_at <= now:
            # The same wake-up as message_schedule's (a shortcut only: the sweep finds the row anyway).
            transaction.on_commit(partial(outbox.wake_up, row.pk))
    return rows


def booking_changed(booking: Booking, *, previous_starts_at: dt.datetime | None = None) -> OutboxMessage | None:
    from helpdesk.reminders import recipient_of, utc_iso

    key = f"booking:{booking.pk}:changed:{utc_iso(booking.slot.starts_at)}"
    payload = {"booking_id": booking.pk, "starts_at": utc_iso(booking.slot.starts_at)}
    if previous_starts_at is not None:
        payload["previous_starts_at"] = utc_iso(previous_starts_at)
    return message_schedule(kind="booking_changed", key=key, payload=payload, **recipient_of(booking))


def booking_cancelled(booking: Booking) -> OutboxMessage | None:
    return _schedule_for_booking(booking, "booking_cancelled", f"booking:{booking.pk}:cancelled")


def volunteer_cancelled(booking: Booking, *, volunteer: User) -> list[OutboxMessage]:
    """Tell the office's coordinators so they can offer the person another time."""
    messages = []
    office = booking.slot.office
    for staff in OfficeStaff.objects.filter(role=StaffRole.COORDINATOR, office=office).select_related("user"):
        coordinator = staff.user
        messages.append(
            message_schedule(
                kind="volunteer_cancelled_notice",
                key=f"booking:{booking.pk}:volunteer-cancelled:{coordinator.pk}",
                channel=Channel.EMAIL,
                recipient_name=str(coordinator),
                recipient_email=coordinator.email,
                language=coordinator.preferred_language,
                payload={"booking_id": booking.pk, "volunteer_id": volunteer.pk},
                scope=office_scope(office),
            )
        )
    return messages


def waitlist_offer(entry: WaitlistEntry) -> OutboxMessage | None:
    from helpdesk.reminders import channel_for

    if entry.offered_slot is None:
        return None
    return message_schedule(
        kind="waitlist_offer",
        key=f"waitlist:{entry.pk}:offer:{entry.offered_slot_id}",
        channel=channel_for(email=entry.email, phone=entry.phone) or Channel.CALL,
        recipient_name=entry.name,
        recipient_email=entry.email,
        recipient_phone=entry.phone,
        language=entry.user.preferred_language if entry.user else "de",
        payload={"entry_id": entry.pk, "slot_id": entry.offered_slot_id},
        scope=office_scope(entry.office_id),
    )


# --- building the texts when a message is sent ----------------------------------------------


def booking_letter(booking: Booking) -> dict[str, Any]:
    """What every message about a booking names: the appointment, the office, the links."""
    office = booking.slot.office
    return {
        "booking": booking,
        "office": office,
        "appointment": Appointment.of_booking(booking, office=office),
        "link": booking_link(booking),
        "office_link": absolute(reverse("helpdesk:office", args=[office.slug])),
    }


def booking_context(booking_id: Any) -> dict[str, Any] | None:
    from helpdesk.models import Booking

    booking = (
        Booking.objects.select_related("slot__office", "topic", "user").filter(pk=booking_id).first()
        if booking_id
        else None
    )
    if booking is None or not booking.is_active:
        return None
    return booking_letter(booking)


def build_confirmation(message: OutboxMessage) -> dict[str, Any] | None:
    from helpdesk.reminders import utc_iso

    context = booking_context(message.payload.get("booking_id"))
    if context is None or utc_iso(context["booking"].slot.starts_at) != message.payload.get("starts_at"):
        return None
    return context


def build_changed(message: OutboxMessage) -> dict[str, Any] | None:
    context = build_confirmation(message)
    if context is None:
        return None
    previous = message.payload.get("previous_starts_at")
    return {**context, "previous": Moment(dt.datetime.fromisoformat(previous)) if previous else ""}


def build_cancelled(message: OutboxMessage) -> dict[str, Any] | None:
    from helpdesk.models import Booking, BookingStatus

    booking = (
        Booking.objects.select_related("slot__office", "topic").filter(pk=message.payload.get("booking_id")).first()
    )
    if booking is None or booking.status != BookingStatus.CANCELLED:
        return None
    return booking_letter(booking)


def build_volunteer_cancelled(message: OutboxMessage) -> dict[str, Any] | None:
    from accounts.models import User
    from helpdesk.models import Booking

    booking = (
        Booking.objects.select_related("slot__office", "topic").filter(pk=message.payload.get("booking_id")).first()
    )
    if booking is None:
        return None
    office = booking.slot.office
    volunteer = User.objects.filter(pk=message.payload.get("volunteer_id")).first()
    search = phones.display(booking.phone) or booking.name
    return {
        **booking_letter(booking),
        "volunteer_name": str(volunteer) if volunteer else "–",
        "plan_link": absolute(reverse("helpdesk:office-plan", args=[office.slug])),
        "callers_link": absolute(
            reverse("helpdesk:book-for-caller", args=[office.slug]) + "?" + urlencode({"q": search})
        ),
    }


def build_waitlist_offer(message: OutboxMessage) -> dict[str, Any] | None:
    from helpdesk.models import WaitlistEntry, WaitlistStatus

    entry = (
        WaitlistEntry.objects.select_related("offered_slot__office", "office", "topic")
        .filter(pk=message.payload.get("entry_id"))
        .first()
    )
    slot = entry.offered_slot if entry is not None else None
    if (
        entry is None
        or slot is None
        or entry.status != WaitlistStatus.OFFERED
        or entry.offered_slot_id != message.payload.get("slot_id")
    ):
        return None
    return {
        "entry": entry,
        "slot": slot,
        "office": entry.office,
        "appointment": Appointment(
            slot=slot, office=entry.office, person=entry.name, topic=entry.topic, device=entry.device
        ),
        "until": Moment(entry.offer_expires_at) if entry.offer_expires_at else "",
        "link": absolute(reverse("helpdesk:waitlist-offer", args=[entry.token])),
    }


def confirmation_attachments(message: OutboxMessage, context: dict[str, Any]) -> list[tuple[str, bytes, str]]:
    from helpdesk.ics import booking_ics

    return [("termin.ics", booking_ics(context["booking"], link=context["link"]), "text/calendar")]


def register_kinds() -> None:
    from django.utils.translation import gettext_lazy as _

    from helpdesk import reminders
    from notifications import registry

    registry.register(
        "booking_confirmation",
        label=cast(str, _("Booking confirmation")),
        build_context=build_confirmation,
        attachments=confirmation_attachments,
    )
    registry.register(
        "booking_reminder", label=cast(str, _("Appointment reminder")), build_context=reminders.build_context
    )
    registry.register("booking_cancelled", label=cast(str, _("Booking cancelled")), build_context=build_cancelled)
    registry.register(
        "booking_changed",
        label=cast(str, _("Booking changed")),
        build_context=build_changed,
        attachments=confirmation_attachments,
    )
    registry.register("waitlist_offer", label=cast(str, _("Waitlist offer")), build_context=build_waitlist_offer)
    registry.register(
        "volunteer_cancelled_notice",
        label=cast(str, _("A volunteer cancelled an appointment")),
        build_context=build_volunteer_cancelled,
    )
