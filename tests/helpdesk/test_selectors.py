"""Reads of the helpdesk: the free-times rule agrees with the booking rule."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from django.utils import timezone

from helpdesk import selectors, services
from helpdesk.models import Closure, Slot, SlotKind
from helpdesk.opening import public_holidays
from tests.factories import OfficeFactory, SlotFactory, volunteer_at
from tests.helpdesk.factories import TopicFactory, helper_at, one_to_one, workshop

pytestmark = pytest.mark.django_db


def test_the_free_times_offer_exactly_the_slots_the_booking_rule_accepts():
    office = OfficeFactory.create()
    whatsapp, banking = TopicFactory.create(), TopicFactory.create()
    slots = [
        one_to_one(office, helper_at(office, topics=[whatsapp], devices=["android"])),
        one_to_one(office, helper_at(office, topics=[banking], devices=["iphone", "android"])),
        one_to_one(office, volunteer_at(office)),  # a volunteer without a profile yet
        workshop(office),  # takes every topic
        workshop(office),
    ]
    slots[4].topics.set([banking])
    for topic, device in itertools.product([None, whatsapp, banking], ["", "android", "iphone"]):
        offered = set(selectors.free_slots(office=office, topic=topic, device=device).values_list("pk", flat=True))
        accepted = {
            s.pk
            for s in Slot.objects.filter(pk__in=[s.pk for s in slots])
            if services.slot_fits(s, topic=topic, device=device)
        }
        assert offered == accepted, (topic, device)


def test_the_pickers_fixed_sql_reads_the_same_slots_as_the_week_rule():
    """``week_rows`` (fixed SQL) and ``week_slots`` (the queryset) agree for every filter, closures,
    public holidays, taken, past and flagged slots, and the time of a booking being moved."""
    office = OfficeFactory.create()
    whatsapp, banking = TopicFactory.create(), TopicFactory.create()
    today = timezone.localdate()
    holiday = next(iter(public_holidays(today + dt.timedelta(days=5), today + dt.timedelta(days=400))))
    first = holiday - dt.timedelta(days=3)

    def at(day: dt.date, hour: int) -> dt.datetime:
        return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))

    android = helper_at(office, topics=[whatsapp], devices=["android"])
    both = helper_at(office, topics=[banking], devices=["iphone", "android"])
    for offset in range(7):
        day = first + dt.timedelta(days=offset)
        one_to_one(office, android, starts_at=at(day, 9))
        one_to_one(office, both, starts_at=at(day, 9))
        one_to_one(office, volunteer_at(office), starts_at=at(day, 10))  # no profile yet
        workshop(office, starts_at=at(day, 11)).topics.set([banking] if offset % 2 else [])
        SlotFactory.create(office=office, kind=SlotKind.OPEN_HOUR, starts_at=at(day, 14), ends_at=at(day, 16))
    full = one_to_one(office, android, starts_at=at(first, 12))
    Slot.objects.filter(pk=full.pk).update(capacity=1, booked_count=1)
    flagged = one_to_one(office, android, starts_at=at(first, 13))
    Slot.objects.filter(pk=flagged.pk).update(conflict=True)
    closed_on = first + dt.timedelta(days=1)
    Closure.objects.create(office=office, starts_on=closed_on, ends_on=closed_on, reason="Betriebsausflug")
    one_to_one(office, android, starts_at=timezone.now() - dt.timedelta(hours=1))  # begun already
    start, end = at(first, 0), at(first + dt.timedelta(days=7), 0)
    for topic, device, override, not_at in itertools.product(
        [None, whatsapp, banking], ["", "android", "iphone"], [False, True], [None, at(first, 9)]
    ):
        rule = selectors.week_slots(office=office, start=start, end=end, topic=topic, device=device, override=override)
        if not_at is not None:
            rule = rule.exclude(starts_at=not_at)
        expected = list(
            rule.order_by("starts_at", "ends_at", "kind", "title", "pk").values_list(*selectors.WEEK_COLUMNS)
        )
        read = selectors.week_rows(
            office=office, start=start, end=end, topic=topic, device=device, override=override, not_at=not_at
        )
        assert read == expected, (topic, device, override, not_at)
    # The week holds what the comparison is about: a holiday, a closed day and open days.
    everything = selectors.week_rows(office=office, start=start, end=end, override=True)
    days = {timezone.localtime(row[1]).date() for row in everything}
    week = {first + dt.timedelta(days=offset) for offset in range(7)}
    assert holiday not in days and closed_on not in days
    assert days == week - set(public_holidays(first, first + dt.timedelta(days=6))) - {closed_on}
