"""The daily summary: what people chose to hear about once a day arrives in one e-mail after the summary hour."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest
from django.core import mail

from notifications import digest
from notifications.delivery import messages_sweep
from notifications.models import DigestItem, Frequency, OutboxMessage, Status
from notifications.personal import notify
from notifications.preferences import frequencies_of, preferences_set, unsubscribe
from tests.factories import UserFactory
from tests.notifications.kinds import OTHER_TOPIC, TEST_KIND, TEST_TOPIC

pytestmark = pytest.mark.django_db

BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")
EVENING = dt.datetime(2026, 3, 10, 21, 0, tzinfo=BERLIN)
NEXT_MORNING = dt.datetime(2026, 3, 11, 7, 5, tzinfo=BERLIN)


def _entry(user, key: str, *, topic: str = OTHER_TOPIC, at: dt.datetime = EVENING, **payload) -> DigestItem:
    notify(user=user, topic=topic, kind=TEST_KIND, key=key, payload={"text": key, **payload})
    item = DigestItem.objects.get(key=key)
    DigestItem.objects.filter(pk=item.pk).update(created_at=at)
    return item


def test_entries_wait_until_the_summary_hour_has_passed(unique):
    person = UserFactory.create()
    _entry(person, f"{unique}-1")
    assert digest.digests_compose(now=dt.datetime(2026, 3, 11, 6, 59, tzinfo=BERLIN)) == 0
    assert digest.digests_compose(now=NEXT_MORNING) == 1
    assert OutboxMessage.objects.filter(kind=digest.DIGEST_KIND).count() == 1


def test_each_person_gets_one_summary_with_all_their_entries_grouped_by_topic(unique):
    anna, ben = UserFactory.create_batch(2)
    preferences_set(user=anna, choices={TEST_TOPIC: Frequency.DAILY})
    _entry(anna, f"{unique}-a1")
    _entry(anna, f"{unique}-a2", topic=TEST_TOPIC)
    _entry(anna, f"{unique}-a3")
    _entry(ben, f"{unique}-b1")
    assert digest.digests_compose(now=NEXT_MORNING) == 2
    messages_sweep(time_budget=30)
    [to_anna] = [email for email in mail.outbox if email.to == [anna.email]]
    assert to_anna.subject == "Ihre tägliche Zusammenfassung von Mitwirkung & Digitale Hilfe: 3 neue Einträge"
    body = to_anna.body
    assert body.index("Test reminders") < body.index("Test news"), "topics appear in the order of the settings page"
    assert body.count("- Testnachricht") == 3
    assert to_anna.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_an_entry_after_the_summary_hour_waits_for_the_next_summary(unique):
    person = UserFactory.create()
    _entry(person, f"{unique}-early")
    late = _entry(person, f"{unique}-late", at=NEXT_MORNING - dt.timedelta(minutes=1) + dt.timedelta(hours=1))
    digest.digests_compose(now=NEXT_MORNING)
    late.refresh_from_db()
    assert late.message_id is None
    assert digest.digests_compose(now=NEXT_MORNING + dt.timedelta(days=1)) == 1
    late.refresh_from_db()
    assert late.message_id is not None


def test_composing_twice_puts_no_entry_into_two_summaries(unique):
    person = UserFactory.create()
    _entry(person, f"{unique}-1")
    assert digest.digests_compose(now=NEXT_MORNING) == 1
    assert digest.digests_compose(now=NEXT_MORNING) == 0
    assert OutboxMessage.objects.filter(kind=digest.DIGEST_KIND).count() == 1


def test_entries_that_no_longer_apply_are_left_out_and_an_empty_summary_is_not_sent(unique):
    person = UserFactory.create()
    _entry(person, f"{unique}-gone", skip=True)
    digest.digests_compose(now=NEXT_MORNING)
    messages_sweep(time_budget=30)
    assert not mail.outbox
    assert OutboxMessage.objects.get(kind=digest.DIGEST_KIND).status == Status.SKIPPED


def test_entries_of_a_topic_turned_off_before_the_summary_are_dropped(unique):
    person = UserFactory.create()
    _entry(person, f"{unique}-1")
    preferences_set(user=person, choices={OTHER_TOPIC: Frequency.OFF})
    assert digest.digests_compose(now=NEXT_MORNING) == 0
    assert not DigestItem.objects.filter(user=person).exists()


def test_unsubscribing_from_the_summary_turns_off_every_topic_that_went_into_it():
    person = UserFactory.create()
    preferences_set(user=person, choices={TEST_TOPIC: Frequency.IMMEDIATELY})
    assert unsubscribe(user=person, topic="digest") == [OTHER_TOPIC]
    assert frequencies_of(person)[OTHER_TOPIC] == Frequency.OFF
    assert frequencies_of(person)[TEST_TOPIC] == Frequency.IMMEDIATELY


def test_the_summary_speaks_the_persons_language(unique):
    person = UserFactory.create(preferred_language="en", display_name="Ann Example")
    _entry(person, f"{unique}-1")
    digest.digests_compose(now=NEXT_MORNING)
    messages_sweep(time_budget=30)
    [summary] = mail.outbox
    assert summary.subject == "Your daily summary from Mitwirkung & Digitale Hilfe: 1 new entry"
    assert summary.body.startswith("Dear Ann Example,\n\nHere is what happened since the last summary:")
    assert "- Test message" in summary.body
