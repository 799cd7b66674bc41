"""The one time picker: a week of free times, days as headings, identical times merged."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from helpdesk import free_times, services
from helpdesk.models import Closure
from tests.factories import BookingFactory, OfficeFactory
from tests.helpdesk.factories import TopicFactory, helper_at, one_to_one, week_of, workshop

pytestmark = pytest.mark.django_db


@pytest.fixture
def office():
    return OfficeFactory.create()


@pytest.fixture
def topic():
    return TopicFactory.create()


def at(days: int, hour: int, minute: int = 0) -> dt.datetime:
    """A local time ``days`` from today, on a day that is no Sunday-to-Monday week change away."""
    day = timezone.localdate() + dt.timedelta(days=days)
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def week(office, when, **kwargs):
    return free_times.week_times(office=office, number=week_of(when), **kwargs)


def test_two_volunteers_free_at_ten_are_one_choice_with_two_places(office, topic):
    start = at(2, 10)
    first = one_to_one(office, helper_at(office, topics=[topic]), starts_at=start)
    one_to_one(office, helper_at(office, topics=[topic]), starts_at=start)
    one_to_one(office, helper_at(office, topics=[topic]), starts_at=at(2, 11))
    days = week(office, start, topic=topic, device="android").days
    assert [d.day for d in days] == [start.date()]
    assert [(t.label, t.slot_id) for t in days[0].times] == [
        ("10:00 · 2 Plätze frei", first.pk),
        ("11:00 · 1 Platz frei", days[0].times[1].slot_id),
    ]
    weekday = ["Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag"][start.weekday()]
    assert days[0].heading.startswith(f"{weekday}, {start.day}. ")


def test_a_workshop_shows_its_title_time_span_and_free_seats(office):
    start = at(3, 14)
    slot = workshop(office, capacity=8, starts_at=start)
    BookingFactory.create(slot=slot)
    (day,) = week(office, start).days
    assert day.times[0].label == "14:00–16:00 · Smartphone-Treff · 7 Plätze frei"


def test_the_current_appointment_is_not_offered_when_moving(office, topic):
    start = at(2, 10)
    volunteers = [helper_at(office, topics=[topic]) for _ in range(2)]
    current = one_to_one(office, volunteers[0], starts_at=start)
    one_to_one(office, volunteers[1], starts_at=start)  # same time, other volunteer: no real change
    later = one_to_one(office, volunteers[0], starts_at=at(2, 12))
    booking = BookingFactory.create(slot=current, topic=topic, device="android")
    choices = week(office, start, topic=topic, device="android", moving=booking)
    assert choices.slot_ids == {later.pk}


def test_closed_days_are_absent_and_the_week_says_when_the_next_free_time_is(office):
    start = at(8, 10)
    slot = workshop(office, starts_at=start)
    Closure.objects.create(office=office, starts_on=start.date(), ends_on=start.date(), reason="Betriebsausflug")
    later = workshop(office, starts_at=start + dt.timedelta(weeks=2))
    choices = week(office, start)
    assert choices.days == []
    assert slot.pk not in choices.slot_ids
    assert choices.next_free == later.starts_at
    assert choices.next_free_week == week_of(later.starts_at)


def test_the_week_number_stays_within_the_weeks_people_may_look_ahead():
    assert [free_times.week_number(v) for v in ("", "3", "-2", "99", "abc", None)] == [0, 3, 0, 8, 0, 0]


def test_choosing_a_merged_time_books_the_other_slot_when_the_first_was_just_taken(office, topic):
    start = at(2, 10)
    first = one_to_one(office, helper_at(office, topics=[topic], devices=["android"]), starts_at=start)
    second = one_to_one(office, helper_at(office, topics=[topic], devices=["android"]), starts_at=start)
    services.booking_create(slot=first, name="Erste", phone="0631 311001", topic=topic, device="android", consent=True)
    first.refresh_from_db()
    booking = services.booking_create_at_time(
        slot=first, name="Zweite", phone="0631 311002", topic=topic, device="android", consent=True
    )
    assert booking.slot == second


def test_office_staff_see_the_first_names_of_the_volunteers_of_each_time(office, topic):
    start = at(2, 10)
    one_to_one(office, helper_at(office, topics=[topic], display_name="Helga Hilfreich"), starts_at=start)
    one_to_one(office, helper_at(office, topics=[topic], display_name="Otto Ordentlich"), starts_at=start)
    one_to_one(office, helper_at(office, topics=[], display_name="Ute Unpassend"), starts_at=at(2, 11))
    chosen = week(office, start, topic=topic, device="android")
    free_times.name_helpers(chosen)
    assert [t.label for t in chosen.days[0].times] == ["10:00 · Helga, Otto · 2 Plätze frei"]
    treff = workshop(office, starts_at=at(2, 14))
    treff.volunteers.add(helper_at(office, display_name="Wilma Workshop"))
    chosen = week(office, start)
    free_times.name_helpers(chosen)
    assert any(t.label.startswith("14:00–16:00 · Wilma · ") for t in chosen.days[0].times), chosen.days[0].times
