"""Volunteers and office staff: who helps at which office, with which topics and devices."""

from __future__ import annotations

from django.db import transaction

from accounts.models import User
from accounts.permissions import forget_roles
from helpdesk.models import Office, OfficeStaff, StaffRole, Topic, Volunteer, new_token, touch_plan


def volunteer_profile_update(*, user: User, topics: list[Topic], devices: list[str]) -> Volunteer:
    profile, _created = Volunteer.objects.get_or_create(user=user)
    profile.devices = Volunteer.encode_devices(devices)
    profile.save(update_fields=["devices"])
    profile.topics.set(topics)
    # Which free times fit a topic or device depends on this profile.
    for office_id in OfficeStaff.objects.filter(user=user).values_list("office_id", flat=True).distinct():
        touch_plan(office_id)
    return profile


def calendar_token_renew(*, user: User) -> Volunteer:
    profile, _created = Volunteer.objects.get_or_create(user=user)
    profile.calendar_token = new_token()
    profile.save(update_fields=["calendar_token"])
    return profile


@transaction.atomic
def office_staff_add(*, office: Office, user: User, role: str) -> OfficeStaff:
    """Make ``user`` a coordinator or volunteer of ``office`` (again: nothing changes)."""
    if role not in StaffRole.values:
        raise ValueError(f"Unknown office role {role!r}.")
    staff, _created = OfficeStaff.objects.get_or_create(office=office, user=user, role=role)
    forget_roles(user)
    return staff


def office_staff_remove(*, staff: OfficeStaff) -> None:
    """Take the role away; the volunteer's future free slots at this office go at the next generation."""
    staff.delete()
    forget_roles(staff.user)
