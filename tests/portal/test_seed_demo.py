"""`seed_demo` loads the Kaiserslautern demo and can run again without duplicating anything."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from accounts import demo
from accounts.models import User
from helpdesk.models import Office, OfficeStaff
from participation.models import Project, ProjectModerator

pytestmark = pytest.mark.django_db


def _counts() -> tuple[int, ...]:
    tables = (User, ProjectModerator, OfficeStaff, Project, Office)
    return tuple(model.objects.count() for model in tables)


def test_seed_demo_is_idempotent_and_prints_a_login_for_every_role() -> None:
    out = StringIO()
    call_command("seed_demo", stdout=out)
    first = _counts()
    call_command("seed_demo", stdout=StringIO())
    assert _counts() == first
    printed = out.getvalue()
    for role in ("administrator", "moderator", "coordinator", "volunteer", "citizen"):
        assert role in printed
    assert demo.DEMO_PASSWORD in printed
    assert Project.objects.filter(slug="platz-vor-dem-pfalztheater").exists()
    assert Office.objects.count() >= 3


def test_demo_people_can_sign_in_with_the_printed_password() -> None:
    call_command("seed_demo", stdout=StringIO())
    for entry in demo.DEMO_USERS:
        assert User.objects.get(email=entry.email).check_password(demo.DEMO_PASSWORD)
