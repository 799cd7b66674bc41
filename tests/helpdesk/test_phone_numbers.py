"""Phone numbers everywhere in the helpdesk: guest, caller, waitlist, API, stored data."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps
from django.urls import reverse

from helpdesk import services
from helpdesk.models import Booking, WaitlistEntry
from notifications.models import Channel, OutboxMessage
from tests.factories import BookingFactory, OfficeFactory, UserFactory
from tests.helpdesk.factories import TopicFactory, helper_at, one_to_one

pytestmark = pytest.mark.django_db


@pytest.fixture
def slot():
    office = OfficeFactory.create(phone="0631 365-4411")
    topic = TopicFactory.create()
    return one_to_one(office, helper_at(office, topics=[topic], devices=["android"]))


def test_a_guest_who_types_abc_gets_the_german_error_and_keeps_what_was_typed(client, slot):
    url = reverse("helpdesk:book", args=[slot.pk])
    response = client.post(url, {"name": "Hilde Gast", "phone": "abc", "note": "Brille", "consent": "on"})
    page = response.text
    assert response.status_code == 200
    assert "Bitte geben Sie Ihre Telefonnummer in Ziffern mit Vorwahl an, z. B. 0631 123456." in page
    assert 'value="Hilde Gast"' in page and 'value="abc"' in page and "Brille" in page
    assert 'type="tel"' in page and 'autocomplete="tel"' in page
    assert not Booking.objects.exists()


def test_a_guest_needs_a_phone_number_or_an_e_mail_address(client, slot):
    response = client.post(reverse("helpdesk:book", args=[slot.pk]), {"name": "Hilde Gast", "consent": "on"})
    assert "Bitte geben Sie eine Telefonnummer oder eine E-Mail-Adresse an" in response.text
    assert not Booking.objects.exists()
    client.post(reverse("helpdesk:book", args=[slot.pk]), {"name": "Hilde", "email": "h@example.org", "consent": "on"})
    assert Booking.objects.get().email == "h@example.org"


def test_the_number_is_stored_in_e164_and_a_landline_is_reminded_by_a_call(client, slot):
    client.post(
        reverse("helpdesk:book", args=[slot.pk]), {"name": "Hilde Gast", "phone": "0631/52417", "consent": "on"}
    )
    booking = Booking.objects.get()
    assert (booking.phone, booking.phone_normalised) == ("+4963152417", "+4963152417")
    assert set(OutboxMessage.objects.filter(kind="booking_reminder").values_list("channel", flat=True)) == {
        Channel.CALL
    }


def test_a_mobile_number_is_reminded_by_sms(slot):
    booking = services.booking_create(slot=slot, name="Werner", phone="0171 2345678", consent=True)
    assert booking.phone == "+491712345678"
    assert set(OutboxMessage.objects.filter(kind="booking_reminder").values_list("channel", flat=True)) == {Channel.SMS}


def test_the_service_refuses_a_number_that_is_none_whoever_calls_it(slot):
    with pytest.raises(services.BookingError) as caught:
        services.booking_create(slot=slot, name="Hilde", phone="keine", consent=True)
    assert caught.value.code == "phone"


def test_the_api_answers_400_with_the_reason_for_a_bad_number(slot):
    from rest_framework.test import APIClient

    response = APIClient().post(
        "/api/bookings/", {"slot": slot.pk, "name": "Hilde", "phone": "n/a", "consent": True}, format="json"
    )
    assert response.status_code == 400
    assert "Ziffern" in response.json()["phone"][0]


def test_the_waitlist_refuses_a_bad_number_and_stores_a_good_one_in_e164(client, slot):
    url = reverse("helpdesk:waitlist-join", args=[slot.office.slug])
    day = slot.starts_at.date().isoformat()
    response = client.post(url, {"day": day, "name": "Wilma", "phone": "hallo", "consent": "on"})
    assert "in Ziffern" in response.text and 'value="hallo"' in response.text
    client.post(url, {"day": day, "name": "Wilma", "phone": "0631 52417", "consent": "on"})
    assert WaitlistEntry.objects.get().phone == "+4963152417"


def test_staff_find_a_caller_by_the_number_as_they_hear_it(slot):
    from helpdesk import selectors

    BookingFactory.create(slot=slot, name="Hilde Hausmann", phone="0631 52417")
    assert [b.name for b in selectors.callers(office=slot.office, query="0631 524")] == ["Hilde Hausmann"]


def test_the_migration_rewrites_stored_numbers_where_it_can():
    migration = importlib.import_module("helpdesk.migrations.0004_phone_numbers_in_e164")
    account_migration = importlib.import_module("accounts.migrations.0005_phone_numbers_in_e164")
    good, bad = BookingFactory.create(), BookingFactory.create()
    Booking.objects.filter(pk=good.pk).update(phone="0631 / 52417", phone_normalised="063152417")
    Booking.objects.filter(pk=bad.pk).update(phone="keine", phone_normalised="")
    user = UserFactory.create(phone="0171-2345678")
    migration.to_e164(apps, None)
    account_migration.to_e164(apps, None)
    good.refresh_from_db()
    bad.refresh_from_db()
    user.refresh_from_db()
    assert (good.phone, good.phone_normalised) == ("+4963152417", "+4963152417")
    assert (bad.phone, bad.phone_normalised) == ("keine", "")
    assert user.phone == "+491712345678"
