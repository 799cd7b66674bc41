"""The permission API answers every role's questions, and only the right ones get a yes."""

from __future__ import annotations

from typing import Any

import pytest

from accounts import permissions, selectors, services
from helpdesk import permissions as helpdesk_permissions
from participation import permissions as participation_permissions
from tests.factories import give_totp
from tests.world import PEOPLE, World

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role", PEOPLE)
def test_only_moderators_of_the_project_and_administrators_may_moderate_it(world: World, role: str) -> None:
    allowed = role in {"moderator_x", "administrator"}
    assert participation_permissions.can_moderate(world.user(role), world.project_x) is allowed


@pytest.mark.parametrize("role", PEOPLE)
def test_only_coordinators_of_the_office_and_administrators_may_manage_it(world: World, role: str) -> None:
    allowed = role in {"coordinator_a", "administrator"}
    assert helpdesk_permissions.can_manage_office(world.user(role), world.office_a) is allowed


@pytest.mark.parametrize("role", PEOPLE)
def test_a_seniors_phone_is_seen_by_the_slots_volunteer_the_offices_coordinators_and_administrators(
    world: World, role: str
) -> None:
    allowed = role in {"volunteer", "coordinator_a", "administrator"}
    assert helpdesk_permissions.can_see_contact(world.user(role), world.booking) is allowed


@pytest.mark.parametrize("role", PEOPLE)
def test_only_administrators_manage_roles(world: World, role: str) -> None:
    assert permissions.can_manage_roles(world.user(role)) is (role == "administrator")


@pytest.mark.parametrize("role", PEOPLE)
def test_staff_roles_are_moderators_coordinators_and_administrators(world: World, role: str) -> None:
    staff = role in {"coordinator_a", "coordinator_b", "moderator_x", "moderator_y", "administrator"}
    assert permissions.has_staff_role(world.user(role)) is staff


def test_volunteers_hold_their_role_only_at_their_office(world: World) -> None:
    assert permissions.scopes_of(world.person("volunteer"), "volunteer") == {world.office_a.pk}


def test_an_inactive_account_has_no_role(world: World) -> None:
    coordinator = world.person("coordinator_a")
    coordinator.is_active = False
    permissions.forget_roles(coordinator)
    assert not helpdesk_permissions.can_manage_office(coordinator, world.office_a)


def test_granting_and_revoking_a_role_takes_effect_at_once(world: World) -> None:
    citizen = world.person("citizen")
    services.role_grant(user=citizen, role="moderator", scope_id=world.project_y.pk)
    assert participation_permissions.can_moderate(citizen, world.project_y)
    (grant,) = selectors.role_grants(user=citizen)
    services.role_revoke(role=grant.role, pk=grant.pk)
    # The person's next request reads their roles afresh.
    next_request_user = type(citizen).objects.get(pk=citizen.pk)
    assert not participation_permissions.can_moderate(next_request_user, world.project_y)


def test_asking_many_questions_costs_one_query_for_all_role_providers_and_the_second_factor(
    world: World, django_assert_num_queries: Any
) -> None:
    coordinator = world.person("coordinator_a")
    permissions.forget_roles(coordinator)
    # Project moderators, office staff and the TOTP device in one query, whatever is asked how often.
    with django_assert_num_queries(1):
        for _ in range(10):
            helpdesk_permissions.can_manage_office(coordinator, world.office_a)
            participation_permissions.can_moderate(coordinator, world.project_x)
            permissions.has_staff_role(coordinator)
            selectors.user_has_totp(coordinator)


def test_the_second_factor_is_read_with_the_roles(world: World) -> None:
    coordinator, citizen = world.person("coordinator_a"), world.person("citizen")
    give_totp(coordinator)
    for person, has_totp in ((coordinator, True), (citizen, False)):
        permissions.forget_roles(person)
        selectors.forget_totp(person)
        permissions.roles_of(person)
        assert selectors.user_has_totp(person) is has_totp


def test_the_signed_in_person_comes_with_their_roles_and_second_factor_in_one_statement(
    world: World, django_assert_num_queries: Any
) -> None:
    from django.contrib.auth import SESSION_KEY
    from django.test import Client

    from accounts import session_user

    # Someone with roles from both wings and a TOTP device: a coordinator who also moderates a project.
    coordinator = world.person("coordinator_a")
    services.role_grant(user=coordinator, role="moderator", scope_id=world.project_y.pk)
    give_totp(coordinator)
    client = Client()
    client.force_login(coordinator)
    request = client.get("/").wsgi_request
    assert request.session[SESSION_KEY] == str(coordinator.pk)
    # The session is already loaded: reading the person is one statement, and every question after it is free.
    with django_assert_num_queries(1):
        person = session_user.get_user(request)
        assert helpdesk_permissions.can_manage_office(person, world.office_a)
        assert not helpdesk_permissions.can_manage_office(person, world.office_b)
        assert participation_permissions.can_moderate(person, world.project_y)
        assert not participation_permissions.can_moderate(person, world.project_x)
        assert permissions.has_staff_role(person)
        assert selectors.user_has_totp(person)
    # Someone without any role or device: the same single statement, and nothing is held.
    citizen = world.person("citizen")
    client.force_login(citizen)
    request = client.get("/").wsgi_request
    with django_assert_num_queries(1):
        person = session_user.get_user(request)
        assert not permissions.has_staff_role(person)
        assert not selectors.user_has_totp(person)
        assert not participation_permissions.can_moderate(person, world.project_x)
