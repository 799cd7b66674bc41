from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from notifications import outbox
from notifications.models import OutboxMessage, Status
from tests.notifications.kinds import TEST_KIND

pytestmark = pytest.mark.django_db


def test_outbox_sweep_sends_what_is_due_and_says_so(unique: str) -> None:
    outbox.message_schedule(kind=TEST_KIND, key=f"{unique}-1", recipient_email="a@example.org")
    outbox.message_schedule(kind=TEST_KIND, key=f"{unique}-2", recipient_email="b@example.org", payload={"skip": True})
    out = StringIO()

    call_command("outbox_sweep", stdout=out)

    assert "Claimed 2" in out.getvalue()
    assert "sent: 1" in out.getvalue()
    assert "skipped: 1" in out.getvalue()
    assert len(mail.outbox) == 1


def test_outbox_sweep_can_take_over_rows_a_dead_worker_left_behind(unique: str) -> None:
    message = outbox.message_schedule(kind=TEST_KIND, key=f"{unique}-s", recipient_email="a@example.org")
    OutboxMessage.objects.filter(pk=message.pk).update(
        status=Status.SENDING, claim_token="dead", claimed_at=timezone.now() - dt.timedelta(seconds=30)
    )

    call_command("outbox_sweep", stdout=StringIO())
    message.refresh_from_db()
    assert message.status == Status.SENDING

    call_command("outbox_sweep", "--stale-after", "10", stdout=StringIO())
    message.refresh_from_db()
    assert message.status == Status.SENT
