"""Rows of the outbox as the office pages list them (messages page, call list)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from notifications.models import OutboxMessage
from tests.notifications.kinds import TEST_KIND


def row(office: Any = None, **values: Any) -> OutboxMessage:
    """A message due an hour ago, in the office's scope (none: a message of no office)."""
    number = OutboxMessage.objects.count()
    defaults: dict[str, Any] = {
        "kind": TEST_KIND,
        "key": f"view-{number}-{timezone.now().timestamp()}",
        "recipient_name": f"Person {number}",
        "recipient_email": f"p{number}@example.org",
        "due_at": timezone.now() - dt.timedelta(hours=1),
        "scope": f"office:{office.pk}" if office is not None else "",
    }
    defaults.update(values)
    return OutboxMessage.objects.create(**defaults)
