from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.core.cache import cache
from django.core.signals import got_request_exception
from django.test import Client

from tests.factories import UserFactory


@pytest.fixture(autouse=True, scope="session")
def _fast_password_hasher() -> None:
    # Django's default hasher takes ~0.3 s per password on purpose; tests sign in thousands of
    # times. Production keeps the default (config/settings.py does not set PASSWORD_HASHERS).
    from django.conf import settings

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _clear_cache() -> Iterator[None]:
    # Rate limits live in the cache; one test must not spend another's budget.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _fail_on_server_errors() -> Iterator[None]:
    """A server error anywhere in a test fails it, also inside the browser tests' live server,
    where Django does not re-raise the exception into the test."""
    failures: list[str] = []

    def record(sender: object, request: Any = None, **kwargs: Any) -> None:
        failures.append(getattr(request, "path", "?"))

    got_request_exception.connect(record, weak=False, dispatch_uid="tests-fail-on-server-errors")
    try:
        yield
    finally:
        got_request_exception.disconnect(dispatch_uid="tests-fail-on-server-errors")
    assert not failures, f"server error while handling {failures}"


@pytest.fixture
def user(db: Any) -> Any:
    return UserFactory()


def give_totp(user: Any) -> str:
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret


@pytest.fixture
def signed_in(client: Client) -> Any:
    """Sign a user in; staff users get a TOTP device so the MFA gate lets them pass."""

    def sign_in(user: Any, *, with_totp: bool = True) -> Client:
        from accounts.permissions import has_staff_role

        if with_totp and has_staff_role(user) and not Authenticator.objects.filter(user=user).exists():
            give_totp(user)
        client.force_login(user)
        return client

    return sign_in
