"""The HTTP SMS gateway backend against a small real HTTP server on 127.0.0.1."""

from __future__ import annotations

import datetime as dt
import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone

from notifications import delivery, outbox
from notifications.models import Channel, OutboxMessage, Status
from notifications.sms import HttpGatewaySmsBackend, SmsError
from tests.notifications.kinds import TEST_KIND


class Gateway:
    def __init__(self) -> None:
        self.requests: list[dict[str, Any]] = []
        self.status = 200
        gateway = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers["Content-Length"])
                gateway.requests.append(
                    {"path": self.path, "headers": dict(self.headers), "body": json.loads(self.rfile.read(length))}
                )
                answer = json.dumps({"id": f"gw-{len(gateway.requests)}"}).encode()
                self.send_response(gateway.status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(answer)))
                self.end_headers()
                self.wfile.write(answer)

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/send"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def gateway() -> Iterator[Gateway]:
    server = Gateway()
    yield server
    server.close()


def test_the_gateway_gets_one_json_post_with_token_and_idempotency_key(gateway: Gateway) -> None:
    backend = HttpGatewaySmsBackend(url=gateway.url, token="secret-token", sender="KL-Hilfe")

    provider_id = backend.send(to="+49 151 12345678", text="Erinnerung: morgen 10 Uhr", reference="<ref-1@x>")

    assert provider_id == "gw-1"
    request = gateway.requests[0]
    assert request["path"] == "/send"
    assert request["headers"]["Authorization"] == "Bearer secret-token"
    assert request["headers"]["Idempotency-Key"] == "<ref-1@x>"
    assert request["body"] == {
        "to": "+49 151 12345678",
        "text": "Erinnerung: morgen 10 Uhr",
        "reference": "<ref-1@x>",
        "sender": "KL-Hilfe",
    }


def test_a_gateway_error_is_reported_as_an_sms_error(gateway: Gateway) -> None:
    gateway.status = 503
    backend = HttpGatewaySmsBackend(url=gateway.url, token="t")

    with pytest.raises(SmsError, match="503"):
        backend.send(to="+49 151", text="x", reference="r")


def test_an_unreachable_gateway_is_reported_as_an_sms_error() -> None:
    stopped = Gateway()
    stopped.close()
    backend = HttpGatewaySmsBackend(url=stopped.url, token="t", timeout=2)

    with pytest.raises(SmsError, match="not reachable"):
        backend.send(to="+49 151", text="x", reference="r")


def test_a_gateway_url_that_is_not_http_is_refused() -> None:
    with pytest.raises(ImproperlyConfigured):
        HttpGatewaySmsBackend(url="file:///etc/passwd")


@pytest.mark.django_db
def test_the_outbox_sends_sms_through_the_gateway_chosen_in_settings_and_retries_its_errors(
    gateway: Gateway, settings: Any, unique: str
) -> None:
    settings.SMS_BACKEND = "notifications.sms.HttpGatewaySmsBackend"
    settings.SMS_GATEWAY_URL = gateway.url
    settings.SMS_GATEWAY_TOKEN = "secret-token"
    ok = outbox.message_schedule(
        kind=TEST_KIND, key=f"{unique}-ok", channel=Channel.SMS, recipient_phone="+49 151 1", language="en"
    )

    delivery.messages_sweep()

    ok.refresh_from_db()
    assert ok.status == Status.SENT
    assert gateway.requests[0]["body"]["reference"] == ok.sent_key
    assert "test message" in gateway.requests[0]["body"]["text"]

    gateway.status = 500
    failing = outbox.message_schedule(
        kind=TEST_KIND, key=f"{unique}-bad", channel=Channel.SMS, recipient_phone="+49 151 2"
    )
    delivery.messages_sweep()
    failing.refresh_from_db()
    assert failing.status == Status.PENDING
    assert failing.attempts == 1
    assert "500" in failing.last_error
    assert failing.next_attempt_at is not None
    assert failing.next_attempt_at > timezone.now() + dt.timedelta(seconds=30)

    gateway.status = 200
    OutboxMessage.objects.filter(pk=failing.pk).update(next_attempt_at=timezone.now())
    delivery.messages_sweep()
    failing.refresh_from_db()
    assert failing.status == Status.SENT
    # Both attempts carried the same reference, so the gateway can drop a duplicate.
    references = [r["body"]["reference"] for r in gateway.requests if r["body"]["to"] == "+49 151 2"]
    assert references == [failing.sent_key, failing.sent_key]
