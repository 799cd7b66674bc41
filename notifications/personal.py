"""Telling a person with an account about something, the way they asked to hear about it.

``notify`` looks up the person's frequency for the topic: immediately puts a message
in the outbox, once a day stores an entry for the daily summary (``digest``), off does
nothing. The message remembers the person and the topic in its payload, which gives
every such e-mail its unsubscribe link and headers (``unsubscribe``).
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from notifications import preferences
from notifications.models import DigestItem, Frequency
from notifications.outbox import message_schedule

RECIPIENT = "recipient_id"
TOPIC = "topic"


class Outcome(StrEnum):
    SENT = "sent"
    DIGEST = "digest"
    OFF = "off"
    UNREACHABLE = "unreachable"


def notify(*, user: Any, topic: str, kind: str, key: str, payload: dict[str, Any]) -> Outcome:
    """Tell ``user`` about one event of ``topic``; ``key`` makes it happen once per person and event."""
    if user is None or not user.is_active or not user.email:
        return Outcome.UNREACHABLE
    frequency = preferences.frequency_of(user, topic)
    if frequency == Frequency.OFF:
        return Outcome.OFF
    data = {**payload, RECIPIENT: user.pk, TOPIC: topic}
    if frequency == Frequency.DAILY:
        DigestItem.objects.get_or_create(
            key=key, defaults={"user": user, "topic": topic, "kind": kind, "payload": data}
        )
        return Outcome.DIGEST
    message_schedule(
        kind=kind,
        key=key,
        recipient_name=user.display_name,
        recipient_email=user.email,
        language=user.preferred_language,
        payload=data,
    )
    return Outcome.SENT
