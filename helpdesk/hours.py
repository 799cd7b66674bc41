"""Volunteer hours: what counts, for the volunteers' own list, the statistics and the Ehrenamtskarte.

A volunteer's time counts at the full length of the slot they were on when it lay
in the past and

- it was a one-to-one appointment at which the person came, or did not come: the
  volunteer was there and waited either way;
- it was a workshop with at least one booking that was not cancelled;
- it was an open consultation hour (they were on duty, whether anyone dropped in or not).

Appointments whose outcome nobody recorded yet do not count; ``missing_outcomes``
tells the volunteer how many there are, so that they can record them.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from helpdesk.models import Booking, BookingStatus, Office, OfficeStaff, Slot, SlotKind, StaffRole

APPOINTMENT = "appointment"
NO_SHOW = "no_show"
WORKSHOP = "workshop"
OPEN_HOUR = "open_hour"
KIND_LABELS = {
    APPOINTMENT: _("Appointments"),
    NO_SHOW: _("No-shows"),
    WORKSHOP: _("Workshops"),
    OPEN_HOUR: _("Open hours"),
}
KINDS = tuple(KIND_LABELS)


@dataclass(frozen=True)
class Entry:
    """One counted slot of one volunteer."""

    volunteer_id: int
    office_id: int
    kind: str
    starts_at: dt.datetime
    ends_at: dt.datetime

    @property
    def hours(self) -> float:
        return (self.ends_at - self.starts_at).total_seconds() / 3600


@dataclass
class Totals:
    """Hours and number of slots, per kind of activity."""

    hours: dict[str, float] = field(default_factory=lambda: dict.fromkeys(KINDS, 0.0))
    count: dict[str, int] = field(default_factory=lambda: dict.fromkeys(KINDS, 0))

    def add(self, entry: Entry) -> None:
        self.hours[entry.kind] += entry.hours
        self.count[entry.kind] += 1

    @property
    def total_hours(self) -> float:
        return round(sum(self.hours.values()), 2)

    @property
    def total_count(self) -> int:
        return sum(self.count.values())

    def counts(self) -> list[int]:
        """The numbers of slots in the order of ``KINDS`` (for tables)."""
        return [self.count[kind] for kind in KINDS]


@dataclass(frozen=True)
class Period:
    """Whole days, both ends included, in the site's zone."""

    first_day: dt.date
    last_day: dt.date

    @property
    def start(self) -> dt.datetime:
        return timezone.make_aware(dt.datetime.combine(self.first_day, dt.time()))

    @property
    def end(self) -> dt.datetime:
        return timezone.make_aware(dt.datetime.combine(self.last_day + dt.timedelta(days=1), dt.time()))

    @property
    def weeks(self) -> float:
        return ((self.last_day - self.first_day).days + 1) / 7

    @classmethod
    def this_year(cls, today: dt.date | None = None) -> Period:
        today = today or timezone.localdate()
        return cls(dt.date(today.year, 1, 1), today)


def entries(
    *,
    period: Period,
    volunteer_ids: Iterable[int] | None = None,
    office_ids: Iterable[int] | None = None,
    now: dt.datetime | None = None,
) -> list[Entry]:
    """The counted slots in ``period`` (of these volunteers / offices; None: all), oldest first. Two queries."""
    now = now or timezone.now()
    on_slot = Slot.volunteers.through.objects.filter(
        slot__starts_at__gte=period.start, slot__starts_at__lt=period.end, slot__ends_at__lte=now
    )
    if volunteer_ids is not None:
        on_slot = on_slot.filter(user_id__in=list(volunteer_ids))
    if office_ids is not None:
        on_slot = on_slot.filter(slot__office_id__in=list(office_ids))
    bookings = Booking.objects.filter(slot=OuterRef("slot_id"))
    annotated = on_slot.annotate(
        came=Exists(bookings.filter(status=BookingStatus.ATTENDED)),
        missed=Exists(bookings.filter(status=BookingStatus.NO_SHOW)),
        held=Exists(bookings.exclude(status=BookingStatus.CANCELLED)),
    )
    # django-stubs does not follow annotations on the auto-created through model.
    rows = annotated.values_list(  # type: ignore[misc]
        "user_id", "slot__office_id", "slot__kind", "slot__starts_at", "slot__ends_at", "came", "missed", "held"
    )
    result = []
    for user_id, office_id, slot_kind, starts_at, ends_at, came, missed, held in rows:
        kind = _kind_of(slot_kind, came=came, missed=missed, held=held)
        if kind is not None:
            result.append(Entry(user_id, office_id, kind, starts_at, ends_at))
    result.sort(key=lambda entry: (entry.starts_at, entry.volunteer_id))
    return result


def _kind_of(slot_kind: str, *, came: bool, missed: bool, held: bool) -> str | None:
    if slot_kind == SlotKind.OPEN_HOUR:
        return OPEN_HOUR
    if slot_kind == SlotKind.WORKSHOP:
        return WORKSHOP if held else None
    if came:
        return APPOINTMENT
    return NO_SHOW if missed else None


def by_month(found: Iterable[Entry]) -> list[tuple[dt.date, Totals]]:
    """Totals per month (the month's first day), oldest first."""
    months: dict[dt.date, Totals] = defaultdict(Totals)
    for entry in found:
        months[timezone.localtime(entry.starts_at).date().replace(day=1)].add(entry)
    return sorted(months.items())


def by_office(found: Iterable[Entry]) -> dict[int, Totals]:
    offices: dict[int, Totals] = defaultdict(Totals)
    for entry in found:
        offices[entry.office_id].add(entry)
    return dict(offices)


def by_volunteer(found: Iterable[Entry]) -> dict[int, Totals]:
    people: dict[int, Totals] = defaultdict(Totals)
    for entry in found:
        people[entry.volunteer_id].add(entry)
    return dict(people)


def total(found: Iterable[Entry]) -> Totals:
    totals = Totals()
    for entry in found:
        totals.add(entry)
    return totals


def missing_outcomes(*, user: User, period: Period, now: dt.datetime | None = None) -> int:
    """Past one-to-one appointments of this volunteer with a booking whose outcome is not recorded."""
    now = now or timezone.now()
    return (
        Slot.objects.filter(
            volunteers=user,
            kind=SlotKind.ONE_TO_ONE,
            starts_at__gte=period.start,
            starts_at__lt=period.end,
            ends_at__lte=now,
            bookings__status=BookingStatus.ACTIVE,
        )
        .distinct()
        .count()
    )


def signer_for(office: Office) -> str:
    """Who signs an office's confirmation when the volunteer prints it: its longest-serving coordinator."""
    staff = (
        OfficeStaff.objects.filter(office=office, role=StaffRole.COORDINATOR)
        .select_related("user")
        .order_by("created_at", "id")
        .first()
    )
    if staff is not None:
        return str(staff.user)
    return office.contact_person
