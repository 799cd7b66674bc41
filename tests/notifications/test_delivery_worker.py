"""Proof with real Celery worker processes: on time, exactly once, surviving crashes and a lost broker.

The workers use the same database, queue and VAR_DIR as the test; they write
e-mail as .eml files into VAR_DIR/mail, which the tests count per outbox key.
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import redis
from django.core import mail
from django.db import connection
from django.utils import timezone

from notifications import delivery, outbox
from notifications.models import OutboxMessage, Status
from tests.notifications.kinds import TEST_KIND
from tests.notifications.worker import Worker, publish, redis_url, sent_emails, wait_until

pytestmark = [pytest.mark.celery_worker, pytest.mark.django_db(transaction=True)]

SWEEP = "notifications.tasks.sweep_outbox"


@pytest.fixture
def start_worker(tmp_path: Path) -> Iterator[Any]:
    workers: list[Worker] = []

    def start(**kwargs: Any) -> Worker:
        worker = Worker(log_dir=tmp_path, **kwargs)
        workers.append(worker)
        return worker

    yield start
    for worker in workers:
        worker.stop()


def schedule_many(prefix: str, count: int, **payload: Any) -> list[OutboxMessage]:
    due = timezone.now() - dt.timedelta(seconds=5)
    return [
        outbox.message_schedule(
            kind=TEST_KIND,
            key=f"{prefix}-{number:03d}",
            due_at=due,
            recipient_name=f"Person {number}",
            recipient_email=f"person{number}@example.org",
            payload=dict(payload),
        )
        for number in range(count)
    ]


def sent_rows(prefix: str) -> int:
    return OutboxMessage.objects.filter(key__startswith=prefix, status=Status.SENT).count()


def test_n_due_messages_are_each_sent_exactly_once_by_a_real_worker(unique: str, start_worker: Any) -> None:
    since = time.time()
    schedule_many(unique, 12)  # each one also queues a wake-up task on commit
    start_worker()
    publish(SWEEP)
    publish(SWEEP)  # two sweeps compete with the wake-ups in the two pool processes

    wait_until(lambda: sent_rows(unique) == 12, what="12 sent rows")
    time.sleep(0.5)  # anything sent twice would show up by now

    counts = sent_emails(unique, since=since)
    assert len(counts) == 12
    assert set(counts.values()) == {1}


def test_a_worker_killed_mid_batch_and_restarted_still_sends_each_message_exactly_once(
    unique: str, start_worker: Any
) -> None:
    since = time.time()
    count = 8
    schedule_many(unique, count, delay=0.5)
    first = start_worker()
    publish(SWEEP)
    wait_until(lambda: sum(sent_emails(unique, since=since).values()) >= 2, what="the first e-mails")

    first.kill()

    assert sent_rows(unique) < count, "the batch should still have been running"
    second = start_worker()

    def all_sent() -> bool:
        # Beat would sweep every minute; here every second. Claims of the dead worker
        # are taken over once they are two seconds old, far longer than a live send takes.
        publish(SWEEP, stale_after_seconds=2)
        return sent_rows(unique) == count

    wait_until(all_sent, every=1.0, what=f"{count} sent rows; worker log:\n{second.log()}")
    time.sleep(0.5)
    counts = sent_emails(unique, since=since)
    assert len(counts) == count
    assert set(counts.values()) == {1}


def test_messages_pending_when_redis_is_flushed_are_recovered_from_the_database_by_the_next_sweep(
    unique: str, start_worker: Any, settings: Any
) -> None:
    since = time.time()
    broker = redis_url()
    queue = settings.CELERY_TASK_DEFAULT_QUEUE
    rows = schedule_many(unique, 5)
    for row in rows:
        publish("notifications.tasks.send_message", broker_url=broker, args=[row.pk])
    client = redis.Redis.from_url(broker)
    assert client.llen(queue) >= 5

    client.flushdb()

    assert client.llen(queue) == 0
    assert OutboxMessage.objects.filter(key__startswith=unique, status=Status.PENDING).count() == 5
    start_worker(broker_url=broker)
    publish(SWEEP, broker_url=broker)
    wait_until(lambda: sent_rows(unique) == 5, what="5 sent rows")
    time.sleep(0.3)
    counts = sent_emails(unique, since=since)
    assert len(counts) == 5
    assert set(counts.values()) == {1}


def test_rescheduling_and_cancelling_change_what_the_worker_sends(unique: str, start_worker: Any) -> None:
    since = time.time()
    now = timezone.now()
    tomorrow = now + dt.timedelta(days=1)

    def schedule(name: str, due: dt.datetime) -> OutboxMessage:
        return outbox.message_schedule(
            kind=TEST_KIND, key=f"{unique}-{name}", due_at=due, recipient_email=f"{name}@example.org"
        )

    schedule("cancelled", now)
    schedule("moved-away", now)
    schedule("moved-here", tomorrow)
    schedule("unchanged", now)
    outbox.message_cancel(key=f"{unique}-cancelled")
    schedule("moved-away", tomorrow)
    schedule("moved-here", now)

    start_worker()
    publish(SWEEP)
    wait_until(lambda: sent_rows(unique) == 2, what="2 sent rows")
    publish(SWEEP)
    time.sleep(1.0)

    assert dict(sent_emails(unique, since=since)) == {f"{unique}-moved-here": 1, f"{unique}-unchanged": 1}
    statuses = dict(OutboxMessage.objects.filter(key__startswith=unique).values_list("key", "status"))
    assert statuses[f"{unique}-cancelled"] == Status.CANCELLED
    assert statuses[f"{unique}-moved-away"] == Status.PENDING


def test_two_sweeps_running_at_once_send_nothing_twice(unique: str) -> None:
    schedule_many(unique, 20, delay=0.01)
    barrier = threading.Barrier(2)
    claimed: list[int] = []

    def sweep() -> None:
        try:
            barrier.wait()
            claimed.append(delivery.messages_sweep().claimed)
        finally:
            connection.close()

    threads = [threading.Thread(target=sweep) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    keys = [
        sent.extra_headers["X-Outbox-Key"]
        for sent in mail.outbox
        if sent.extra_headers["X-Outbox-Key"].startswith(unique)
    ]
    assert sorted(keys) == sorted(set(keys))
    assert len(keys) == 20
    assert sum(claimed) == 20
    assert sent_rows(unique) == 20
