"""The role-provider interface: the wings own their role rows, ``accounts`` only asks them.

A role is held *for* something: a moderator for a project, a coordinator or volunteer
for an office. Those rows live next to the objects (``participation.ProjectModerator``,
``helpdesk.OfficeStaff``), so either wing can be installed without the other. Each
wing registers one provider in its ``AppConfig.ready``; ``accounts.permissions`` reads
a person's roles through the providers once per request (one query: the providers' SELECTs
joined by UNION ALL), and the administrators'
roles page lists, grants and revokes through them.

Administrators are not a provided role: they are superusers (one truth shared with the
Django admin).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from django_stubs_ext import StrOrPromise

if TYPE_CHECKING:
    from accounts.models import User


@dataclass(frozen=True)
class RoleKind:
    key: str
    label: StrOrPromise
    scope_label: StrOrPromise
    # Staff roles see other people's data and therefore must use two-factor authentication.
    staff: bool
    # Where people with this role begin their work after signing in (a URL name), if not the profile.
    start_url: str | None = None


@dataclass(frozen=True)
class GrantRow:
    """One role one person holds for one scope, as the roles page lists it."""

    role: str
    role_label: str
    pk: int
    user: User
    scope_label: str


class RoleProvider(Protocol):
    @property
    def kinds(self) -> Sequence[RoleKind]: ...

    def scopes_of(self, user: Any) -> dict[str, frozenset[int]]:
        """For each role key of this provider, the ids of the scopes the person holds it for."""

    def scope_sql(self) -> str:
        """The same as one SELECT of two columns (role key, scope id) with one ``%s`` for the person's id.

        ``accounts.permissions`` joins the SELECTs of all providers with UNION ALL, so a request
        reads a person's roles in one query however many wings are installed.
        """

    def scope_choices(self, role: str) -> list[tuple[int, str]]: ...

    def grants(self, *, user: User | None = None) -> list[GrantRow]:
        """Every role row of this provider, or only those of ``user``."""

    def grant(self, *, user: User, role: str, scope_id: int) -> None:
        """Give the role; raises ``ValueError`` for an unknown scope."""

    def revoke(self, *, role: str, pk: int) -> User | None:
        """Take the role row ``pk`` away; returns whose it was (None if it did not exist)."""


_providers: list[RoleProvider] = []


def register(provider: RoleProvider) -> None:
    if provider not in _providers:
        _providers.append(provider)


def providers() -> list[RoleProvider]:
    return list(_providers)


def kinds() -> list[RoleKind]:
    return [kind for provider in _providers for kind in provider.kinds]


def provider_for(role: str) -> RoleProvider | None:
    return next((p for p in _providers if any(k.key == role for k in p.kinds)), None)


def start_url_for(held: frozenset[str]) -> str | None:
    """The start page of the first held role that has one: staff roles before the others."""
    ordered = sorted(kinds(), key=lambda kind: not kind.staff)
    return next((kind.start_url for kind in ordered if kind.key in held and kind.start_url), None)


def staff_roles() -> frozenset[str]:
    return frozenset(kind.key for kind in kinds() if kind.staff)
