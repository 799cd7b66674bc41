"""After booking: the done page, "Meine Termine", .ics, moving in the week view, cancelling, second tries."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from helpdesk import services
from helpdesk.models import Booking, BookingStatus
from tests.factories import OfficeFactory, UserFactory
from tests.helpdesk.factories import TopicFactory, helper_at, one_to_one, week_of, workshop

pytestmark = pytest.mark.django_db


@pytest.fixture
def office():
    return OfficeFactory.create(
        name="Stadtteilbüro Grübentälchen",
        address="Kantstraße 59\n67663 Kaiserslautern",
        room="Erdgeschoss, Gruppenraum",
        phone="0631 365-4411",
        reminder_offsets_hours=[24],
    )


def book(client, slot, **data):
    return client.post(reverse("helpdesk:book", args=[slot.pk]), {"name": "Hilde Gast", "consent": "on", **data})


@pytest.mark.parametrize(
    ("contact", "told"),
    [
        ({"phone": "0631 52417"}, "ruft das Büro Sie unter 0631 52417 an"),
        ({"phone": "0171 2345678"}, "als SMS auf Ihr Handy 0171 2345678"),
        ({"phone": "0631 52417", "email": "hilde@example.org"}, "per E-Mail an hilde@example.org"),
    ],
)
def test_the_done_page_says_how_the_person_will_be_reminded(client, office, contact, told):
    response = book(client, workshop(office), **contact)
    page = client.get(response["Location"]).text
    assert told in page
    assert "Die Erinnerung kommt einen Tag vor dem Termin." in page


def test_two_reminders_are_told_as_two_not_as_one_day_and_two_hours(client, office):
    # "einen Tag und 2 Stunden vor dem Termin" reads as one reminder 26 hours before.
    office.reminder_offsets_hours = [24, 2]
    office.save()
    response = book(client, workshop(office), phone="0631 52417")
    page = client.get(response["Location"]).text
    assert "Erinnerungen kommen einen Tag und noch einmal 2 Stunden vor dem Termin." in page


def test_a_second_try_from_the_same_browser_links_to_the_first_booking(client, office):
    treff = workshop(office)
    first = book(client, treff, phone="0631 52417")
    assert first.status_code == 302
    again = book(client, treff, phone="0631/52417")
    booking = Booking.objects.get()
    assert "Sie haben diesen Termin bereits gebucht." in again.text
    assert reverse("helpdesk:booking-detail", args=[booking.token]) in again.text
    assert Booking.objects.count() == 1


def test_someone_else_typing_the_same_number_is_refused_without_the_link(client, office):
    treff = workshop(office)
    book(client, treff, phone="0631 52417")
    booking = Booking.objects.get()
    stranger = client.__class__()
    refused = book(stranger, treff, phone="0631 52417", name="Fremd")
    assert "Sie haben diesen Termin bereits gebucht." in refused.text
    assert booking.token not in refused.text
    assert "0631 365-4411" in refused.text  # they are told whom to call instead


def test_a_signed_in_senior_finds_the_booking_in_meine_termine(signed_in, office):
    user = UserFactory.create(display_name="Siegfried Senior")
    client = signed_in(user)
    slot = workshop(office)
    book(client, slot)
    booking = Booking.objects.get()
    assert booking.user == user
    home = client.get(reverse("helpdesk:start")).text
    assert f'href="{reverse("helpdesk:my-bookings")}"' in home and "Meine Termine" in home
    page = client.get(reverse("helpdesk:my-bookings")).text
    assert "Stadtteilbüro Grübentälchen" in page
    for name in ("booking-detail", "booking-change", "booking-cancel", "booking-slip", "booking-ics"):
        assert reverse(f"helpdesk:{name}", args=[booking.token]) in page


def test_meine_termine_shows_only_ones_own_and_past_ones_below(signed_in, office):
    user, other = UserFactory.create(), UserFactory.create()
    mine = services.booking_create(slot=workshop(office), user=user, consent=True)
    services.booking_create(slot=workshop(office), user=other, consent=True, name="Andere Person")
    cancelled = services.booking_create(
        slot=workshop(office, starts_at=timezone.now() + dt.timedelta(days=9)), user=user, consent=True
    )
    services.booking_cancel(booking=cancelled)
    page = signed_in(user).get(reverse("helpdesk:my-bookings")).text
    upcoming, _sep, past = page.partition("Vergangene und abgesagte Termine")
    assert reverse("helpdesk:booking-cancel", args=[mine.token]) in upcoming
    assert "storniert" in past
    assert "Andere Person" not in page


def test_meine_termine_needs_a_sign_in(client):
    response = client.get(reverse("helpdesk:my-bookings"))
    assert (response.status_code == 302 and "/konto/" in response["Location"]) or "login" in response["Location"]


def test_the_calendar_file_has_time_place_room_and_the_link(client, office):
    response = book(client, workshop(office), phone="0631 52417")
    booking = Booking.objects.get()
    ics = client.get(reverse("helpdesk:booking-ics", args=[booking.token]))
    assert ics["Content-Type"] == "text/calendar"
    assert "attachment" in ics["Content-Disposition"]
    (event,) = Calendar.from_ical(ics.content).walk("VEVENT")
    assert event.decoded("dtstart") == booking.slot.starts_at.replace(microsecond=0)
    assert "Kantstraße 59" in str(event["location"]) and "Erdgeschoss, Gruppenraum" in str(event["location"])
    assert response["Location"].split("?")[0] in str(event["description"])


def test_moving_in_the_week_view_offers_other_times_but_not_the_current_one(client, office):
    topic = TopicFactory.create()
    volunteer = helper_at(office, topics=[topic], devices=["android"])
    start = timezone.localtime(timezone.now() + dt.timedelta(days=2)).replace(
        hour=10, minute=0, second=0, microsecond=0
    )
    current = one_to_one(office, volunteer, starts_at=start)
    later = one_to_one(office, volunteer, starts_at=start + dt.timedelta(hours=2))
    booking = services.booking_create(
        slot=current, name="Hilde", phone="0631 52417", topic=topic, device="android", consent=True
    )
    url = reverse("helpdesk:booking-change", args=[booking.token])
    page = client.get(url, {"woche": week_of(start)}).text
    assert f'value="{later.pk}"' in page and "12:00 · 1 Platz frei" in page
    assert f'value="{current.pk}"' not in page
    assert 'type="radio"' in page and "<legend" in page
    response = client.post(url, {"slot": later.pk})
    assert response.status_code == 302
    booking.refresh_from_db()
    assert booking.slot == later


def test_moving_to_a_time_that_is_not_offered_is_refused_with_a_message(client, office):
    booking = services.booking_create(slot=workshop(office), name="Hilde", phone="0631 52417", consent=True)
    response = client.post(reverse("helpdesk:booking-change", args=[booking.token]), {"slot": booking.slot_id})
    assert response.status_code == 200
    assert 'role="alert"' in response.text
    booking.refresh_from_db()
    assert booking.status == BookingStatus.ACTIVE


def test_the_api_lists_and_moves_only_ones_own_bookings(office):
    from rest_framework.test import APIClient

    user, other = UserFactory.create(), UserFactory.create()
    mine = services.booking_create(slot=workshop(office), user=user, consent=True)
    theirs = services.booking_create(slot=workshop(office), user=other, consent=True)
    target = workshop(office, starts_at=timezone.now() + dt.timedelta(days=5))
    api = APIClient()
    api.force_authenticate(user)
    listed = api.get("/api/my-bookings/").json()["results"]
    assert [row["id"] for row in listed] == [mine.pk]
    assert listed[0]["link"].endswith(reverse("helpdesk:booking-detail", args=[mine.token]))
    assert api.post(f"/api/my-bookings/{theirs.pk}/move/", {"slot": target.pk}).status_code == 404
    moved = api.post(f"/api/my-bookings/{mine.pk}/move/", {"slot": target.pk})
    assert moved.status_code == 200 and moved.json()["slot"]["id"] == target.pk
    assert APIClient().get("/api/my-bookings/").status_code == 401  # not signed in
