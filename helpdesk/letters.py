"""What the helpdesk's messages say about an appointment, worded in the reader's language.

The outbox renders each message inside the recipient's language (``notifications.channels``);
the values here are computed when a template reads them, so dates come out as
"Mittwoch, 9. Dezember 2026" in German and "Wednesday, 9 December 2026" in English.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import pgettext

from helpdesk.models import Booking, Device, Office, Slot, Topic


def one_line(text: str) -> str:
    """An address typed on several lines, as one line: "Kantstraße 59, 67663 Kaiserslautern"."""
    return ", ".join(line.strip() for line in (text or "").splitlines() if line.strip())


@dataclass(frozen=True)
class Appointment:
    """One appointment as a letter names it: when, where, what about."""

    slot: Slot
    office: Office
    person: str
    topic: Topic | None = None
    device: str = ""
    needs_loan_device: bool = False

    @classmethod
    def of_booking(cls, booking: Booking, *, office: Office) -> Appointment:
        return cls(
            slot=booking.slot,
            office=office,
            person=booking.name,
            topic=booking.topic,
            device=booking.device,
            needs_loan_device=booking.needs_loan_device,
        )

    @property
    def _start(self) -> dt.datetime:
        return timezone.localtime(self.slot.starts_at)

    @property
    def day(self) -> str:
        return date_format(self._start, pgettext("date in a letter", "l, j F Y"))

    @property
    def short_day(self) -> str:
        return date_format(self._start, pgettext("short date in a text message", "D j M"))

    @property
    def start(self) -> str:
        return f"{self._start:%H:%M}"

    @property
    def end(self) -> str:
        return f"{timezone.localtime(self.slot.ends_at):%H:%M}"

    @property
    def street(self) -> str:
        """The first line of the address: what a text message or a phone call names."""
        return one_line(self.office.address).split(",")[0]

    @property
    def address(self) -> str:
        return one_line(self.office.address)

    @property
    def device_label(self) -> str:
        return str(dict(Device.choices).get(self.device, ""))

    @property
    def what(self) -> str:
        """The slot's title (a workshop) or the topic, for the subject line."""
        return self.slot.title or (self.topic.name if self.topic else "")


@dataclass(frozen=True)
class Moment:
    """A day and time ("Freitag, 4. Dezember 2026, 10:00"), worded when the template shows it.

    Context is built before the outbox switches to the recipient's language, so the
    wording must wait until then: the template calls ``str()`` inside that language.
    """

    value: dt.datetime

    def __str__(self) -> str:
        local = timezone.localtime(self.value)
        return f"{date_format(local, pgettext('date in a letter', 'l, j F Y'))}, {local:%H:%M}"
