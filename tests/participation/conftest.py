from __future__ import annotations

from typing import Any

import pytest

from participation.models import Phase, Project
from tests.factories import ProjectFactory
from tests.participation.factories import AREA, CategoryFactory
from tests.world import ROLES as WORLD_ROLES
from tests.world import World, client_for

# The shared world's roles (tests/world.py) but the guest: the participation half knows nobody by a booking's
# link, so a guest is an anonymous visitor there.
ROLES = [role for role in WORLD_ROLES if role != "guest"]
MODERATING_ROLES = {"moderator_x", "administrator"}


@pytest.fixture
def project(db: Any) -> Project:
    """A project collecting ideas today, with an area around the Pfalztheater (not the shared world's project X)."""
    project = ProjectFactory.create(phase=Phase.Kind.COLLECTION, area=AREA, centre_lat=49.4447, centre_lon=7.7689)
    CategoryFactory.create(project=project, name="Grün und Schatten")
    return project


@pytest.fixture
def other_project(db: Any) -> Project:
    return ProjectFactory.create(phase=Phase.Kind.COLLECTION)


@pytest.fixture
def role_user(world: World) -> Any:
    """The shared world's person for a role name (moderator_x moderates ``world.project_x``); None for
    anonymous."""

    def person(role: str) -> Any:
        return world.people[role]

    return person


@pytest.fixture
def client_as(world: World) -> Any:
    """A client signed in as the shared world's person for a role, and that person."""

    def make(role: str) -> Any:
        return client_for(world, role), world.people[role]

    return make
