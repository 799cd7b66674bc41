"""Who may do what in Digitale Hilfe. One predicate per protected fact; views and services ask here.

Roles come from ``helpdesk.OfficeStaff`` rows through the role provider (``helpdesk.roles``),
read once per request by ``accounts.permissions.roles_of``.
"""

from __future__ import annotations

from typing import Any

from accounts.permissions import is_administrator, is_signed_in, scopes_of
from helpdesk.models import Booking, Office, Slot, StaffRole


def coordinated_office_ids(user: Any) -> frozenset[int] | None:
    """The offices this person coordinates; None means every office (administrators)."""
    if is_administrator(user):
        return None
    return scopes_of(user, StaffRole.COORDINATOR)


def is_coordinator(user: Any) -> bool:
    return is_administrator(user) or bool(scopes_of(user, StaffRole.COORDINATOR))


def is_volunteer(user: Any) -> bool:
    return bool(scopes_of(user, StaffRole.VOLUNTEER))


def may_use_volunteer_area(user: Any) -> bool:
    return is_volunteer(user)


def can_manage_office(user: Any, office: Office) -> bool:
    """Run the office's plan: its coordinators and administrators.

    This is also the fact "may see the names and phone numbers of everyone booked at this
    office" (plan, day list, call list, caller search, waitlist, conflicts): each such look
    is recorded with ``helpdesk.audit.record``.
    """
    return is_administrator(user) or office.pk in scopes_of(user, StaffRole.COORDINATOR)


def is_slot_volunteer(user: Any, slot: Slot) -> bool:
    if not is_signed_in(user):
        return False
    return any(volunteer.pk == user.pk for volunteer in slot.volunteers.all())


def can_see_contact(user: Any, booking: Booking) -> bool:
    """A senior's phone number and note: the office's coordinators and the volunteers of the slot."""
    return can_manage_office(user, booking.slot.office) or is_slot_volunteer(user, booking.slot)


def can_act_on_booking(user: Any, booking: Booking) -> bool:
    """Record the outcome or cancel as staff: whoever may see the booking's contact details."""
    return can_see_contact(user, booking)


def can_record_visitors(user: Any, slot: Slot) -> bool:
    """See and write down who dropped in at an open consultation hour: its volunteers and the office's coordinators."""
    return can_manage_office(user, slot.office) or is_slot_volunteer(user, slot)


def can_read_audit_log(user: Any) -> bool:
    return is_administrator(user)
