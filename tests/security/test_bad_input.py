"""Bad input gets a 4xx with a message in the person's language, never a server error."""

from __future__ import annotations

from typing import Any

from django.test import Client
from django.urls import reverse

from tests.factories import BookingFactory, UserFactory


def test_a_nul_character_in_an_api_filter_is_a_400_not_a_server_error(client: Client, db: Any) -> None:
    response = client.get("/api/free-slots/", {"topic": "a\x00b"})
    assert response.status_code == 400
    assert "unzulässiges Zeichen" in response.json()["detail"]


def test_a_nul_character_in_a_booking_link_is_a_400(client: Client, db: Any) -> None:
    booking = BookingFactory.create()
    response = client.get(reverse("helpdesk:booking-detail", args=[booking.token + "\x00"]))
    assert response.status_code == 400
    assert "unzulässiges Zeichen" in response.content.decode()


def test_a_nul_character_in_a_form_field_is_a_400_in_the_persons_language(client: Client, db: Any) -> None:
    client.force_login(UserFactory.create(preferred_language="en"))
    response = client.post(reverse("accounts:profile"), {"display_name": "Nora\x00", "preferred_language": "en"})
    assert response.status_code == 400
    assert "a character that is not allowed" in response.content.decode()
