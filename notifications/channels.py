"""Turning an outbox row into what a person receives, and handing it to the channel.

E-mail (text, HTML, attachments) goes through Django's mail API, SMS through the
configured SMS backend (``notifications.sms``); phone calls are rendered into the
script office staff read out. Templates live in ``<template_base>/`` of the kind
(``notifications.registry``).
"""

from __future__ import annotations

import datetime as dt
import email.policy
import logging
import re
import uuid
from email.utils import parseaddr
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, mailers
from django.template import Context, TemplateDoesNotExist
from django.template.loader import get_template, render_to_string
from django.utils import translation

from accounts.emails import sender_address
from notifications import registry, sms, unsubscribe
from notifications.models import Channel, OutboxMessage

logger = logging.getLogger(__name__)

FOOTER_TEXT = "notifications/_footer.txt"
FOOTER_HTML = "notifications/_footer.html"


def render_text(name: str, context: dict[str, Any]) -> str:
    """Plain-text parts are not HTML: render them without autoescaping ("&" stays "&")."""
    template: Any = get_template(name)
    return str(template.template.render(Context(context, autoescape=False)))


# A web address read out on the phone helps nobody; seniors on the call list have no e-mail anyway.
_WEB_ADDRESS = re.compile(r"https?://|www\.", re.IGNORECASE)


def spoken(text: str) -> str:
    """A call script as staff read it out: without the lines that carry a web address."""
    return "\n".join(line for line in text.splitlines() if not _WEB_ADDRESS.search(line)).strip()


def render(message: OutboxMessage, kind: registry.Kind, context: dict[str, Any]) -> dict[str, Any]:
    base = kind.template_base
    context = {**context, "message": message, "SITE_NAME": settings.SITE_NAME, "SITE_URL": settings.SITE_URL}
    # E-mails to a person about a topic end with how to stop them and where to choose what to receive.
    footer = unsubscribe.footer_context(message) if message.channel == Channel.EMAIL else None
    if footer is not None:
        context.update(footer)
    rendered: dict[str, Any] = {"context": context}
    with translation.override(message.language):
        rendered["subject"] = " ".join(render_text(f"{base}/subject.txt", context).split())
        rendered["text"] = render_text(f"{base}/body.txt", context)
        try:
            rendered["html"] = render_to_string(f"{base}/body.html", context)
        except TemplateDoesNotExist:
            rendered["html"] = None
        if footer is not None:
            rendered["text"] = f"{rendered['text'].rstrip()}\n\n{render_text(FOOTER_TEXT, context).strip()}\n"
            if rendered["html"]:
                html, body_end, rest = rendered["html"].rpartition("</body>")
                footer_html = render_to_string(FOOTER_HTML, context)
                rendered["html"] = f"{html}{footer_html}{body_end}{rest}" if body_end else rest + footer_html
        if message.channel == Channel.SMS:
            try:
                rendered["sms"] = render_text(f"{base}/sms.txt", context).strip()
            except TemplateDoesNotExist:
                rendered["sms"] = f"{rendered['subject']}\n{rendered['text']}".strip()
        if message.channel == Channel.CALL:
            try:
                rendered["call"] = spoken(render_text(f"{base}/call.txt", context))
            except TemplateDoesNotExist:
                rendered["call"] = spoken(rendered["text"])
    return rendered


def new_sent_key(message: OutboxMessage) -> str:
    domain = parseaddr(settings.DEFAULT_FROM_EMAIL)[1].rpartition("@")[2] or "localhost"
    return f"<outbox.{message.pk}.{uuid.uuid4().hex[:12]}@{domain}>"


# Python's default e-mail policy folds header lines at 78 characters and turns a longer
# unbreakable value, such as the signed address in List-Unsubscribe, into RFC 2047
# encoded words, which mail programs do not read as a link. RFC 5322 allows 998.
LONG_HEADERS = email.policy.default.clone(max_line_length=998)


class OutboxEmail(EmailMultiAlternatives):
    def message(self, *, policy: Any = LONG_HEADERS) -> Any:
        return super().message(policy=policy)


def build_email(message: OutboxMessage, kind: registry.Kind, rendered: dict[str, Any]) -> EmailMultiAlternatives:
    email = OutboxEmail(
        subject=rendered["subject"],
        body=rendered["text"],
        from_email=sender_address(),
        to=[message.recipient_email],
        headers={"Message-ID": message.sent_key, "X-Outbox-Key": message.key, **unsubscribe.email_headers(message)},
    )
    if rendered["html"]:
        email.attach_alternative(rendered["html"], "text/html")
    if kind.attachments:
        for filename, content, mimetype in kind.attachments(message, rendered["context"]):
            email.attach(filename, content, mimetype)
    return email


class Channels:
    """The channels of one batch: one mail connection (opened on first use) and one SMS backend.

    An SMTP connection per message costs a TCP and TLS handshake each; one per batch does not. After a
    failed send the connection is dropped, so the next message of the batch starts with a fresh one.
    """

    def __init__(self) -> None:
        self._mailer: Any = None
        self._sms: sms.SmsBackend | None = None

    def send_email(self, email: EmailMultiAlternatives) -> None:
        try:
            if self._mailer is None:
                self._mailer = mailers.default
                self._mailer.open()
            self._mailer.send_messages([email])
        except Exception:
            self.close()
            raise

    def send_sms(self, *, to: str, text: str, reference: str) -> None:
        if self._sms is None:
            self._sms = sms.get_backend()
        self._sms.send(to=to, text=text, reference=reference)

    def close(self) -> None:
        mailer, self._mailer = self._mailer, None
        if mailer is not None:
            try:
                mailer.close()
            except Exception:
                logger.warning("Closing the mail connection failed.", exc_info=True)


def email_delivery_recorded(*, sent_key: str, since: dt.datetime) -> bool | None:
    """Whether the configured mail backend already wrote an e-mail with this Message-ID.

    Only backends that write files can tell (``core.mail.FileAndConsoleBackend``,
    Django's file backend); for SMTP the answer is ``None``, "cannot know".
    """
    backend = mailers.default
    directory = getattr(backend, "directory", None) or getattr(backend, "file_path", None)
    if not directory or not Path(directory).is_dir():
        return None if not directory else False
    needle = f"Message-ID: {sent_key}".encode()
    # Only files written since the send began can hold it (a minute of slack for clock jitter).
    earliest = since.timestamp() - 60
    for path in Path(directory).iterdir():
        try:
            if path.is_file() and path.stat().st_mtime >= earliest and needle in path.read_bytes():
                return True
        except OSError:
            continue
    return False


def delivery_recorded(message: OutboxMessage) -> bool | None:
    if not message.sent_key or message.send_started_at is None:
        return None
    if message.channel == Channel.EMAIL:
        return email_delivery_recorded(sent_key=message.sent_key, since=message.send_started_at)
    if message.channel == Channel.SMS:
        return sms.get_backend().delivery_recorded(reference=message.sent_key)
    return None
