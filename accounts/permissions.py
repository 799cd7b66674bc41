"""Who holds which role, read once per request; the wings build their own predicates on it.

``roles_of`` asks every registered role provider (``accounts.roles``) and keeps the
answer on the user object, which Django makes anew for every request: a page asking
many questions costs one query per provider, and nothing is shared between requests or
processes, so there is nothing to invalidate across them. Services that change a role
call ``forget_roles`` so the same request sees the change at once.

One predicate per protected fact lives with the fact: ``participation.permissions``
("may moderate this project"), ``helpdesk.permissions`` ("may see this senior's
phone number"), ``notifications.permissions``. This module answers only what is the
same everywhere: who is signed in, who is an administrator, who has a staff role.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from accounts import roles as role_registry

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from accounts.models import User

    AnyUser = User | AnonymousUser

_CACHE_ATTR = "_roles_memo"


@dataclass(frozen=True)
class Roles:
    scopes: Mapping[str, frozenset[int]] = field(default_factory=dict)

    def of(self, role: str) -> frozenset[int]:
        return self.scopes.get(role, frozenset())

    def holds_any(self, roles: frozenset[str]) -> bool:
        return any(self.scopes.get(role) for role in roles)


def is_signed_in(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and getattr(user, "is_active", False))


def roles_of(user: Any) -> Roles:
    if not is_signed_in(user):
        return Roles()
    cached: Roles | None = getattr(user, _CACHE_ATTR, None)
    if cached is None:
        scopes: dict[str, frozenset[int]] = {}
        for provider in role_registry.providers():
            scopes.update(provider.scopes_of(user))
        cached = Roles(scopes)
        setattr(user, _CACHE_ATTR, cached)
    return cached


def scopes_of(user: Any, role: str) -> frozenset[int]:
    return roles_of(user).of(role)


def forget_roles(user: Any) -> None:
    """Drop the roles read for this user object after they changed."""
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


def is_administrator(user: Any) -> bool:
    return is_signed_in(user) and bool(user.is_superuser)


def has_staff_role(user: Any) -> bool:
    """Staff roles see other people's data and therefore must use MFA."""
    if not is_signed_in(user):
        return False
    return (
        is_administrator(user)
        or bool(getattr(user, "is_staff", False))
        or roles_of(user).holds_any(role_registry.staff_roles())
    )


def can_manage_roles(user: Any) -> bool:
    return is_administrator(user)
