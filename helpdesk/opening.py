"""When an office is open: weekly opening hours, public holidays of Rheinland-Pfalz, closures, extra dates.

Read once per office and date range (three small queries) into ``OfficeDays``, which
answers per day without further queries. Slot generation, the free-slot selectors, the
office page and the coordinators' calendar page all ask here, so "closed" means the
same everywhere.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections import defaultdict
from dataclasses import dataclass, field

import holidays
from django.utils import timezone, translation

from helpdesk.models import Closure, ExtraDate, Office, OpeningHours

# Public holidays of Kaiserslautern: Germany, subdivision Rheinland-Pfalz.
COUNTRY, SUBDIVISION = "DE", "RP"
_HOLIDAY_LANGUAGES = {"de": "de", "en": "en_US"}

Range = tuple[dt.time, dt.time]


@functools.cache
def _holidays_of(year: int, language: str) -> dict[dt.date, str]:
    # A fixed table per year and language, computed by the library: nothing to invalidate.
    table = holidays.country_holidays(COUNTRY, subdiv=SUBDIVISION, years=year, language=language)
    return dict(table.items())


def public_holidays(first: dt.date, last: dt.date) -> dict[dt.date, str]:
    """The public holidays between ``first`` and ``last`` with their names in the active language."""
    language = _HOLIDAY_LANGUAGES.get((translation.get_language() or "de")[:2], "de")
    found: dict[dt.date, str] = {}
    for year in range(first.year, last.year + 1):
        found.update({day: name for day, name in _holidays_of(year, language).items() if first <= day <= last})
    return dict(sorted(found.items()))


@dataclass
class OfficeDays:
    """An office's calendar for a stretch of days, read once."""

    hours: dict[int, list[Range]]
    closures: list[tuple[dt.date, dt.date, str]]
    extra: dict[dt.date, list[Range]] = field(default_factory=dict)
    holidays: dict[dt.date, str] = field(default_factory=dict)

    @property
    def restricted(self) -> bool:
        """Without any opening hours entered, an office is not restricted to them."""
        return bool(self.hours)

    def closed_reason(self, day: dt.date) -> str | None:
        """Why the office is closed all day (a holiday's or a closure's name), None when it is not."""
        if day in self.holidays:
            return self.holidays[day]
        for first, last, reason in self.closures:
            if first <= day <= last:
                return reason
        return None

    def ranges(self, day: dt.date) -> list[Range]:
        """The opening ranges of ``day``: weekly hours plus extra dates, none on a closed day."""
        if self.closed_reason(day) is not None:
            return []
        return sorted([*self.hours.get(day.weekday(), []), *self.extra.get(day, [])])

    def fits(self, starts_at: dt.datetime, ends_at: dt.datetime) -> bool:
        """Does an appointment from ``starts_at`` to ``ends_at`` lie inside one opening range of its day?"""
        start, end = timezone.localtime(starts_at), timezone.localtime(ends_at)
        day = start.date()
        if self.closed_reason(day) is not None:
            return False
        if not self.restricted:
            return True
        if end.date() != day:
            return False
        return any(opens <= start.time() and end.time() <= closes for opens, closes in self.ranges(day))


def office_days(office: Office | int, first: dt.date, last: dt.date) -> OfficeDays:
    office_id = office if isinstance(office, int) else office.pk
    hours: dict[int, list[Range]] = defaultdict(list)
    for weekday, opens, closes in OpeningHours.objects.filter(office_id=office_id).values_list(
        "weekday", "opens", "closes"
    ):
        hours[weekday].append((opens, closes))
    closures = list(
        Closure.objects.filter(office_id=office_id, ends_on__gte=first, starts_on__lte=last).values_list(
            "starts_on", "ends_on", "reason"
        )
    )
    extra: dict[dt.date, list[Range]] = defaultdict(list)
    for day, opens, closes in ExtraDate.objects.filter(office_id=office_id, day__gte=first, day__lte=last).values_list(
        "day", "opens", "closes"
    ):
        extra[day].append((opens, closes))
    return OfficeDays(hours=dict(hours), closures=closures, extra=dict(extra), holidays=public_holidays(first, last))


# --- when an offer of a freed place may end ------------------------------------------------

# For deadlines only: an office without opening hours entered is reachable on weekdays 9–16.
FALLBACK_HOURS: dict[int, list[Range]] = {weekday: [(dt.time(9), dt.time(16))] for weekday in range(5)}
# How far ahead a deadline looks for the next open day (a long closure, Christmas).
_DEADLINE_HORIZON = dt.timedelta(days=60)


def _office_ranges(days: OfficeDays, day: dt.date) -> list[Range]:
    if days.restricted:
        return days.ranges(day)
    if days.closed_reason(day) is not None:
        return []
    return sorted([*FALLBACK_HOURS.get(day.weekday(), []), *days.extra.get(day, [])])


def _at(day: dt.date, time: dt.time) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, time))


def is_open_at(days: OfficeDays, moment: dt.datetime) -> bool:
    local = timezone.localtime(moment)
    return any(opens <= local.time() <= closes for opens, closes in _office_ranges(days, local.date()))


def closing_of_next_office_day(days: OfficeDays, after: dt.date) -> dt.datetime | None:
    """The closing time of the first day after ``after`` on which the office is open."""
    day = after + dt.timedelta(days=1)
    while day <= after + _DEADLINE_HORIZON:
        ranges = _office_ranges(days, day)
        if ranges:
            return _at(day, max(closes for _opens, closes in ranges))
        day += dt.timedelta(days=1)
    return None


def last_closing_before(days: OfficeDays, moment: dt.datetime, *, not_before: dt.datetime) -> dt.datetime | None:
    """The latest end of an opening range before ``moment`` and after ``not_before``."""
    local = timezone.localtime(moment)
    day = local.date()
    while _at(day, dt.time(23, 59)) > not_before:
        ends = [_at(day, closes) for _opens, closes in _office_ranges(days, day)]
        earlier = [end for end in ends if not_before < end <= moment]
        if earlier:
            return max(earlier)
        day -= dt.timedelta(days=1)
    return None


def offer_deadline(
    office: Office | int,
    *,
    now: dt.datetime,
    phone_only: bool,
    usual: dt.datetime,
    latest: dt.datetime,
) -> dt.datetime:
    """Until when a freed place is held for someone on the waitlist.

    People reached only by phone are called by the office, which can do so only while it is
    open: their offer lasts until the end of the next office day (today's, when the office has
    not opened yet; a weekend, a public holiday or a closure moves it to the next open day's
    closing time). Online offers keep ``usual``
    unless it falls outside the office's hours; then the same rule applies, so no offer runs
    out in the night before anybody in the office could have helped. ``latest`` (shortly before
    the appointment) always wins; if it falls outside the hours, the offer ends at the last
    closing time before it instead, when there is one after ``now``.
    """
    local_now = timezone.localtime(now)
    days = office_days(office, local_now.date() - dt.timedelta(days=1), local_now.date() + _DEADLINE_HORIZON)
    if phone_only or not is_open_at(days, usual):
        # Before opening time, today is the next office day: the office has all of it to call.
        today = _office_ranges(days, local_now.date())
        if today and local_now.time() < min(opens for opens, _closes in today):
            deadline = _at(local_now.date(), max(closes for _opens, closes in today))
        else:
            deadline = closing_of_next_office_day(days, local_now.date()) or usual
    else:
        deadline = usual
    if deadline <= latest:
        return deadline
    if is_open_at(days, latest):
        return latest
    return last_closing_before(days, latest, not_before=now) or latest


# --- a closed day on the coordinators' plan --------------------------------------------------


@dataclass(frozen=True)
class ClosedDay:
    """Why an office is closed on a day (empty when it simply has no hours then) and when it opens next."""

    reason: str
    next_open: dt.date | None


def closed_day(office: Office | int, day: dt.date) -> ClosedDay | None:
    """None when the office is open on ``day`` (or has no opening hours entered and no closure then)."""
    days = office_days(office, day, day + _DEADLINE_HORIZON)
    reason = days.closed_reason(day)
    if reason is None and (not days.restricted or days.ranges(day)):
        return None
    following = (day + dt.timedelta(days=offset) for offset in range(1, _DEADLINE_HORIZON.days + 1))
    if days.restricted:
        next_open = next((other for other in following if days.ranges(other)), None)
    else:
        next_open = next((other for other in following if days.closed_reason(other) is None), None)
    return ClosedDay(reason=reason or "", next_open=next_open)
