"""Superseded by the shared world (tests/world.py): only tests/helpdesk/views/test_call_list.py still uses
this, with the older role names ("volunteer of A" is the world's ``volunteer``, "coordinator of A"
``coordinator_a``, "coordinator of B" ``coordinator_b``, "moderator" ``moderator_x``). Delete it when that
file is moved to the world."""

from __future__ import annotations

from typing import Any

from django.test import Client

from tests.factories import ProjectFactory, UserFactory, coordinator_of, moderator_of, volunteer_at
from tests.notifications.factories import row

__all__ = ["client_for", "person", "row"]


def person(role: str, office_a: Any, office_b: Any) -> Any:
    if role == "citizen":
        return UserFactory.create()
    if role == "volunteer of A":
        return volunteer_at(office_a)
    if role == "coordinator of A":
        return coordinator_of(office_a)
    if role == "coordinator of B":
        return coordinator_of(office_b)
    if role == "moderator":
        return moderator_of(ProjectFactory.create())
    if role == "administrator":
        return UserFactory(is_superuser=True, is_staff=True)
    raise AssertionError(role)


def client_for(role: str, signed_in: Any, client: Client, office_a: Any, office_b: Any) -> Client:
    if role == "anonymous":
        return client
    result: Client = signed_in(person(role, office_a, office_b))
    return result
