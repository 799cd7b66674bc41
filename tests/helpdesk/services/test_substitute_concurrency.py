"""Volunteers press "I'll take it" at the same moment: exactly one takes the appointment over.

Real transactions in real threads. On PostgreSQL (CI) the row locks contend; SQLite
serialises writers, so the same test checks the same outcome there with fewer threads.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection, connections
from django.utils import timezone

from helpdesk import services
from helpdesk.models import Booking, Slot, SubstituteInvite, SubstituteRequest, SubstituteStatus
from notifications.models import OutboxMessage
from tests.factories import OfficeFactory
from tests.helpdesk.factories import TopicFactory, helper_at, one_to_one

COLLEAGUES = 8 if connection.vendor == "postgresql" else 4


def at_once(actions: list[Callable[[], str]]) -> list[str]:
    """Run every action in its own thread and connection, all released at the same moment."""
    barrier = threading.Barrier(len(actions))

    def run(action: Callable[[], str]) -> str:
        try:
            barrier.wait(timeout=30)
            return action()
        except services.SubstituteError as exc:
            return f"refused:{exc.code}"
        except services.BookingError as exc:
            return f"refused:{exc.code}"
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=len(actions)) as pool:
        return list(pool.map(run, actions))


def searching_office(colleagues: int):
    office = OfficeFactory.create()
    topic = TopicFactory.create()
    absent = helper_at(office, topics=[topic])
    others = [helper_at(office, topics=[topic]) for _ in range(colleagues)]
    slot = one_to_one(office, absent, starts_at=timezone.now() + dt.timedelta(days=3))
    booking = services.booking_create(
        slot=slot, name="Hilde Hausmann", phone="0631 424242", topic=topic, device="android", consent=True
    )
    search = services.substitute_search_start(booking=booking, volunteer=absent)
    return slot, booking, search, others


def accept(invite_id: int) -> Callable[[], str]:
    def action() -> str:
        services.substitute_accept(invite=SubstituteInvite.objects.select_related("volunteer").get(pk=invite_id))
        return "taken"

    return action


@pytest.mark.django_db(transaction=True)
def test_colleagues_accepting_at_the_same_moment_give_the_appointment_to_exactly_one():
    slot, booking, search, _others = searching_office(COLLEAGUES)
    invite_ids = list(SubstituteInvite.objects.filter(request=search).values_list("pk", flat=True))
    assert len(invite_ids) == COLLEAGUES

    outcomes = at_once([accept(pk) for pk in invite_ids])

    assert outcomes.count("taken") == 1
    assert outcomes.count("refused:taken") == COLLEAGUES - 1
    search.refresh_from_db()
    assert search.status == SubstituteStatus.TAKEN
    assert list(Slot.objects.get(pk=slot.pk).volunteers.all()) == [search.taken_by]
    assert Booking.objects.get(pk=booking.pk).status == "active"
    assert OutboxMessage.objects.filter(kind="helper_changed").count() == 1


@pytest.mark.django_db(transaction=True)
def test_taking_over_and_being_booked_elsewhere_at_the_same_time_never_double_books_the_volunteer():
    slot, _booking, search, (colleague,) = searching_office(1)
    # The colleague's own free time at the same hour, which a senior books right now.
    own = one_to_one(slot.office, colleague, starts_at=slot.starts_at)
    invite = SubstituteInvite.objects.get(request=search, volunteer=colleague)

    def book_own() -> str:
        services.booking_create(
            slot=Slot.objects.get(pk=own.pk), name="Gerd Gast", phone="0631 555555", consent=True, override=True
        )
        return "booked"

    outcomes = sorted(at_once([accept(invite.pk), book_own]))

    assert outcomes in (["booked", "refused:busy"], ["refused:volunteer_busy", "taken"])
    busy_slots = Slot.objects.filter(volunteers=colleague, starts_at=slot.starts_at, booked_count__gt=0)
    assert busy_slots.count() == 1
    assert SubstituteRequest.objects.filter(pk=search.pk, status=SubstituteStatus.TAKEN).exists() == (
        "taken" in outcomes
    )
