from __future__ import annotations

from typing import Any

from allauth.mfa.models import Authenticator
from django.db.models import QuerySet

from accounts.models import Membership, User
from core import page_cache


def user_has_totp(user: Any) -> bool:
    # Asked on every request of staff (RequireStaffMfaMiddleware); kept under the accounts
    # version, which any write to allauth's mfa tables bumps.
    return bool(
        page_cache.remember(
            page_cache.ACCOUNTS,
            f"has-totp:{user.pk}",
            lambda: Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists(),
        )
    )


def memberships_for_admin() -> QuerySet[Membership]:
    return Membership.objects.select_related("user", "project", "office").order_by(
        "role", "user__email", "project__title", "office__name"
    )


def administrators() -> QuerySet[User]:
    return User.objects.filter(is_superuser=True, is_active=True).order_by("email")


def user_by_email(email: str) -> User | None:
    return User.objects.filter(email__iexact=email.strip()).first()
