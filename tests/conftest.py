from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from allauth.mfa.models import Authenticator
from django.core.cache import cache
from django.core.signals import got_request_exception
from django.test import Client

from tests.factories import UserFactory, give_totp
from tests.world import World, build_world


def pytest_configure(config: pytest.Config) -> None:
    from django.conf import settings

    # Tests sign people in thousands of times; production keeps Django's slow hasher on purpose.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _clear_cache() -> Iterator[None]:
    # Cached pages and roles must not leak from one test into the next (rate limits live in
    # the database and go with each test's transaction).
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


@pytest.fixture
def world(db: Any) -> World:
    """The one shared world (tests/world.py): a person in every role and an object of every kind."""
    return build_world()
