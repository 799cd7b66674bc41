"""Query budgets of an office's working day: the same for 5 and for 50 visits, months or open hours."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from helpdesk.models import BookingStatus, SlotKind, WalkInVisit
from tests.factories import BookingFactory, OfficeFactory, SlotFactory, coordinator_of
from tests.helpdesk.factories import TopicFactory, helper_at

pytestmark = pytest.mark.django_db

COUNTS = [5, 50]


def _past(office, volunteer, count, *, kind=SlotKind.ONE_TO_ONE):
    """``count`` past slots of ``volunteer``, one every nine days (so they spread over months)."""
    slots = []
    for index in range(count):
        start = timezone.now() - dt.timedelta(days=1 + 9 * index)
        slot = SlotFactory.create(
            office=office, kind=kind, capacity=20, starts_at=start, ends_at=start + dt.timedelta(hours=1)
        )
        slot.volunteers.add(volunteer)
        slots.append(slot)
    return slots


@pytest.mark.parametrize("count", COUNTS)
def test_the_visitors_of_an_open_hour_cost_the_same_for_any_number_of_visits(
    signed_in, django_assert_num_queries, count
):
    office = OfficeFactory.create()
    volunteer = helper_at(office)
    (hour,) = _past(office, volunteer, 1, kind=SlotKind.OPEN_HOUR)
    topic = TopicFactory.create()
    WalkInVisit.objects.bulk_create([WalkInVisit(slot=hour, topic=topic, first_name=f"P{n}") for n in range(count)])
    client = signed_in(volunteer)
    url = reverse("helpdesk:open-hour", args=[hour.pk])
    client.get(url)
    # session, user, roles (1), the hour with its volunteers (2), visits (1), audit entry (1), topics for the form
    with django_assert_num_queries(8):
        assert client.get(url).status_code == 200


@pytest.mark.parametrize("count", COUNTS)
def test_a_volunteers_hours_cost_the_same_for_any_number_of_appointments(signed_in, django_assert_num_queries, count):
    office = OfficeFactory.create()
    volunteer = helper_at(office)
    for slot in _past(office, volunteer, count):
        BookingFactory.create(slot=slot, status=BookingStatus.ATTENDED)
    client = signed_in(volunteer)
    url = reverse("helpdesk:my-hours")
    params = {
        "von": (timezone.localdate() - dt.timedelta(days=500)).isoformat(),
        "bis": timezone.localdate().isoformat(),
    }
    client.get(url, params)
    # session, user, roles (1), counted slots (1), appointments without an outcome (1)
    with django_assert_num_queries(5):
        assert client.get(url, params).status_code == 200


@pytest.mark.parametrize("count", COUNTS)
def test_the_office_statistics_cost_the_same_for_any_number_of_open_hours(signed_in, django_assert_num_queries, count):
    office = OfficeFactory.create()
    volunteer = helper_at(office)
    for hour in _past(office, volunteer, count, kind=SlotKind.OPEN_HOUR):
        WalkInVisit.objects.create(slot=hour, count=2)
    client = signed_in(coordinator_of(office))
    url = reverse("helpdesk:office-stats", args=[office.slug])
    params = {"tage": "730"}
    client.get(url, params)
    # session, user, roles and second factor (1), office (1), bookings by topic, device and outcome (3),
    # volunteer hours and names (2), waitlist (1), open hours and their visits (2)
    with django_assert_num_queries(12):
        assert client.get(url, params).status_code == 200
