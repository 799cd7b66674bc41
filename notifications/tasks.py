"""Celery tasks: wake-up calls only. The state they act on lives in the outbox table."""

from __future__ import annotations

import datetime as dt
import logging

from celery import shared_task
from django.conf import settings

from notifications import delivery

logger = logging.getLogger(__name__)


@shared_task(name="notifications.tasks.send_message")
def send_message(message_id: int) -> None:
    """Send one message now if it is still due; a lost or repeated call is harmless."""
    token = delivery.message_claim(message_id=message_id)
    if token:
        delivery.message_deliver(message_id=message_id, token=token)


@shared_task(name="notifications.tasks.sweep_outbox")
def sweep_outbox(stale_after_seconds: float | None = None, helpers: int | None = None) -> int:
    """Run by beat every minute: send everything due, including rows a dead worker left behind.

    Beat starts one sweep, which one worker runs. When more is due than one batch, the sweep sends
    ``helpers`` more sweeps (default ``NOTIFICATIONS_SWEEP_HELPERS``, 3), so that idle workers share the
    backlog. They claim their own rows, so nothing is sent twice, and they call no further helpers; with
    fewer idle workers they simply run later and find less or nothing to do.
    """
    stale_after = None if stale_after_seconds is None else dt.timedelta(seconds=stale_after_seconds)
    count = int(getattr(settings, "NOTIFICATIONS_SWEEP_HELPERS", 3)) if helpers is None else helpers

    def call_for_help() -> None:
        for _ in range(count):
            try:
                sweep_outbox.apply_async(kwargs={"stale_after_seconds": stale_after_seconds, "helpers": 0})
            except Exception:
                logger.warning("Could not reach the broker to ask for help with the outbox backlog.")
                return

    return delivery.messages_sweep(stale_after=stale_after, on_backlog=call_for_help if count > 0 else None).claimed


@shared_task(name="notifications.tasks.compose_digests")
def compose_digests() -> int:
    """Run by beat every few minutes: after the summary hour, gather each person's entries into one e-mail."""
    from notifications import digest

    return digest.digests_compose()
