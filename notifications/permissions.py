"""Who may see and act on outbox messages."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from accounts.permissions import is_administrator
from notifications import scopes

if TYPE_CHECKING:
    from notifications.models import OutboxMessage


def can_view_outbox(user: Any) -> bool:
    """Administrators see every message, staff the messages of the scopes they handle (their offices)."""
    return is_administrator(user) or bool(scopes.handled_by(user))


def can_handle_message(user: Any, message: OutboxMessage) -> bool:
    """Resend or tick "called": administrators, and staff who handle the message's scope."""
    if is_administrator(user):
        return True
    return bool(message.scope) and message.scope in scopes.handled_by(user)
