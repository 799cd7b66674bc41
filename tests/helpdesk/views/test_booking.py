"""The seniors' steps, with and without htmx, and the guest link."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import OperationalError
from django.urls import reverse
from django.utils import timezone

from helpdesk import services
from helpdesk.models import Booking, BookingStatus, WaitlistEntry, WaitlistStatus
from notifications.models import OutboxMessage
from tests.factories import OfficeFactory, UserFactory
from tests.helpdesk.factories import TopicFactory, helper_at, one_to_one, week_of, workshop

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def setup():
    office = OfficeFactory.create(address="Kantstraße 59\n67663 Kaiserslautern", phone="0631 365-4411")
    topic = TopicFactory.create(name="WhatsApp")
    volunteer = helper_at(office, topics=[topic], devices=["android"])
    slot = one_to_one(office, volunteer)
    return office, topic, slot


def details(**extra):
    data = {"name": "Hilde Gast", "phone": "0631 123456", "consent": "on"}
    data.update(extra)
    return data


def test_start_page_lists_the_offices(client, setup):
    office, _topic, _slot = setup
    response = client.get(reverse("helpdesk:start"))
    assert response.status_code == 200
    assert office.name in response.text
    assert reverse("helpdesk:office", args=[office.slug]) in response.text


def test_office_page_asks_for_topic_and_device(client, setup):
    office, topic, _slot = setup
    response = client.get(reverse("helpdesk:office", args=[office.slug]))
    assert response.status_code == 200
    assert topic.name in response.text
    assert 'name="device"' in response.text


def test_slot_page_offers_the_slot_of_a_volunteer_who_knows_topic_and_device(client, setup):
    office, topic, slot = setup
    url = reverse("helpdesk:slots", args=[office.slug])
    fitting = client.get(url, {"topic": topic.pk, "device": "android", "woche": week_of(slot.starts_at)})
    assert reverse("helpdesk:book", args=[slot.pk]) in fitting.text
    other_device = client.get(url, {"topic": topic.pk, "device": "iphone", "woche": week_of(slot.starts_at)})
    assert reverse("helpdesk:book", args=[slot.pk]) not in other_device.text


def test_slot_page_with_htmx_renders_only_the_slot_list(client, setup):
    office, topic, slot = setup
    response = client.get(
        reverse("helpdesk:slots", args=[office.slug]),
        {"topic": topic.pk, "device": "android", "woche": week_of(slot.starts_at)},
        **HTMX,
    )
    assert response.status_code == 200
    assert response.text.lstrip().startswith('<section id="slots"')
    assert "<html" not in response.text
    assert reverse("helpdesk:book", args=[slot.pk]) in response.text


def test_guest_books_without_javascript_and_lands_on_the_confirmation(client, setup):
    _office, topic, slot = setup
    url = reverse("helpdesk:book", args=[slot.pk]) + f"?topic={topic.pk}&device=android"
    assert client.get(url).status_code == 200
    response = client.post(url, details(note="Ich bringe mein Handy mit", needs_loan_device=""))
    booking = Booking.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("helpdesk:booking-detail", args=[booking.token]) + "?neu=1"
    assert booking.topic == topic
    assert booking.device == "android"
    assert booking.email == ""
    page = client.get(response["Location"])
    assert "Kantstraße 59" in page.text
    assert reverse("helpdesk:booking-cancel", args=[booking.token]) in page.text


def test_guest_books_with_htmx_and_is_redirected_by_header(client, setup):
    _office, topic, slot = setup
    url = reverse("helpdesk:book", args=[slot.pk]) + f"?topic={topic.pk}&device=android"
    response = client.post(url, details(), **HTMX)
    booking = Booking.objects.get()
    assert response["HX-Redirect"] == reverse("helpdesk:booking-detail", args=[booking.token]) + "?neu=1"


def test_missing_phone_shows_the_error_at_the_field_with_htmx(client, setup):
    _office, topic, slot = setup
    url = reverse("helpdesk:book", args=[slot.pk]) + f"?topic={topic.pk}&device=android"
    response = client.post(url, details(phone=""), **HTMX)
    assert response.status_code == 200
    assert response.text.lstrip().startswith('<form id="booking-form"')
    assert 'id="id_phone-errors"' in response.text
    assert not Booking.objects.exists()


def test_a_taken_slot_gives_a_clear_message_instead_of_a_double_booking(client, setup):
    _office, topic, slot = setup
    url = reverse("helpdesk:book", args=[slot.pk]) + f"?topic={topic.pk}&device=android"
    client.post(url, details())
    response = client.post(url, details(name="Otto", phone="0631 311099"))
    assert response.status_code == 200
    assert Booking.objects.count() == 1
    assert "message--error" in response.text


def test_signed_in_citizen_books_without_typing_a_phone(signed_in, setup):
    _office, topic, slot = setup
    user = UserFactory.create(display_name="Siegfried Senior")
    client = signed_in(user)
    url = reverse("helpdesk:book", args=[slot.pk]) + f"?topic={topic.pk}&device=android"
    client.post(url, {"name": "Siegfried Senior", "consent": "on"})
    booking = Booking.objects.get()
    assert booking.user == user
    assert booking.email == user.email


def test_slip_has_date_address_phone_what_to_bring_and_how_to_cancel(client, setup):
    office, topic, slot = setup
    booking = services.booking_create(
        slot=slot, name="Hilde", phone="0631 311001", topic=topic, device="android", consent=True
    )
    response = client.get(reverse("helpdesk:booking-slip", args=[booking.token]))
    assert response.status_code == 200
    assert "Kantstraße 59" in response.text
    assert office.phone in response.text
    assert booking.token in response.text
    assert timezone.localtime(slot.starts_at).strftime("%H:%M") in response.text


def test_cancel_link_works_without_login_and_frees_the_place(client, setup):
    _office, topic, slot = setup
    booking = services.booking_create(
        slot=slot, name="Hilde", phone="0631 311001", topic=topic, device="android", consent=True
    )
    url = reverse("helpdesk:booking-cancel", args=[booking.token])
    assert client.get(url).status_code == 200
    response = client.post(url, {"reason": "krank"})
    assert response.status_code == 302
    booking.refresh_from_db()
    slot.refresh_from_db()
    assert booking.status == BookingStatus.CANCELLED
    assert slot.booked_count == 0
    # The link keeps working afterwards and says what happened.
    assert client.get(reverse("helpdesk:booking-detail", args=[booking.token])).status_code == 200


def test_a_wrong_token_finds_nothing(client, setup):
    assert client.get(reverse("helpdesk:booking-detail", args=["not-a-token"])).status_code == 404
    assert client.post(reverse("helpdesk:booking-cancel", args=["not-a-token"])).status_code == 404


def test_change_link_moves_the_appointment(client, setup):
    office, topic, slot = setup
    booking = services.booking_create(
        slot=slot, name="Hilde", phone="0631 311001", topic=topic, device="android", consent=True
    )
    later = one_to_one(office, helper_at(office, topics=[topic]), starts_at=slot.starts_at + dt.timedelta(days=1))
    url = reverse("helpdesk:booking-change", args=[booking.token])
    assert str(later.pk) in client.get(url).text
    client.post(url, {"slot": later.pk})
    booking.refresh_from_db()
    assert booking.slot == later


def test_waitlist_join_and_accept_an_offer_through_the_link(client, setup):
    office, topic, slot = setup
    booking = services.booking_create(
        slot=slot, name="Hilde", phone="0631 311001", topic=topic, device="android", consent=True
    )
    day = timezone.localtime(slot.starts_at).date()
    response = client.post(
        reverse("helpdesk:waitlist-join", args=[office.slug]),
        {"day": day.isoformat(), "topic": topic.pk, "name": "Wilma", "phone": "0631 311005", "consent": "on"},
    )
    entry = WaitlistEntry.objects.get()
    assert response["Location"] == reverse("helpdesk:waitlist-offer", args=[entry.token])
    services.booking_cancel(booking=booking)
    offer = client.get(reverse("helpdesk:waitlist-offer", args=[entry.token]))
    entry.refresh_from_db()
    assert entry.status == WaitlistStatus.OFFERED
    assert entry.offer_expires_at is not None
    assert timezone.localtime(entry.offer_expires_at).strftime("%H:%M") in offer.text
    accepted = client.post(reverse("helpdesk:waitlist-offer", args=[entry.token]), {"consent": "on"})
    new = Booking.objects.get(status=BookingStatus.ACTIVE)
    assert accepted["Location"].startswith(reverse("helpdesk:booking-detail", args=[new.token]))


def test_a_bot_filling_the_hidden_field_is_not_put_on_the_waitlist(client, setup):
    office, _topic, slot = setup
    day = timezone.localtime(slot.starts_at).date()
    page = client.get(reverse("helpdesk:waitlist-join", args=[office.slug])).content.decode()
    assert 'class="honeypot" aria-hidden="true"' in page
    response = client.post(
        reverse("helpdesk:waitlist-join", args=[office.slug]),
        {"day": day.isoformat(), "name": "Bot", "phone": "0631 311005", "consent": "on", "website": "http://spam"},
    )
    assert response.status_code == 400
    assert not WaitlistEntry.objects.exists()


@pytest.mark.parametrize("count", [5, 50])
def test_slot_page_needs_the_same_number_of_queries_for_5_and_50_slots(client, django_assert_num_queries, count):
    office = OfficeFactory.create()
    topic = TopicFactory.create()
    volunteer = helper_at(office, topics=[topic])
    start = timezone.localtime().replace(hour=8, minute=0, second=0, microsecond=0) + dt.timedelta(days=1)
    for i in range(count):
        if i % 2:
            workshop(office, starts_at=start + dt.timedelta(minutes=10 * i))
        else:
            one_to_one(office, volunteer, starts_at=start + dt.timedelta(minutes=10 * i), minutes=10)
    url = reverse("helpdesk:slots", args=[office.slug])
    # The office with the start of its last begun slot (for the ETag), the chosen topic, and one query for the
    # week's times.
    with django_assert_num_queries(3):
        response = client.get(url, {"topic": topic.pk, "device": "android", "woche": week_of(start)})
    assert response.text.count('class="button time-button"') == count
    assert "{#" not in response.text and "{%" not in response.text


@pytest.mark.parametrize("offsets", [[24], [72, 24, 2]])
def test_a_booking_costs_the_same_number_of_queries_for_one_or_three_reminders(
    client, setup, django_assert_num_queries, offsets
):
    office, topic, slot = setup
    office.reminder_offsets_hours = offsets
    office.save()
    url = reverse("helpdesk:book", args=[slot.pk]) + f"?topic={topic.pk}&device=android"
    # The slot, the topic, the rate limit of the address; then under the locks: slot, volunteers,
    # caller, one query for all booking rules, the counter, the booking, its outbox rows (plus
    # two savepoints, since the test itself runs in a transaction).
    with django_assert_num_queries(12):
        response = client.post(url, details(email="hilde@example.org"))
    assert response.status_code == 302
    booking = Booking.objects.get()
    assert OutboxMessage.objects.filter(key__startswith=f"booking:{booking.pk}:").count() == 1 + len(offsets)


def test_a_slot_that_is_already_full_is_refused_without_locks_in_three_queries(
    client, setup, django_assert_num_queries
):
    _office, topic, slot = setup
    url = reverse("helpdesk:book", args=[slot.pk]) + f"?topic={topic.pk}&device=android"
    client.post(url, details())
    # The slot, the topic and the rate limit; a full slot needs no locks, only a look for another free slot
    # at that time.
    with django_assert_num_queries(4):
        response = client.post(url, details(name="Otto", phone="0631 311099"))
    assert response.status_code == 200
    assert "message--error" in response.text
    assert Booking.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_a_booking_committed_just_before_the_database_went_away_is_still_confirmed(client, setup, monkeypatch):
    # As when PostgreSQL restarts between the booking's commit and the office's change stamp.
    def database_gone(office_id):
        raise OperationalError("terminating connection due to administrator command")

    monkeypatch.setattr("helpdesk.models.touch_plan", database_gone)
    _office, topic, slot = setup
    url = reverse("helpdesk:book", args=[slot.pk]) + f"?topic={topic.pk}&device=android"
    response = client.post(url, details())
    booking = Booking.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("helpdesk:booking-detail", args=[booking.token]) + "?neu=1"
