"""The reminder stage: 10,000 due reminders, two Celery workers, each reminder sent exactly once.

The bench kind is registered when the bench app loads (the workers run with the bench
settings too). Reminders are outbox rows scheduled ahead of time with
``notifications.outbox.message_schedule``. When they fall due, one sweep is sent, as beat
does every minute; it claims batches of rows (``select_for_update(skip_locked=True)``) and,
seeing a backlog, asks for helper sweeps, so both workers share the work.

Besides the counts, the stage measures the CPU time per reminder of the workers and the
database backends, which depends far less on what else runs on the machine than the time does.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email import message_from_bytes
from pathlib import Path
from typing import Any

from django.db import connection
from django.db.models import F

from bench.cpu import CpuMeter
from bench.env import log
from bench.server import stop
from notifications import outbox, registry
from notifications.models import OutboxMessage

BENCH_KIND = "bench_reminder"
KEY_PREFIX = "bench-reminder-"


def _context(message: OutboxMessage) -> dict[str, Any] | None:
    return {"number": message.payload.get("number", 0)}


def register_kind() -> None:
    registry.register(BENCH_KIND, label="Benchmark reminder", build_context=_context)


@dataclass
class ReminderResult:
    count: int
    workers: int
    schedule_seconds: float
    send_seconds: float
    sent: int
    sent_within_minute: int
    delivered_files: int
    duplicates: int
    lost: int
    unsent: int
    by_status: dict[str, int] = field(default_factory=dict)
    per_worker: dict[str, int] = field(default_factory=dict)
    cpu_ms_per_reminder: float | None = None

    @property
    def ok(self) -> bool:
        return self.sent_within_minute == self.count and self.duplicates == 0 and self.lost == 0


@contextmanager
def celery_workers(env: dict[str, str], count: int, *, log_dir: Path) -> Iterator[list[subprocess.Popen[bytes]]]:
    """Start ``count`` separate worker processes (concurrency 1 each) on the bench queue."""
    celery = str(Path(sys.executable).parent / "celery")
    processes: list[subprocess.Popen[bytes]] = []
    try:
        for number in range(1, count + 1):
            log_path = log_dir / f"worker{number}.log"
            with log_path.open("wb") as log_file:
                processes.append(
                    subprocess.Popen(  # noqa: S603 - our own fixed command
                        [
                            celery,
                            "-A",
                            "celery_app",
                            "worker",
                            "-Q",
                            env["CELERY_QUEUE"],
                            "-n",
                            f"bench{number}@%h",
                            "--concurrency",
                            "1",
                            "--loglevel",
                            "INFO",
                            "--without-gossip",
                            "--without-mingle",
                        ],
                        env=env,
                        stdout=log_file,
                        stderr=subprocess.STDOUT,
                        start_new_session=True,
                    )
                )
        _wait_for_workers(count)
        yield processes
    finally:
        stop(processes)


def _wait_for_workers(count: int) -> None:
    from celery_app import app

    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        replies = app.control.ping(timeout=1.0) or []
        if len(replies) >= count:
            return
    raise RuntimeError(f"only some of {count} Celery workers answered within 60 s")


def purge() -> None:
    """Forget the bench rows and wake-up calls of an earlier run."""
    from celery_app import app

    OutboxMessage.objects.filter(kind=BENCH_KIND).delete()
    app.control.purge()


def run(*, count: int, workers: int, env: dict[str, str], log_dir: Path) -> ReminderResult:
    from django.conf import settings

    from celery_app import app

    mail_dir = Path(settings.VAR_DIR) / "mail"
    shutil.rmtree(mail_dir, ignore_errors=True)
    purge()
    # Scheduled ahead, as reminders are: nothing is due, so nothing is sent while we schedule.
    # Due times are spread like real ones (one every 0.36 s = 10,000 an hour), oldest first.
    later = dt.datetime.now(dt.UTC) + dt.timedelta(hours=2)
    spacing = dt.timedelta(seconds=0.36)
    started = time.monotonic()
    for number in range(count):
        outbox.message_schedule(
            kind=BENCH_KIND,
            key=f"{KEY_PREFIX}{number}",
            due_at=later + number * spacing,
            recipient_name=f"Person {number}",
            recipient_email=f"bench-reminder-{number}@example.org",
            payload={"number": number},
        )
    schedule_seconds = time.monotonic() - started

    with celery_workers(env, workers, log_dir=log_dir) as processes:
        # Statistics as autovacuum would have them by now in production (it analyses within a minute).
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE notifications_outboxmessage")
        # Shift them so that the last one falls due now: a backlog of an hour's reminders, all due.
        # One sweep, as beat sends it; seeing the backlog, it asks the other workers for help itself.
        due = dt.datetime.now(dt.UTC)
        last_due = later + (count - 1) * spacing
        OutboxMessage.objects.filter(kind=BENCH_KIND).update(due_at=F("due_at") - (last_due - due))
        connection.ensure_connection()
        runner: Any = connection.connection
        cpu = CpuMeter([process.pid for process in processes], env["DATABASE_URL"], ignore=[runner.info.backend_pid])
        cpu_before = cpu.snapshot()
        started = time.monotonic()
        app.send_task("notifications.tasks.sweep_outbox", queue=env["CELERY_QUEUE"])
        # The target is one minute; a sweep stops after NOTIFICATIONS_SWEEP_SECONDS (45 s) anyway.
        deadline = started + 75
        while time.monotonic() < deadline:
            open_rows = OutboxMessage.objects.filter(kind=BENCH_KIND, status__in=["pending", "sending"]).count()
            if open_rows == 0:
                break
            time.sleep(0.5)
        cpu_seconds = cpu.seconds(cpu_before, cpu.snapshot())
        cpu.close()
        last = (
            OutboxMessage.objects.filter(kind=BENCH_KIND, sent_at__isnull=False)
            .order_by("-sent_at")
            .values_list("sent_at", flat=True)
            .first()
        )
        send_seconds = (last - due).total_seconds() if last else float("inf")
        within_minute = OutboxMessage.objects.filter(
            kind=BENCH_KIND, status="sent", sent_at__lte=due + dt.timedelta(seconds=60)
        ).count()

    by_status = Counter(OutboxMessage.objects.filter(kind=BENCH_KIND).values_list("status", flat=True))
    keys: Counter[str] = Counter()
    files = 0
    for path in mail_dir.glob("*.eml") if mail_dir.is_dir() else []:
        message = message_from_bytes(path.read_bytes())
        key = str(message.get("X-Outbox-Key", ""))
        if key.startswith(KEY_PREFIX):
            keys[key] += 1
            files += 1
    sent_keys = set(OutboxMessage.objects.filter(kind=BENCH_KIND, status="sent").values_list("key", flat=True))
    sent = by_status.get("sent", 0)
    if sent:
        log(f"reminders: {1000 * cpu_seconds / sent:.2f} ms CPU per reminder sent (workers and database)")
    per_worker = {}
    for number in range(1, workers + 1):
        log_text = (log_dir / f"worker{number}.log").read_text(errors="replace")
        claimed = [int(n) for n in re.findall(r"sweep_outbox\[[^\]]+\] succeeded in [0-9.]+s: (\d+)", log_text)]
        per_worker[f"worker {number}"] = sum(claimed)
    return ReminderResult(
        count=count,
        workers=workers,
        schedule_seconds=schedule_seconds,
        send_seconds=send_seconds,
        sent=sent,
        sent_within_minute=within_minute,
        delivered_files=files,
        duplicates=sum(n - 1 for n in keys.values() if n > 1),
        # Lost: recorded as sent but no e-mail written. Unsent: still waiting for the next sweep.
        lost=len(sent_keys - set(keys)),
        unsent=count - len(sent_keys),
        by_status=dict(by_status),
        per_worker=per_worker,
        cpu_ms_per_reminder=round(1000 * cpu_seconds / sent, 2) if sent else None,
    )
