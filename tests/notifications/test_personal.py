"""Telling a person about a topic the way they chose: at once, in the daily summary, or not at all."""

from __future__ import annotations

import email
import email.policy
from pathlib import Path

import pytest
from django.core import mail

from notifications.delivery import messages_sweep
from notifications.models import DigestItem, Frequency, OutboxMessage
from notifications.personal import Outcome, notify
from notifications.preferences import frequencies_of, preferences_set
from tests.factories import UserFactory
from tests.notifications.kinds import OTHER_TOPIC, TEST_KIND, TEST_TOPIC

pytestmark = pytest.mark.django_db


def _notify(user, unique: str, topic: str = TEST_TOPIC, text: str = "Termin morgen") -> Outcome:
    return notify(user=user, topic=topic, kind=TEST_KIND, key=f"{unique}:{user.pk}", payload={"text": text})


def test_without_a_choice_a_person_gets_the_topics_default(unique):
    person = UserFactory.create()
    assert frequencies_of(person)[TEST_TOPIC] == Frequency.IMMEDIATELY
    assert frequencies_of(person)[OTHER_TOPIC] == Frequency.DAILY
    assert _notify(person, unique) == Outcome.SENT
    assert _notify(person, f"{unique}-b", topic=OTHER_TOPIC) == Outcome.DIGEST


def test_a_topic_turned_off_sends_nothing(unique):
    person = UserFactory.create()
    preferences_set(user=person, choices={TEST_TOPIC: Frequency.OFF})
    assert _notify(person, unique) == Outcome.OFF
    assert not OutboxMessage.objects.filter(key__startswith=unique).exists()
    assert not DigestItem.objects.filter(key__startswith=unique).exists()


def test_a_daily_reader_gets_one_summary_entry_however_often_the_event_is_told(unique):
    person = UserFactory.create()
    preferences_set(user=person, choices={TEST_TOPIC: Frequency.DAILY})
    assert _notify(person, unique) == Outcome.DIGEST
    assert _notify(person, unique) == Outcome.DIGEST
    assert DigestItem.objects.filter(user=person).count() == 1
    assert not OutboxMessage.objects.filter(key__startswith=unique).exists()


def test_nobody_is_written_to_without_an_address_or_an_active_account(unique):
    assert _notify(UserFactory.create(is_active=False), unique) == Outcome.UNREACHABLE
    assert notify(user=None, topic=TEST_TOPIC, kind=TEST_KIND, key=unique, payload={}) == Outcome.UNREACHABLE


def test_unknown_topics_and_frequencies_are_refused():
    person = UserFactory.create()
    with pytest.raises(ValueError):
        preferences_set(user=person, choices={"no.such.topic": Frequency.OFF})
    with pytest.raises(ValueError):
        preferences_set(user=person, choices={TEST_TOPIC: "hourly"})


def test_the_email_comes_from_the_site_and_ends_with_settings_and_a_one_click_unsubscribe(unique, mail_dir: Path):
    person = UserFactory.create(display_name="Erika Muster")
    _notify(person, unique)
    messages_sweep(time_budget=30)
    [path] = list(mail_dir.iterdir())
    message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
    assert message["From"] == "Mitwirkung & Digitale Hilfe <digital@example.org>"
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert message["List-Unsubscribe"].startswith("<http://127.0.0.1:8000/benachrichtigungen/abmelden/")
    assert message["Auto-Submitted"] == "auto-generated"
    plain = message.get_body(preferencelist=("plain",))
    assert plain is not None
    body = plain.get_content()
    assert "Termin morgen" in body
    assert "http://127.0.0.1:8000/benachrichtigungen/einstellungen/" in body
    assert message["List-Unsubscribe"][1:-1] in body


def test_messages_not_about_a_topic_have_no_unsubscribe_header(unique):
    from notifications.outbox import message_schedule

    message_schedule(kind=TEST_KIND, key=unique, recipient_email="gast@example.org", payload={"text": "x"})
    messages_sweep(time_budget=30)
    [sent] = mail.outbox
    assert "List-Unsubscribe" not in sent.extra_headers
    assert "abmelden" not in sent.body
