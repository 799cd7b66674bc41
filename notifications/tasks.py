"""Celery tasks: wake-up calls only. The state they act on lives in the outbox table."""

from __future__ import annotations

import datetime as dt

from celery import shared_task

from notifications import services


@shared_task(name="notifications.tasks.send_message")
def send_message(message_id: int) -> None:
    """Send one message now if it is still due; a lost or repeated call is harmless."""
    token = services.message_claim(message_id=message_id)
    if token:
        services.message_deliver(message_id=message_id, token=token)


@shared_task(name="notifications.tasks.sweep_outbox")
def sweep_outbox(stale_after_seconds: float | None = None) -> int:
    """Run by beat every minute: send everything due, including rows a dead worker left behind."""
    stale_after = None if stale_after_seconds is None else dt.timedelta(seconds=stale_after_seconds)
    return services.messages_sweep(stale_after=stale_after).claimed
