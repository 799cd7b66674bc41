"""Notification settings for apps: the same choices as on the settings page."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from notifications.models import Frequency
from notifications.preferences import frequencies_of
from tests.factories import UserFactory
from tests.notifications.kinds import TEST_TOPIC

pytestmark = pytest.mark.django_db

URL = "/api/notification-settings/"


def test_anonymous_apps_are_asked_to_sign_in():
    assert APIClient().get(URL).status_code == 401
    assert APIClient().put(URL, [], format="json").status_code == 401


def test_a_person_reads_and_changes_only_their_own_settings():
    person, other = UserFactory.create_batch(2)
    client = APIClient()
    client.force_authenticate(person)
    rows = {row["topic"]: row["frequency"] for row in client.get(URL).json()}
    assert rows[TEST_TOPIC] == Frequency.IMMEDIATELY
    response = client.put(URL, [{"topic": TEST_TOPIC, "frequency": "off"}], format="json")
    assert response.status_code == 200
    assert frequencies_of(person)[TEST_TOPIC] == Frequency.OFF
    assert frequencies_of(other)[TEST_TOPIC] == Frequency.IMMEDIATELY


@pytest.mark.parametrize(
    "body",
    [[{"topic": TEST_TOPIC, "frequency": "hourly"}], [{"topic": "participation.moderation", "frequency": "off"}], {}],
)
def test_wrong_settings_are_refused_with_400(body):
    client = APIClient()
    client.force_authenticate(UserFactory.create())
    assert client.put(URL, body, format="json").status_code == 400
