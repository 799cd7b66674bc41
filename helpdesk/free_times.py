"""The one time picker: a week of free times, days as headings, identical times merged.

``week_times`` is the selector behind the booking flow, rescheduling and the coordinators'
booking for callers: one query for the week (plus one for "next free time" when the week is
empty), plain values instead of model instances, labels built once in Python, so the page
does no per-row work in the template. Two volunteers free at 10:00 show as one choice
"10:00 · 2 Plätze frei"; choosing it books the first of them that is still free
(``services.booking_create_at_time``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from itertools import groupby
from operator import itemgetter
from typing import Any, NamedTuple

from django.utils import dateformat, timezone
from django.utils.formats import date_format
from django.utils.safestring import SafeString
from django.utils.translation import gettext, ngettext, pgettext

from core import params
from core.clock import clock, span
from core.html import escape
from helpdesk import selectors
from helpdesk.models import Booking, Office, Slot, SlotKind, Topic

# How many weeks ahead people may look (slots are made four weeks ahead; extra dates further).
MAX_WEEKS = 8


class TimeChoice(NamedTuple):
    """One line of the picker: a time (one or more slots with the same start, end and kind).

    A named tuple rather than a frozen dataclass: a week has dozens of times, and a frozen
    dataclass sets each field through ``object.__setattr__``.
    """

    slot_id: int  # the slot to book first; the others at this time are tried if it was just taken
    starts_at: dt.datetime
    ends_at: dt.datetime
    kind: str
    title: str
    free: int
    time_label: str
    label: str
    slot_ids: tuple[int, ...] = ()  # every slot merged into this time


@dataclass(frozen=True)
class PickerDay:
    day: dt.date
    heading: str
    times: list[TimeChoice]
    # The day's time buttons as ready HTML, once ``Week.link_to`` gave the times their links.
    links: str = ""

    @property
    def anchor(self) -> str:
        return f"day-{self.day:%Y%m%d}"


@dataclass
class Week:
    number: int  # 0 is the current week
    first_day: dt.date
    last_day: dt.date
    days: list[PickerDay]
    heading: str
    open_hours: list[TimeChoice] = field(default_factory=list)  # drop in, no booking
    next_free: dt.datetime | None = None  # when the week is empty: the first free time later on
    next_free_week: int | None = None
    previous_number: int | None = field(default=None)
    next_number: int | None = field(default=None)

    @property
    def slot_ids(self) -> set[int]:
        return {time.slot_id for day in self.days for time in day.times}

    @property
    def next_free_day(self) -> str:
        return _day_heading(timezone.localtime(self.next_free)) if self.next_free else ""

    def link_to(self, prefix: str, query: str) -> None:
        """Give each day its list of time buttons as HTML, each linking to ``<prefix><slot id>/<query>``.

        Built here instead of per row in the template: a week has dozens of times.
        """
        prefix, query = escape(prefix), escape(query)
        self.days = [
            PickerDay(
                day=day.day,
                heading=day.heading,
                times=day.times,
                links=SafeString(  # escaped here
                    "".join(
                        f'\n        <li><a class="button time-button" href="{prefix}{time.slot_id}/{query}">'
                        f"{escape(time.label)}</a></li>"
                        for time in day.times
                    )
                ),
            )
            for day in self.days
        ]


def _first_name(display_name: str) -> str:
    return (display_name or "").split(" ")[0]


def name_helpers(week: Week) -> None:
    """Put the volunteers' first names into each time ("10:00 · Helga, Otto · 2 Plätze frei"), in one query.

    For office staff on the phone: the caller may ask who helps. Only volunteers of slots that
    fit are named, since the week holds only those.
    """
    slot_ids = [pk for day in week.days for time in day.times for pk in time.slot_ids]
    if not slot_ids:
        return
    names: dict[int, list[str]] = {}
    through = Slot.volunteers.through.objects.filter(slot_id__in=slot_ids)
    for slot_id, display_name in through.order_by("user__display_name").values_list("slot_id", "user__display_name"):
        names.setdefault(slot_id, []).append(_first_name(display_name))

    def named(time: TimeChoice) -> TimeChoice:
        helpers = list(dict.fromkeys(name for pk in time.slot_ids for name in names.get(pk, []) if name))
        if not helpers:
            return time
        rest = time.label[len(time.time_label) :]
        return time._replace(label=f"{time.time_label} · {', '.join(helpers)}{rest}")

    week.days = [replace(day, times=[named(time) for time in day.times]) for day in week.days]


def week_bounds(number: int, *, today: dt.date | None = None) -> tuple[dt.date, dt.date]:
    """Monday and Sunday of the week ``number`` weeks from the current one."""
    today = today or timezone.localdate()
    monday = today - dt.timedelta(days=today.weekday()) + dt.timedelta(weeks=number)
    return monday, monday + dt.timedelta(days=6)


def week_number(value: str | int | None) -> int:
    """The ``woche`` parameter, kept within 0..MAX_WEEKS (anything else is the current week)."""
    try:
        number = int(value or 0)
    except (TypeError, ValueError):
        return 0
    return max(0, min(number, MAX_WEEKS))


def _places(free: int) -> str:
    return ngettext("%(count)s place free", "%(count)s places free", free) % {"count": free}


def _label(kind: str, title: str, time_label: str, places: str) -> str:
    """ "10:00 · 2 Plätze frei", or for a workshop "10:00–12:00 · Tablet-Treff · 5 Plätze frei"."""
    if kind == SlotKind.WORKSHOP:
        return f"{time_label} · {title or gettext('group workshop')} · {places}"
    return f"{time_label} · {places}"


class _Row(NamedTuple):
    pk: int
    starts_at: dt.datetime  # local
    ends_at: dt.datetime  # local
    kind: str
    title: str
    free: int
    day: dt.date  # local


# What the picker groups rows by: the day, then one time (start, end, kind and title).
_DAY = itemgetter(6)
_TIME = itemgetter(1, 2, 3, 4)


def _rows(values: Iterable[tuple[Any, ...]]) -> list[_Row]:
    tz = timezone.get_current_timezone()
    rows = []
    for pk, starts_at, ends_at, kind, title, capacity, booked, held in values:
        start = starts_at.astimezone(tz)
        rows.append(_Row(pk, start, ends_at.astimezone(tz), kind, title, capacity - booked - held, start.date()))
    return rows


def _day_heading(day: dt.date | dt.datetime, day_format: str | None = None) -> str:
    """ "Dienstag, 8. Dezember"; ``day_format`` is the translated format, when a list asked for it once."""
    return dateformat.format(day, day_format or pgettext("day heading", "l, j F"))


def _open_hours(rows: list[_Row]) -> list[TimeChoice]:
    return [
        TimeChoice(
            slot_id=row.pk,
            starts_at=row.starts_at,
            ends_at=row.ends_at,
            kind=row.kind,
            title=row.title,
            free=0,
            time_label=span(row.starts_at, row.ends_at),
            label=f"{_day_heading(row.starts_at)}, {span(row.starts_at, row.ends_at)} {row.title}",
        )
        for row in rows
    ]


def _choices(rows: list[_Row]) -> list[PickerDay]:
    """Merge rows (ordered by start, end, kind, title) into days of time choices."""
    days: list[PickerDay] = []
    places: dict[int, str] = {}  # "2 Plätze frei", looked up once per number
    day_format = pgettext("day heading", "l, j F")
    for day, day_rows in groupby(rows, key=_DAY):
        times: list[TimeChoice] = []
        for (start, end, kind, title), same in groupby(day_rows, key=_TIME):
            group = list(same)
            free = sum(row.free for row in group)
            time_label = clock(start) if kind == SlotKind.ONE_TO_ONE else span(start, end)
            if free not in places:
                places[free] = _places(free)
            times.append(
                TimeChoice(
                    group[0].pk,
                    start,
                    end,
                    kind,
                    title,
                    free,
                    time_label,
                    _label(kind, title, time_label, places[free]),
                    tuple(row.pk for row in group),
                )
            )
        days.append(PickerDay(day=day, heading=_day_heading(day, day_format), times=times))
    return days


def week_times(
    *,
    office: Office,
    topic: Topic | None = None,
    device: str = "",
    number: int = 0,
    moving: Booking | None = None,
    override: bool = False,
    today: dt.date | None = None,
) -> Week:
    """The free times of one week at ``office`` for this topic and device.

    ``moving``: the booking being moved; its own time is not offered (neither its slot nor
    another slot at the very same time). ``override``: office staff booking for a caller may
    choose any free slot, whoever volunteers in it. Closed days have no slots, so they do not
    appear.
    """
    first, last = week_bounds(number, today=today)
    start, _ = selectors.day_bounds(first)
    _, end = selectors.day_bounds(last)
    found = _rows(
        selectors.week_rows(
            office=office,
            start=start,
            end=end,
            topic=topic,
            device=device,
            override=override,
            not_at=moving.slot.starts_at if moving is not None else None,
        )
    )
    rows = [row for row in found if row.kind != SlotKind.OPEN_HOUR]
    week = Week(
        number=number,
        first_day=first,
        last_day=last,
        days=_choices(rows),
        open_hours=_open_hours([row for row in found if row.kind == SlotKind.OPEN_HOUR]),
        heading=gettext("Week from %(first)s to %(last)s")
        % {"first": date_format(first, gettext("j F")), "last": date_format(last, gettext("j F Y"))},
        previous_number=number - 1 if number > 0 else None,
        next_number=number + 1 if number < MAX_WEEKS else None,
    )
    if not rows:
        later = selectors.free_slots(office=office, topic=topic, device=device, start=end, override=override)
        if moving is not None:
            later = later.exclude(starts_at=moving.slot.starts_at)
        week.next_free = later.values_list("starts_at", flat=True).first()
        if week.next_free is not None:
            weeks_ahead = (timezone.localdate(week.next_free) - first).days // 7 + number
            week.next_free_week = weeks_ahead if weeks_ahead <= MAX_WEEKS else None
    return week


def requested_week(data: Mapping[str, Any]) -> int | None:
    """The ``woche`` parameter of a picker page: 0 (this week) to ``MAX_WEEKS``, None when not asked."""
    return params.integer(data, "woche", default=None, minimum=0, maximum=MAX_WEEKS)


def week_to_show(*, requested: str | int | None, **kwargs: Any) -> Week:
    """The week asked for (``?woche=``); without one, this week or, when nothing is free in it
    any more (say, on a Saturday), the week of the next free time."""
    week = week_times(number=week_number(requested), **kwargs)
    if requested is None and not week.days and week.next_free_week is not None:
        week = week_times(number=week.next_free_week, **kwargs)
    return week
