"""Every account page renders in our layout, in German, without template errors."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from tests.conftest import give_totp
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

ANONYMOUS_PAGES = ["account_login", "account_signup", "account_reset_password", "account_email_verification_sent"]
SIGNED_IN_PAGES = ["account_email", "account_change_password", "mfa_index"]


@pytest.mark.parametrize("url_name", ANONYMOUS_PAGES)
def test_public_account_pages_render_in_the_site_layout(client: Client, url_name: str) -> None:
    response = client.get(reverse(url_name))
    assert response.status_code == 200
    content = response.content.decode()
    assert 'class="skip-link"' in content
    assert '<html lang="de">' in content


@pytest.mark.parametrize("url_name", SIGNED_IN_PAGES)
def test_signed_in_account_pages_render_in_the_site_layout(client: Client, url_name: str) -> None:
    UserFactory.create(email="konto@example.org")
    client.post(reverse("account_login"), {"login": "konto@example.org", "password": PASSWORD})
    response = client.get(reverse(url_name))
    assert response.status_code == 200
    assert 'class="skip-link"' in response.content.decode()


def test_recovery_code_and_deactivation_pages_render_once_totp_is_on(client: Client, signed_in: Any) -> None:
    user = UserFactory.create(email="mfa@example.org")
    give_totp(user)
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes

    RecoveryCodes.activate(user)
    client.force_login(user)
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    for url_name in ("mfa_index", "mfa_view_recovery_codes", "mfa_deactivate_totp", "mfa_generate_recovery_codes"):
        response = client.get(reverse(url_name))
        assert response.status_code == 200, url_name


def test_account_pages_address_people_formally_in_german(client: Client) -> None:
    content = client.get(reverse("account_signup")).content.decode()
    assert "Sie haben schon ein Konto?" in content
    assert "Du hast" not in content
