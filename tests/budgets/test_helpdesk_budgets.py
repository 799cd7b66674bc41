"""Query budgets of the helpdesk pages: a pinned number, the same for 5 and for 50 items.

tests/helpdesk already pins the free-slot page with a topic and device and the day plan;
these cover the other lists, the week plan, the print list and the API lists.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from helpdesk import services
from helpdesk.models import Office, Slot
from tests.factories import OfficeFactory, coordinator_of
from tests.helpdesk.factories import TopicFactory, helper_at, one_to_one, week_of, workshop

pytestmark = pytest.mark.django_db

COUNTS = [5, 50]


def _start() -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(timezone.localdate() + dt.timedelta(days=8), dt.time(8)))


def _fill(office: Office, count: int, *, volunteer: Any = None, book: bool = True) -> list[Slot]:
    """``count`` slots on one day, half one-to-one (with ``volunteer``), half workshops; each booked once."""
    volunteer = volunteer or helper_at(office)
    start = _start()
    slots = []
    for index in range(count):
        starts_at = start + dt.timedelta(minutes=10 * index)
        if index % 2:
            slot = workshop(office, starts_at=starts_at)
        else:
            slot = one_to_one(office, volunteer, starts_at=starts_at, minutes=10)
        if book:
            services.booking_create(slot=slot, name=f"Person {index}", phone=f"0631 55{index:04d}", consent=True)
        slots.append(slot)
    return slots


def _get(client: Any, url: str, params: dict[str, Any] | None = None) -> None:
    response = client.get(url, params or {})
    assert response.status_code == 200, url


# --- public pages ---------------------------------------------------------------------------------


@pytest.mark.parametrize("count", COUNTS)
def test_free_slot_page_without_a_choice_costs_the_same_for_any_number_of_slots(
    client, django_assert_num_queries, count
):
    office = OfficeFactory.create()
    slots = _fill(office, count, book=False)
    # the office with the start of its last begun slot (1, the validator, which the page then uses), the
    # week's free times and open consultation hours (1)
    with django_assert_num_queries(2):
        _get(client, reverse("helpdesk:slots", args=[office.slug]), {"woche": week_of(slots[0].starts_at)})


@pytest.mark.parametrize("count", COUNTS)
def test_office_list_costs_three_queries(client, django_assert_num_queries, count):
    for _ in range(count):
        OfficeFactory.create()
    # the newest change stamp of the offices (1, the validator), offices (1), their opening hours (1)
    with django_assert_num_queries(3):
        _get(client, reverse("helpdesk:start"))


# --- staff pages ----------------------------------------------------------------------------------


@pytest.mark.parametrize("count", COUNTS)
def test_week_plan_costs_the_same_for_any_number_of_slots(signed_in, django_assert_num_queries, count):
    office = OfficeFactory.create()
    _fill(office, count)
    client = signed_in(coordinator_of(office))
    url = reverse("helpdesk:office-plan", args=[office.slug])
    params = {"tag": _start().date().isoformat(), "ansicht": "woche"}
    client.get(url, params)
    # session (1), person and roles (1), office (1), audit log entry (1), slots
    # with their bookings, volunteers, walk-ins and the office's count of conflicts (1)
    with django_assert_num_queries(5):
        _get(client, url, params)


@pytest.mark.parametrize("count", COUNTS)
def test_day_list_costs_the_same_for_any_number_of_slots(signed_in, django_assert_num_queries, count):
    office = OfficeFactory.create()
    _fill(office, count)
    client = signed_in(coordinator_of(office))
    url = reverse("helpdesk:day-list", args=[office.slug])
    params = {"tag": _start().date().isoformat()}
    client.get(url, params)
    # session (1), person and roles (1), office (1), slots with their bookings and volunteers (1), audit log entry
    with django_assert_num_queries(5):
        _get(client, url, params)


@pytest.mark.parametrize("count", COUNTS)
def test_volunteer_appointments_cost_the_same_for_any_number_of_slots(signed_in, django_assert_num_queries, count):
    office = OfficeFactory.create()
    volunteer = helper_at(office)
    for slot in _fill(office, count, volunteer=volunteer):
        slot.volunteers.add(volunteer)
    client = signed_in(volunteer)
    url = reverse("helpdesk:my-appointments")
    client.get(url)
    # session (1), person and roles (1), upcoming slots with bookings (2), recent slots (1), requests to take over (1)
    with django_assert_num_queries(6):
        _get(client, url)


# --- API lists ------------------------------------------------------------------------------------


@pytest.mark.parametrize("count", COUNTS)
def test_api_office_list_costs_the_same_for_any_number_of_offices(client, django_assert_num_queries, count):
    for _ in range(count):
        OfficeFactory.create()
    # count (1), page (1), the page's opening hours (1)
    with django_assert_num_queries(3):
        _get(client, "/api/offices/")


@pytest.mark.parametrize("count", COUNTS)
def test_api_topic_list_costs_the_same_for_any_number_of_topics(client, django_assert_num_queries, count):
    TopicFactory.create_batch(count)
    # count (1), page (1)
    with django_assert_num_queries(2):
        _get(client, "/api/topics/")


@pytest.mark.parametrize("count", COUNTS)
def test_api_free_slot_list_costs_the_same_for_any_number_of_slots(client, django_assert_num_queries, count):
    office = OfficeFactory.create()
    _fill(office, count, book=False)
    # office (1), count (1), page of slots (1)
    with django_assert_num_queries(3):
        _get(client, "/api/free-slots/", {"office": office.slug})


@pytest.mark.parametrize("count", COUNTS)
def test_api_my_appointments_cost_the_same_for_any_number_of_bookings(signed_in, django_assert_num_queries, count):
    office = OfficeFactory.create()
    volunteer = helper_at(office)
    _fill(office, count, volunteer=volunteer)
    client = signed_in(volunteer)
    client.get("/api/my-appointments/")
    # session (1), person and roles (1), count (1), page of bookings with slot, office and topic (1)
    with django_assert_num_queries(4):
        _get(client, "/api/my-appointments/")
