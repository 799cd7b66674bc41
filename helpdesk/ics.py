"""Calendar files (RFC 5545) built with icalendar."""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from helpdesk.models import Booking, BookingStatus, Slot, SlotKind


def _calendar(name: str) -> Calendar:
    cal = Calendar()
    cal.add("prodid", f"-//{settings.SITE_NAME}//Digitale Hilfe//DE")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", name)
    return cal


def _event(slot: Slot, *, uid: str, summary: str, description: str) -> Event:
    event = Event()
    event.add("uid", uid)
    event.add("dtstart", slot.starts_at)
    event.add("dtend", slot.ends_at)
    event.add("dtstamp", slot.starts_at)
    event.add("summary", summary)
    event.add("location", f"{slot.office.name}, {slot.office.address}".replace("\n", ", "))
    event.add("description", description)
    return event


def booking_ics(booking: Booking) -> bytes:
    cal = _calendar(settings.SITE_NAME)
    summary = f"{booking.slot.office.name}: {booking.topic or booking.slot.title or 'Digitale Hilfe'}"
    cal.add_component(
        _event(booking.slot, uid=f"booking-{booking.pk}@mitwirkung", summary=summary, description=booking.note)
    )
    return cal.to_ical()


def feed_addresses(url: str) -> dict[str, str]:
    """The feed's address to copy, and the same as webcal:// so that one click subscribes a calendar app."""
    _scheme, _sep, rest = url.partition("://")
    return {"feed_url": url, "webcal_url": f"webcal://{rest}"}


def volunteer_feed(slots: Iterable[Slot], *, name: str, include_free: bool = True) -> bytes:
    """A volunteer's slots: whom they help with what (first names only: the address is secret, but an address).

    Free one-to-one times are marked "free" and do not block the calendar, or are left out
    when the volunteer chose so. Texts are in the active language.
    """
    cal = _calendar(name)
    for slot in slots:
        event = _feed_event(slot, include_free=include_free)
        if event is not None:
            cal.add_component(event)
    return cal.to_ical()


def _feed_event(slot: Slot, *, include_free: bool) -> Event | None:
    bookings = [b for b in slot.bookings.all() if b.status != BookingStatus.CANCELLED]
    lines = [
        " – ".join(str(part) for part in (b.first_name, b.topic or "", b.get_device_display()) if part)
        for b in bookings
    ]
    if slot.kind == SlotKind.ONE_TO_ONE:
        if not bookings and not include_free:
            return None
        summary = lines[0] if bookings else _("Free: not booked yet")
        description = "\n".join(lines) if bookings else _("Nobody has booked this time yet.")
    elif slot.kind == SlotKind.WORKSHOP:
        summary = slot.title or str(slot.get_kind_display())
        taken = _("%(booked)s of %(capacity)s places booked") % {"booked": len(bookings), "capacity": slot.capacity}
        description = "\n".join([taken, *lines])
    else:
        summary = slot.title or str(slot.get_kind_display())
        description = _("Open consultation hour: people drop in without booking.")
    event = _event(
        slot, uid=f"slot-{slot.pk}@mitwirkung", summary=f"{summary} · {slot.office.name}", description=description
    )
    if slot.kind == SlotKind.ONE_TO_ONE and not bookings:
        # A free time does not make the volunteer busy in their calendar.
        event.add("transp", "TRANSPARENT")
    return event
