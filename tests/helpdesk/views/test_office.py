"""Volunteers' and coordinators' areas: who may see what, and what they can do there."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
from django.urls import reverse
from django.utils import timezone

from helpdesk import services
from helpdesk.models import Availability, Booking, BookingStatus, Office, Slot, WorkshopSchedule
from tests.factories import BookingFactory, UserFactory
from tests.helpdesk.factories import TopicFactory, one_to_one, workshop
from tests.world import ROLES, World, access, client_for

pytestmark = pytest.mark.django_db


# The people and offices are the shared world's (tests/world.py); the appointment looked at here is Hilde
# Hausmann's, booked as a caller would be, about a topic of its own so counts and names are this file's.
PEOPLE = (*ROLES, "colleague", "volunteer_b")


@pytest.fixture
def desk(world: World) -> SimpleNamespace:
    """Hilde Hausmann's appointment about online banking with the world's volunteer at office A."""
    topic = TopicFactory.create(name="Online-Banking")
    for role in ("volunteer", "colleague"):
        world.person(role).volunteer_profile.topics.add(topic)
    slot = one_to_one(world.office_a, world.person("volunteer"), starts_at=timezone.now() + dt.timedelta(days=5))
    booking = services.booking_create(
        slot=slot,
        name="Hilde Hausmann",
        phone="0631 424242",
        topic=topic,
        device="android",
        note="Braucht große Schrift",
        consent=True,
    )
    return SimpleNamespace(topic=topic, slot=slot, booking=booking)


OFFICE_PAGES = [
    "helpdesk:office-plan",
    "helpdesk:day-list",
    "helpdesk:book-for-caller",
    "helpdesk:office-volunteers",
    "helpdesk:office-conflicts",
    "helpdesk:office-stats",
]
OFFICE_ACCESS = access(403, people=PEOPLE, anonymous=302, guest=302, coordinator_a=200, administrator=200)


@pytest.mark.parametrize("page", OFFICE_PAGES)
@pytest.mark.parametrize(("role", "expected"), OFFICE_ACCESS.items())
def test_office_pages_are_only_for_the_offices_coordinators(world, page, role, expected):
    response = client_for(world, role).get(reverse(page, args=[world.office_a.slug]))
    assert response.status_code == expected
    if expected == 302:
        assert "/konto/login/" in response["Location"]


VOLUNTEER_PAGES = ["helpdesk:my-appointments", "helpdesk:my-availability", "helpdesk:my-hours"]
VOLUNTEER_ACCESS = access(403, people=PEOPLE, anonymous=302, guest=302, volunteer=200, colleague=200, volunteer_b=200)


@pytest.mark.parametrize("page", VOLUNTEER_PAGES)
@pytest.mark.parametrize(("role", "expected"), VOLUNTEER_ACCESS.items())
def test_volunteer_pages_are_only_for_volunteers(world, page, role, expected):
    assert client_for(world, role).get(reverse(page)).status_code == expected


BOOKING_ACCESS = access(
    403, people=PEOPLE, anonymous=302, guest=302, volunteer=200, coordinator_a=200, administrator=200
)


@pytest.mark.parametrize(("role", "expected"), BOOKING_ACCESS.items())
def test_only_the_assigned_volunteer_and_the_offices_coordinators_handle_a_booking(world, desk, role, expected):
    url = reverse("helpdesk:staff-booking-cancel", args=[desk.booking.pk])
    assert client_for(world, role).get(url).status_code == expected


@pytest.mark.parametrize(("role", "expected"), BOOKING_ACCESS.items())
def test_only_the_assigned_volunteer_and_the_offices_coordinators_record_an_outcome(world, desk, role, expected):
    url = reverse("helpdesk:booking-outcome", args=[desk.booking.pk])
    response = client_for(world, role).post(url, {"outcome": "attended"})
    assert response.status_code == (302 if expected == 200 else expected)


def test_the_volunteer_sees_first_name_topic_device_and_note_of_their_own_appointments(world, desk, signed_in):
    page = signed_in(world.person("volunteer")).get(reverse("helpdesk:my-appointments")).text
    assert "Hilde" in page
    assert "Hausmann" not in page
    assert "Online-Banking" in page
    assert "Braucht große Schrift" in page


def test_another_volunteer_does_not_see_someone_elses_appointment(world, desk, signed_in):
    page = signed_in(world.person("colleague")).get(reverse("helpdesk:my-appointments")).text
    assert "Hilde" not in page
    assert "Braucht große Schrift" not in page


def test_the_plan_and_day_list_show_phone_numbers_to_the_coordinator(world, desk, signed_in):
    client = signed_in(world.person("coordinator_a"))
    day = timezone.localtime(desk.slot.starts_at).date().isoformat()
    plan = client.get(reverse("helpdesk:office-plan", args=[world.office_a.slug]), {"tag": day}).text
    day_list = client.get(reverse("helpdesk:day-list", args=[world.office_a.slug]), {"tag": day}).text
    for page in (plan, day_list):
        assert "Hilde Hausmann" in page
        assert "0631 424242" in page
    assert "Braucht große Schrift" in day_list


def test_the_day_list_escapes_what_people_typed_and_marks_a_loan_tablet(world, desk, signed_in):
    """The day list's rows are put together in Python (helpdesk/plan.py): typed text stays text."""
    Booking.objects.filter(pk=desk.booking.pk).update(
        name="<b>Eva & Otto</b>", note="Bringt 'Zettel' mit", needs_loan_device=True
    )
    client = signed_in(world.person("coordinator_a"))
    day = timezone.localtime(desk.slot.starts_at).date().isoformat()
    day_list = client.get(reverse("helpdesk:day-list", args=[world.office_a.slug]), {"tag": day}).text
    assert "<td>&lt;b&gt;Eva &amp; Otto&lt;/b&gt;</td>" in day_list
    assert "<td>Bringt &#x27;Zettel&#x27; mit (Leih-Tablet)</td>" in day_list
    assert "<b>Eva" not in day_list


def test_plan_with_htmx_renders_only_the_plan(world, signed_in):
    client = signed_in(world.person("coordinator_a"))
    response = client.get(reverse("helpdesk:office-plan", args=[world.office_a.slug]), HTTP_HX_REQUEST="true")
    assert response.text.lstrip().startswith('<section id="plan"')


def test_week_view_lists_every_day_of_the_week(world, desk, signed_in):
    client = signed_in(world.person("coordinator_a"))
    day = timezone.localtime(desk.slot.starts_at).date().isoformat()
    page = client.get(
        reverse("helpdesk:office-plan", args=[world.office_a.slug]), {"tag": day, "ansicht": "woche"}
    ).text
    assert "Hilde Hausmann" in page


@pytest.mark.parametrize("count", [5, 50])
def test_plan_needs_the_same_number_of_queries_for_5_and_50_slots(
    world, desk, signed_in, django_assert_num_queries, settings, count
):
    settings.APP_CACHE = False  # the cost of rendering, not of a cached answer
    office = world.office_a
    client = signed_in(world.person("coordinator_a"))
    start = timezone.make_aware(dt.datetime.combine(timezone.localdate() + dt.timedelta(days=10), dt.time(8)))
    for i in range(count):
        slot = workshop(office, starts_at=start + dt.timedelta(minutes=10 * i))
        BookingFactory.create(slot=slot, topic=desk.topic)
        slot.volunteers.add(world.person("volunteer"))
    url = reverse("helpdesk:office-plan", args=[world.office_a.slug])
    client.get(url, {"tag": start.date().isoformat()})  # warm the session cache
    # session (1), person and roles (1), office, audit log entry, slots with their bookings, volunteers,
    # walk-ins and the office's count of conflicts (1)
    with django_assert_num_queries(5):
        response = client.get(url, {"tag": start.date().isoformat()})
    assert response.text.count("<tr") == count + 1


def test_coordinator_finds_an_earlier_caller_and_rebooks_them(world, desk, signed_in):
    client = signed_in(world.person("coordinator_a"))
    found = client.get(reverse("helpdesk:book-for-caller", args=[world.office_a.slug]), {"q": "424242"})
    booking = desk.booking
    assert "Hilde Hausmann" in found.text
    details = reverse("helpdesk:phone-desk-details", args=[world.office_a.slug])
    later = one_to_one(world.office_a, world.person("colleague"), starts_at=desk.slot.starts_at + dt.timedelta(days=1))
    choice = {"wie": booking.pk, "topic": desk.topic.pk, "device": "android", "termin": later.pk}
    assert 'value="Hilde Hausmann"' in client.get(details, choice).text
    response = client.post(details, {**choice, "name": "Hilde Hausmann", "phone": "0631 424242", "consent": "on"})
    assert response.status_code == 302
    new = Booking.objects.get(slot=later)
    assert new.channel == "phone"
    assert new.booked_by == world.person("coordinator_a")


def test_coordinator_adds_availability_and_workshop_and_slots_appear(world, signed_in):
    client = signed_in(world.person("coordinator_a"))
    url = reverse("helpdesk:office-volunteers", args=[world.office_a.slug])
    volunteer = world.person("volunteer")
    response = client.post(
        url,
        {
            "action": "availability",
            "volunteer": volunteer.pk,
            "office": world.office_a.pk,
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
    assert client.post(reverse("helpdesk:office-regenerate", args=[world.office_a.slug])).status_code == 302


def test_volunteer_cancelling_with_a_reason_frees_the_place(world, desk, signed_in):
    client = signed_in(world.person("volunteer"))
    booking = desk.booking
    client.post(reverse("helpdesk:staff-booking-cancel", args=[booking.pk]), {"reason": "Ich bin krank"})
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CANCELLED
    assert booking.cancel_reason == "Ich bin krank"


def test_volunteer_records_attendance_and_sees_their_hours(world, desk, signed_in):
    booking = desk.booking
    Slot.objects.filter(pk=booking.slot_id).update(
        starts_at=timezone.now() - dt.timedelta(hours=2), ends_at=timezone.now() - dt.timedelta(hours=1)
    )
    client = signed_in(world.person("volunteer"))
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
    volunteer = world.person("volunteer")
    client = signed_in(volunteer)
    url = reverse("helpdesk:my-availability")
    client.post(
        url,
        {
            "action": "availability",
            "office": world.office_a.pk,
            "weekday": 1,
            "start_time": "10:00",
            "end_time": "12:00",
            "slot_minutes": 60,
        },
    )
    assert Availability.objects.filter(volunteer=volunteer, weekday=1, start_time=dt.time(10)).exists()
    today = timezone.localdate()
    client.post(
        url,
        {"action": "absence", "starts_on": today.isoformat(), "ends_on": (today + dt.timedelta(days=3)).isoformat()},
    )
    assert volunteer.absences.filter(starts_on=today).exists()
    old_token = volunteer.volunteer_profile.calendar_token
    feed = client.get(reverse("helpdesk:calendar-feed", args=[old_token]))
    assert feed["Content-Type"].startswith("text/calendar")
    assert b"BEGIN:VCALENDAR" in feed.content
    client.post(reverse("helpdesk:calendar-renew"))
    volunteer.volunteer_profile.refresh_from_db()
    assert volunteer.volunteer_profile.calendar_token != old_token
    assert client.get(reverse("helpdesk:calendar-feed", args=[old_token])).status_code == 404


def test_statistics_show_charts_with_a_table_and_export_csv(world, desk, signed_in):
    client = signed_in(world.person("coordinator_a"))
    page = client.get(reverse("helpdesk:office-stats", args=[world.office_a.slug]))
    assert "<progress" in page.text
    assert "<caption>" in page.text
    assert "Online-Banking" in page.text
    csv = client.get(reverse("helpdesk:office-stats", args=[world.office_a.slug]), {"format": "csv"})
    assert "Online-Banking;1" in csv.content.decode()


def test_conflicts_page_lists_flagged_slots_and_resolves_them(world, desk, signed_in):
    slot = desk.slot
    Slot.objects.filter(pk=slot.pk).update(conflict=True, conflict_note="Ehrenamtliche fehlt")
    client = signed_in(world.person("coordinator_a"))
    url = reverse("helpdesk:office-conflicts", args=[world.office_a.slug])
    assert "Ehrenamtliche fehlt" in client.get(url).text
    client.post(url, {"slot": slot.pk})
    slot.refresh_from_db()
    assert not slot.conflict


def test_a_renamed_office_shows_at_once_on_the_cached_plan(world, signed_in):
    client = signed_in(world.person("coordinator_a"))
    url = reverse("helpdesk:office-plan", args=[world.office_a.slug])
    client.get(url)
    Office.objects.filter(pk=world.office_a.pk).update(name="Stadtteilbüro Umbenannt")
    assert "Stadtteilbüro Umbenannt" in client.get(url).text
    Office.objects.filter(pk=world.office_a.pk).update(slug="neu")
    assert client.get(url).status_code == 404


def test_plan_and_day_list_name_a_slots_volunteers_in_the_order_of_their_addresses(world, desk, signed_in):
    slot = desk.slot
    slot.volunteers.add(UserFactory.create(email="aaa@example.org", display_name="Zora Zander"))
    client = signed_in(world.person("coordinator_a"))
    day = timezone.localtime(slot.starts_at).date().isoformat()
    volunteer = world.person("volunteer")
    expected = f"Zora Zander, {volunteer.display_name or volunteer.email}"
    for name in ("helpdesk:office-plan", "helpdesk:day-list"):
        assert expected in client.get(reverse(name, args=[world.office_a.slug]), {"tag": day}).text


def test_plan_shows_a_slots_conflict_and_a_cancelled_booking_not_at_all(world, desk, signed_in):
    slot = desk.slot
    Slot.objects.filter(pk=slot.pk).update(conflict=True, conflict_note="closed:Betriebsausflug")
    BookingFactory.create(slot=slot, name="Otto Abgesagt", status=BookingStatus.CANCELLED)
    client = signed_in(world.person("coordinator_a"))
    day = timezone.localtime(slot.starts_at).date().isoformat()
    page = client.get(reverse("helpdesk:office-plan", args=[world.office_a.slug]), {"tag": day}).text
    assert 'class="conflict"' in page
    assert "Betriebsausflug" in page
    assert "Otto Abgesagt" not in page
    assert "Hilde Hausmann" in page


def test_the_plan_counts_the_offices_conflicts_on_a_day_with_and_without_slots(world, desk, signed_in):
    slot = desk.slot
    later = one_to_one(world.office_a, world.person("volunteer"), starts_at=slot.starts_at + dt.timedelta(days=3))
    Slot.objects.filter(pk=later.pk).update(conflict=True, conflict_note="closed:")
    client = signed_in(world.person("coordinator_a"))
    url = reverse("helpdesk:office-plan", args=[world.office_a.slug])
    busy_day = timezone.localtime(slot.starts_at).date()
    empty_day = busy_day + dt.timedelta(days=1)
    if Slot.objects.filter(office=world.office_a, starts_at__date=empty_day).exists():
        empty_day += dt.timedelta(days=1)
    for day in (busy_day, empty_day):
        assert "1 Termin braucht Ihre Aufmerksamkeit" in client.get(url, {"tag": day.isoformat()}).text


def test_the_plan_of_a_closed_day_says_so_and_links_the_next_open_day(world, signed_in):
    from helpdesk.models import Closure, OpeningHours

    office = world.office_a
    OpeningHours.objects.create(office=office, weekday=0, opens=dt.time(9), closes=dt.time(12))
    OpeningHours.objects.create(office=office, weekday=3, opens=dt.time(9), closes=dt.time(12))
    tuesday = dt.date(2031, 1, 7)  # a Tuesday; Monday and Thursday are the open days
    client = signed_in(world.person("coordinator_a"))
    url = reverse("helpdesk:office-plan", args=[office.slug])
    page = client.get(url, {"tag": tuesday.isoformat()}).text
    assert "Das Büro ist an diesem Tag geschlossen." in page
    assert "Nichts geplant" not in page
    assert 'href="?tag=2031-01-09"' in page
    assert "Nächster Öffnungstag: Donnerstag, 9. Januar" in page
    Closure.objects.create(office=office, starts_on=dt.date(2031, 1, 9), ends_on=dt.date(2031, 1, 9), reason="Umzug")
    page = client.get(url, {"tag": "2031-01-09"}).text
    assert "Das Büro ist an diesem Tag geschlossen (Umzug)." in page
    assert "Nächster Öffnungstag: Montag, 13. Januar" in page
    # An open day without slots stays "nothing planned".
    assert "Nichts geplant." in client.get(url, {"tag": "2031-01-13"}).text


def test_an_empty_plan_links_the_next_day_with_appointments(world, signed_in):
    later = one_to_one(world.office_a, world.person("volunteer"), starts_at=timezone.now() + dt.timedelta(days=190))
    slot_day = timezone.localtime(later.starts_at).date()
    empty_day = slot_day - dt.timedelta(days=3)
    client = signed_in(world.person("coordinator_a"))
    page = client.get(reverse("helpdesk:office-plan", args=[world.office_a.slug]), {"tag": empty_day.isoformat()}).text
    assert f'href="?tag={slot_day.isoformat()}"' in page
    assert "Nächster Tag mit Terminen:" in page


def test_statistics_name_bookings_without_a_topic_or_device_instead_of_a_dash(world, signed_in):
    slot = one_to_one(world.office_a, world.person("volunteer"), starts_at=timezone.now() + dt.timedelta(days=6))
    services.booking_create(slot=slot, name="Otto Ohne", phone="0631 424242", consent=True)
    page = signed_in(world.person("coordinator_a")).get(reverse("helpdesk:office-stats", args=[world.office_a.slug]))
    assert '<th scope="row">ohne Thema</th>' in page.text
    assert '<th scope="row">ohne Gerät</th>' in page.text
