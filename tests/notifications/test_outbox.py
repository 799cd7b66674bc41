from __future__ import annotations

import datetime as dt
from email import message_from_bytes
from pathlib import Path
from typing import Any

import pytest
from django.core import mail
from django.utils import timezone

from notifications import delivery, outbox
from notifications.models import Channel, OutboxMessage, Status
from tests.factories import OfficeFactory, UserFactory
from tests.notifications.kinds import TEST_KIND

pytestmark = pytest.mark.django_db


def schedule(key: str, **overrides: Any) -> OutboxMessage:
    values: dict[str, Any] = {
        "kind": TEST_KIND,
        "key": key,
        "due_at": timezone.now() - dt.timedelta(minutes=1),
        "recipient_name": "Erika Muster",
        "recipient_email": "erika@example.org",
        "recipient_phone": "+49 631 12345",
        "language": "de",
        "payload": {"text": "Hallo"},
    }
    values.update(overrides)
    return outbox.message_schedule(**values)


def reload(message: OutboxMessage) -> OutboxMessage:
    message.refresh_from_db()
    return message


def test_a_due_email_is_sent_once_as_text_and_html_with_the_kinds_attachment(unique: str) -> None:
    message = schedule(f"{unique}-1", payload={"text": "Bitte Ladekabel mitbringen", "attach": True})

    delivery.messages_sweep()
    delivery.messages_sweep()

    assert len(mail.outbox) == 1
    sent = mail.outbox[0]
    assert sent.to == ["erika@example.org"]
    assert "Bitte Ladekabel mitbringen" in sent.body
    assert sent.alternatives[0].mimetype == "text/html"  # type: ignore[attr-defined]
    assert sent.attachments[0].filename == "termin.ics"
    message = reload(message)
    assert message.status == Status.SENT
    assert message.attempts == 1
    assert message.sent_at is not None
    assert sent.extra_headers["Message-ID"] == message.sent_key
    assert sent.extra_headers["X-Outbox-Key"] == message.key


def test_the_message_is_written_in_the_recipients_language(unique: str) -> None:
    schedule(f"{unique}-de", language="de")
    schedule(f"{unique}-en", language="en", recipient_email="john@example.org")

    delivery.messages_sweep()

    subjects = {sent.to[0]: sent.subject for sent in mail.outbox}
    assert subjects["erika@example.org"].startswith("Testnachricht")
    assert subjects["john@example.org"].startswith("Test message")


def test_a_message_that_is_not_due_yet_waits(unique: str) -> None:
    message = schedule(f"{unique}-later", due_at=timezone.now() + dt.timedelta(hours=2))

    delivery.messages_sweep()

    assert mail.outbox == []
    assert reload(message).status == Status.PENDING


def test_a_message_that_no_longer_applies_is_recorded_as_skipped(unique: str) -> None:
    message = schedule(f"{unique}-gone", payload={"skip": True})

    delivery.messages_sweep()

    assert mail.outbox == []
    message = reload(message)
    assert message.status == Status.SKIPPED
    assert message.last_error == "no longer applies"


def test_scheduling_the_same_key_again_moves_the_pending_message_instead_of_adding_one(unique: str) -> None:
    later = timezone.now() + dt.timedelta(days=1)
    first = schedule(f"{unique}-r")
    second = schedule(f"{unique}-r", due_at=later)

    assert first.pk == second.pk
    assert OutboxMessage.objects.filter(key=f"{unique}-r").count() == 1
    assert reload(first).due_at == later
    delivery.messages_sweep()
    assert mail.outbox == []


def test_a_cancelled_message_is_not_sent_and_scheduling_it_again_revives_it(unique: str) -> None:
    message = schedule(f"{unique}-c")

    assert outbox.message_cancel(key=f"{unique}-c") == 1
    delivery.messages_sweep()
    assert mail.outbox == []
    assert reload(message).status == Status.CANCELLED

    schedule(f"{unique}-c")
    delivery.messages_sweep()
    assert len(mail.outbox) == 1


def test_a_sent_message_is_not_sent_again_when_scheduled_again(unique: str) -> None:
    schedule(f"{unique}-s")
    delivery.messages_sweep()

    schedule(f"{unique}-s")
    delivery.messages_sweep()

    assert len(mail.outbox) == 1


def test_a_failure_is_retried_with_exponential_backoff(unique: str) -> None:
    message = schedule(f"{unique}-f", payload={"fail_times": 2})

    delivery.messages_sweep()
    message = reload(message)
    assert message.status == Status.PENDING
    assert message.attempts == 1
    assert "told to fail" in message.last_error
    assert message.next_attempt_at is not None
    wait = message.next_attempt_at - timezone.now()
    assert dt.timedelta(seconds=50) < wait <= dt.timedelta(seconds=60)

    delivery.messages_sweep()  # too early for the next attempt
    assert reload(message).attempts == 1

    OutboxMessage.objects.filter(pk=message.pk).update(next_attempt_at=timezone.now())
    delivery.messages_sweep()
    message = reload(message)
    assert message.attempts == 2
    assert message.next_attempt_at is not None
    assert message.next_attempt_at - timezone.now() > dt.timedelta(seconds=110)

    OutboxMessage.objects.filter(pk=message.pk).update(next_attempt_at=timezone.now())
    delivery.messages_sweep()
    assert reload(message).status == Status.SENT
    assert len(mail.outbox) == 1


def test_retry_delays_double_and_stop_growing_at_six_hours() -> None:
    assert [delivery.retry_delay(n).total_seconds() for n in (1, 2, 3, 4)] == [60, 120, 240, 480]
    assert delivery.retry_delay(30) == dt.timedelta(hours=6)


def test_after_the_last_attempt_the_message_is_failed_and_kept_until_someone_resends_it(
    unique: str, settings: Any
) -> None:
    settings.NOTIFICATIONS_MAX_ATTEMPTS = 2
    message = schedule(f"{unique}-x", payload={"fail_times": 2})

    delivery.messages_sweep()
    OutboxMessage.objects.filter(pk=message.pk).update(next_attempt_at=timezone.now())
    delivery.messages_sweep()

    message = reload(message)
    assert message.status == Status.FAILED
    assert message.attempts == 2
    assert message.next_attempt_at is None
    assert mail.outbox == []

    OutboxMessage.objects.filter(pk=message.pk).update(payload={"text": "fixed"})
    assert outbox.message_resend(message=message)
    delivery.messages_sweep()
    assert reload(message).status == Status.SENT
    assert len(mail.outbox) == 1


def test_a_message_of_an_unknown_kind_is_kept_and_retried(unique: str) -> None:
    message = schedule(f"{unique}-u", kind="no_such_kind")

    delivery.messages_sweep()

    message = reload(message)
    assert message.status == Status.PENDING
    assert "no_such_kind" in message.last_error


def test_a_resend_of_a_pending_message_is_refused(unique: str) -> None:
    message = schedule(f"{unique}-p", due_at=timezone.now() + dt.timedelta(hours=1))

    assert not outbox.message_resend(message=message)


def test_delivering_without_the_current_claim_token_sends_nothing(unique: str) -> None:
    message = schedule(f"{unique}-t")
    claim = delivery.message_claim_next()
    assert claim is not None

    delivery.message_deliver(message_id=message.pk, token="not-the-token")

    assert mail.outbox == []
    assert reload(message).status == Status.SENDING


def test_a_claim_is_not_taken_over_while_it_is_fresh(unique: str) -> None:
    schedule(f"{unique}-fresh")
    assert delivery.message_claim_next() is not None

    assert delivery.message_claim_next() is None


def abandon(message: OutboxMessage, *, started: bool, minutes_ago: int = 10) -> OutboxMessage:
    """Leave the row as a worker killed mid-send would: claimed long ago, maybe handed over."""
    then = timezone.now() - dt.timedelta(minutes=minutes_ago)
    OutboxMessage.objects.filter(pk=message.pk).update(
        status=Status.SENDING,
        claim_token="dead-worker",
        claimed_at=then,
        send_started_at=then if started else None,
        sent_key=f"<outbox.{message.pk}.deadbeef@example.org>" if started else "",
    )
    return reload(message)


def eml_files(directory: Path) -> list[Path]:
    return sorted(directory.glob("*.eml")) if directory.exists() else []


def test_a_row_abandoned_before_it_was_handed_over_is_sent_by_the_next_sweep(unique: str, mail_dir: Path) -> None:
    message = abandon(schedule(f"{unique}-a"), started=False)

    delivery.messages_sweep()

    assert reload(message).status == Status.SENT
    assert len(eml_files(mail_dir)) == 1


def test_a_row_abandoned_after_the_email_left_is_recorded_as_sent_without_sending_again(
    unique: str, mail_dir: Path
) -> None:
    message = schedule(f"{unique}-b", due_at=timezone.now() + dt.timedelta(hours=1))
    # The dead worker really sent it: an e-mail with its Message-ID is in the mail directory.
    OutboxMessage.objects.filter(pk=message.pk).update(due_at=timezone.now())
    claim = delivery.message_claim_next()
    assert claim is not None
    delivery.message_deliver(message_id=claim[0], token=claim[1])
    assert len(eml_files(mail_dir)) == 1
    sent_key = reload(message).sent_key
    then = timezone.now() - dt.timedelta(minutes=10)
    OutboxMessage.objects.filter(pk=message.pk).update(
        status=Status.SENDING, claim_token="dead-worker", claimed_at=then, send_started_at=timezone.now(), sent_at=None
    )

    delivery.messages_sweep()

    message = reload(message)
    assert message.status == Status.SENT
    assert message.sent_key == sent_key
    assert "not sent again" in message.last_error
    assert len(eml_files(mail_dir)) == 1


def test_a_row_abandoned_while_handing_over_without_a_trace_is_sent_again_with_the_same_message_id(
    unique: str, mail_dir: Path
) -> None:
    message = abandon(schedule(f"{unique}-c"), started=True)

    delivery.messages_sweep()

    assert reload(message).status == Status.SENT
    files = eml_files(mail_dir)
    assert len(files) == 1
    assert message_from_bytes(files[0].read_bytes())["Message-ID"] == message.sent_key


def test_an_sms_goes_to_the_file_backend_in_var(unique: str, settings: Any, tmp_path: Path) -> None:
    settings.VAR_DIR = tmp_path
    message = schedule(f"{unique}-sms", channel=Channel.SMS, payload={"text": "Morgen 10 Uhr"})

    delivery.messages_sweep()

    message = reload(message)
    assert message.status == Status.SENT
    files = list((tmp_path / "sms").glob("*.txt"))
    assert len(files) == 1
    content = files[0].read_text()
    assert "+49 631 12345" in content
    assert "Morgen 10 Uhr" in content
    assert message.sent_key in content


def test_an_sms_abandoned_after_it_was_written_is_not_written_twice(unique: str, settings: Any, tmp_path: Path) -> None:
    settings.VAR_DIR = tmp_path
    message = schedule(f"{unique}-sms2", channel=Channel.SMS)
    delivery.messages_sweep()
    first = reload(message)
    OutboxMessage.objects.filter(pk=message.pk).update(
        status=Status.SENDING,
        claim_token="dead-worker",
        claimed_at=timezone.now() - dt.timedelta(minutes=10),
        sent_at=None,
    )

    delivery.messages_sweep()

    assert reload(message).status == Status.SENT
    assert len(list((tmp_path / "sms").glob("*.txt"))) == 1
    assert reload(message).sent_key == first.sent_key


def test_a_call_goes_on_the_call_list_on_its_day_and_counts_as_sent_when_ticked(unique: str) -> None:
    office = OfficeFactory.create()
    tomorrow = timezone.localtime() + dt.timedelta(days=1)
    later_today = timezone.now() + dt.timedelta(minutes=5)
    not_yet = schedule(f"{unique}-call-tomorrow", channel=Channel.CALL, scope=f"office:{office.pk}", due_at=tomorrow)
    today = schedule(f"{unique}-call", channel=Channel.CALL, scope=f"office:{office.pk}", due_at=later_today)

    delivery.messages_sweep()

    today = reload(today)
    if timezone.localtime(later_today).date() == timezone.localdate():
        assert today.status == Status.TO_CALL
        assert "Testanruf" in today.rendered_text  # rendered in the recipient's language
    assert reload(not_yet).status == Status.PENDING
    assert mail.outbox == []

    staff = UserFactory.create()
    assert outbox.message_mark_called(message=today, user=staff)
    today = reload(today)
    assert today.status == Status.SENT
    assert today.sent_by == staff
    assert today.sent_at is not None
    assert not outbox.message_mark_called(message=today, user=staff)


def test_a_cancelled_call_leaves_the_call_list(unique: str) -> None:
    office = OfficeFactory.create()
    message = schedule(f"{unique}-call", channel=Channel.CALL, scope=f"office:{office.pk}")
    delivery.messages_sweep()
    assert reload(message).status == Status.TO_CALL

    outbox.message_cancel(key=f"{unique}-call")

    assert reload(message).status == Status.CANCELLED


def test_cancelling_by_key_prefix_takes_pending_messages_and_calls_off_the_list(unique: str) -> None:
    office = OfficeFactory.create()
    pending = schedule(f"{unique}:booking:1:a", due_at=timezone.now() + dt.timedelta(days=1))
    listed = schedule(f"{unique}:booking:1:b", channel=Channel.CALL, scope=f"office:{office.pk}")
    other = schedule(f"{unique}:booking:2:a", due_at=timezone.now() + dt.timedelta(days=1))
    delivery.messages_sweep()
    assert reload(listed).status == Status.TO_CALL

    assert outbox.messages_cancel(key_prefix=f"{unique}:booking:1:") == 2

    assert reload(pending).status == Status.CANCELLED
    assert reload(listed).status == Status.CANCELLED
    assert reload(other).status == Status.PENDING
