"""schemathesis against our own OpenAPI schema: no server error, every answer matches the schema.

The cases are generated from ``/api/schema/`` and sent to the WSGI application, a
bounded number per operation, as an anonymous visitor and as a signed-in citizen
(with a CSRF token, so writes get past Django's CSRF check and reach our code).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.conf import settings
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.test import Client
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import content_type_conformance, response_schema_conformance

from tests.world import World, build_world

CHECKS = [not_a_server_error, response_schema_conformance, content_type_conformance]
CSRF_SECRET = "s" * 32
BOUNDED = hypothesis_settings(
    max_examples=10,
    deadline=None,
    derandomize=True,  # the same cases on every run: a CI failure can be reproduced
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.filter_too_much],
)


pytestmark = pytest.mark.django_db
# Generating the schema needs no database, so it is read once when the tests are collected.
schema = schemathesis.openapi.from_wsgi("/api/schema/", get_wsgi_application())


@pytest.fixture(autouse=True)
def _keep_the_test_transaction_open() -> Iterator[None]:
    # Like Django's test client: the WSGI handler would close the connection after
    # each request and with it the test's transaction.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def world() -> World:
    return build_world()


@schema.parametrize()
@BOUNDED
def test_the_api_answers_anonymous_visitors_without_server_errors_and_as_documented(case: Any, world: World) -> None:
    case.call_and_validate(checks=CHECKS)


@schema.parametrize()
@BOUNDED
def test_the_api_answers_a_signed_in_citizen_without_server_errors_and_as_documented(case: Any, world: World) -> None:
    client = Client()
    citizen = world.people["citizen"]
    assert citizen is not None
    client.force_login(citizen)
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    cookies = f"{settings.SESSION_COOKIE_NAME}={session}; {settings.CSRF_COOKIE_NAME}={CSRF_SECRET}"
    case.call_and_validate(checks=CHECKS, headers={"Cookie": cookies, "X-CSRFToken": CSRF_SECRET})
