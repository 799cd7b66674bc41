"""The signed-in person read by one fixed statement keeps Django's rules (accounts.session_user)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.contrib.auth import HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.models import Session
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _who(client: Client) -> Any:
    response = client.get("/")
    return response.wsgi_request.user


def test_a_signed_in_person_is_read_with_the_same_fields_as_the_orm_reads() -> None:
    user = UserFactory.create(display_name="Erika Muster", phone="+4963112345")
    client = Client()
    client.force_login(user)
    seen = _who(client)
    assert seen.is_authenticated
    assert seen.pk == user.pk
    assert (seen.email, seen.display_name, seen.phone, seen.is_active) == (
        user.email,
        user.display_name,
        user.phone,
        True,
    )
    assert seen.date_joined == type(user).objects.get(pk=user.pk).date_joined
    assert timezone.is_aware(seen.date_joined)


def test_a_session_after_logout_is_not_accepted() -> None:
    user = UserFactory.create()
    client = Client()
    client.force_login(user)
    stolen = client.cookies["sessionid"].value
    client.post(reverse("account_logout"))
    thief = Client()
    thief.cookies["sessionid"] = stolen
    assert not _who(thief).is_authenticated


def test_a_password_change_signs_out_every_other_session() -> None:
    user = UserFactory.create()
    client = Client()
    client.force_login(user)
    user.set_password("another-long-password-77")
    user.save()
    assert not _who(client).is_authenticated
    # The old session is flushed, not only ignored.
    assert not Session.objects.filter(session_key=client.cookies["sessionid"].value).exists()


def test_an_expired_session_is_not_accepted() -> None:
    user = UserFactory.create()
    client = Client()
    client.force_login(user)
    key = client.cookies["sessionid"].value
    Session.objects.filter(session_key=key).update(expire_date=timezone.now() - dt.timedelta(seconds=1))
    assert not _who(client).is_authenticated


def test_a_deactivated_person_is_signed_out() -> None:
    user = UserFactory.create()
    client = Client()
    client.force_login(user)
    type(user).objects.filter(pk=user.pk).update(is_active=False)
    assert not _who(client).is_authenticated


def test_a_session_without_its_hash_is_not_accepted() -> None:
    user = UserFactory.create()
    client = Client()
    client.force_login(user)
    session = client.session
    del session[HASH_SESSION_KEY]
    session.save()
    assert not _who(client).is_authenticated


def test_a_session_naming_an_unknown_back_end_is_not_accepted() -> None:
    user = UserFactory.create()
    client = Client()
    client.force_login(user)
    session = client.session
    session["_auth_user_backend"] = "somewhere.else.Backend"
    session.save()
    assert not _who(client).is_authenticated
    assert client.session.get(SESSION_KEY) == str(user.pk)  # as Django: not flushed, only not accepted


def test_a_session_signed_with_a_retired_secret_key_is_accepted_once_and_renewed() -> None:
    user = UserFactory.create()
    client = Client()
    with override_settings(SECRET_KEY="the-old-secret-key-" + "x" * 40):
        client.force_login(user)
        old_key = client.cookies["sessionid"].value
    with override_settings(
        SECRET_KEY="the-new-secret-key-" + "y" * 40, SECRET_KEY_FALLBACKS=["the-old-secret-key-" + "x" * 40]
    ):
        assert _who(client).is_authenticated
        assert client.cookies["sessionid"].value != old_key  # cycled, with the new hash
        assert not Session.objects.filter(session_key=old_key).exists()


def test_after_the_first_read_request_user_is_the_person_itself_not_a_wrapper() -> None:
    user = UserFactory.create()
    client = Client()
    client.force_login(user)
    request = client.get("/").wsgi_request
    assert type(request.user) is type(user)
    assert request.user.pk == user.pk
    assert type(Client().get("/").wsgi_request.user).__name__ == "AnonymousUser"
