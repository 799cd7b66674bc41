"""The kinds this app sends itself: a test message that checks a channel end to end, and the daily summary."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from notifications import digest, registry
from notifications.models import OutboxMessage

TEST_MESSAGE = "test_message"


def _test_message_context(message: OutboxMessage) -> dict[str, Any] | None:
    return {"text": str(message.payload.get("text", ""))}


def register() -> None:
    registry.register(TEST_MESSAGE, label=str(_("Test message")), build_context=_test_message_context)
    registry.register(digest.DIGEST_KIND, label=str(_("Daily summary")), build_context=digest.digest_context)
