from __future__ import annotations

from django.db import transaction

from accounts import permissions
from accounts import roles as role_registry
from accounts.models import User


def role_grant(*, user: User, role: str, scope_id: int) -> None:
    """Give ``user`` a role for one scope (a project, an office) through the wing that owns the role."""
    provider = role_registry.provider_for(role)
    if provider is None:
        raise ValueError(f"Unknown role {role!r}.")
    provider.grant(user=user, role=role, scope_id=scope_id)
    permissions.forget_roles(user)


def role_revoke(*, role: str, pk: int) -> User | None:
    provider = role_registry.provider_for(role)
    if provider is None:
        return None
    user = provider.revoke(role=role, pk=pk)
    if user is not None:
        permissions.forget_roles(user)
    return user


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
