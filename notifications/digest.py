"""The daily summary: entries people chose to receive once a day, in one e-mail each morning.

Beat calls ``digests_compose`` every few minutes. Once the day's summary hour
(``NOTIFICATIONS_DIGEST_HOUR``, local time) has passed, every entry from before that
hour is taken, per person, into one outbox message of the kind ``digest``; the outbox
sends it like any other message. Entries are claimed with ``SKIP LOCKED``, so two
composers never put one entry into two summaries. Each entry is rendered from fresh data
when the summary is sent, by its own kind (``<template_base>/digest.txt``, or the
subject), and left out when it no longer applies.
"""

from __future__ import annotations

import datetime as dt
from collections import OrderedDict
from typing import Any

from django.conf import settings
from django.db import transaction
from django.template import TemplateDoesNotExist
from django.utils import timezone, translation

from accounts.models import User
from notifications import channels, personal, preferences, registry
from notifications.models import DigestItem, Frequency, OutboxMessage
from notifications.outbox import message_schedule

DIGEST_KIND = "digest"


def digest_hour() -> int:
    return min(max(int(getattr(settings, "NOTIFICATIONS_DIGEST_HOUR", 7)), 0), 23)


def cutoff(now: dt.datetime) -> dt.datetime:
    """The latest summary hour that has passed: entries before it belong to the summary due now."""
    local = timezone.localtime(now)
    today = local.replace(hour=digest_hour(), minute=0, second=0, microsecond=0)
    return today if local >= today else today - dt.timedelta(days=1)


def digests_compose(*, now: dt.datetime | None = None) -> int:
    """Put every waiting entry from before the last summary hour into one summary per person; returns how many."""
    limit = cutoff(now or timezone.now())
    composed = 0
    with transaction.atomic():
        items = list(
            DigestItem.objects.filter(message__isnull=True, created_at__lt=limit)
            .select_for_update(skip_locked=True)
            .order_by("user_id", "created_at", "id")
        )
        by_user: OrderedDict[int, list[DigestItem]] = OrderedDict()
        for item in items:
            by_user.setdefault(item.user_id, []).append(item)
        users = User.objects.in_bulk(list(by_user))
        for user_id, user_items in by_user.items():
            user = users.get(user_id)
            frequencies = preferences.frequencies_of(user) if user is not None else {}
            wanted = [item for item in user_items if frequencies.get(item.topic) != Frequency.OFF]
            if user is None or not user.is_active or not user.email or not wanted:
                # Nobody to write to, or the person has since turned these topics off.
                DigestItem.objects.filter(pk__in=[item.pk for item in user_items]).delete()
                continue
            message = message_schedule(
                kind=DIGEST_KIND,
                key=f"digest:{user_id}:{wanted[0].pk}",
                recipient_name=user.display_name,
                recipient_email=user.email,
                language=user.preferred_language,
                payload={
                    "items": [item.pk for item in wanted],
                    personal.RECIPIENT: user_id,
                    personal.TOPIC: preferences.DIGEST,
                },
            )
            DigestItem.objects.filter(pk__in=[item.pk for item in wanted]).update(message=message)
            DigestItem.objects.filter(pk__in=[item.pk for item in user_items if item not in wanted]).delete()
            composed += 1
    return composed


def _entry(item: DigestItem, summary: OutboxMessage) -> str | None:
    kind = registry.get(item.kind)
    if kind is None:
        return None
    # The entry's context is built as if it were a message of its own, in the summary's language.
    stand_in = OutboxMessage(kind=item.kind, key=item.key, payload=item.payload, language=summary.language)
    context = kind.build_context(stand_in)
    if context is None:
        return None
    context = {**context, "message": stand_in, "SITE_NAME": settings.SITE_NAME, "SITE_URL": settings.SITE_URL}
    try:
        text = channels.render_text(f"{kind.template_base}/digest.txt", context)
    except TemplateDoesNotExist:
        text = channels.render_text(f"{kind.template_base}/subject.txt", context)
    # Continuation lines (the link under a title) are indented under the entry's dash.
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    return "\n  ".join(lines) or None


def digest_context(message: OutboxMessage) -> dict[str, Any] | None:
    """The summary's entries grouped by topic, rendered from fresh data; None when none applies any more."""
    ids = [pk for pk in message.payload.get("items", []) if isinstance(pk, int)]
    items = DigestItem.objects.filter(pk__in=ids).order_by("created_at", "id")
    sections: dict[tuple[int, str], list[str]] = {}
    with translation.override(message.language):
        for item in items:
            entry = _entry(item, message)
            if entry is None:
                continue
            topic = preferences.get(item.topic)
            heading = (topic.order, str(topic.label)) if topic is not None else (999, item.topic)
            sections.setdefault(heading, []).append(entry)
    if not sections:
        return None
    # Topics in the order of the settings page, entries oldest first within each.
    ordered = [(label, entries) for (_order, label), entries in sorted(sections.items(), key=lambda s: s[0])]
    return {"sections": ordered, "count": sum(len(entries) for entries in sections.values())}
