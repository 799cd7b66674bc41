"""Who holds which role, read once per request; the wings build their own predicates on it.

``roles_of`` asks every registered role provider (``accounts.roles``) and keeps the
answer on the user object, which Django makes anew for every request: a page asking
many questions costs one query for all providers together, and nothing is shared between requests or
processes, so there is nothing to invalidate across them. Services that change a role
call ``forget_roles`` so the same request sees the change at once.

One predicate per protected fact lives with the fact: ``participation.permissions``
("may moderate this project"), ``helpdesk.permissions`` ("may see this senior's
phone number"), ``notifications.permissions``. This module answers only what is the
same everywhere: who is signed in, who is an administrator, who has a staff role.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from allauth.mfa.models import Authenticator
from django.db import connection

from accounts import roles as role_registry
from accounts.selectors import remember_totp

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from accounts.models import User

    AnyUser = User | AnonymousUser

_CACHE_ATTR = "_roles_memo"
# Not a role key (those are words): marks the row that says the person has a TOTP device.
_TOTP_ROW = "-totp"


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
        cached = Roles(_read_scopes(user))
        setattr(user, _CACHE_ATTR, cached)
    return cached


def _read_scopes(user: Any) -> dict[str, frozenset[int]]:
    """Every provider's roles of the person and whether they have TOTP, in one query (UNION ALL).

    The TOTP flag rides along because the staff MFA check asks for it right after the roles;
    it is kept where ``accounts.selectors.user_has_totp`` looks for it.
    """
    sql, count = _union_sql()
    with connection.cursor() as cursor:
        cursor.execute(sql, [user.pk] * count + [Authenticator.Type.TOTP.value])
        rows = cursor.fetchall()
    return _remember(user, rows)


def _union_sql() -> tuple[str, int]:
    """The providers' SELECTs and the TOTP row joined by UNION ALL; how many person ids it takes (then the type)."""
    parts = [provider.scope_sql() for provider in role_registry.providers()]
    table = connection.ops.quote_name(Authenticator._meta.db_table)
    parts.append(f"SELECT '{_TOTP_ROW}', 0 FROM {table} WHERE user_id = %s AND type = %s")  # noqa: S608
    return " UNION ALL ".join(parts), len(parts)


def _remember(user: Any, rows: Iterable[tuple[str, int]]) -> dict[str, frozenset[int]]:
    found: dict[str, set[int]] = {key: set() for provider in role_registry.providers() for key in _keys(provider)}
    has_totp = False
    for role, scope_id in rows:
        if role == _TOTP_ROW:
            has_totp = True
        else:
            found.setdefault(role, set()).add(scope_id)
    remember_totp(user, has_totp)
    scopes = {role: frozenset(ids) for role, ids in found.items()}
    setattr(user, _CACHE_ATTR, Roles(scopes))
    return scopes


def packed_roles_sql() -> tuple[str, Callable[[Any], list[Any]]]:
    """The person's roles and TOTP flag as one text column, for the statement that reads the person.

    The signed-in person is read on every request and their roles on almost every one (the staff
    MFA check): packing the UNION ALL into a scalar subquery of that statement saves a round trip.
    The subquery is correlated by ``%s`` placeholders for the person's id; the callable gives its
    parameters. ``remember_packed`` unpacks the column onto the user, as ``roles_of`` would keep it.
    """
    union, count = _union_sql()
    # Role keys are words and scope ids numbers, so ":" and "," cannot occur inside an entry.
    entry = "r.role || ':' || CAST(r.scope AS TEXT)"
    aggregate = f"string_agg({entry}, ',')" if connection.vendor == "postgresql" else f"group_concat({entry}, ',')"
    sql = f"(WITH r (role, scope) AS ({union}) SELECT {aggregate} FROM r)"  # noqa: S608 (the providers' fixed SELECTs)

    def params(user_id: Any) -> list[Any]:
        return [user_id] * count + [Authenticator.Type.TOTP.value]

    return sql, params


def remember_packed(user: Any, packed: str | None) -> None:
    """Keep the roles read by ``packed_roles_sql`` on the user object, as ``roles_of`` would."""
    rows = []
    for entry in (packed or "").split(","):
        if entry:
            role, _, scope = entry.rpartition(":")
            rows.append((role, int(scope)))
    _remember(user, rows)


def _keys(provider: role_registry.RoleProvider) -> list[str]:
    return [kind.key for kind in provider.kinds]


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
