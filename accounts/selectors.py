from __future__ import annotations

from typing import Any

from allauth.mfa.models import Authenticator
from django.db.models import QuerySet

from accounts.models import Membership, User


def user_has_totp(user: Any) -> bool:
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def memberships_for_admin() -> QuerySet[Membership]:
    return Membership.objects.select_related("user", "project", "office").order_by(
        "role", "user__email", "project__title", "office__name"
    )


def administrators() -> QuerySet[User]:
    return User.objects.filter(is_superuser=True, is_active=True).order_by("email")


def user_by_email(email: str) -> User | None:
    return User.objects.filter(email__iexact=email.strip()).first()
