"""Calendar files (RFC 5545) built with icalendar."""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from helpdesk.models import Booking, Slot


def _calendar(name: str) -> Calendar:
    cal = Calendar()
    cal.add("prodid", f"-//{settings.SITE_NAME}//Digitale Hilfe//DE")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", name)
    return cal


def _event(slot: Slot, *, uid: str, summary: str, description: str, location: str = "") -> Event:
    event = Event()
    event.add("uid", uid)
    event.add("dtstart", slot.starts_at)
    event.add("dtend", slot.ends_at)
    event.add("dtstamp", slot.starts_at)
    event.add("summary", summary)
    event.add("location", location or f"{slot.office.name}, {slot.office.address}".replace("\n", ", "))
    event.add("description", description)
    return event


def booking_ics(booking: Booking, *, link: str) -> bytes:
    """The senior's own appointment: where (with floor and room), the office's phone and the link to change it."""
    office = booking.slot.office
    cal = _calendar(settings.SITE_NAME)
    summary = f"{office.name}: {booking.topic or booking.slot.title or _('Digital help')}"
    place = ", ".join(part for part in [office.name, *office.address.splitlines(), office.room] if part.strip())
    lines = [str(_("Please bring your smartphone or tablet and the charger."))]
    if office.phone:
        lines.append(f"{_('Phone of the office')}: {office.phone}")
    lines.append(f"{_('Change or cancel')}: {link}")
    cal.add_component(
        _event(
            booking.slot,
            uid=f"booking-{booking.pk}@mitwirkung",
            summary=str(summary),
            description="\n".join(lines),
            location=place,
        )
    )
    return cal.to_ical()


def volunteer_feed(slots: Iterable[Slot], *, name: str) -> bytes:
    """Slots only, with first names and topics: the feed URL is a secret, but still a URL."""
    cal = _calendar(name)
    for slot in slots:
        bookings = [b for b in slot.bookings.all() if b.status == "active"]
        lines = [f"{b.first_name}: {b.topic or ''} {b.get_device_display()}".strip() for b in bookings]
        summary = slot.title or (lines[0] if lines else slot.get_kind_display())
        cal.add_component(
            _event(
                slot,
                uid=f"slot-{slot.pk}@mitwirkung",
                summary=f"{slot.office.name}: {summary}",
                description="\n".join(lines),
            )
        )
    return cal.to_ical()
