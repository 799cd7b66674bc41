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
    # session (1), person and roles (1), hour and volunteers (2), visits (1), audit entry (1), topics for the form
    with django_assert_num_queries(7):
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
    # session (1), person and roles (1), counted slots (1), appointments without an outcome (1)
    with django_assert_num_queries(4):
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
    # session (1), person and roles (1), office (1), bookings by topic, device and outcome (3),
    # volunteer hours and names (2), waitlist (1), open hours and their visits (2)
    with django_assert_num_queries(11):
        assert client.get(url, params).status_code == 200


# --- the phone desk and the call list ---


def _phone_desk(count):
    """An office with ``count`` earlier callers and ``count`` free one-to-one times this week and next."""
    office = OfficeFactory.create()
    topic = TopicFactory.create()
    volunteers = [helper_at(office, topics=[topic], display_name=f"Helfer{n} Nachname") for n in range(3)]
    start = timezone.localtime().replace(hour=8, minute=0, second=0, microsecond=0) + dt.timedelta(days=1)
    slots = []
    for index in range(count):
        begins = start + dt.timedelta(hours=index % 8, days=index // 8)
        slot = SlotFactory.create(office=office, starts_at=begins, ends_at=begins + dt.timedelta(minutes=45))
        slot.volunteers.add(volunteers[index % 3])
        slots.append(slot)
    for index in range(count):
        BookingFactory.create(slot=slots[index], name=f"Anrufer {index}", phone=f"+49631{100000 + index}")
    return office, topic, slots


@pytest.mark.parametrize("count", COUNTS)
def test_the_caller_search_costs_the_same_for_any_number_of_earlier_callers(
    signed_in, django_assert_num_queries, count
):
    office, _topic, _slots = _phone_desk(count)
    client = signed_in(coordinator_of(office))
    url = reverse("helpdesk:book-for-caller", args=[office.slug])
    client.get(url, {"q": "Anrufer"})
    # session (1), person and roles (1), office (1), callers with their topic and slot (1), audit (1)
    with django_assert_num_queries(5):
        assert client.get(url, {"q": "Anrufer"}).status_code == 200


@pytest.mark.parametrize("count", COUNTS)
def test_the_fitting_times_with_first_names_cost_the_same_for_any_number_of_times(
    signed_in, django_assert_num_queries, count
):
    office, topic, slots = _phone_desk(count * 2)
    client = signed_in(coordinator_of(office))
    url = reverse("helpdesk:phone-desk-time", args=[office.slug])
    # The week of the first time (tomorrow may be in next week), so that the week is never empty.
    monday = timezone.localdate() - dt.timedelta(days=timezone.localdate().weekday())
    week = (timezone.localdate(slots[0].starts_at) - monday).days // 7
    query = {"topic": topic.pk, "device": "android", "woche": week}
    client.get(url, query)
    # session (1), person and roles (1), office (1), topic (1), the week's times (1), their volunteers (1)
    with django_assert_num_queries(6):
        assert client.get(url, query).status_code == 200


@pytest.mark.parametrize("count", COUNTS)
def test_the_details_and_the_text_to_read_aloud_cost_the_same_for_any_number_of_bookings(
    signed_in, django_assert_num_queries, count
):
    office, topic, slots = _phone_desk(count)
    free = SlotFactory.create(office=office, starts_at=timezone.now() + dt.timedelta(days=3))
    free.volunteers.add(slots[0].volunteers.get())
    earlier = slots[-1].bookings.get()
    client = signed_in(coordinator_of(office))
    details = reverse("helpdesk:phone-desk-details", args=[office.slug])
    query = {"wie": earlier.pk, "topic": topic.pk, "device": "android", "termin": free.pk}
    client.get(details, query)
    # session (1), person and roles (1), office (1), earlier booking (1), audit (1), topic (1),
    # chosen slot (1), fits (1), its volunteers (1)
    with django_assert_num_queries(9):
        assert client.get(details, query).status_code == 200
    done = reverse("helpdesk:phone-desk-done", args=[office.slug, earlier.pk])
    client.get(done)
    # session (1), person and roles (1), office (1), booking with slot and topic (1), volunteers (1),
    # audit (1)
    with django_assert_num_queries(6):
        assert client.get(done).status_code == 200


@pytest.mark.parametrize("count", COUNTS)
def test_the_call_list_with_merged_rows_costs_the_same_for_any_number_of_people(
    signed_in, django_assert_num_queries, count
):
    from notifications.models import Channel, OutboxMessage, Status

    office = OfficeFactory.create()
    coordinator = coordinator_of(office, display_name="Carla Coordinator")
    now = timezone.now()
    rows = []
    for index in range(count):
        for kind in ("booking_confirmation", "booking_reminder"):
            rows.append(
                OutboxMessage(
                    kind=kind,
                    key=f"{kind}-{index}",
                    channel=Channel.CALL,
                    status=Status.TO_CALL if index % 2 else Status.SENT,
                    sent_at=None if index % 2 else now,
                    sent_by=None if index % 2 else coordinator,
                    recipient_name=f"Person {index}",
                    recipient_phone=f"+49631{200000 + index}",
                    payload={"booking_id": index},
                    rendered_text=f"Skript {kind}",
                    scope=f"office:{office.pk}",
                    due_at=now - dt.timedelta(minutes=5),
                )
            )
    OutboxMessage.objects.bulk_create(rows)
    client = signed_in(coordinator)
    url = reverse("helpdesk:call-list", args=[office.slug])
    client.get(url)
    # session (1), person and roles (1), office (1), audit (1), open calls (1),
    # calls made with callers (1)
    with django_assert_num_queries(6):
        response = client.get(url)
    assert response.text.count('class="card call-row') == count // 2
