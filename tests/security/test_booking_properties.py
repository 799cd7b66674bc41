"""Property tests (Hypothesis) for the booking rules and slot generation, through ``helpdesk.services``.

Whatever order bookings and cancellations arrive in, a slot never holds more
people than it has places, a volunteer is never booked twice at once, and a
person never has two appointments at the same time. Slot generation, for any
weekly times and any start day (including the DST weeks), only makes slots
inside the volunteer's times, never overlapping for one volunteer, and a second
run changes nothing.
"""

from __future__ import annotations

import datetime as dt
import itertools
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from core import phones
from helpdesk import services
from helpdesk.models import Availability, Booking, BookingStatus, Slot, SlotKind
from tests.factories import OfficeFactory, SlotFactory
from tests.helpdesk.factories import AvailabilityFactory, WorkshopScheduleFactory, helper_at

pytestmark = pytest.mark.django_db
BERLIN = ZoneInfo("Europe/Berlin")
BOUNDED = settings(
    max_examples=20,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
_phones = itertools.count(100000)


def _overlap(a: Slot, b: Slot) -> bool:
    return a.starts_at < b.ends_at and b.starts_at < a.ends_at


def _base() -> dt.datetime:
    from django.utils import timezone

    start = timezone.now() + dt.timedelta(days=3)
    return start.replace(minute=0, second=0, microsecond=0)


def _book(slot: Slot, phone: str) -> Booking | None:
    try:
        return services.booking_create(slot=slot, name="Erna Beispiel", phone=phone, consent=True, override=True)
    except services.BookingError:
        return None


@BOUNDED
@given(
    capacity=st.integers(min_value=1, max_value=4),
    steps=st.lists(st.tuples(st.sampled_from(["book", "cancel"]), st.integers(0, 6)), min_size=1, max_size=14),
)
def test_a_slot_never_holds_more_people_than_it_has_places(capacity: int, steps: list[tuple[str, int]]) -> None:
    office = OfficeFactory.create()
    slot = SlotFactory.create(office=office, kind=SlotKind.WORKSHOP, capacity=capacity, starts_at=_base())
    people = [phones.normalise(f"0631 {next(_phones)}") for _ in range(7)]
    for action, who in steps:
        if action == "book":
            _book(slot, people[who])
        else:
            mine = Booking.objects.filter(slot=slot, phone=people[who], status=BookingStatus.ACTIVE).first()
            if mine is not None:
                services.booking_cancel(booking=mine, reason="kann nicht")
        slot.refresh_from_db()
        active = Booking.objects.filter(slot=slot, status=BookingStatus.ACTIVE)
        assert active.count() <= capacity
        assert slot.booked_count == active.count()
        assert len(set(active.values_list("phone", flat=True))) == active.count()  # nobody twice


slot_shapes = st.lists(
    st.tuples(st.integers(min_value=0, max_value=16), st.sampled_from([30, 45, 60, 90])), min_size=2, max_size=6
)


@BOUNDED
@given(shapes=slot_shapes, order=st.permutations(range(6)))
def test_a_volunteer_is_never_booked_for_two_overlapping_slots(shapes: list[tuple[int, int]], order: list[int]) -> None:
    office = OfficeFactory.create()
    volunteer = helper_at(office)
    base = _base()
    slots = []
    for quarter, minutes in shapes:
        start = base + dt.timedelta(minutes=15 * quarter)
        slot = SlotFactory.create(office=office, starts_at=start, ends_at=start + dt.timedelta(minutes=minutes))
        slot.volunteers.add(volunteer)
        slots.append(slot)
    for index in (i for i in order if i < len(slots)):
        _book(slots[index], f"0631 {next(_phones)}")
    booked = list(Slot.objects.filter(volunteers=volunteer, booked_count__gt=0))
    assert all(not _overlap(a, b) for a, b in itertools.combinations(booked, 2))
    # Nothing was refused without a reason: every free slot clashes with a booked one.
    for slot in Slot.objects.filter(volunteers=volunteer, booked_count=0):
        assert any(_overlap(slot, other) for other in booked)


@BOUNDED
@given(shapes=slot_shapes, order=st.permutations(range(6)))
def test_a_person_never_has_two_appointments_at_the_same_time(shapes: list[tuple[int, int]], order: list[int]) -> None:
    office = OfficeFactory.create()
    base = _base()
    slots = []
    for quarter, minutes in shapes:
        start = base + dt.timedelta(minutes=15 * quarter)
        slot = SlotFactory.create(office=office, starts_at=start, ends_at=start + dt.timedelta(minutes=minutes))
        slot.volunteers.add(helper_at(office))  # a volunteer of its own: only the person can clash
        slots.append(slot)
    phone = phones.normalise(f"0631 {next(_phones)}")
    for index in (i for i in order if i < len(slots)):
        _book(slots[index], phone)
    mine = [b.slot for b in Booking.objects.filter(phone=phone, status=BookingStatus.ACTIVE).select_related("slot")]
    assert mine
    assert all(not _overlap(a, b) for a, b in itertools.combinations(mine, 2))
    for slot in slots:
        if slot not in mine:
            assert any(_overlap(slot, other) for other in mine)


# Start days around both DST changes of 2026 and 2027, and any other day.
start_days = st.one_of(
    st.sampled_from([dt.date(2026, 3, 23), dt.date(2026, 3, 28), dt.date(2026, 10, 19), dt.date(2027, 10, 30)]),
    st.dates(min_value=dt.date(2026, 1, 1), max_value=dt.date(2027, 12, 31)),
)
weekly_times = st.lists(
    st.tuples(
        st.integers(min_value=0, max_value=1),  # which volunteer
        st.integers(min_value=0, max_value=6),  # weekday
        st.sampled_from([dt.time(0, 30), dt.time(1, 30), dt.time(2, 15), dt.time(9), dt.time(10, 30), dt.time(14)]),
        st.integers(min_value=1, max_value=3),  # slots in a row
        st.sampled_from([30, 45, 60]),
    ),
    min_size=1,
    max_size=4,
)


@BOUNDED
@given(first_day=start_days, times=weekly_times, weeks=st.integers(min_value=1, max_value=2), workshop=st.booleans())
# Always tried: Sunday 29 March 2026 (02:00-03:00 does not exist) and Sunday 25 October 2026 (02:00-03:00 twice).
@example(first_day=dt.date(2026, 3, 28), times=[(0, 6, dt.time(1, 30), 3, 30)], weeks=1, workshop=True)
@example(first_day=dt.date(2026, 10, 24), times=[(1, 6, dt.time(1, 30), 3, 45)], weeks=1, workshop=False)
def test_generated_slots_stay_inside_the_weekly_times_never_overlap_and_a_second_run_changes_nothing(
    first_day: dt.date, times: list[tuple[int, int, dt.time, int, int]], weeks: int, workshop: bool
) -> None:
    office = OfficeFactory.create()
    volunteers = [helper_at(office), helper_at(office)]
    for who, weekday, start, count, minutes in times:
        begin = dt.datetime.combine(first_day, start)
        AvailabilityFactory.create(
            office=office,
            volunteer=volunteers[who],
            weekday=weekday,
            start_time=start,
            end_time=(begin + dt.timedelta(minutes=minutes * count)).time(),
            slot_minutes=minutes,
        )
    if workshop:
        schedule = WorkshopScheduleFactory.create(office=office, weekday=first_day.weekday(), start_time=dt.time(9))
        schedule.volunteers.add(volunteers[0])
    now = dt.datetime.combine(first_day, dt.time(0, 1), tzinfo=BERLIN)
    services.slots_generate(office=office, weeks=weeks, today=first_day, now=now)
    slots = list(Slot.objects.filter(office=office).prefetch_related("volunteers"))
    last_day = first_day + dt.timedelta(days=7 * weeks - 1)
    for slot in slots:
        local = slot.starts_at.astimezone(BERLIN)
        assert slot.starts_at > now
        assert first_day <= local.date() <= last_day
        if slot.kind == SlotKind.ONE_TO_ONE:
            availability: Availability = slot.availability  # type: ignore[assignment]
            step = dt.timedelta(minutes=availability.slot_minutes)
            assert local.weekday() == availability.weekday
            assert availability.start_time <= local.time()
            wall_end = dt.datetime.combine(local.date(), local.time()) + step
            assert wall_end <= dt.datetime.combine(local.date(), availability.end_time)
            assert slot.ends_at - slot.starts_at == step  # real time, also across a DST change
            assert [v.pk for v in slot.volunteers.all()] == [availability.volunteer_id]
    for volunteer in volunteers:
        own = [s for s in slots if volunteer in s.volunteers.all()]
        assert all(not _overlap(a, b) for a, b in itertools.combinations(own, 2))
    ids = {s.pk for s in slots}
    again = services.slots_generate(office=office, weeks=weeks, today=first_day, now=now)
    assert again.created == 0
    assert set(Slot.objects.filter(office=office).values_list("pk", flat=True)) == ids
