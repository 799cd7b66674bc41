"""Who may see and act on outbox messages, built on ``accounts.permissions``."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from accounts import permissions

if TYPE_CHECKING:
    from notifications.models import OutboxMessage


def can_view_outbox(user: Any) -> bool:
    """Administrators see every message, coordinators those of their offices."""
    return permissions.is_administrator(user) or bool(permissions.roles_of(user).coordinated_offices)


def can_handle_message(user: Any, message: OutboxMessage) -> bool:
    """Resend or tick "called": administrators, and coordinators of the message's office."""
    if permissions.is_administrator(user):
        return True
    return message.office is not None and permissions.can_manage_office(user, message.office)
