"""schemathesis against our own OpenAPI schema: no server error, every answer documented.

The cases are generated from ``/api/schema/`` and sent to the WSGI application: a fixed
number per operation (``EXAMPLES``: cases that fit the schema and cases that break it;
derandomised, so CI runs the same cases every time) as an anonymous app, as a signed-in
citizen and as a moderator (both with a token, as apps sign in: ``Authorization: Token …``).
A stateful run follows the links between operations that schemathesis infers from the
schema (create an idea, then read, change, follow and withdraw it; list bookings, then move
one). Every answer must

- not be a server error,
- have a status code the schema documents for the operation (``config/api_schema.py`` adds
  the refusals), and
- match the documented body and content type.

The number of cases is printed and given in the README's "Security and faults".
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis.errors import Unsatisfiable
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error
from schemathesis.generation.modes import GenerationMode
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.world import World, build_world

CHECKS = [not_a_server_error, status_code_conformance, response_schema_conformance, content_type_conformance]
# Per operation and role: cases that fit the schema, and cases that break it (wrong types,
# missing fields, values out of range), which must be refused with a documented 4xx.
EXAMPLES = {GenerationMode.POSITIVE: 10, GenerationMode.NEGATIVE: 8}
STATEFUL_RUNS, STATEFUL_STEPS = 40, 8
SETTINGS: dict[str, Any] = {
    "deadline": None,
    "derandomize": True,  # the same cases on every run: a CI failure can be reproduced
    "database": None,
    "suppress_health_check": list(HealthCheck),
}

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


def _signed_in(world: World, role: str | None) -> Callable[[], dict[str, str]]:
    """The headers of each call: the role's token, made again when a case signed the app out."""
    if role is None:
        return dict
    person = world.people[role]
    assert person is not None
    key = Token.objects.create(user=person).key

    def headers() -> dict[str, str]:
        Token.objects.get_or_create(user=person, defaults={"key": key})
        return {"Authorization": f"Token {key}"}

    return headers


def _fuzz_every_operation(headers: Callable[[], dict[str, str]]) -> tuple[int, list[str]]:
    """Send ``EXAMPLES`` cases to each operation; the number of cases and the failures."""
    sent = 0
    failures: list[str] = []
    for result, (mode, examples) in itertools.product(schema.get_all_operations(), EXAMPLES.items()):
        operation = result.ok()

        @given(case=operation.as_strategy(generation_mode=mode))
        @hypothesis_settings(max_examples=examples, **SETTINGS)
        def check(case: Any) -> None:
            nonlocal sent
            sent += 1
            case.call_and_validate(checks=CHECKS, headers=headers())

        try:
            check()
        except Unsatisfiable:  # nothing to break: a path of free text and no parameters
            continue
        except Exception as error:  # collect every operation's failure, then fail once
            failures.append(f"{operation.label} ({mode}): {str(error)[:2000]}")
    return sent, failures


@pytest.mark.parametrize("role", [None, "citizen", "moderator_x"], ids=["anonymous", "citizen", "moderator"])
def test_every_operation_answers_without_server_errors_and_as_documented(
    world: World, role: str | None, capsys: Any
) -> None:
    sent, failures = _fuzz_every_operation(_signed_in(world, role))
    with capsys.disabled():
        print(f"\nschemathesis as {role or 'anonymous'}: {sent} cases, {len(failures)} failing operations")
    assert not failures, "\n\n".join(failures)


def test_following_the_links_between_operations_as_a_citizen(world: World, capsys: Any) -> None:
    headers = _signed_in(world, "citizen")
    steps = 0

    class Links(schema.as_state_machine()):  # type: ignore[misc]
        def get_call_kwargs(self, case: Any) -> dict[str, Any]:
            return {"headers": headers()}

        def after_call(self, response: Any, case: Any) -> None:
            nonlocal steps
            steps += 1

        def validate_response(self, response: Any, case: Any, *args: Any, **kwargs: Any) -> None:
            case.validate_response(response, checks=CHECKS)

    Links.run(settings=hypothesis_settings(max_examples=STATEFUL_RUNS, stateful_step_count=STATEFUL_STEPS, **SETTINGS))
    with capsys.disabled():
        print(f"\nschemathesis following links: {steps} calls in {STATEFUL_RUNS} runs")
    assert steps > STATEFUL_RUNS  # the runs did follow links beyond their first call
