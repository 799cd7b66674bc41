"""Writing to the outbox and sending what is due.

Everything that happens later is an outbox row first. The beat sweep claims due
rows with ``SELECT … FOR UPDATE SKIP LOCKED`` and marks them ``sending`` in the
same transaction, so two sweeps (or two workers) never pick the same row.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from notifications import registry
from notifications.models import Channel, OutboxMessage, Status


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
    office_id: int | None = None,
) -> OutboxMessage:
    """Put a message in the outbox once. Scheduling the same key again moves a pending one."""
    due = due_at or timezone.now()
    message, created = OutboxMessage.objects.get_or_create(
        key=key,
        defaults={
            "kind": kind,
            "channel": channel,
            "recipient_name": recipient_name,
            "recipient_email": recipient_email,
            "recipient_phone": recipient_phone,
            "language": language,
            "payload": payload or {},
            "office_id": office_id,
            "due_at": due,
        },
    )
    if not created and message.status == Status.PENDING and message.due_at != due:
        OutboxMessage.objects.filter(pk=message.pk, status=Status.PENDING).update(due_at=due)
        message.due_at = due
    if due <= timezone.now():
        from notifications.tasks import send_message

        transaction.on_commit(lambda: send_message.delay(message.pk))
    return message


def message_cancel(*, key: str) -> int:
    """Cancel a message that has not been sent yet; returns how many rows changed."""
    return OutboxMessage.objects.filter(key=key, status=Status.PENDING).update(status=Status.CANCELLED)


def messages_claim_due(*, limit: int = 100, now: dt.datetime | None = None) -> list[int]:
    now = now or timezone.now()
    with transaction.atomic():
        ids = list(
            OutboxMessage.objects.select_for_update(skip_locked=True)
            .filter(status=Status.PENDING, due_at__lte=now)
            .order_by("due_at", "id")
            .values_list("id", flat=True)[:limit]
        )
        if ids:
            OutboxMessage.objects.filter(id__in=ids).update(status=Status.SENDING, claimed_at=now)
    return ids


def message_claim(*, message_id: int) -> bool:
    """Claim one due message for sending; False if someone else has it or it is done."""
    claimed = OutboxMessage.objects.filter(pk=message_id, status=Status.PENDING, due_at__lte=timezone.now()).update(
        status=Status.SENDING, claimed_at=timezone.now()
    )
    return claimed == 1


def message_deliver(*, message_id: int) -> OutboxMessage:
    """Render and send a message that this process has claimed (status ``sending``)."""
    message = OutboxMessage.objects.get(pk=message_id)
    if message.status != Status.SENDING:
        return message
    kind = registry.get(message.kind)
    context = kind.build_context(message) if kind else None
    if context is None:
        OutboxMessage.objects.filter(pk=message.pk).update(status=Status.SKIPPED, last_error="no longer applies")
        message.refresh_from_db()
        return message
    try:
        _send_email(message, context, kind)
    except Exception as exc:
        OutboxMessage.objects.filter(pk=message.pk).update(
            status=Status.PENDING, attempts=message.attempts + 1, last_error=repr(exc)[:2000]
        )
        raise
    OutboxMessage.objects.filter(pk=message.pk).update(
        status=Status.SENT, sent_at=timezone.now(), attempts=message.attempts + 1, last_error=""
    )
    message.refresh_from_db()
    return message


def _send_email(message: OutboxMessage, context: dict[str, Any], kind: registry.Kind | None) -> None:
    base = f"notifications/{message.kind}"
    context = {**context, "message": message, "SITE_NAME": settings.SITE_NAME, "SITE_URL": settings.SITE_URL}
    with translation.override(message.language):
        subject = " ".join(render_to_string(f"{base}/subject.txt", context).split())
        text = render_to_string(f"{base}/body.txt", context)
        try:
            html: str | None = render_to_string(f"{base}/body.html", context)
        except Exception:
            html = None
    email = EmailMultiAlternatives(
        subject=subject,
        body=text,
        to=[message.recipient_email],
        headers={"X-Outbox-Key": message.key},
    )
    if html:
        email.attach_alternative(html, "text/html")
    if kind and kind.attachments:
        for filename, content, mimetype in kind.attachments(message, context):
            email.attach(filename, content, mimetype)
    email.send()
