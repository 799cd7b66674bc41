"""People for each office role in role-matrix tests of the office pages (call list, messages)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.test import Client
from django.utils import timezone

from notifications.models import OutboxMessage
from tests.factories import ProjectFactory, UserFactory, coordinator_of, moderator_of, volunteer_at
from tests.notifications.kinds import TEST_KIND


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


def row(office: Any = None, **values: Any) -> OutboxMessage:
    number = OutboxMessage.objects.count()
    defaults: dict[str, Any] = {
        "kind": TEST_KIND,
        "key": f"view-{number}-{timezone.now().timestamp()}",
        "recipient_name": f"Person {number}",
        "recipient_email": f"p{number}@example.org",
        "due_at": timezone.now() - dt.timedelta(hours=1),
        "scope": f"office:{office.pk}" if office is not None else "",
    }
    defaults.update(values)
    return OutboxMessage.objects.create(**defaults)


ROLES = ["anonymous", "citizen", "volunteer of A", "coordinator of A", "coordinator of B", "moderator", "administrator"]
