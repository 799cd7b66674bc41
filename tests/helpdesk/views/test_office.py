"""Volunteers' and coordinators' areas: who may see what, and what they can do there."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from helpdesk import services
from helpdesk.models import Availability, Booking, BookingStatus, Office, Slot, WorkshopSchedule
from tests.factories import (
    BookingFactory,
    OfficeFactory,
    ProjectFactory,
    UserFactory,
    coordinator_of,
    moderator_of,
)
from tests.helpdesk.factories import TopicFactory, helper_at, one_to_one, workshop

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    office_a = OfficeFactory.create(slug="a")
    office_b = OfficeFactory.create(slug="b")
    topic = TopicFactory.create(name="Online-Banking")
    volunteer = helper_at(office_a, topics=[topic])
    other_volunteer = helper_at(office_a, topics=[topic])
    slot = one_to_one(office_a, volunteer)
    booking = services.booking_create(
        slot=slot,
        name="Hilde Hausmann",
        phone="0631 424242",
        topic=topic,
        device="android",
        note="Braucht große Schrift",
        consent=True,
    )
    people = {
        "anonymous": None,
        "citizen": UserFactory.create(),
        "volunteer": volunteer,
        "other_volunteer": other_volunteer,
        "coordinator_a": coordinator_of(office_a),
        "coordinator_b": coordinator_of(office_b),
        "moderator": moderator_of(ProjectFactory.create()),
        "administrator": UserFactory.create(is_superuser=True, is_staff=True),
    }
    return {"a": office_a, "b": office_b, "topic": topic, "slot": slot, "booking": booking, "people": people}


def client_for(world, role, client, signed_in):
    user = world["people"][role]
    return client if user is None else signed_in(user)


OFFICE_PAGES = [
    "helpdesk:office-plan",
    "helpdesk:day-list",
    "helpdesk:book-for-caller",
    "helpdesk:office-volunteers",
    "helpdesk:office-conflicts",
    "helpdesk:office-stats",
]
OFFICE_ACCESS = {
    "anonymous": 302,
    "citizen": 403,
    "volunteer": 403,
    "other_volunteer": 403,
    "coordinator_a": 200,
    "coordinator_b": 403,
    "moderator": 403,
    "administrator": 200,
}


@pytest.mark.parametrize("page", OFFICE_PAGES)
@pytest.mark.parametrize(("role", "expected"), OFFICE_ACCESS.items())
def test_office_pages_are_only_for_the_offices_coordinators(world, client, signed_in, page, role, expected):
    response = client_for(world, role, client, signed_in).get(reverse(page, args=["a"]))
    assert response.status_code == expected
    if expected == 302:
        assert "/konto/login/" in response["Location"]


VOLUNTEER_PAGES = ["helpdesk:my-appointments", "helpdesk:my-availability", "helpdesk:my-hours"]
VOLUNTEER_ACCESS = {
    "anonymous": 302,
    "citizen": 403,
    "volunteer": 200,
    "other_volunteer": 200,
    "coordinator_a": 403,
    "coordinator_b": 403,
    "moderator": 403,
    "administrator": 403,
}


@pytest.mark.parametrize("page", VOLUNTEER_PAGES)
@pytest.mark.parametrize(("role", "expected"), VOLUNTEER_ACCESS.items())
def test_volunteer_pages_are_only_for_volunteers(world, client, signed_in, page, role, expected):
    assert client_for(world, role, client, signed_in).get(reverse(page)).status_code == expected


BOOKING_ACCESS = {
    "anonymous": 302,
    "citizen": 403,
    "volunteer": 200,
    "other_volunteer": 403,
    "coordinator_a": 200,
    "coordinator_b": 403,
    "moderator": 403,
    "administrator": 200,
}


@pytest.mark.parametrize(("role", "expected"), BOOKING_ACCESS.items())
def test_only_the_assigned_volunteer_and_the_offices_coordinators_handle_a_booking(
    world, client, signed_in, role, expected
):
    url = reverse("helpdesk:staff-booking-cancel", args=[world["booking"].pk])
    assert client_for(world, role, client, signed_in).get(url).status_code == expected


@pytest.mark.parametrize(("role", "expected"), BOOKING_ACCESS.items())
def test_only_the_assigned_volunteer_and_the_offices_coordinators_record_an_outcome(
    world, client, signed_in, role, expected
):
    url = reverse("helpdesk:booking-outcome", args=[world["booking"].pk])
    response = client_for(world, role, client, signed_in).post(url, {"outcome": "attended"})
    assert response.status_code == (302 if expected == 200 else expected)


def test_the_volunteer_sees_first_name_topic_device_and_note_of_their_own_appointments(world, signed_in):
    page = signed_in(world["people"]["volunteer"]).get(reverse("helpdesk:my-appointments")).text
    assert "Hilde" in page
    assert "Hausmann" not in page
    assert "Online-Banking" in page
    assert "Braucht große Schrift" in page


def test_another_volunteer_does_not_see_someone_elses_appointment(world, signed_in):
    page = signed_in(world["people"]["other_volunteer"]).get(reverse("helpdesk:my-appointments")).text
    assert "Hilde" not in page
    assert "Braucht große Schrift" not in page


def test_the_plan_and_day_list_show_phone_numbers_to_the_coordinator(world, signed_in):
    client = signed_in(world["people"]["coordinator_a"])
    day = timezone.localtime(world["slot"].starts_at).date().isoformat()
    plan = client.get(reverse("helpdesk:office-plan", args=["a"]), {"tag": day}).text
    day_list = client.get(reverse("helpdesk:day-list", args=["a"]), {"tag": day}).text
    for page in (plan, day_list):
        assert "Hilde Hausmann" in page
        assert "0631 424242" in page
    assert "Braucht große Schrift" in day_list


def test_plan_with_htmx_renders_only_the_plan(world, signed_in):
    client = signed_in(world["people"]["coordinator_a"])
    response = client.get(reverse("helpdesk:office-plan", args=["a"]), HTTP_HX_REQUEST="true")
    assert response.text.lstrip().startswith('<section id="plan"')


def test_week_view_lists_every_day_of_the_week(world, signed_in):
    client = signed_in(world["people"]["coordinator_a"])
    day = timezone.localtime(world["slot"].starts_at).date().isoformat()
    page = client.get(reverse("helpdesk:office-plan", args=["a"]), {"tag": day, "ansicht": "woche"}).text
    assert "Hilde Hausmann" in page


@pytest.mark.parametrize("count", [5, 50])
def test_plan_needs_the_same_number_of_queries_for_5_and_50_slots(
    world, signed_in, django_assert_num_queries, settings, count
):
    settings.APP_CACHE = False  # the cost of rendering, not of a cached answer
    office = world["a"]
    client = signed_in(world["people"]["coordinator_a"])
    start = timezone.make_aware(dt.datetime.combine(timezone.localdate() + dt.timedelta(days=10), dt.time(8)))
    for i in range(count):
        slot = workshop(office, starts_at=start + dt.timedelta(minutes=10 * i))
        BookingFactory.create(slot=slot, topic=world["topic"])
        slot.volunteers.add(world["people"]["volunteer"])
    url = reverse("helpdesk:office-plan", args=["a"])
    client.get(url, {"tag": start.date().isoformat()})  # warm the session cache
    # session, user, roles and TOTP check (1), office, audit log entry, slots with their bookings, volunteers,
    # walk-ins and the office's count of conflicts (1)
    with django_assert_num_queries(6):
        response = client.get(url, {"tag": start.date().isoformat()})
    assert response.text.count("<tr") == count + 1


def test_coordinator_finds_an_earlier_caller_and_rebooks_in_two_clicks(world, signed_in):
    client = signed_in(world["people"]["coordinator_a"])
    url = reverse("helpdesk:book-for-caller", args=["a"])
    found = client.get(url, {"q": "424242"})
    booking = world["booking"]
    assert "Hilde Hausmann" in found.text
    prefilled = client.get(url, {"wie": booking.pk})
    assert 'value="Hilde Hausmann"' in prefilled.text
    later = one_to_one(
        world["a"], world["people"]["other_volunteer"], starts_at=world["slot"].starts_at + dt.timedelta(days=1)
    )
    response = client.post(
        url,
        {
            "slot": later.pk,
            "name": "Hilde Hausmann",
            "phone": "0631 424242",
            "topic": world["topic"].pk,
            "device": "android",
            "channel": "phone",
            "consent": "on",
        },
    )
    assert response.status_code == 302
    new = Booking.objects.get(slot=later)
    assert new.channel == "phone"
    assert new.booked_by == world["people"]["coordinator_a"]


def test_caller_search_with_htmx_renders_only_the_results(world, signed_in):
    client = signed_in(world["people"]["coordinator_a"])
    response = client.get(reverse("helpdesk:book-for-caller", args=["a"]), {"q": "Hilde"}, HTTP_HX_REQUEST="true")
    assert response.text.lstrip().startswith('<section id="callers"')
    assert "Hilde Hausmann" in response.text


def test_coordinator_of_another_office_finds_no_callers_here(world, signed_in):
    client = signed_in(world["people"]["coordinator_b"])
    response = client.get(reverse("helpdesk:book-for-caller", args=["b"]), {"q": "Hilde"})
    assert "Hilde Hausmann" not in response.text


def test_coordinator_adds_availability_and_workshop_and_slots_appear(world, signed_in):
    client = signed_in(world["people"]["coordinator_a"])
    url = reverse("helpdesk:office-volunteers", args=["a"])
    volunteer = world["people"]["volunteer"]
    response = client.post(
        url,
        {
            "action": "availability",
            "volunteer": volunteer.pk,
            "office": world["a"].pk,
            "weekday": 2,
            "start_time": "09:00",
            "end_time": "11:00",
            "slot_minutes": 60,
        },
    )
    assert response.status_code == 302
    assert Availability.objects.filter(volunteer=volunteer, weekday=2).exists()
    response = client.post(
        url,
        {
            "action": "workshop",
            "title": "Tablet-Treff",
            "kind": "workshop",
            "weekday": 3,
            "start_time": "13:00",
            "end_time": "15:00",
            "capacity": 8,
        },
    )
    assert response.status_code == 302
    schedule = WorkshopSchedule.objects.get(title="Tablet-Treff")
    assert Slot.objects.filter(workshop=schedule).count() == 4
    assert client.post(reverse("helpdesk:office-regenerate", args=["a"])).status_code == 302


def test_volunteer_cancelling_with_a_reason_frees_the_place(world, signed_in):
    client = signed_in(world["people"]["volunteer"])
    booking = world["booking"]
    client.post(reverse("helpdesk:staff-booking-cancel", args=[booking.pk]), {"reason": "Ich bin krank"})
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CANCELLED
    assert booking.cancel_reason == "Ich bin krank"


def test_volunteer_records_attendance_and_sees_their_hours(world, signed_in):
    booking = world["booking"]
    Slot.objects.filter(pk=booking.slot_id).update(
        starts_at=timezone.now() - dt.timedelta(hours=2), ends_at=timezone.now() - dt.timedelta(hours=1)
    )
    client = signed_in(world["people"]["volunteer"])
    outcome_url = reverse("helpdesk:booking-outcome", args=[booking.pk])
    assert f'action="{outcome_url}"' in client.get(reverse("helpdesk:my-appointments")).text
    client.post(reverse("helpdesk:booking-outcome", args=[booking.pk]), {"outcome": "attended", "note": "gut"})
    booking.refresh_from_db()
    assert booking.status == BookingStatus.ATTENDED
    csv = client.get(reverse("helpdesk:my-hours"), {"format": "csv"})
    assert csv["Content-Type"].startswith("text/csv")
    month = timezone.localtime(Slot.objects.get(pk=booking.slot_id).starts_at).strftime("%Y-%m")
    # month; hours; appointments; no-shows waited for; workshops; open hours
    assert f"{month};1,00;1;0;0;0" in csv.content.decode()


def test_volunteer_edits_times_absences_and_renews_the_calendar_link(world, signed_in):
    volunteer = world["people"]["volunteer"]
    client = signed_in(volunteer)
    url = reverse("helpdesk:my-availability")
    client.post(
        url,
        {
            "action": "availability",
            "office": world["a"].pk,
            "weekday": 1,
            "start_time": "10:00",
            "end_time": "12:00",
            "slot_minutes": 60,
        },
    )
    assert Availability.objects.filter(volunteer=volunteer, weekday=1).exists()
    today = timezone.localdate()
    client.post(
        url,
        {"action": "absence", "starts_on": today.isoformat(), "ends_on": (today + dt.timedelta(days=3)).isoformat()},
    )
    assert volunteer.absences.exists()
    old_token = volunteer.volunteer_profile.calendar_token
    feed = client.get(reverse("helpdesk:calendar-feed", args=[old_token]))
    assert feed["Content-Type"].startswith("text/calendar")
    assert b"BEGIN:VCALENDAR" in feed.content
    client.post(reverse("helpdesk:calendar-renew"))
    volunteer.volunteer_profile.refresh_from_db()
    assert volunteer.volunteer_profile.calendar_token != old_token
    assert client.get(reverse("helpdesk:calendar-feed", args=[old_token])).status_code == 404


def test_statistics_show_charts_with_a_table_and_export_csv(world, signed_in):
    client = signed_in(world["people"]["coordinator_a"])
    page = client.get(reverse("helpdesk:office-stats", args=["a"]))
    assert "<progress" in page.text
    assert "<caption>" in page.text
    assert "Online-Banking" in page.text
    csv = client.get(reverse("helpdesk:office-stats", args=["a"]), {"format": "csv"})
    assert "Online-Banking;1" in csv.content.decode()


def test_conflicts_page_lists_flagged_slots_and_resolves_them(world, signed_in):
    slot = world["slot"]
    Slot.objects.filter(pk=slot.pk).update(conflict=True, conflict_note="Ehrenamtliche fehlt")
    client = signed_in(world["people"]["coordinator_a"])
    url = reverse("helpdesk:office-conflicts", args=["a"])
    assert "Ehrenamtliche fehlt" in client.get(url).text
    client.post(url, {"slot": slot.pk})
    slot.refresh_from_db()
    assert not slot.conflict


def test_a_renamed_office_shows_at_once_on_the_cached_plan(world, signed_in):
    client = signed_in(world["people"]["coordinator_a"])
    url = reverse("helpdesk:office-plan", args=["a"])
    client.get(url)
    Office.objects.filter(slug="a").update(name="Stadtteilbüro Umbenannt")
    assert "Stadtteilbüro Umbenannt" in client.get(url).text
    Office.objects.filter(slug="a").update(slug="neu")
    assert client.get(url).status_code == 404


def test_plan_and_day_list_name_a_slots_volunteers_in_the_order_of_their_addresses(world, signed_in):
    slot = world["slot"]
    slot.volunteers.add(UserFactory.create(email="aaa@example.org", display_name="Zora Zander"))
    client = signed_in(world["people"]["coordinator_a"])
    day = timezone.localtime(slot.starts_at).date().isoformat()
    volunteer = world["people"]["volunteer"]
    expected = f"Zora Zander, {volunteer.display_name or volunteer.email}"
    for name in ("helpdesk:office-plan", "helpdesk:day-list"):
        assert expected in client.get(reverse(name, args=["a"]), {"tag": day}).text


def test_plan_shows_a_slots_conflict_and_a_cancelled_booking_not_at_all(world, signed_in):
    slot = world["slot"]
    Slot.objects.filter(pk=slot.pk).update(conflict=True, conflict_note="closed:Betriebsausflug")
    BookingFactory.create(slot=slot, name="Otto Abgesagt", status=BookingStatus.CANCELLED)
    client = signed_in(world["people"]["coordinator_a"])
    day = timezone.localtime(slot.starts_at).date().isoformat()
    page = client.get(reverse("helpdesk:office-plan", args=["a"]), {"tag": day}).text
    assert 'class="conflict"' in page
    assert "Betriebsausflug" in page
    assert "Otto Abgesagt" not in page
    assert "Hilde Hausmann" in page


def test_the_plan_counts_the_offices_conflicts_on_a_day_with_and_without_slots(world, signed_in):
    slot = world["slot"]
    later = one_to_one(world["a"], world["people"]["volunteer"], starts_at=slot.starts_at + dt.timedelta(days=3))
    Slot.objects.filter(pk=later.pk).update(conflict=True, conflict_note="closed:")
    client = signed_in(world["people"]["coordinator_a"])
    url = reverse("helpdesk:office-plan", args=["a"])
    busy_day = timezone.localtime(slot.starts_at).date()
    empty_day = busy_day + dt.timedelta(days=1)
    if Slot.objects.filter(office=world["a"], starts_at__date=empty_day).exists():
        empty_day += dt.timedelta(days=1)
    for day in (busy_day, empty_day):
        assert "1 Termin braucht Ihre Aufmerksamkeit" in client.get(url, {"tag": day.isoformat()}).text
