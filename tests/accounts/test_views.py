"""Profile, data export, account deletion and the administrators' role page."""

from __future__ import annotations

import json
from typing import Any

import pytest
from allauth.account.models import EmailAddress
from django.test import Client
from django.urls import reverse

from accounts.models import User
from helpdesk.models import OfficeStaff
from participation.models import ProjectModerator
from tests.factories import (
    PASSWORD,
    OfficeFactory,
    ProjectFactory,
    UserFactory,
)
from tests.world import ROLES, World, client_for

pytestmark = pytest.mark.django_db


def test_a_person_edits_name_phone_and_language(client: Client) -> None:
    user = UserFactory.create()
    client.force_login(user)
    response = client.post(
        reverse("accounts:profile"),
        {"display_name": "Gisela G.", "phone": "0631 1234", "preferred_language": "en"},
    )
    assert response.status_code == 302
    user.refresh_from_db()
    # Stored in E.164, so one person is one number however it was typed.
    assert (user.display_name, user.phone, user.preferred_language) == ("Gisela G.", "+496311234", "en")
    # From now on the site speaks English to this person.
    assert "My profile" in client.get(reverse("accounts:profile")).content.decode()


def test_a_phone_number_without_digits_is_refused_in_german_and_kept_as_typed(client: Client) -> None:
    user = UserFactory.create(phone="")
    client.force_login(user)
    response = client.post(
        reverse("accounts:profile"), {"display_name": "Gisela G.", "phone": "keine", "preferred_language": "de"}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Bitte geben Sie Ihre Telefonnummer in Ziffern" in page
    assert 'value="keine"' in page and 'type="tel"' in page and 'autocomplete="tel"' in page
    user.refresh_from_db()
    assert user.phone == ""


def test_a_bad_language_is_refused_and_the_form_keeps_what_was_typed(client: Client) -> None:
    user = UserFactory.create()
    client.force_login(user)
    response = client.post(
        reverse("accounts:profile"), {"display_name": "Gisela G.", "phone": "0631 1234", "preferred_language": "xx"}
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert "Gisela G." in content and "0631 1234" in content
    assert 'aria-invalid="true"' in content


def test_the_profile_leads_to_security_and_privacy(client: Client) -> None:
    client.force_login(UserFactory.create())
    content = client.get(reverse("accounts:profile")).content.decode()
    for name in ("account_change_password", "account_email", "mfa_index", "accounts:export", "accounts:delete"):
        assert reverse(name) in content


def test_the_data_export_is_a_json_download_of_the_own_account(client: Client) -> None:
    user = UserFactory.create(email="export@example.org", phone="0631 55")
    UserFactory.create(email="jemand-anders@example.org")
    client.force_login(user)
    response = client.get(reverse("accounts:export"))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    data = json.loads(response.content)
    assert data["account"]["email"] == "export@example.org"
    assert data["account"]["phone"] == "0631 55"
    assert "jemand-anders@example.org" not in response.content.decode()


def test_deleting_the_account_needs_the_password_and_removes_it(client: Client) -> None:
    user = UserFactory.create(email="weg@example.org")
    client.force_login(user)
    response = client.post(reverse("accounts:delete"), {"password": "falsch"})
    assert response.status_code == 200
    assert User.objects.filter(pk=user.pk).exists()
    response = client.post(reverse("accounts:delete"), {"password": PASSWORD})
    assert response.status_code == 302
    assert not User.objects.filter(pk=user.pk).exists()
    assert not EmailAddress.objects.filter(email="weg@example.org").exists()
    assert client.get(reverse("accounts:profile")).status_code == 302


@pytest.mark.parametrize("url_name", ["accounts:profile", "accounts:export", "accounts:delete"])
def test_own_account_pages_need_a_sign_in(client: Client, url_name: str) -> None:
    response = client.get(reverse(url_name))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.parametrize("role", ROLES)
def test_only_administrators_open_the_role_page(world: World, role: str) -> None:
    response = client_for(world, role).get(reverse("accounts:roles"))
    expected = {"anonymous": 302, "guest": 302, "administrator": 200}.get(role, 403)
    assert response.status_code == expected


@pytest.mark.parametrize("role", [role for role in ROLES if role != "administrator"])
def test_nobody_but_administrators_can_give_or_take_roles(world: World, role: str) -> None:
    client = client_for(world, role)
    target = UserFactory.create(email="ziel@example.org")
    office = OfficeFactory.create()
    staff = OfficeStaff.objects.create(user=target, role="volunteer", office=office)
    client.post(
        reverse("accounts:roles"),
        {"grant_role": "1", "email": "ziel@example.org", "grant": f"coordinator:{office.pk}"},
    )
    client.post(reverse("accounts:role-revoke", args=["volunteer", staff.pk]))
    client.post(reverse("accounts:roles"), {"grant_administrator": "1", "email": "ziel@example.org"})
    assert list(target.office_roles.values_list("role", flat=True)) == ["volunteer"]
    target.refresh_from_db()
    assert not target.is_superuser


def test_an_administrator_gives_and_takes_roles(client: Client, signed_in: Any) -> None:
    admin = UserFactory.create(is_superuser=True, is_staff=True)
    client = signed_in(admin)
    target = UserFactory.create(email="ziel@example.org")
    project = ProjectFactory.create()
    response = client.post(
        reverse("accounts:roles"),
        {"grant_role": "1", "email": "ziel@example.org", "grant": f"moderator:{project.pk}"},
    )
    assert response.status_code == 302
    moderator = ProjectModerator.objects.get(user=target)
    assert moderator.project == project
    assert str(target) in client.get(reverse("accounts:roles")).content.decode()
    client.post(reverse("accounts:role-revoke", args=["moderator", moderator.pk]))
    assert not ProjectModerator.objects.filter(user=target).exists()
    client.post(reverse("accounts:roles"), {"grant_administrator": "1", "email": "ziel@example.org"})
    target.refresh_from_db()
    assert target.is_superuser and target.is_staff
    client.post(reverse("accounts:administrator-revoke", args=[target.pk]))
    target.refresh_from_db()
    assert not target.is_superuser


def test_a_role_needs_its_project_or_office_and_an_existing_account(client: Client, signed_in: Any) -> None:
    client = signed_in(UserFactory.create(is_superuser=True, is_staff=True))
    UserFactory.create(email="ziel@example.org")
    response = client.post(reverse("accounts:roles"), {"grant_role": "1", "email": "ziel@example.org", "grant": ""})
    assert response.status_code == 400
    assert "Wählen Sie die Rolle und das Projekt oder Büro" in response.content.decode()
    office = OfficeFactory.create()
    response = client.post(
        reverse("accounts:roles"),
        {"grant_role": "1", "email": "niemand@example.org", "grant": f"volunteer:{office.pk}"},
    )
    assert response.status_code == 400
    assert "niemand@example.org" in response.content.decode()


def test_an_administrator_cannot_remove_their_own_administrator_role(client: Client, signed_in: Any) -> None:
    admin = UserFactory.create(is_superuser=True, is_staff=True)
    client = signed_in(admin)
    client.post(reverse("accounts:administrator-revoke", args=[admin.pk]))
    admin.refresh_from_db()
    assert admin.is_superuser
