"""Writing to the outbox and sending what is due.

Delivery guarantee
==================

Every message is a row before anything is sent, and a row moves through these
steps, each one a committed UPDATE that is conditional on the step before::

    pending --claim--> sending --hand over--> (channel) --record--> sent
                  (claim_token,        (send_started_at,
                   claimed_at)          sent_key)

1. **Claim.** A sweep picks a batch of due rows, oldest first, with ``SELECT …
   FOR UPDATE SKIP LOCKED LIMIT <batch>`` and moves them to ``sending`` with one
   fresh ``claim_token`` in a conditional UPDATE (``WHERE status = <what we
   read> AND claim_token = <what we read>``). Only one process can win a row in
   that UPDATE, on PostgreSQL and on SQLite alike, so two sweeps running at once
   (two beats after a bad deploy, a redelivered task, the helpers below) never
   hold the same row. Every later write repeats ``claim_token = <ours>``.
2. **Re-check and render.** The kind's ``build_context`` decides whether the
   message still applies (``None`` -> ``skipped``); it is rendered in the
   recipient's language.
3. **Hand over.** ``send_started_at`` and ``sent_key`` (the e-mail's Message-ID,
   the SMS reference) are committed *before* the channel is called.
4. **Record.** Right after the channel returned, the row becomes ``sent``.

Steps 2 to 4 run for one message after the other, each with its own UPDATEs; the
batch only shares the claim, the reading of its rows and one mail connection
(one SMTP login instead of one per message). A sweep claims
``NOTIFICATIONS_BATCH_SIZE`` rows (default 50) at a time, gives back to
``pending`` whatever it has not started when its time is up, and, when the
first batch comes back full, asks for helper sweeps so that other workers share
the backlog (``tasks.sweep_outbox``).

A worker killed (SIGKILL, power loss) leaves its batch in ``sending``: the row in
the channel at that moment and the rows it had not reached yet. Once the
claim is older than ``NOTIFICATIONS_CLAIM_TIMEOUT`` (default 300 s, longer than
Celery's hard time limit, so the owner is certainly dead) the next sweep claims
them again (so a crash delays up to one batch by that long), and then:

- ``send_started_at`` empty: the channel was never called. Sending now is safe.
- ``send_started_at`` set: the worker died inside the window between steps 3
  and 4. The sweep asks the channel's durable record first: the e-mail file
  backend (``var/mail``) and the SMS file backend are searched for the
  ``sent_key``; if found, the row is recorded as ``sent`` without sending again.

The one unavoidable window: a channel that cannot be asked (SMTP, the HTTP SMS
gateway) and a crash after the channel accepted the message but before step 4
committed. Nobody can know then whether the message left. We choose to send
again rather than stay silent (a second reminder is better than none for the
people this serves), and we repeat the *same* ``sent_key``: as the e-mail's
Message-ID, which mail systems use to drop duplicates, and as the SMS gateway's
``Idempotency-Key``. So: exactly once for every crash outside that window and
for channels with a record; at least once, with a duplicate-suppressing key,
inside it. The window is as long as one call to the channel.

Failures (an exception while building, rendering or sending) are retried with
exponential backoff (``NOTIFICATIONS_RETRY_DELAY`` seconds, doubled each time,
capped at six hours); after ``NOTIFICATIONS_MAX_ATTEMPTS`` (default 5) attempts
the row is ``failed`` and waits for a person to resend it. Nothing is ever
deleted, and nothing relies on long ETA tasks: the broker only carries wake-up
calls, so a flushed Redis loses nothing that the next sweep does not find.

Phone calls (channel ``call``) are not sent by a machine. On the first sweep of
the day they are due, the row is re-checked, its text is rendered and it moves
to ``to_call``: it is on the office's call list until staff tick "called".
"""

from __future__ import annotations

import datetime as dt
import logging
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from notifications import channels, registry
from notifications.models import CLAIMABLE_STATUSES, Channel, OutboxMessage, Status

logger = logging.getLogger(__name__)

MAX_RETRY_DELAY = dt.timedelta(hours=6)


def max_attempts() -> int:
    return int(getattr(settings, "NOTIFICATIONS_MAX_ATTEMPTS", 5))


def claim_timeout() -> dt.timedelta:
    return dt.timedelta(seconds=float(getattr(settings, "NOTIFICATIONS_CLAIM_TIMEOUT", 300)))


def retry_delay(attempts: int) -> dt.timedelta:
    """Wait before the next attempt after ``attempts`` failed ones: 1, 2, 4, … minutes by default."""
    base = float(getattr(settings, "NOTIFICATIONS_RETRY_DELAY", 60))
    return min(dt.timedelta(seconds=base * 2 ** max(attempts - 1, 0)), MAX_RETRY_DELAY)


def batch_size() -> int:
    return max(1, int(getattr(settings, "NOTIFICATIONS_BATCH_SIZE", 50)))


def _claimable(*, now: dt.datetime, stale_before: dt.datetime) -> Q:
    local_now = timezone.localtime(now)
    end_of_today = (local_now + dt.timedelta(days=1)).replace(hour=0, minute=0, second=0, microsecond=0)
    not_waiting = Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now)
    due = Q(status=Status.PENDING, due_at__lte=now) & not_waiting
    # A call is prepared at the first sweep of its day, so it is on the list when the office opens.
    call_due = Q(status=Status.PENDING, channel=Channel.CALL, due_at__lt=end_of_today) & not_waiting
    abandoned = Q(status=Status.SENDING, claimed_at__lt=stale_before)
    # The outer status filter is the predicate of the partial index ``outbox_open_due``: PostgreSQL then reads
    # only open rows, already in (due_at, id) order, instead of walking every sent row or sorting ties.
    return Q(status__in=CLAIMABLE_STATUSES) & (due | call_due | abandoned)


@dataclass(frozen=True)
class Claim:
    """Rows one process took over in one claim; every later write repeats ``claim_token = token``."""

    token: str
    ids: list[int]


def messages_claim(
    *,
    limit: int,
    now: dt.datetime | None = None,
    stale_after: dt.timedelta | None = None,
    message_id: int | None = None,
) -> Claim | None:
    """Claim up to ``limit`` due rows (oldest first, or just the given one) with one fresh claim token."""
    now = now or timezone.now()
    stale_before = now - (claim_timeout() if stale_after is None else stale_after)
    candidates = OutboxMessage.objects.filter(_claimable(now=now, stale_before=stale_before))
    if message_id is not None:
        candidates = candidates.filter(pk=message_id)
    token = uuid.uuid4().hex
    for _ in range(20):
        with transaction.atomic():
            rows = list(
                candidates.select_for_update(skip_locked=True)
                .order_by("due_at", "id")
                .values_list("id", "status", "claim_token")[:limit]
            )
            if not rows:
                return None
            # Each UPDATE repeats the status and token we read, so only one process wins a row even
            # without SKIP LOCKED (SQLite). Rows read alike (all pending ones) share one statement.
            read_as: dict[tuple[str, str], list[int]] = {}
            for pk, status, old_token in rows:
                read_as.setdefault((status, old_token), []).append(pk)
            won = sum(
                OutboxMessage.objects.filter(pk__in=group, status=status, claim_token=old_token).update(
                    status=Status.SENDING, claim_token=token, claimed_at=now
                )
                for (status, old_token), group in read_as.items()
            )
            ids = [pk for pk, _status, _old_token in rows]
            if 0 < won < len(rows):
                ids = list(
                    OutboxMessage.objects.filter(pk__in=ids, status=Status.SENDING, claim_token=token)
                    .order_by("due_at", "id")
                    .values_list("id", flat=True)
                )
        if won:
            return Claim(token=token, ids=ids)
        # Another sweep took them between our read and our write (SQLite has no SKIP LOCKED): try the next.
    return None


def message_claim_next(
    *, now: dt.datetime | None = None, stale_after: dt.timedelta | None = None, message_id: int | None = None
) -> tuple[int, str] | None:
    """Claim the next due row (or the given one) for this process; returns (id, claim token) or None."""
    claim = messages_claim(limit=1, now=now, stale_after=stale_after, message_id=message_id)
    return (claim.ids[0], claim.token) if claim else None


def message_claim(*, message_id: int) -> str | None:
    """Claim one message if it is due; returns the claim token, or None if it is not ours to send."""
    claim = message_claim_next(message_id=message_id)
    return claim[1] if claim else None


def _ours(message: OutboxMessage, token: str) -> Any:
    return OutboxMessage.objects.filter(pk=message.pk, status=Status.SENDING, claim_token=token)


def _finish(message: OutboxMessage, token: str, **changes: Any) -> bool:
    """Write this attempt's outcome if the claim is still ours, and keep the instance in step with the row."""
    if _ours(message, token).update(**changes):
        for name, value in changes.items():
            setattr(message, name, value)
        return True
    message.refresh_from_db()
    return False


def _record_failure(message: OutboxMessage, token: str, error: str) -> None:
    attempts = message.attempts + 1
    now = timezone.now()
    final = attempts >= max_attempts()
    _finish(
        message,
        token,
        status=Status.FAILED if final else Status.PENDING,
        attempts=attempts,
        last_error=f"{now:%Y-%m-%d %H:%M:%S} attempt {attempts}: {error}"[:2000],
        next_attempt_at=None if final else now + retry_delay(attempts),
        send_started_at=None,
        claim_token="",
    )
    log = logger.error if final else logger.warning
    log("Outbox message %s failed (attempt %s): %s", message.pk, attempts, error)


def _deliver(message: OutboxMessage, token: str, open_channels: channels.Channels) -> None:
    """Steps 2 to 4 of the module docstring for one claimed row; its own hand-over and record UPDATEs."""
    if message.send_started_at is not None and channels.delivery_recorded(message):
        _finish(
            message,
            token,
            status=Status.SENT,
            sent_at=message.send_started_at,
            attempts=message.attempts + 1,
            claim_token="",
            last_error="sent before a crash; found in the channel's record, not sent again",
        )
        return
    kind = registry.get(message.kind)
    try:
        if kind is None:
            raise LookupError(f"no kind {message.kind!r} is registered")
        context = kind.build_context(message)
        if context is None:
            _finish(
                message,
                token,
                status=Status.SKIPPED,
                last_error="no longer applies",
                claim_token="",
                next_attempt_at=None,
            )
            return
        rendered = channels.render(message, kind, context)
        if message.channel == Channel.CALL:
            _finish(
                message,
                token,
                status=Status.TO_CALL,
                rendered_text=rendered["call"],
                claim_token="",
                next_attempt_at=None,
            )
            return
        # Committed before the channel is called, and only while the claim is ours: a sweep that took the row
        # over (our claim went stale) makes this UPDATE miss, and then we do not send.
        if not _finish(
            message, token, send_started_at=timezone.now(), sent_key=message.sent_key or channels.new_sent_key(message)
        ):
            return
        if message.channel == Channel.SMS:
            open_channels.send_sms(to=message.recipient_phone, text=rendered["sms"], reference=message.sent_key)
        else:
            open_channels.send_email(channels.build_email(message, kind, rendered))
    except Exception as exc:
        _record_failure(message, token, f"{type(exc).__name__}: {exc}")
        return
    if not _finish(
        message,
        token,
        status=Status.SENT,
        sent_at=timezone.now(),
        attempts=message.attempts + 1,
        last_error="",
        claim_token="",
        next_attempt_at=None,
    ):
        logger.error("Outbox message %s was sent but its claim had been taken over meanwhile.", message.pk)


def messages_deliver(*, ids: list[int], token: str, deadline: float | None = None) -> list[OutboxMessage]:
    """Send the rows this process claimed with ``token``, one after the other, over one mail connection.

    The batch shares the reading of the rows and the connection; every message keeps its own hand-over
    and record steps, so a crash or a take-over concerns only the message in the channel at that moment.
    Rows not started by ``deadline`` (``time.monotonic()``) go back to pending for the next sweep; at
    least one row is always sent, so a sweep makes progress. Returns the rows handled, as they are now.
    """
    messages = list(
        OutboxMessage.objects.filter(pk__in=ids, status=Status.SENDING, claim_token=token).order_by("due_at", "id")
    )
    open_channels = channels.Channels()
    try:
        for index, message in enumerate(messages):
            if index and deadline is not None and time.monotonic() >= deadline:
                OutboxMessage.objects.filter(
                    pk__in=[rest.pk for rest in messages[index:]], status=Status.SENDING, claim_token=token
                ).update(status=Status.PENDING, claim_token="")
                return messages[:index]
            _deliver(message, token, open_channels)
    finally:
        open_channels.close()
    return messages


def message_deliver(*, message_id: int, token: str) -> OutboxMessage:
    """Send one message that this process has claimed with ``token``; see the module docstring."""
    message = OutboxMessage.objects.get(pk=message_id)
    if message.status != Status.SENDING or message.claim_token != token:
        return message
    open_channels = channels.Channels()
    try:
        _deliver(message, token, open_channels)
    finally:
        open_channels.close()
    return message


@dataclass
class SweepResult:
    claimed: int = 0
    by_status: dict[str, int] = field(default_factory=dict)


def messages_sweep(
    *,
    stale_after: dt.timedelta | None = None,
    time_budget: float | None = None,
    limit: int | None = None,
    on_backlog: Callable[[], None] | None = None,
) -> SweepResult:
    """Send everything that is due, a claimed batch at a time, until nothing is due or time is up.

    Several sweeps share a backlog without waiting for each other (SKIP LOCKED). ``on_backlog`` is called
    once if the first batch comes back full, that is when more is due than one batch: the beat task uses it
    to ask other workers for help. ``claimed`` counts the rows this sweep handled (not those it gave back).
    """
    budget = float(getattr(settings, "NOTIFICATIONS_SWEEP_SECONDS", 45) if time_budget is None else time_budget)
    stale = claim_timeout() if stale_after is None else stale_after
    started = time.monotonic()
    deadline = started + budget
    size = batch_size()
    result = SweepResult()
    first = True
    while time.monotonic() < deadline and (limit is None or result.claimed < limit):
        wanted = size if limit is None else min(size, limit - result.claimed)
        claimed_at = time.monotonic()
        claim = messages_claim(limit=wanted, stale_after=stale)
        if claim is None:
            break
        if first and on_backlog is not None and len(claim.ids) == size:
            on_backlog()
        first = False
        # Give back what is not started before the sweep's time is up, and long before another sweep
        # could take our claims for abandoned ones.
        batch_deadline = min(deadline, claimed_at + stale.total_seconds() / 2)
        for message in messages_deliver(ids=claim.ids, token=claim.token, deadline=batch_deadline):
            result.claimed += 1
            result.by_status[message.status] = result.by_status.get(message.status, 0) + 1
    return result
