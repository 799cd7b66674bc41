from __future__ import annotations

from typing import Any

from django.db import transaction

from accounts import permissions
from accounts.models import Membership, Role, User


def membership_grant(*, user: User, role: str, project: Any = None, office: Any = None) -> Membership:
    """Give ``user`` a role for a project (moderator) or an office (coordinator, volunteer)."""
    lookup = {"project": project, "office": None} if role == Role.MODERATOR else {"office": office, "project": None}
    membership, _ = Membership.objects.get_or_create(user=user, role=role, **lookup)
    permissions.forget_roles(user)
    return membership


def membership_revoke(*, membership: Membership) -> None:
    membership.delete()
    permissions.forget_roles(membership.user)


@transaction.atomic
def administrator_set(*, user: User, is_administrator: bool) -> User:
    user.is_superuser = is_administrator
    user.is_staff = is_administrator
    user.save(update_fields=["is_superuser", "is_staff"])
    permissions.forget_roles(user)
    return user


def profile_update(*, user: User, display_name: str, phone: str, preferred_language: str) -> User:
    user.display_name = display_name.strip()
    user.phone = phone.strip()
    user.preferred_language = preferred_language
    user.save(update_fields=["display_name", "phone", "preferred_language"])
    return user
