"""Apps sign in with a token: e-mail and password, and for staff the current code of their authenticator app."""

from __future__ import annotations

import datetime as dt

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from allauth.mfa.utils import decrypt
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from participation.models import Phase, Support
from tests.conftest import give_totp
from tests.factories import PASSWORD, ProjectFactory, UserFactory, moderator_of
from tests.participation.factories import IdeaFactory

pytestmark = pytest.mark.django_db

TOKEN_URL = "/api/auth/token/"


def _code(user) -> str:
    secret = decrypt(Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP).data["secret"])
    return format_hotp_value(hotp_value(secret, int(timezone.now().timestamp()) // 30))


def _sign_in(user, **extra: str):
    return APIClient().post(TOKEN_URL, {"email": user.email, "password": PASSWORD, **extra}, format="json")


def test_a_citizens_app_signs_in_and_supports_an_idea_with_the_token():
    citizen = UserFactory.create()
    idea = IdeaFactory.create(project=ProjectFactory.create(phase=Phase.Kind.RATING))
    response = _sign_in(citizen)
    assert response.status_code == 201
    token = response.json()["token"]
    app = APIClient()
    app.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert app.post("/api/supports/", {"idea": idea.pk}, format="json").status_code == 201
    assert Support.objects.filter(idea=idea, user=citizen).exists()


def test_without_a_token_the_api_says_401_and_how_to_sign_in():
    response = APIClient().get("/api/supports/")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"


def test_a_wrong_password_is_refused_and_after_ten_tries_the_address_waits():
    citizen = UserFactory.create()
    client = APIClient()
    for _ in range(10):
        response = client.post(TOKEN_URL, {"email": citizen.email, "password": "falsch"}, format="json")
        assert response.status_code == 401
        assert response.json()["detail"] == "Die E-Mail-Adresse oder das Passwort stimmt nicht."
    assert client.post(TOKEN_URL, {"email": citizen.email, "password": PASSWORD}, format="json").status_code == 429


def test_bad_input_names_the_fields():
    response = APIClient().post(TOKEN_URL, {"email": "keine-adresse"}, format="json")
    assert response.status_code == 400
    assert set(response.json()) == {"email", "password"}


def test_staff_need_the_code_of_their_authenticator_app():
    moderator = moderator_of(ProjectFactory.create())
    give_totp(moderator)
    refused = _sign_in(moderator)
    assert refused.status_code == 401
    assert "code" in refused.json()["detail"]
    assert _sign_in(moderator, code="000000").status_code == 401
    assert _sign_in(moderator, code=_code(moderator)).status_code == 201


def test_staff_without_two_factor_authentication_get_no_token():
    moderator = moderator_of(ProjectFactory.create())
    response = _sign_in(moderator, code="123456")
    assert response.status_code == 403
    assert "Zwei-Faktor" in response.json()["detail"]
    assert not Token.objects.exists()


def test_an_unconfirmed_address_gets_no_token():
    response = _sign_in(UserFactory.create(verified=False))
    assert response.status_code == 403


def test_an_expired_token_is_refused_and_signing_in_again_gives_a_new_one(settings):
    settings.API_TOKEN_DAYS = 30
    citizen = UserFactory.create()
    old = _sign_in(citizen).json()["token"]
    Token.objects.filter(key=old).update(created=timezone.now() - dt.timedelta(days=31))
    app = APIClient()
    app.credentials(HTTP_AUTHORIZATION=f"Token {old}")
    assert app.get("/api/supports/").status_code == 401
    new = _sign_in(citizen).json()["token"]
    assert new != old


def test_signing_out_ends_the_token():
    citizen = UserFactory.create()
    token = _sign_in(citizen).json()["token"]
    app = APIClient()
    app.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert app.delete(TOKEN_URL).status_code == 204
    assert app.get("/api/supports/").status_code == 401
