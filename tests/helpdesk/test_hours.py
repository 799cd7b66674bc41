"""Volunteer hours: appointments, no-shows sat through, workshops and open hours count; the rest does not."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from helpdesk import hours, selectors
from helpdesk.models import BookingStatus, SlotKind
from tests.factories import BookingFactory, OfficeFactory, SlotFactory, coordinator_of
from tests.helpdesk.factories import helper_at

pytestmark = pytest.mark.django_db


def at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


@pytest.fixture
def office():
    return OfficeFactory.create(name="Stadtteilbüro Grübentälchen")


@pytest.fixture
def helper(office):
    return helper_at(office, display_name="Helga Hilfreich")


def slot_of(office, volunteer, *, starts_at, minutes=60, kind=SlotKind.ONE_TO_ONE, capacity=1):
    slot = SlotFactory.create(
        office=office,
        kind=kind,
        capacity=capacity,
        starts_at=starts_at,
        ends_at=starts_at + dt.timedelta(minutes=minutes),
    )
    slot.volunteers.add(volunteer)
    return slot


def booked(slot, status):
    return BookingFactory.create(slot=slot, status=status)


def last_month_day() -> dt.date:
    return (timezone.localdate().replace(day=1) - dt.timedelta(days=1)).replace(day=10)


def test_attended_appointments_no_shows_workshops_and_open_hours_count_at_their_full_length(office, helper):
    day = last_month_day()
    booked(slot_of(office, helper, starts_at=at(day, 9)), BookingStatus.ATTENDED)  # 1 h
    booked(slot_of(office, helper, starts_at=at(day, 10), minutes=45), BookingStatus.NO_SHOW)  # 0.75 h
    workshop = slot_of(office, helper, starts_at=at(day, 13), minutes=120, kind=SlotKind.WORKSHOP, capacity=8)
    booked(workshop, BookingStatus.ACTIVE)  # 2 h: held, even if nobody recorded who came
    slot_of(office, helper, starts_at=at(day, 16), minutes=90, kind=SlotKind.OPEN_HOUR, capacity=20)  # 1.5 h
    period = hours.Period(day, day)

    found = hours.entries(period=period, volunteer_ids=[helper.pk])
    totals = hours.total(found)

    assert totals.total_hours == 5.25
    assert totals.count == {"appointment": 1, "no_show": 1, "workshop": 1, "open_hour": 1}
    assert totals.hours["no_show"] == 0.75


def test_cancelled_unrecorded_empty_and_future_slots_do_not_count(office, helper):
    day = last_month_day()
    booked(slot_of(office, helper, starts_at=at(day, 9)), BookingStatus.CANCELLED)
    booked(slot_of(office, helper, starts_at=at(day, 10)), BookingStatus.ACTIVE)  # outcome never recorded
    slot_of(office, helper, starts_at=at(day, 11))  # nobody booked
    slot_of(office, helper, starts_at=at(day, 13), minutes=120, kind=SlotKind.WORKSHOP, capacity=8)  # nobody came
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    slot_of(office, helper, starts_at=at(tomorrow, 10), kind=SlotKind.OPEN_HOUR, capacity=20)
    period = hours.Period(day, tomorrow)

    assert hours.entries(period=period, volunteer_ids=[helper.pk]) == []
    assert hours.missing_outcomes(user=helper, period=period) == 1


def test_hours_belong_to_the_volunteer_on_the_slot_and_to_the_period_asked_for(office, helper):
    other = helper_at(office)
    day = last_month_day()
    booked(slot_of(office, other, starts_at=at(day, 9)), BookingStatus.ATTENDED)
    booked(slot_of(office, helper, starts_at=at(day, 10)), BookingStatus.ATTENDED)
    booked(slot_of(office, helper, starts_at=at(day - dt.timedelta(days=1), 10)), BookingStatus.ATTENDED)

    found = hours.entries(period=hours.Period(day, day), volunteer_ids=[helper.pk])

    assert [(e.volunteer_id, timezone.localtime(e.starts_at).hour) for e in found] == [(helper.pk, 10)]


def test_months_are_summed_on_the_berlin_calendar(office, helper):
    # 00:30 on the first of a month in Berlin is still the previous month in UTC.
    first = (timezone.localdate().replace(day=1) - dt.timedelta(days=1)).replace(day=1)
    eve = first - dt.timedelta(days=1)
    booked(slot_of(office, helper, starts_at=at(eve, 23, 0), minutes=30), BookingStatus.ATTENDED)
    booked(slot_of(office, helper, starts_at=at(first, 0, 30), minutes=30), BookingStatus.ATTENDED)
    found = hours.entries(period=hours.Period(eve, first), volunteer_ids=[helper.pk])

    months = hours.by_month(found)

    assert [(month, totals.total_hours) for month, totals in months] == [(eve.replace(day=1), 0.5), (first, 0.5)]


def test_the_office_statistics_use_the_same_rules(office, helper):
    coordinator_of(office)
    day = last_month_day()
    booked(slot_of(office, helper, starts_at=at(day, 9)), BookingStatus.NO_SHOW)
    slot_of(office, helper, starts_at=at(day, 14), minutes=120, kind=SlotKind.OPEN_HOUR, capacity=20)
    start = at(day, 0)
    stats = selectors.office_statistics(office=office, start=start, end=timezone.now())

    assert stats.volunteer_hours == [("Helga Hilfreich", 3.0)]


def test_the_period_counts_whole_days_and_weeks():
    period = hours.Period(dt.date(2026, 1, 1), dt.date(2026, 1, 14))
    assert period.weeks == 2
    assert timezone.localtime(period.start).hour == 0
    assert timezone.localtime(period.end).date() == dt.date(2026, 1, 15)
    assert hours.Period.this_year(dt.date(2026, 5, 3)) == hours.Period(dt.date(2026, 1, 1), dt.date(2026, 5, 3))
