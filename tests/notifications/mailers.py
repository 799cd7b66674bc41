"""A mail backend for tests that records how it was used and can refuse chosen addresses."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

from django.core.mail.backends.locmem import EmailBackend
from django.core.mail.message import EmailMessage


class RecordingBackend(EmailBackend):
    """Django's in-memory backend (``mail.outbox``) that logs ``open``/``send``/``close`` in ``events``.

    A message to an address in ``refused`` raises, as an SMTP server refusing it would.
    """

    events: ClassVar[list[str]] = []
    refused: ClassVar[set[str]] = set()

    def open(self) -> Any:
        self.events.append("open")
        return True

    def close(self) -> None:
        self.events.append("close")

    def send_messages(self, messages: Sequence[EmailMessage]) -> int:
        for message in messages:
            if set(message.to) & self.refused:
                raise ConnectionError(f"the server refused {', '.join(message.to)}")
        self.events.append("send")
        return super().send_messages(messages)
