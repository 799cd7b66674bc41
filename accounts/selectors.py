from __future__ import annotations

from typing import Any

from allauth.mfa.models import Authenticator
from django.db.models import QuerySet

from accounts import roles as role_registry
from accounts.models import User

_TOTP_ATTR = "_has_totp_memo"


def user_has_totp(user: Any) -> bool:
    """Asked on every request of staff (``RequireStaffMfaMiddleware``); read once per request.

    The answer lives on the user object, which is new for every request, so a device added
    or removed counts from the next request on; ``forget_totp`` clears it within a request.
    """
    memo: bool | None = getattr(user, _TOTP_ATTR, None)
    if memo is None:
        memo = Authenticator.objects.filter(user_id=user.pk, type=Authenticator.Type.TOTP).exists()
        setattr(user, _TOTP_ATTR, memo)
    return memo


def remember_totp(user: Any, has_totp: bool) -> None:
    """Keep what another read of this request found (``accounts.permissions`` reads it with the roles)."""
    setattr(user, _TOTP_ATTR, has_totp)


def forget_totp(user: Any) -> None:
    if hasattr(user, _TOTP_ATTR):
        delattr(user, _TOTP_ATTR)


def role_grants(*, user: User | None = None) -> list[role_registry.GrantRow]:
    rows = [row for provider in role_registry.providers() for row in provider.grants(user=user)]
    return sorted(rows, key=lambda row: (row.role, row.user.email, row.scope_label))


def administrators() -> QuerySet[User]:
    return User.objects.filter(is_superuser=True, is_active=True).order_by("email")


def user_by_email(email: str) -> User | None:
    return User.objects.filter(email__iexact=email.strip()).first()
