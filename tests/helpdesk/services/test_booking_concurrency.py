"""Many people press "book" at the same moment: the slot still ends up exactly full.

Runs against whatever database the suite uses; CI uses PostgreSQL, where the row
locks really contend. SQLite serialises writers, so fewer threads suffice there.
"""

from __future__ import annotations

import datetime as dt
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection, connections
from django.utils import timezone

from helpdesk import services
from helpdesk.models import Booking, Slot
from tests.factories import OfficeFactory
from tests.helpdesk.factories import TopicFactory, helper_at, one_to_one, workshop

ATTEMPTS = 50 if connection.vendor == "postgresql" else 16


def fire(slot_id: int, topic_id: int | None, *, same_person: bool = False) -> list[str]:
    barrier = threading.Barrier(ATTEMPTS)
    from helpdesk.models import Topic

    def attempt(n: int) -> str:
        try:
            slot = Slot.objects.get(pk=slot_id)
            topic = Topic.objects.get(pk=topic_id) if topic_id else None
            barrier.wait(timeout=30)
            services.booking_create(
                slot=slot,
                name=f"Gast {n}",
                phone="0631 311555" if same_person else f"0631 {312000 + n}",
                topic=topic,
                device="android",
                consent=True,
            )
            return "booked"
        except services.BookingError as exc:
            return str(exc.code)
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=ATTEMPTS) as pool:
        return list(pool.map(attempt, range(ATTEMPTS)))


@pytest.mark.django_db(transaction=True)
def test_fifty_simultaneous_attempts_at_a_one_to_one_slot_book_it_exactly_once():
    office = OfficeFactory.create()
    topic = TopicFactory.create()
    slot = one_to_one(office, helper_at(office, topics=[topic]))
    outcomes = fire(slot.pk, topic.pk)
    assert outcomes.count("booked") == 1
    assert set(outcomes) == {"booked", "full"}
    slot.refresh_from_db()
    assert slot.booked_count == 1
    assert Booking.objects.filter(slot=slot, status="active").count() == 1


@pytest.mark.django_db(transaction=True)
def test_fifty_simultaneous_attempts_at_a_workshop_fill_exactly_its_eight_seats():
    office = OfficeFactory.create()
    slot = workshop(office, capacity=8)
    outcomes = fire(slot.pk, None)
    assert outcomes.count("booked") == 8
    assert outcomes.count("full") == ATTEMPTS - 8
    slot.refresh_from_db()
    assert slot.booked_count == 8
    assert Booking.objects.filter(slot=slot, status="active").count() == 8


@pytest.mark.django_db(transaction=True)
def test_one_caller_pressing_book_many_times_at_once_gets_one_seat():
    office = OfficeFactory.create()
    slot = workshop(office, capacity=8, starts_at=timezone.now() + dt.timedelta(days=4))
    outcomes = fire(slot.pk, None, same_person=True)
    assert outcomes.count("booked") == 1
    assert set(outcomes) == {"booked", "person_busy"}
