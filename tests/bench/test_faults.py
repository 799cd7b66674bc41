"""The cheapest scenario of ``python -m bench.faults``, so that the script does not rot: two real
Celery workers send reminders by e-mail and SMS, one is SIGKILLed while the SMS gateway holds
its text, and still nothing is lost, no e-mail goes out twice, and the one text the gateway had
is sent again with the same Idempotency-Key (the documented at-least-once window).

It runs on the test database and the test's broker (its own Redis database and queue); the
Redis and PostgreSQL faults need private servers and run with the script.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.db import connection

from bench import faults
from tests.notifications.worker import database_url

pytestmark = [pytest.mark.celery_worker, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def setup(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Any:
    if connection.vendor != "postgresql" or not settings.REDIS_URL:
        pytest.skip("needs PostgreSQL and Redis (DATABASE_URL, REDIS_URL)")
    # bench.env writes these into os.environ for its own processes; the test gets them back afterwards.
    for name in ("BENCH_DATABASE_URL", "BENCH_REDIS_URL", "BENCH_CELERY_QUEUE", "VAR_DIR"):
        monkeypatch.setenv(name, os.environ.get(name, ""))
    monkeypatch.setenv("BENCH_CELERY_QUEUE", settings.CELERY_TASK_DEFAULT_QUEUE)
    with faults.environment(tmp_path, database_url=database_url(), redis_url=settings.REDIS_URL) as setup:
        yield setup


def test_a_worker_killed_while_sending_loses_nothing_and_repeats_only_the_text_the_gateway_held(setup: Any) -> None:
    figures = faults.run_worker_sigkill(setup, emails=240, texts=60, kill_after=60)
    assert figures["sent when killed"] < figures["messages"] == 300
    assert (figures["sent"], figures["unsent"], figures["failed"], figures["lost"]) == (300, 0, 0, 0)
    assert figures["e-mail twice"] == 0
    # Killed while the SMS gateway had the text: the gateway cannot be asked, so that one text is sent
    # again with the same Idempotency-Key (the documented at-least-once window); nothing else repeats.
    assert figures["killed inside a call to the SMS gateway"] == 1
    assert figures["of these already handed to the channel"] == 1
    assert figures["SMS repeated, same key"] == 1
