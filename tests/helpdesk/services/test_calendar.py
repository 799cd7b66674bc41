from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from helpdesk import services
from helpdesk.models import Absence, OfficeStaff, Slot, SlotKind, StaffRole
from tests.factories import BookingFactory, OfficeFactory
from tests.helpdesk.factories import AvailabilityFactory, WorkshopScheduleFactory, helper_at

pytestmark = pytest.mark.django_db
BERLIN = ZoneInfo("Europe/Berlin")
UTC = dt.UTC


def generate(office, day: dt.date, weeks: int = 1):
    now = dt.datetime.combine(day, dt.time(0, 1), tzinfo=BERLIN)
    return services.slots_generate(office=office, weeks=weeks, today=day, now=now)


def test_availability_is_cut_into_one_hour_one_to_one_slots():
    office = OfficeFactory.create()
    volunteer = helper_at(office)
    AvailabilityFactory.create(
        office=office, volunteer=volunteer, weekday=0, start_time=dt.time(9), end_time=dt.time(12)
    )
    result = generate(office, dt.date(2026, 11, 23))
    slots = list(Slot.objects.filter(office=office))
    assert result.created == 3
    assert [s.starts_at.astimezone(BERLIN).hour for s in slots] == [9, 10, 11]
    assert all(s.kind == SlotKind.ONE_TO_ONE and s.capacity == 1 for s in slots)
    assert list(slots[0].volunteers.all()) == [volunteer]


def test_generating_twice_changes_nothing():
    office = OfficeFactory.create()
    AvailabilityFactory.create(office=office, volunteer=helper_at(office), weekday=0)
    WorkshopScheduleFactory.create(office=office, weekday=1)
    generate(office, dt.date(2026, 11, 23), weeks=4)
    ids = set(Slot.objects.values_list("pk", flat=True))
    again = generate(office, dt.date(2026, 11, 23), weeks=4)
    assert again.created == 0
    assert set(Slot.objects.values_list("pk", flat=True)) == ids
    assert len(ids) == 4 * 2 + 4


def test_spring_dst_day_keeps_the_local_wall_clock_time():
    office = OfficeFactory.create()
    # 2026-03-29 is a Sunday: clocks jump from 02:00 to 03:00.
    AvailabilityFactory.create(
        office=office, volunteer=helper_at(office), weekday=6, start_time=dt.time(10), end_time=dt.time(11)
    )
    WorkshopScheduleFactory.create(office=office, weekday=5, start_time=dt.time(10), end_time=dt.time(12))
    generate(office, dt.date(2026, 3, 28), weeks=1)
    saturday = Slot.objects.get(kind=SlotKind.WORKSHOP)
    sunday = Slot.objects.get(kind=SlotKind.ONE_TO_ONE)
    assert saturday.starts_at == dt.datetime(2026, 3, 28, 9, 0, tzinfo=UTC)  # CET, UTC+1
    assert sunday.starts_at == dt.datetime(2026, 3, 29, 8, 0, tzinfo=UTC)  # CEST, UTC+2
    assert sunday.starts_at.astimezone(BERLIN).time() == dt.time(10)
    assert sunday.ends_at - sunday.starts_at == dt.timedelta(hours=1)


def test_autumn_dst_day_keeps_the_local_wall_clock_time():
    office = OfficeFactory.create()
    # 2026-10-25 is a Sunday: clocks go back from 03:00 to 02:00.
    AvailabilityFactory.create(
        office=office, volunteer=helper_at(office), weekday=6, start_time=dt.time(10), end_time=dt.time(11)
    )
    WorkshopScheduleFactory.create(office=office, weekday=5, start_time=dt.time(10), end_time=dt.time(12))
    generate(office, dt.date(2026, 10, 24), weeks=1)
    saturday = Slot.objects.get(kind=SlotKind.WORKSHOP)
    sunday = Slot.objects.get(kind=SlotKind.ONE_TO_ONE)
    assert saturday.starts_at == dt.datetime(2026, 10, 24, 8, 0, tzinfo=UTC)  # CEST
    assert sunday.starts_at == dt.datetime(2026, 10, 25, 9, 0, tzinfo=UTC)  # CET
    assert sunday.starts_at.astimezone(BERLIN).time() == dt.time(10)


def test_night_slots_on_dst_days_are_neither_lost_twice_nor_invented():
    office = OfficeFactory.create()
    AvailabilityFactory.create(
        office=office, volunteer=helper_at(office), weekday=6, start_time=dt.time(1), end_time=dt.time(4)
    )
    generate(office, dt.date(2026, 3, 29), weeks=1)
    spring = [s.starts_at.astimezone(BERLIN).hour for s in Slot.objects.all()]
    assert spring == [1, 3]  # 02:00 does not exist that night
    first = Slot.objects.order_by("starts_at")[0]
    assert first.ends_at - first.starts_at == dt.timedelta(hours=1)
    for slot in Slot.objects.all():
        assert slot.ends_at > slot.starts_at


def test_a_changed_schedule_removes_free_slots_but_never_a_booked_one():
    office = OfficeFactory.create()
    availability = AvailabilityFactory.create(office=office, volunteer=helper_at(office), weekday=0)
    generate(office, dt.date(2026, 11, 23))
    booked_slot = Slot.objects.order_by("starts_at")[0]
    booked_start = booked_slot.starts_at
    BookingFactory.create(slot=booked_slot)
    availability.delete()
    result = generate(office, dt.date(2026, 11, 23))
    assert result.deleted == 1
    booked_slot.refresh_from_db()
    assert booked_slot.starts_at == booked_start
    assert booked_slot.conflict


def test_absence_removes_free_slots_and_flags_booked_ones():
    office = OfficeFactory.create()
    volunteer = helper_at(office)
    AvailabilityFactory.create(office=office, volunteer=volunteer, weekday=0)
    generate(office, dt.date(2026, 11, 23), weeks=2)
    first = Slot.objects.order_by("starts_at")[0]
    BookingFactory.create(slot=first)
    Absence.objects.create(volunteer=volunteer, starts_on=dt.date(2026, 11, 23), ends_on=dt.date(2026, 12, 6))
    generate(office, dt.date(2026, 11, 23), weeks=2)
    remaining = list(Slot.objects.all())
    assert remaining == [first]
    first.refresh_from_db()
    assert first.conflict
    assert first.conflict_note == "absent"


def test_absence_created_through_the_service_applies_at_once(django_capture_on_commit_callbacks):
    office = OfficeFactory.create()
    volunteer = helper_at(office)
    AvailabilityFactory.create(office=office, volunteer=volunteer, weekday=0)
    services.slots_generate(office=office, weeks=2)
    assert Slot.objects.exists()
    services.absence_create(
        volunteer=volunteer, starts_on=dt.date(2026, 11, 1), ends_on=dt.date(2027, 1, 31), note="Urlaub"
    )
    assert not Slot.objects.exists()


def test_overlapping_availabilities_of_one_volunteer_give_no_double_slots():
    office = OfficeFactory.create()
    other = OfficeFactory.create()
    volunteer = helper_at(office)
    OfficeStaff.objects.create(user=volunteer, role=StaffRole.VOLUNTEER, office=other)
    AvailabilityFactory.create(
        office=office, volunteer=volunteer, weekday=0, start_time=dt.time(10), end_time=dt.time(12)
    )
    AvailabilityFactory.create(
        office=other, volunteer=volunteer, weekday=0, start_time=dt.time(11), end_time=dt.time(13)
    )
    generate(office, dt.date(2026, 11, 23))
    generate(other, dt.date(2026, 11, 23))
    hours = sorted(s.starts_at.astimezone(BERLIN).hour for s in Slot.objects.all())
    assert hours == [10, 11, 12]


def test_workshop_schedule_makes_one_slot_with_its_capacity_and_volunteers():
    office = OfficeFactory.create()
    volunteer = helper_at(office)
    schedule = WorkshopScheduleFactory.create(office=office, weekday=3, start_time=dt.time(13), end_time=dt.time(15))
    schedule.volunteers.add(volunteer)
    generate(office, dt.date(2026, 11, 23))
    slot = Slot.objects.get()
    assert slot.kind == SlotKind.WORKSHOP
    assert slot.capacity == 8
    assert slot.starts_at.astimezone(BERLIN) == dt.datetime(2026, 11, 26, 13, 0, tzinfo=BERLIN)
    assert list(slot.volunteers.all()) == [volunteer]
