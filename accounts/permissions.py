"""The one place that answers "may this person do this?".

Every view, API endpoint and template asks these functions instead of looking
at ``is_staff`` or memberships itself. A user's memberships are read once per
user object and cached on it, so a page asking many questions costs one query, and
kept in the shared cache until the next change to accounts.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from accounts.models import Role
from core import page_cache

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from accounts.models import User
    from helpdesk.models import Booking, Office
    from participation.models import Project

    AnyUser = User | AnonymousUser

_CACHE_ATTR = "_role_memberships"


@dataclass(frozen=True)
class Roles:
    moderated_projects: frozenset[int] = field(default_factory=frozenset)
    coordinated_offices: frozenset[int] = field(default_factory=frozenset)
    volunteer_offices: frozenset[int] = field(default_factory=frozenset)


def roles_of(user: Any) -> Roles:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return Roles()
    cached: Roles | None = getattr(user, _CACHE_ATTR, None)
    if cached is not None:
        return cached
    # Shared between requests and processes under the accounts version, which every write
    # to memberships bumps (core/page_cache.py): a new or removed role counts at once.
    # (Computed roles are never None; ``or Roles()`` only tells the type checker so.)
    roles = (
        page_cache.remember(page_cache.ACCOUNTS, f"roles:{user.pk}", lambda: _roles_from_memberships(user)) or Roles()
    )
    setattr(user, _CACHE_ATTR, roles)
    return roles


def _roles_from_memberships(user: Any) -> Roles:
    moderated: set[int] = set()
    coordinated: set[int] = set()
    volunteering: set[int] = set()
    for role, project_id, office_id in user.memberships.values_list("role", "project_id", "office_id"):
        if role == Role.MODERATOR:
            moderated.add(project_id)
        elif role == Role.COORDINATOR:
            coordinated.add(office_id)
        elif role == Role.VOLUNTEER:
            volunteering.add(office_id)
    return Roles(frozenset(moderated), frozenset(coordinated), frozenset(volunteering))


def forget_roles(user: Any) -> None:
    """Drop the cached memberships after they changed."""
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


def is_administrator(user: AnyUser) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active and user.is_superuser)


def is_moderator(user: AnyUser) -> bool:
    return is_administrator(user) or bool(roles_of(user).moderated_projects)


def is_coordinator(user: AnyUser) -> bool:
    return is_administrator(user) or bool(roles_of(user).coordinated_offices)


def is_volunteer(user: AnyUser) -> bool:
    return bool(roles_of(user).volunteer_offices)


def has_staff_role(user: AnyUser) -> bool:
    """Staff roles see other people's data and therefore must use MFA."""
    roles = roles_of(user)
    return (
        is_administrator(user)
        or bool(getattr(user, "is_staff", False))
        or bool(roles.moderated_projects)
        or bool(roles.coordinated_offices)
    )


def can_moderate_project(user: AnyUser, project: Project) -> bool:
    return is_administrator(user) or project.pk in roles_of(user).moderated_projects


def can_manage_office(user: AnyUser, office: Office) -> bool:
    return is_administrator(user) or office.pk in roles_of(user).coordinated_offices


def can_volunteer_at(user: AnyUser, office: Office) -> bool:
    return office.pk in roles_of(user).volunteer_offices


def can_manage_roles(user: AnyUser) -> bool:
    return is_administrator(user)


def can_view_booking(user: AnyUser, booking: Booking) -> bool:
    """The booker, the slot's volunteers, the office's coordinators and administrators."""
    if not getattr(user, "is_authenticated", False):
        return False
    if booking.user_id is not None and booking.user_id == user.pk:
        return True
    office_id = booking.slot.office_id
    if is_administrator(user) or office_id in roles_of(user).coordinated_offices:
        return True
    return booking.slot.volunteers.filter(pk=user.pk).exists()
