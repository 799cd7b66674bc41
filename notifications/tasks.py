from __future__ import annotations

from celery import shared_task

from notifications import services


@shared_task(name="notifications.tasks.send_message")
def send_message(message_id: int) -> None:
    if services.message_claim(message_id=message_id):
        services.message_deliver(message_id=message_id)


@shared_task(name="notifications.tasks.sweep_outbox")
def sweep_outbox() -> int:
    ids = services.messages_claim_due()
    for message_id in ids:
        services.message_deliver(message_id=message_id)
    return len(ids)
