"""Reads of the helpdesk: the free-times rule agrees with the booking rule."""

from __future__ import annotations

import itertools

import pytest

from helpdesk import selectors, services
from helpdesk.models import Slot
from tests.factories import OfficeFactory, volunteer_at
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
