from __future__ import annotations

from typing import Any

import pytest

from participation.models import Phase, Project
from tests.factories import (
    OfficeFactory,
    ProjectFactory,
    UserFactory,
    coordinator_of,
    moderator_of,
    volunteer_at,
)
from tests.participation.factories import AREA, CategoryFactory

ROLES = [
    "anonymous",
    "citizen",
    "volunteer",
    "coordinator_a",
    "coordinator_b",
    "moderator_x",
    "moderator_y",
    "administrator",
]
MODERATING_ROLES = {"moderator_x", "administrator"}


@pytest.fixture
def project(db: Any) -> Project:
    """Project X, collecting ideas today, with an area around the Pfalztheater."""
    project = ProjectFactory.create(phase=Phase.Kind.COLLECTION, area=AREA, centre_lat=49.4447, centre_lon=7.7689)
    CategoryFactory.create(project=project, name="Grün und Schatten")
    return project


@pytest.fixture
def other_project(db: Any) -> Project:
    return ProjectFactory.create(phase=Phase.Kind.COLLECTION)


@pytest.fixture
def role_user(project: Project, other_project: Project) -> Any:
    """Make the person for a role name; None for anonymous."""

    def make(role: str) -> Any:
        if role == "anonymous":
            return None
        if role == "citizen":
            return UserFactory.create()
        if role == "volunteer":
            return volunteer_at(OfficeFactory.create())
        if role in ("coordinator_a", "coordinator_b"):
            return coordinator_of(OfficeFactory.create())
        if role == "moderator_x":
            return moderator_of(project)
        if role == "moderator_y":
            return moderator_of(other_project)
        if role == "administrator":
            return UserFactory.create(is_superuser=True, is_staff=True)
        raise ValueError(role)

    return make


@pytest.fixture
def client_as(client: Any, signed_in: Any, role_user: Any) -> Any:
    def make(role: str) -> Any:
        user = role_user(role)
        return (client if user is None else signed_in(user)), user

    return make
