"""One-click unsubscribe for e-mails sent to a person about a topic (RFC 8058).

The link carries a signed token naming the person and the topic, so it works without
signing in and cannot be made up for somebody else. A GET shows a page with one
button (mail scanners follow links; they must not unsubscribe anybody); the POST that
mail programs send for ``List-Unsubscribe-Post: List-Unsubscribe=One-Click`` does it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core import signing
from django.urls import reverse

from accounts.models import User
from notifications import personal

if TYPE_CHECKING:
    from notifications.models import OutboxMessage

_SALT = "notifications.unsubscribe"


@dataclass(frozen=True)
class Subscription:
    user: User
    topic: str


def token_for(*, user_id: int, topic: str) -> str:
    return signing.dumps({"u": user_id, "t": topic}, salt=_SALT)


def read_token(token: str) -> Subscription | None:
    """The person and topic of a token, or None when it was not made by us or the account is gone."""
    try:
        data = signing.loads(token, salt=_SALT)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("u"), int) or not isinstance(data.get("t"), str):
        return None
    user = User.objects.filter(pk=data["u"], is_active=True).first()
    return Subscription(user=user, topic=data["t"]) if user is not None else None


def unsubscribe_url(*, user_id: int, topic: str) -> str:
    path = reverse("notifications:unsubscribe", kwargs={"token": token_for(user_id=user_id, topic=topic)})
    return f"{settings.SITE_URL}{path}"


def settings_url() -> str:
    return f"{settings.SITE_URL}{reverse('notifications:settings')}"


def _subscription_of(message: OutboxMessage) -> tuple[int, str] | None:
    user_id = message.payload.get(personal.RECIPIENT)
    topic = message.payload.get(personal.TOPIC)
    if isinstance(user_id, int) and isinstance(topic, str) and topic:
        return user_id, topic
    return None


def footer_context(message: OutboxMessage) -> dict[str, Any] | None:
    """What the footer of a person's e-mail links to; None for messages that are not about a topic."""
    subscription = _subscription_of(message)
    if subscription is None:
        return None
    user_id, topic = subscription
    return {"unsubscribe_url": unsubscribe_url(user_id=user_id, topic=topic), "settings_url": settings_url()}


def email_headers(message: OutboxMessage) -> dict[str, str]:
    """``List-Unsubscribe`` with its one-click POST (RFC 2369, RFC 8058) for a person's topic e-mails."""
    subscription = _subscription_of(message)
    if subscription is None:
        return {}
    user_id, topic = subscription
    return {
        "List-Unsubscribe": f"<{unsubscribe_url(user_id=user_id, topic=topic)}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        # Tells vacation responders not to answer (RFC 3834).
        "Auto-Submitted": "auto-generated",
    }
