"""Writing to the outbox: the API the apps use to send a message, cancel it or send it again.

Every message is a row with a unique ``key`` before anything is sent; scheduling the
same key again finds the row instead of making a second one. ``scope`` is an opaque
label chosen by the app that writes the row (``"office:12"``): the outbox only uses it
to show staff the messages of the scopes they handle (``notifications.scopes``).
How and when rows are sent: ``notifications.delivery``.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone

from notifications.models import OPEN_STATUSES, Channel, OutboxMessage, Status

if TYPE_CHECKING:
    from accounts.models import User

logger = logging.getLogger(__name__)


def wake_up(message_id: int) -> None:
    """Ask a worker to send now. Only a shortcut: if the broker is down, the sweep sends it."""
    # The configured app, explicitly: web processes do not import it otherwise, and
    # Celery's fallback app would publish to a default AMQP broker.
    from celery_app import app

    try:
        app.send_task("notifications.tasks.send_message", args=[message_id])
    except Exception:
        logger.warning("Could not reach the broker for outbox message %s; the next sweep sends it.", message_id)


def message_schedule(
    *,
    kind: str,
    key: str,
    due_at: dt.datetime | None = None,
    channel: str = Channel.EMAIL,
    recipient_name: str = "",
    recipient_email: str = "",
    recipient_phone: str = "",
    language: str = "de",
    payload: dict[str, Any] | None = None,
    scope: str = "",
) -> OutboxMessage:
    """Put a message in the outbox once.

    Scheduling the same key again updates a message that is not sent yet (new due
    time, recipient, payload) and revives a cancelled one; a message that was
    already sent, skipped or failed stays as it is (resend it explicitly).
    """
    due = due_at or timezone.now()
    fields = {
        "channel": channel,
        "recipient_name": recipient_name,
        "recipient_email": recipient_email,
        "recipient_phone": recipient_phone,
        "language": language,
        "payload": payload or {},
        "scope": scope,
        "due_at": due,
    }
    with transaction.atomic():
        message, created = OutboxMessage.objects.get_or_create(key=key, defaults={"kind": kind, **fields})
        if not created and message.status in (*OPEN_STATUSES, Status.CANCELLED):
            reset = {
                **fields,
                "status": Status.PENDING,
                "next_attempt_at": None,
                "rendered_text": "",
                "claim_token": "",
            }
            if message.status == Status.CANCELLED:
                reset["attempts"] = 0
                reset["last_error"] = ""
            updated = OutboxMessage.objects.filter(pk=message.pk, status__in=(*OPEN_STATUSES, Status.CANCELLED)).update(
                **reset
            )
            if updated:
                message.refresh_from_db()
    if message.status == Status.PENDING and message.channel != Channel.CALL and message.due_at <= timezone.now():
        message_id = message.pk
        transaction.on_commit(lambda: wake_up(message_id))
    return message


def message_cancel(*, key: str) -> int:
    """Cancel a message that has not been sent yet; returns how many rows changed."""
    return OutboxMessage.objects.filter(key=key, status__in=OPEN_STATUSES).update(
        status=Status.CANCELLED, next_attempt_at=None, claim_token=""
    )


def messages_cancel(*, key_prefix: str) -> int:
    """Cancel every unsent message whose key starts with ``key_prefix`` (pending or on the call list)."""
    if not key_prefix:
        raise ValueError("key_prefix must not be empty")
    return OutboxMessage.objects.filter(key__startswith=key_prefix, status__in=OPEN_STATUSES).update(
        status=Status.CANCELLED, next_attempt_at=None, claim_token=""
    )


RESENDABLE_STATUSES = (Status.FAILED, Status.SENT, Status.SKIPPED, Status.CANCELLED)


def message_resend(*, message: OutboxMessage) -> bool:
    """Send a failed, skipped, cancelled or already sent message again, now.

    The row keeps its history in ``last_error``; attempts start from zero and a
    new send key is made, since this is a deliberate second message.
    """
    updated = OutboxMessage.objects.filter(pk=message.pk, status__in=RESENDABLE_STATUSES).update(
        status=Status.PENDING,
        due_at=timezone.now(),
        next_attempt_at=None,
        attempts=0,
        claim_token="",
        send_started_at=None,
        sent_key="",
        sent_at=None,
        sent_by=None,
        rendered_text="",
    )
    if not updated:
        return False
    message.refresh_from_db()
    if message.channel != Channel.CALL:
        message_id = message.pk
        transaction.on_commit(lambda: wake_up(message_id))
    return True


def message_mark_called(*, message: OutboxMessage, user: User, others: Sequence[int] = ()) -> bool:
    """Staff phoned the person: the call-list row counts as sent, by whom and when.

    ``others``: ids of further calls to the same person said in the same call (the call list
    merges them into one row); they must share the message's scope and are marked with the
    same time in the same statement.
    """
    ids = [message.pk, *others]
    updated = OutboxMessage.objects.filter(
        pk__in=ids, scope=message.scope, channel=Channel.CALL, status__in=(Status.PENDING, Status.TO_CALL)
    ).update(status=Status.SENT, sent_at=timezone.now(), sent_by=user, claim_token="", next_attempt_at=None)
    if updated:
        message.refresh_from_db()
    return bool(updated)
