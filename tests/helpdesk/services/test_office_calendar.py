"""The office calendar: opening hours, public holidays of Rheinland-Pfalz, closures and extra dates."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import holidays
import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from accounts.demo import seed_users
from helpdesk import demo, selectors, services
from helpdesk.models import Closure, OpeningHours, Slot, SlotKind
from tests.factories import BookingFactory, OfficeFactory, SlotFactory
from tests.helpdesk.factories import AvailabilityFactory, WorkshopScheduleFactory, helper_at

pytestmark = pytest.mark.django_db
BERLIN = ZoneInfo("Europe/Berlin")


def generate(office, day: dt.date, weeks: int = 1):
    now = dt.datetime.combine(day - dt.timedelta(days=1), dt.time(0, 1), tzinfo=BERLIN)
    return services.slots_generate(office=office, weeks=weeks, today=day, now=now)


def open_every_day(office, opens: int = 8, closes: int = 18) -> None:
    OpeningHours.objects.bulk_create(
        OpeningHours(office=office, weekday=day, opens=dt.time(opens), closes=dt.time(closes)) for day in range(7)
    )


def local_days(office) -> set[dt.date]:
    return {timezone.localtime(s.starts_at).date() for s in Slot.objects.filter(office=office)}


def test_no_slot_on_any_public_holiday_of_rhineland_palatinate_this_year_and_next():
    office = OfficeFactory.create()
    open_every_day(office)
    volunteer = helper_at(office)
    for weekday in range(7):
        AvailabilityFactory.create(
            office=office, volunteer=volunteer, weekday=weekday, start_time=dt.time(10), end_time=dt.time(11)
        )
        WorkshopScheduleFactory.create(office=office, weekday=weekday, start_time=dt.time(14), end_time=dt.time(16))
    year = timezone.localdate().year
    expected = holidays.country_holidays("DE", subdiv="RP", years=[year, year + 1])
    assert {"Fronleichnam", "Allerheiligen", "Erster Weihnachtstag"} <= set(expected.values())
    for holiday in sorted(expected):
        generate(office, holiday)  # the week from the holiday on
        assert holiday not in local_days(office), f"slots on {holiday} ({expected[holiday]})"
        assert holiday + dt.timedelta(days=1) in local_days(office) or holiday + dt.timedelta(days=1) in expected


def test_christmas_day_2026_is_not_bookable_in_any_office():
    office = OfficeFactory.create()
    AvailabilityFactory.create(office=office, volunteer=helper_at(office), weekday=4)  # Fridays 10–12
    generate(office, dt.date(2026, 12, 21), weeks=1)
    assert dt.date(2026, 12, 25) not in local_days(office)


def test_baennjerrueck_demo_hours_give_slots_on_mondays_and_wednesdays_only():
    demo.seed(seed_users())
    weekdays = {day.weekday() for day in local_days(selectors.office_by_slug("baennjerrueck"))}
    assert weekdays == {0, 2}
    # Volunteers there also give Tuesday and Friday mornings: those fall outside the office's hours.
    assert OpeningHours.objects.filter(office__slug="baennjerrueck").count() == 2


def test_slots_lie_inside_the_opening_hours_around_a_lunch_break():
    office = OfficeFactory.create()
    OpeningHours.objects.create(office=office, weekday=0, opens=dt.time(9), closes=dt.time(12))
    OpeningHours.objects.create(office=office, weekday=0, opens=dt.time(13), closes=dt.time(16))
    AvailabilityFactory.create(
        office=office, volunteer=helper_at(office), weekday=0, start_time=dt.time(9), end_time=dt.time(17)
    )
    generate(office, dt.date(2026, 11, 23))
    hours = sorted(timezone.localtime(s.starts_at).hour for s in Slot.objects.filter(office=office))
    assert hours == [9, 10, 11, 13, 14, 15]


def test_an_office_without_opening_hours_is_not_limited_to_them():
    office = OfficeFactory.create()
    AvailabilityFactory.create(
        office=office, volunteer=helper_at(office), weekday=5, start_time=dt.time(18), end_time=dt.time(19)
    )
    AvailabilityFactory.create(
        office=office, volunteer=helper_at(office), weekday=6, start_time=dt.time(7), end_time=dt.time(8)
    )
    assert generate(office, dt.date(2026, 11, 23)).created == 2  # Saturday evening and Sunday morning


def test_new_opening_hours_remove_free_slots_outside_them_and_flag_booked_ones():
    office = OfficeFactory.create()
    volunteer = helper_at(office)
    AvailabilityFactory.create(
        office=office, volunteer=volunteer, weekday=1, start_time=dt.time(9), end_time=dt.time(11)
    )
    services.slots_generate(office=office)
    tuesdays = list(Slot.objects.filter(office=office).order_by("starts_at"))
    booked = BookingFactory.create(slot=tuesdays[0])
    services.opening_hours_add(office=office, weekday=0, opens=dt.time(9), closes=dt.time(15))
    remaining = list(Slot.objects.filter(office=office))
    assert remaining == [booked.slot]
    assert remaining[0].conflict and remaining[0].conflict_note == "schedule_changed"


def test_overlapping_opening_hours_are_refused():
    office = OfficeFactory.create()
    services.opening_hours_add(office=office, weekday=0, opens=dt.time(9), closes=dt.time(12))
    with pytest.raises(ValidationError):
        services.opening_hours_add(office=office, weekday=0, opens=dt.time(11), closes=dt.time(13))


def test_a_closure_removes_free_slots_and_lists_booked_ones_for_the_coordinator():
    office = OfficeFactory.create()
    volunteer = helper_at(office)
    today = timezone.localdate()
    starts = [timezone.make_aware(dt.datetime.combine(today + dt.timedelta(days=d), dt.time(10))) for d in (3, 4, 5, 9)]
    slots = [SlotFactory.create(office=office, starts_at=s, ends_at=s + dt.timedelta(hours=1)) for s in starts]
    for slot in slots:
        slot.volunteers.add(volunteer)
    booked = BookingFactory.create(slot=slots[1])
    result = services.closure_create(
        office=office,
        starts_on=today + dt.timedelta(days=3),
        ends_on=today + dt.timedelta(days=5),
        reason="Weihnachtsferien",
    )
    assert (result.removed, result.affected) == (2, 1)
    assert set(Slot.objects.filter(office=office)) == {slots[1], slots[3]}
    slot = Slot.objects.get(pk=booked.slot_id)
    assert slot.conflict and slot.conflict_message == "Das Büro ist an diesem Tag geschlossen: Weihnachtsferien."
    booked.refresh_from_db()
    assert booked.is_active  # nothing is dropped silently
    assert slots[1] not in selectors.free_slots(office=office)


def test_opening_again_clears_the_closure_flags_and_makes_the_slots_again():
    office = OfficeFactory.create()
    AvailabilityFactory.create(office=office, volunteer=helper_at(office), weekday=timezone.localdate().weekday())
    services.slots_generate(office=office)
    count = Slot.objects.count()
    first = Slot.objects.order_by("starts_at").first()
    assert first is not None
    BookingFactory.create(slot=first)
    day = timezone.localtime(first.starts_at).date()
    services.closure_create(office=office, starts_on=day, ends_on=day + dt.timedelta(days=8), reason="Umbau")
    assert Slot.objects.count() < count
    services.closure_delete(closure=Closure.objects.get())
    assert Slot.objects.count() == count
    assert not Slot.objects.filter(conflict=True).exists()


def test_an_extra_date_opens_a_closed_day_with_a_workshop():
    office = OfficeFactory.create()
    OpeningHours.objects.create(office=office, weekday=0, opens=dt.time(9), closes=dt.time(12))
    saturday = timezone.localdate() + dt.timedelta(days=(5 - timezone.localdate().weekday()) % 7 or 7)
    extra = services.extra_date_create(
        office=office,
        day=saturday,
        opens=dt.time(10),
        closes=dt.time(13),
        title="Fotonachmittag",
        kind=SlotKind.WORKSHOP,
        capacity=6,
    )
    slot = Slot.objects.get(office=office, extra_date=extra)
    assert (slot.kind, slot.capacity, slot.title) == (SlotKind.WORKSHOP, 6, "Fotonachmittag")
    assert slot in selectors.free_slots(office=office)
    services.extra_date_delete(extra=extra)
    assert not Slot.objects.filter(office=office).exists()


def test_a_slot_made_before_a_holiday_was_known_is_not_offered_on_it():
    office = OfficeFactory.create()
    year = timezone.localdate().year + 1
    new_year = timezone.make_aware(dt.datetime(year, 1, 1, 10))
    old = SlotFactory.create(office=office, starts_at=new_year, ends_at=new_year + dt.timedelta(hours=1))
    old.volunteers.add(helper_at(office))
    ordinary = SlotFactory.create(
        office=office, starts_at=new_year + dt.timedelta(days=4), ends_at=new_year + dt.timedelta(days=4, hours=1)
    )
    ordinary.volunteers.add(*old.volunteers.all())
    assert list(selectors.free_slots(office=office)) == [ordinary]


def test_a_booked_slot_on_a_day_that_becomes_a_closure_via_generation_is_flagged_closed():
    office = OfficeFactory.create()
    AvailabilityFactory.create(office=office, volunteer=helper_at(office), weekday=timezone.localdate().weekday())
    services.slots_generate(office=office)
    slot = Slot.objects.order_by("starts_at").last()
    assert slot is not None
    BookingFactory.create(slot=slot)
    day = timezone.localtime(slot.starts_at).date()
    Closure.objects.create(office=office, starts_on=day, ends_on=day, reason="Betriebsausflug")
    services.slots_generate(office=office)
    slot.refresh_from_db()
    assert slot.conflict and slot.conflict_note == "closed:Betriebsausflug"
