"""Two-factor authentication: offered to everyone, required for staff roles."""

from __future__ import annotations

import time

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.test import Client
from django.urls import reverse

from tests.conftest import give_totp
from tests.factories import PASSWORD, ProjectFactory, UserFactory, moderator_of
from tests.world import OTHER_PEOPLE, SIGNED_IN_ROLES, STAFF_ROLES, World

pytestmark = pytest.mark.django_db


def _current_code(secret: str) -> str:
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


@pytest.mark.parametrize("role", STAFF_ROLES)
def test_staff_without_mfa_are_sent_to_set_it_up_first(client: Client, world: World, role: str) -> None:
    staff = world.person(role)
    Authenticator.objects.filter(user=staff).delete()  # the world's administrator has a device
    client.force_login(staff)
    response = client.get(reverse("accounts:profile"))
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")
    # The set-up page itself stays reachable (after confirming the password), so nobody is locked out.
    response = client.get(reverse("mfa_activate_totp"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_reauthenticate"))
    response = client.post(response["Location"], {"password": PASSWORD})
    assert client.get(reverse("mfa_activate_totp")).status_code == 200


@pytest.mark.parametrize("role", [role for role in (*SIGNED_IN_ROLES, *OTHER_PEOPLE) if role not in STAFF_ROLES])
def test_citizens_and_volunteers_may_use_the_site_without_mfa(client: Client, world: World, role: str) -> None:
    client.force_login(world.person(role))
    assert client.get(reverse("accounts:profile")).status_code == 200


def test_mfa_is_offered_to_everyone_on_the_profile(client: Client) -> None:
    client.force_login(UserFactory.create())
    content = client.get(reverse("accounts:profile")).content.decode()
    assert reverse("mfa_index") in content
    assert client.get(reverse("mfa_index")).status_code == 200


def test_staff_with_totp_sign_in_with_password_and_code(client: Client) -> None:
    moderator = moderator_of(ProjectFactory.create(), email="mod@example.org")
    secret = give_totp(moderator)
    response = client.post(reverse("account_login"), {"login": "mod@example.org", "password": PASSWORD})
    assert response["Location"] == reverse("mfa_authenticate")
    assert client.get(reverse("accounts:profile")).status_code == 302  # not signed in yet
    response = client.post(
        reverse("mfa_authenticate"), {"code": "000000" if _current_code(secret) != "000000" else "1"}
    )
    assert response.status_code == 200  # wrong code: asked again
    response = client.post(reverse("mfa_authenticate"), {"code": _current_code(secret)})
    assert response.status_code == 302
    assert client.get(reverse("accounts:profile")).status_code == 200


def test_the_django_admin_signs_in_through_allauth(client: Client) -> None:
    response = client.get("/admin/login/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_the_django_admin_is_closed_to_non_administrators(client: Client) -> None:
    client.force_login(UserFactory.create())
    assert client.get("/admin/login/").status_code == 403
