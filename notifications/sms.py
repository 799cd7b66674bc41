"""Text messages through a pluggable backend, chosen by ``settings.SMS_BACKEND``.

A backend has two methods:

- ``send(*, to, text, reference)`` hands one text to the channel and returns the
  provider's id (or the reference). ``reference`` is the outbox row's send key;
  it stays the same when a send is repeated, so a gateway can drop duplicates.
- ``delivery_recorded(*, reference)`` answers whether a text with that reference
  was already handed over: ``True``/``False`` when the backend can tell, ``None``
  when it cannot (then the sender repeats the send with the same reference).

Settings (all read with ``getattr``):

- ``SMS_BACKEND``: dotted path, default ``notifications.sms.FileSmsBackend``.
- ``SMS_GATEWAY_URL``, ``SMS_GATEWAY_TOKEN``, ``SMS_GATEWAY_SENDER``,
  ``SMS_GATEWAY_TIMEOUT`` (seconds, default 10): for ``HttpGatewaySmsBackend``.
"""

from __future__ import annotations

import json
import os
import re
import sys
import urllib.error
import urllib.request
from pathlib import Path
from typing import Protocol
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone
from django.utils.module_loading import import_string

DEFAULT_BACKEND = "notifications.sms.FileSmsBackend"


class SmsError(Exception):
    """The channel refused or failed to take the text; the outbox retries later."""


class SmsBackend(Protocol):
    def send(self, *, to: str, text: str, reference: str) -> str: ...

    def delivery_recorded(self, *, reference: str) -> bool | None: ...


def _file_name(reference: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "_", reference).strip("_") + ".txt"


class FileSmsBackend:
    """Writes each text to ``VAR_DIR/sms/<reference>.txt`` and to the console.

    The file appears atomically (written aside, then renamed), so its presence is
    a reliable record that the text was "sent".
    """

    def __init__(self, directory: str | Path | None = None) -> None:
        self.directory = Path(directory or Path(settings.VAR_DIR) / "sms")

    def send(self, *, to: str, text: str, reference: str) -> str:
        self.directory.mkdir(parents=True, exist_ok=True)
        target = self.directory / _file_name(reference)
        partial = target.with_suffix(".part")
        partial.write_text(f"To: {to}\nReference: {reference}\nDate: {timezone.now().isoformat()}\n\n{text}\n")
        os.replace(partial, target)
        sys.stdout.write(f"[sms] to {to}: {text[:60]} -> {target.name}\n")
        return reference

    def delivery_recorded(self, *, reference: str) -> bool | None:
        return (self.directory / _file_name(reference)).exists()


class HttpGatewaySmsBackend:
    """A generic HTTP gateway: one JSON POST per text, bearer token, idempotency key.

    Request body: ``{"to": ..., "text": ..., "reference": ..., "sender": ...}``.
    Any 2xx answer counts as accepted; a JSON answer's ``id`` is kept as the
    provider id. The ``Idempotency-Key`` header carries the reference, so a
    gateway that honours it turns a repeated send into a no-op.
    """

    def __init__(
        self, url: str | None = None, token: str | None = None, sender: str | None = None, timeout: float | None = None
    ) -> None:
        self.url: str = url or str(getattr(settings, "SMS_GATEWAY_URL", ""))
        self.token = token if token is not None else getattr(settings, "SMS_GATEWAY_TOKEN", "")
        self.sender = sender if sender is not None else getattr(settings, "SMS_GATEWAY_SENDER", "")
        self.timeout = timeout or float(getattr(settings, "SMS_GATEWAY_TIMEOUT", 10))
        if urlsplit(self.url).scheme not in {"http", "https"}:
            raise ImproperlyConfigured("SMS_GATEWAY_URL must be an http:// or https:// URL.")

    def send(self, *, to: str, text: str, reference: str) -> str:
        body = json.dumps({"to": to, "text": text, "reference": reference, "sender": self.sender}).encode()
        headers = {"Content-Type": "application/json", "Accept": "application/json", "Idempotency-Key": reference}
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        request = urllib.request.Request(self.url, data=body, headers=headers, method="POST")  # noqa: S310 (scheme checked above)
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310
                raw = response.read()
        except urllib.error.HTTPError as exc:
            raise SmsError(f"gateway answered {exc.code}: {exc.read()[:200]!r}") from exc
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            raise SmsError(f"gateway not reachable: {exc}") from exc
        try:
            answer = json.loads(raw or b"{}")
        except ValueError:
            answer = {}
        provider_id = answer.get("id") if isinstance(answer, dict) else None
        return str(provider_id or reference)

    def delivery_recorded(self, *, reference: str) -> bool | None:
        # The gateway has no query API we can rely on; a repeated send carries the
        # same Idempotency-Key instead.
        return None


def get_backend() -> SmsBackend:
    backend: SmsBackend = import_string(getattr(settings, "SMS_BACKEND", DEFAULT_BACKEND))()
    return backend
