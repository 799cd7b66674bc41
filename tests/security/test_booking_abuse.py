"""The guest booking form: honeypot, rate limit per person and per address."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from helpdesk.models import Booking
from tests.factories import OfficeFactory, SlotFactory

pytestmark = pytest.mark.django_db
GUEST = {"name": "Erna Beispiel", "phone": "0631 123456", "consent": "on"}


def _slots(count: int) -> list[Any]:
    office = OfficeFactory.create()
    start = timezone.now() + dt.timedelta(days=2)
    return [
        SlotFactory.create(office=office, kind="workshop", capacity=10, starts_at=start + dt.timedelta(hours=2 * n))
        for n in range(count)
    ]


def _book(client: Client, slot: Any, **data: Any) -> Any:
    return client.post(reverse("helpdesk:book", args=[slot.pk]), {**GUEST, **data}, REMOTE_ADDR="203.0.113.5")


def test_the_guest_booking_form_carries_a_hidden_honeypot(client: Client) -> None:
    (slot,) = _slots(1)
    page = client.get(reverse("helpdesk:book", args=[slot.pk])).content.decode()
    assert '<div class="honeypot" aria-hidden="true">' in page
    assert page.count('name="website"') == 1


def test_a_filled_in_honeypot_refuses_a_booking_with_400(client: Client) -> None:
    (slot,) = _slots(1)
    response = _book(client, slot, website="http://spam.example")
    assert response.status_code == 400
    assert "Spamfilter" in response.content.decode()
    assert not Booking.objects.exists()


@override_settings(ABUSE_RATE_LIMITS={"booking": "3/h/ip"})
def test_many_bookings_from_one_address_are_refused_with_429(client: Client) -> None:
    slots = _slots(4)
    for n, slot in enumerate(slots[:3]):
        assert _book(client, slot, phone=f"0631 55{n}").status_code == 302
    response = _book(client, slots[3], phone="0631 559")
    assert response.status_code == 429
    assert "Bitte warten Sie 60 Minuten" in response.content.decode()
    assert Booking.objects.count() == 3


@override_settings(ABUSE_RATE_LIMITS={"booking": "2/h/user"})
def test_many_bookings_by_one_person_through_the_api_are_refused_with_429(client: Client) -> None:
    from tests.factories import UserFactory

    client.force_login(UserFactory.create(phone="0631 777"))
    slots = _slots(3)
    for slot in slots[:2]:
        response = client.post("/api/bookings/", {"slot": slot.pk, "consent": True}, content_type="application/json")
        assert response.status_code == 201, response.content
    response = client.post("/api/bookings/", {"slot": slots[2].pk, "consent": True}, content_type="application/json")
    assert response.status_code == 429
    assert Booking.objects.count() == 2
