"""A test-only kind, registered by the test modules and by the worker processes they start (``-I``).

Its payload steers it: ``delay`` (seconds to take while building the context),
``skip`` (no longer applies), ``fail_times`` (fail that many attempts first),
``attach`` (add an ICS attachment), ``take_over`` (the key of another row, whose claim
another sweep takes over while this one is being built).
"""

from __future__ import annotations

import time
from typing import Any

from django.utils import timezone

from notifications import preferences, registry
from notifications.models import OutboxMessage

TEST_KIND = "test_reminder"


def _context(message: OutboxMessage) -> dict[str, Any] | None:
    payload = message.payload
    if payload.get("delay"):
        time.sleep(float(payload["delay"]))
    if payload.get("take_over"):
        OutboxMessage.objects.filter(key=payload["take_over"]).update(
            claim_token="another-sweep", claimed_at=timezone.now()
        )
    if payload.get("skip"):
        return None
    if message.attempts < int(payload.get("fail_times", 0)):
        raise RuntimeError("the test kind was told to fail")
    return {"text": str(payload.get("text", ""))}


def _attachments(message: OutboxMessage, context: dict[str, Any]) -> list[tuple[str, bytes, str]]:
    if not message.payload.get("attach"):
        return []
    return [("termin.ics", b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n", "text/calendar")]


registry.register(
    TEST_KIND,
    label="Test reminder",
    build_context=_context,
    attachments=_attachments,
    template_base="notifications/test_message",
)

# A topic people can choose a frequency for, used by the tests of notification settings and summaries.
TEST_TOPIC = "tests.reminders"
OTHER_TOPIC = "tests.news"
preferences.register(preferences.Topic(TEST_TOPIC, "Test reminders", "Reminders sent by the tests.", order=1))
preferences.register(preferences.Topic(OTHER_TOPIC, "Test news", default="daily", order=2))
