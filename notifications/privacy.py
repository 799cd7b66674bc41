"""What the outbox knows about a person beyond single messages: their notification settings."""

from __future__ import annotations

from typing import Any

from accounts.models import User
from notifications.models import DigestItem, Preference


def export(user: User) -> dict[str, Any]:
    return {
        "notification_settings": dict(Preference.objects.filter(user=user).values_list("topic", "frequency")),
        "waiting_for_the_daily_summary": DigestItem.objects.filter(user=user, message__isnull=True).count(),
    }


def erase(user: User) -> None:
    Preference.objects.filter(user=user).delete()
    DigestItem.objects.filter(user=user).delete()
