"""Helpdesk questions of "may this person do this?", built on accounts.permissions."""

from __future__ import annotations

from typing import Any

from accounts.permissions import can_manage_office, can_view_booking, is_administrator, is_volunteer, roles_of
from helpdesk.models import Booking, Office, Slot

__all__ = [
    "can_book_for_callers",
    "can_cancel_as_staff",
    "can_manage_office",
    "can_record_outcome",
    "can_see_contact",
    "can_view_booking",
    "can_view_plan",
    "is_slot_volunteer",
    "may_use_volunteer_area",
]


def is_slot_volunteer(user: Any, slot: Slot) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return any(v.pk == user.pk for v in slot.volunteers.all())


def can_view_plan(user: Any, office: Office) -> bool:
    return can_manage_office(user, office)


def can_book_for_callers(user: Any, office: Office) -> bool:
    return can_manage_office(user, office)


def can_see_contact(user: Any, booking: Booking) -> bool:
    """Phone numbers and notes: only the office's coordinators and the volunteers of the slot."""
    return can_manage_office(user, booking.slot.office) or is_slot_volunteer(user, booking.slot)


def can_record_outcome(user: Any, booking: Booking) -> bool:
    return can_see_contact(user, booking)


def can_cancel_as_staff(user: Any, booking: Booking) -> bool:
    return can_see_contact(user, booking)


def may_use_volunteer_area(user: Any) -> bool:
    return is_volunteer(user)


def coordinated_office_ids(user: Any) -> frozenset[int] | None:
    """None means every office (administrators)."""
    if is_administrator(user):
        return None
    return roles_of(user).coordinated_offices
