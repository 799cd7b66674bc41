"""A real Celery worker picks up a task from the configured broker and writes to the database."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from core.models import WorkerHeartbeat
from core.tasks import record_heartbeat

ROOT = Path(__file__).resolve().parents[2]


def worker_environment() -> dict[str, str]:
    """The worker must talk to the test database and the test run's broker and queue."""
    db = connection.settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        database_url = f"sqlite:///{db['NAME']}"
    else:
        database_url = f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}"
    return {
        **os.environ,
        "DATABASE_URL": database_url,
        "CELERY_BROKER_URL": settings.CELERY_BROKER_URL,
        "CELERY_QUEUE": settings.CELERY_TASK_DEFAULT_QUEUE,
        "VAR_DIR": str(settings.VAR_DIR),
    }


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_runs_the_heartbeat_task() -> None:
    worker = subprocess.Popen(
        [
            sys.executable, "-m", "celery", "-A", "celery_app", "worker",
            "--pool=solo", "--loglevel=WARNING", "--hostname=wiring@%h",
            "-Q", settings.CELERY_TASK_DEFAULT_QUEUE, "--without-gossip", "--without-mingle",
        ],
        cwd=ROOT, env=worker_environment(), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
    try:
        record_heartbeat.delay()
        deadline = time.monotonic() + 60
        while (
            time.monotonic() < deadline and not WorkerHeartbeat.objects.filter(hostname__startswith="wiring@").exists()
        ):
            assert worker.poll() is None, worker.stdout.read() if worker.stdout else "worker died"
            time.sleep(0.3)
        found = WorkerHeartbeat.objects.filter(hostname__startswith="wiring@").exists()
    finally:
        worker.terminate()
        output, _ = worker.communicate(timeout=30)
    assert found, output


def test_celery_accepts_json_only_and_stores_no_results() -> None:
    from celery_app import app

    assert app.conf.accept_content == ["json"]
    assert app.conf.task_serializer == "json"
    assert app.conf.task_ignore_result is True
    assert app.conf.task_time_limit and app.conf.task_soft_time_limit


def test_the_beat_schedule_is_defined_in_one_place() -> None:
    from celery_app import BEAT_SCHEDULE, app

    assert app.conf.beat_schedule == BEAT_SCHEDULE
    assert "heartbeat" in BEAT_SCHEDULE
    tasks = {entry["task"] for entry in BEAT_SCHEDULE.values()}
    assert {"notifications.tasks.sweep_outbox", "helpdesk.tasks.purge_guest_data"} <= tasks
