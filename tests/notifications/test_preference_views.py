"""The notification settings page and the unsubscribe link of every e-mail about a topic."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from notifications.models import Frequency
from notifications.preferences import frequencies_of
from notifications.unsubscribe import token_for, unsubscribe_url
from tests.factories import UserFactory
from tests.notifications.kinds import OTHER_TOPIC, TEST_TOPIC
from tests.world import SIGNED_IN_ROLES

pytestmark = pytest.mark.django_db

SETTINGS = reverse("notifications:settings")


def _path(url: str) -> str:
    return url.removeprefix("http://127.0.0.1:8000")


def test_the_settings_page_needs_a_sign_in(client: Client):
    response = client.get(SETTINGS)
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


@pytest.mark.parametrize("role", SIGNED_IN_ROLES)
def test_every_signed_in_person_chooses_their_own_frequencies(world, role, signed_in):
    person = world.person(role)
    client = signed_in(person)
    page = client.get(SETTINGS)
    assert page.status_code == 200
    assert "Test reminders" in page.content.decode()
    response = client.post(SETTINGS, {TEST_TOPIC: Frequency.DAILY, OTHER_TOPIC: Frequency.OFF}, follow=True)
    assert "Ihre Benachrichtigungseinstellungen sind gespeichert." in response.content.decode()
    chosen = frequencies_of(person)
    assert (chosen[TEST_TOPIC], chosen[OTHER_TOPIC]) == (Frequency.DAILY, Frequency.OFF)


def test_a_made_up_frequency_is_refused_with_a_message_and_nothing_changes(signed_in):
    person = UserFactory.create()
    response = signed_in(person).post(SETTINGS, {TEST_TOPIC: "hourly", OTHER_TOPIC: Frequency.OFF})
    assert response.status_code == 400
    assert "Bitte eine gültige Auswahl treffen. hourly ist keine gültige Auswahl." in response.content.decode()
    assert frequencies_of(person)[OTHER_TOPIC] == Frequency.DAILY


def test_the_unsubscribe_link_asks_first_and_changes_nothing_on_a_get(client: Client):
    person = UserFactory.create()
    path = _path(unsubscribe_url(user_id=person.pk, topic=TEST_TOPIC))
    page = client.get(path)
    assert page.status_code == 200
    assert "Test reminders" in page.content.decode()
    assert frequencies_of(person)[TEST_TOPIC] == Frequency.IMMEDIATELY


def test_one_click_from_a_mail_program_unsubscribes_without_sign_in_or_csrf_token():
    person = UserFactory.create()
    client = Client(enforce_csrf_checks=True)
    path = _path(unsubscribe_url(user_id=person.pk, topic=TEST_TOPIC))
    response = client.post(path, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert frequencies_of(person)[TEST_TOPIC] == Frequency.OFF
    assert frequencies_of(person)[OTHER_TOPIC] == Frequency.DAILY


@pytest.mark.parametrize(
    "token",
    [
        "nonsense",
        token_for(user_id=1, topic=TEST_TOPIC)[:-2] + "xx",
        token_for(user_id=1, topic="no.such.topic"),
    ],
)
def test_a_broken_or_forged_link_unsubscribes_nobody(client: Client, token: str):
    person = UserFactory.create()
    response = client.post(reverse("notifications:unsubscribe", kwargs={"token": token}))
    assert response.status_code == 404
    assert "nicht (mehr) gültig" in response.content.decode()
    assert frequencies_of(person)[TEST_TOPIC] == Frequency.IMMEDIATELY


def test_the_profile_links_to_the_notification_settings(signed_in):
    page = signed_in(UserFactory.create()).get(reverse("accounts:profile"))
    assert f'href="{SETTINGS}"' in page.content.decode()
