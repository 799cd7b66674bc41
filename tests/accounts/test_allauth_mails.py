"""allauth's e-mails read as the city's: its name and sender, the formal "Sie", links to SITE_URL."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

SITE = "https://mitwirkung.kaiserslautern.example"


@pytest.fixture(autouse=True)
def _site(settings) -> None:
    settings.SITE_URL = SITE


def _links(body: str) -> list[str]:
    return re.findall(r"https?://\S+", body)


def test_the_sign_up_mail_is_the_citys_letter_in_german_with_links_to_the_site():
    client = Client(HTTP_HOST="127.0.0.1:8201")
    client.post(
        reverse("account_signup"),
        {
            "email": "nora@example.org",
            "display_name": "Nora Neu",
            "password1": "ein-gutes-passwort-77",
            "password2": "ein-gutes-passwort-77",
            "privacy_consent": "on",
        },
    )
    [message] = mail.outbox
    assert message.from_email == "Mitwirkung & Digitale Hilfe <digital@example.org>"
    assert message.subject == "[Mitwirkung & Digitale Hilfe] Bitte bestätigen Sie Ihre E-Mail-Adresse"
    body = str(message.body)
    assert body.startswith("Guten Tag Nora Neu,\n\nbitte bestätigen Sie, dass nora@example.org Ihre E-Mail-Adresse")
    assert "127.0.0.1" not in body and "Hallo" not in body and " du " not in body.lower()
    assert body.rstrip().endswith(f"Mit freundlichen Grüßen\nIhr Team von Mitwirkung & Digitale Hilfe\n{SITE}")
    links = _links(body)
    assert links[0].startswith(f"{SITE}/konto/confirm-email/")
    assert all(link.startswith(SITE) for link in links)


def test_the_password_reset_mail_speaks_the_persons_language_and_links_to_the_site():
    UserFactory.create(email="ann@example.org", display_name="Ann Example", preferred_language="en")
    Client(HTTP_HOST="localhost").post(reverse("account_reset_password"), {"email": "ann@example.org"})
    [message] = mail.outbox
    assert message.subject == "[Mitwirkung & Digitale Hilfe] Password Reset Email"
    assert message.body.startswith("Dear Ann Example,\n\nSomeone, probably you, has asked for a new password")
    assert _links(str(message.body))[0].startswith(f"{SITE}/konto/password/reset/key/")


def test_a_change_notice_names_the_change_politely():
    user = UserFactory.create(display_name="Brigitte Bürgerin")
    client = Client()
    client.force_login(user)
    response = client.post(
        reverse("account_change_password"),
        {
            "oldpassword": "a-long-test-password-42",
            "password1": "noch-ein-passwort-99",
            "password2": "noch-ein-passwort-99",
        },
    )
    assert response.status_code == 302
    [message] = mail.outbox
    assert message.body.startswith("Guten Tag Brigitte Bürgerin,\n\nan Ihrem Konto wurde gerade Folgendes geändert:")
    assert "Ihr Passwort wurde geändert." in message.body
