"""Sending in batches: one claim and one mail connection for many rows, every message still once."""

from __future__ import annotations

import datetime as dt
import time
from collections import Counter
from collections.abc import Iterator
from typing import Any

import pytest
from django.core import mail
from django.utils import timezone

from notifications import delivery, outbox, tasks
from notifications.models import OutboxMessage, Status
from tests.notifications.kinds import TEST_KIND
from tests.notifications.mailers import RecordingBackend

pytestmark = pytest.mark.django_db


@pytest.fixture
def mailer(settings: Any) -> Iterator[type[RecordingBackend]]:
    settings.MAILERS = {"default": {"BACKEND": "tests.notifications.mailers.RecordingBackend"}}
    RecordingBackend.events = []
    RecordingBackend.refused = set()
    yield RecordingBackend
    RecordingBackend.refused = set()


def schedule(prefix: str, count: int, **payload: Any) -> list[OutboxMessage]:
    """``count`` due messages, the oldest first, one second apart."""
    first = timezone.now() - dt.timedelta(minutes=5)
    return [
        outbox.message_schedule(
            kind=TEST_KIND,
            key=f"{prefix}-{number}",
            due_at=first + dt.timedelta(seconds=number),
            recipient_email=f"person{number}@example.org",
            payload=dict(payload),
        )
        for number in range(count)
    ]


def sent_keys(prefix: str) -> Counter[str]:
    return Counter(
        str(sent.extra_headers["X-Outbox-Key"])
        for sent in mail.outbox
        if str(sent.extra_headers["X-Outbox-Key"]).startswith(prefix)
    )


def statuses(prefix: str) -> dict[str, str]:
    return dict(OutboxMessage.objects.filter(key__startswith=prefix).values_list("key", "status"))


def test_a_claim_takes_the_oldest_due_rows_together_and_the_next_claim_takes_the_next_ones(unique: str) -> None:
    rows = schedule(unique, 5)

    first = delivery.messages_claim(limit=3)
    second = delivery.messages_claim(limit=3)

    assert first is not None and second is not None
    assert first.ids == [row.pk for row in rows[:3]]
    assert second.ids == [row.pk for row in rows[3:]]
    assert first.token != second.token
    claimed = OutboxMessage.objects.filter(key__startswith=unique)
    assert set(claimed.values_list("status", flat=True)) == {Status.SENDING}
    assert set(claimed.filter(pk__in=first.ids).values_list("claim_token", flat=True)) == {first.token}
    assert delivery.messages_claim(limit=3) is None


def test_a_batch_sends_every_email_over_one_mail_connection(unique: str, mailer: type[RecordingBackend]) -> None:
    schedule(unique, 4)

    result = delivery.messages_sweep()

    assert result.claimed == 4
    assert sent_keys(unique) == {f"{unique}-{n}": 1 for n in range(4)}
    assert mailer.events == ["open", "send", "send", "send", "send", "close"]


def test_when_the_mail_server_refuses_one_message_of_a_batch_the_others_are_sent_once_and_only_it_is_retried(
    unique: str, mailer: type[RecordingBackend]
) -> None:
    schedule(unique, 5)
    mailer.refused = {"person2@example.org"}

    delivery.messages_sweep()

    assert sent_keys(unique) == {f"{unique}-{n}": 1 for n in (0, 1, 3, 4)}
    refused = OutboxMessage.objects.get(key=f"{unique}-2")
    assert refused.status == Status.PENDING
    assert refused.attempts == 1
    assert "refused" in refused.last_error
    assert refused.next_attempt_at is not None
    # The failed connection was dropped; the rest of the batch went over a fresh one.
    assert mailer.events == ["open", "send", "send", "close", "open", "send", "send", "close"]

    mailer.refused = set()
    OutboxMessage.objects.filter(pk=refused.pk).update(next_attempt_at=timezone.now())
    delivery.messages_sweep()

    assert sent_keys(unique) == {f"{unique}-{n}": 1 for n in range(5)}
    assert set(statuses(unique).values()) == {Status.SENT}


def test_a_message_of_a_batch_whose_build_fails_or_no_longer_applies_does_not_hold_up_the_others(
    unique: str,
) -> None:
    schedule(f"{unique}-ok", 2)
    schedule(f"{unique}-fails", 1, fail_times=1)
    schedule(f"{unique}-gone", 1, skip=True)

    result = delivery.messages_sweep()

    assert result.claimed == 4
    assert result.by_status == {Status.SENT: 2, Status.PENDING: 1, Status.SKIPPED: 1}
    assert sent_keys(unique) == {f"{unique}-ok-0": 1, f"{unique}-ok-1": 1}


def test_rows_of_a_batch_that_another_sweep_took_over_meanwhile_are_left_to_it(unique: str) -> None:
    first, taken = schedule(unique, 2)
    OutboxMessage.objects.filter(pk=first.pk).update(payload={"take_over": taken.key})

    delivery.messages_sweep()

    assert sent_keys(unique) == {first.key: 1}
    taken.refresh_from_db()
    assert taken.status == Status.SENDING
    assert taken.claim_token == "another-sweep"
    assert taken.send_started_at is None


def test_rows_not_started_before_the_deadline_go_back_to_pending_for_the_next_sweep(unique: str) -> None:
    rows = schedule(unique, 4)
    claim = delivery.messages_claim(limit=4)
    assert claim is not None

    handled = delivery.messages_deliver(ids=claim.ids, token=claim.token, deadline=time.monotonic() - 1)

    # At least one is always sent, so a sweep makes progress however short its time.
    assert [message.pk for message in handled] == [rows[0].pk]
    assert sent_keys(unique) == {rows[0].key: 1}
    waiting = OutboxMessage.objects.filter(pk__in=[row.pk for row in rows[1:]])
    assert set(waiting.values_list("status", "claim_token", "attempts")) == {(Status.PENDING, "", 0)}

    delivery.messages_sweep()

    assert sent_keys(unique) == {row.key: 1 for row in rows}


def test_a_sweep_asks_for_help_once_when_more_is_due_than_one_batch(unique: str, settings: Any) -> None:
    settings.NOTIFICATIONS_BATCH_SIZE = 2
    schedule(unique, 5)
    calls: list[str] = []

    result = delivery.messages_sweep(on_backlog=lambda: calls.append("help"))

    assert result.claimed == 5
    assert calls == ["help"]


def test_a_sweep_does_not_ask_for_help_when_one_batch_holds_everything_due(unique: str, settings: Any) -> None:
    settings.NOTIFICATIONS_BATCH_SIZE = 10
    schedule(unique, 5)
    calls: list[str] = []

    delivery.messages_sweep(on_backlog=lambda: calls.append("help"))

    assert calls == []


def test_the_beat_sweep_sends_helper_sweeps_that_call_no_helpers_themselves(
    unique: str, settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings.NOTIFICATIONS_BATCH_SIZE = 2
    settings.NOTIFICATIONS_SWEEP_HELPERS = 3
    schedule(unique, 5)
    published: list[dict[str, Any]] = []
    monkeypatch.setattr(tasks.sweep_outbox, "apply_async", lambda **options: published.append(options["kwargs"]))

    assert tasks.sweep_outbox() == 5
    assert published == [{"stale_after_seconds": None, "helpers": 0}] * 3

    schedule(f"{unique}-helper", 5)
    assert tasks.sweep_outbox(helpers=0) == 5
    assert len(published) == 3
