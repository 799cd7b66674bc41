"""Sign-up with mandatory e-mail verification, login, logout, password reset, e-mail change."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.test import Client
from django.urls import reverse

from accounts.models import User
from tests.factories import PASSWORD, UserFactory, current_totp_code

pytestmark = pytest.mark.django_db


def _link_in_last_mail() -> str:
    match = re.search(r"https?://[^\s]+", str(mail.outbox[-1].body))
    assert match, mail.outbox[-1].body
    return urlsplit(match.group(0)).path


def _signup(client: Client, **overrides: str) -> Any:
    data = {
        "email": "neu@example.org",
        "display_name": "Nora Neu",
        "password1": "ein-gutes-passwort-77",
        "password2": "ein-gutes-passwort-77",
        "privacy_consent": "on",
        **overrides,
    }
    return client.post(reverse("account_signup"), data)


def test_sign_up_sends_a_verification_mail_and_does_not_sign_in_yet(client: Client) -> None:
    response = _signup(client)
    assert response.status_code == 302
    user = User.objects.get(email="neu@example.org")
    assert user.display_name == "Nora Neu"
    assert not EmailAddress.objects.get(user=user).verified
    assert len(mail.outbox) == 1
    assert "neu@example.org" in mail.outbox[0].to
    assert client.get(reverse("accounts:profile")).status_code == 302


def test_confirming_the_e_mail_verifies_and_signs_in(client: Client) -> None:
    _signup(client)
    confirm_url = _link_in_last_mail()
    response = client.post(confirm_url)
    assert response.status_code == 302
    assert EmailAddress.objects.get(email="neu@example.org").verified
    assert client.get(reverse("accounts:profile")).status_code == 200


def test_sign_up_without_privacy_consent_is_refused_and_keeps_what_was_typed(client: Client) -> None:
    response = _signup(client, privacy_consent="")
    assert response.status_code == 200
    assert not User.objects.filter(email="neu@example.org").exists()
    content = response.content.decode()
    assert "Nora Neu" in content
    assert "Bitte stimmen Sie den Datenschutzhinweisen zu" in content or "privacy notice" in content


def test_an_unverified_account_cannot_sign_in(client: Client) -> None:
    UserFactory.create(email="offen@example.org", verified=False)
    response = client.post(reverse("account_login"), {"login": "offen@example.org", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    assert client.get(reverse("accounts:profile")).status_code == 302


def test_a_verified_person_signs_in_with_e_mail_and_password_and_out_again(client: Client) -> None:
    UserFactory.create(email="da@example.org")
    response = client.post(reverse("account_login"), {"login": "Da@Example.org", "password": PASSWORD})
    assert response.status_code == 302
    assert client.get(reverse("accounts:profile")).status_code == 200
    client.post(reverse("account_logout"))
    assert client.get(reverse("accounts:profile")).status_code == 302


def test_a_wrong_password_gives_a_clear_message(client: Client) -> None:
    UserFactory.create(email="da@example.org")
    response = client.post(reverse("account_login"), {"login": "da@example.org", "password": "falsch"})
    assert response.status_code == 200
    assert "E-Mail-Adresse und/oder das Passwort sind leider falsch" in response.content.decode()


def test_logout_needs_a_post(client: Client) -> None:
    user = UserFactory.create()
    client.force_login(user)
    client.get(reverse("account_logout"))
    assert client.get(reverse("accounts:profile")).status_code == 200


def test_password_reset_sends_a_link_that_sets_a_new_password(client: Client) -> None:
    user = UserFactory.create(email="vergessen@example.org")
    response = client.post(reverse("account_reset_password"), {"email": "vergessen@example.org"})
    assert response.status_code == 302
    reset_url = _link_in_last_mail()
    response = client.get(reset_url)
    assert response.status_code == 302  # allauth moves the key out of the URL
    form_url = response["Location"]
    response = client.post(form_url, {"password1": "ganz-neues-passwort-5", "password2": "ganz-neues-passwort-5"})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("ganz-neues-passwort-5")


def test_changing_the_e_mail_address_needs_verification_of_the_new_one(client: Client) -> None:
    user = UserFactory.create(email="alt@example.org")
    client.force_login(user)
    response = client.post(reverse("account_email"), {"action_add": "", "email": "neu@example.org"})
    assert response.status_code == 302
    new = EmailAddress.objects.get(email="neu@example.org")
    assert not new.verified
    assert "neu@example.org" in mail.outbox[-1].to


def test_sign_up_is_rate_limited_per_address(client: Client, settings: object) -> None:
    from django.test import override_settings

    with override_settings(ACCOUNT_RATE_LIMITS={"signup": "2/h/ip"}):
        for n in range(2):
            _signup(client, email=f"viele{n}@example.org")
        response = _signup(client, email="viele9@example.org")
    assert response.status_code == 429
    assert not User.objects.filter(email="viele9@example.org").exists()


def _sign_in_fully(client: Client, user: User, **extra: str) -> str:
    """Password, and the current TOTP code for staff; returns where the site sends the person."""
    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD, **extra})
    if response["Location"] == reverse("mfa_authenticate"):
        response = client.post(reverse("mfa_authenticate"), {"code": current_totp_code(user)})
    assert response.status_code == 302
    return str(response["Location"])


@pytest.mark.parametrize(
    ("role", "start"),
    [
        ("coordinator_a", "helpdesk:office-home"),
        ("volunteer", "helpdesk:my-appointments"),
        ("moderator_x", "participation:moderation"),
        ("citizen", "accounts:profile"),
    ],
)
def test_after_signing_in_people_begin_where_their_work_is(client: Client, world: Any, role: str, start: str) -> None:
    assert _sign_in_fully(client, world.person(role)) == reverse(start)


def test_a_next_address_wins_over_the_start_page(client: Client, world: Any) -> None:
    wanted = reverse("helpdesk:my-hours")
    assert _sign_in_fully(client, world.person("volunteer"), next=wanted) == wanted


def test_the_signed_in_message_speaks_the_language_of_the_pages_that_follow(client: Client) -> None:
    from django.utils import translation

    # An English browser, a person who chose German: the message after signing in is German like the page.
    UserFactory.create(email="de@example.org", preferred_language="de")
    with translation.override("de"):
        client.post(
            reverse("account_login"), {"login": "de@example.org", "password": PASSWORD}, HTTP_ACCEPT_LANGUAGE="en"
        )
        page = client.get(reverse("accounts:profile"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'lang="de"' in page
    assert "Successfully signed in" not in page
    assert "Erfolgreich als" in page
