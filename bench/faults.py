"""Fault injection on a production-like setup, and what was lost or duplicated.

``python -m bench.faults`` (``--only redis-kill,worker-sigkill`` for some, ``--json FILE`` to
keep the figures) starts everything of its own (``bench.fault_services``): a throwaway
PostgreSQL cluster (``initdb`` as user postgres, port 5499, removed afterwards), a private
redis-server (cache and broker), gunicorn with production settings, two Celery workers on a
private queue under a supervisor that starts an exited one again (as systemd would), a fake
SMS gateway that records every POST with its ``Idempotency-Key``, and e-mail into files. The
shared PostgreSQL and Redis of the machine are never touched. The runner plays beat: a sweep
every two seconds. ``NOTIFICATIONS_CLAIM_TIMEOUT`` is 120 s, the shortest the settings allow.

Scenarios:

- ``redis-kill``, ``redis-full``, ``redis-snapshot``, ``postgres-restart``: ten people book
  (threads through the real form: GET for the CSRF token, POST) before, while and after the
  fault. Counted: booking POSTs, confirmed (302) and stored bookings, a confirmed booking
  missing from the database, places over capacity, every answer by phase, 500s, 503s without
  ``Retry-After``; then each stored booking's confirmation: sent, lost (marked sent, never
  delivered), unsent, delivered twice, and how many waited for the claim timeout.
- ``worker-sigkill``: reminders (e-mail and SMS) are due at once; one of two workers is
  SIGKILLed while the SMS gateway holds its text (the worst moment). Its claimed rows wait for
  the claim timeout; the runner then sends the sweep that would come after it, with the
  timeout shortened, once the other worker is idle (so no live claim can be taken over).

Delivered twice: an e-mail file with the same ``X-Outbox-Key`` written twice; an SMS POST
repeated with the same ``Idempotency-Key`` (the documented at-least-once window of channels
that cannot be asked, notifications/delivery.py: the gateway drops the repeat by its key).

``run_worker_sigkill`` is also what ``tests/bench/test_faults.py`` runs (300 reminders, ~20 s).
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from email import message_from_bytes
from pathlib import Path
from typing import Any

from bench.env import ROOT, bench_environment, log, setup_django
from bench.fault_services import (
    Beat,
    FakeSmsGateway,
    PrivatePostgres,
    Supervisor,
    celery_worker,
    wait_for_workers,
    worker_inside_sms_call,
)
from bench.server import Workers, gunicorn
from tests.security.redis_server import RedisServer

WEB_PORT = 8791
QUEUE = "q-faults"
SCENARIOS = ("redis-kill", "redis-full", "redis-snapshot", "postgres-restart", "worker-sigkill")


# --- people booking -----------------------------------------------------------------------


@dataclass
class Answers:
    by_phase: dict[str, Counter[str]] = field(default_factory=dict)
    confirmed_tokens: set[str] = field(default_factory=set)
    asked: int = 0
    missing_retry_after: int = 0

    def add(self, phase: str, outcome: str) -> None:
        self.by_phase.setdefault(phase, Counter())[outcome] += 1


class Booker(threading.Thread):
    """One person after another at the booking form: GET, then POST with a fresh name and contact."""

    numbers = itertools.count(1)
    lock = threading.Lock()

    def __init__(self, base: str, slot_ids: list[int], answers: Answers, phase: Callable[[], str]) -> None:
        super().__init__(daemon=True)
        self.base, self.slot_ids, self.answers, self.phase = base, slot_ids, answers, phase
        self.halt = threading.Event()

    def run(self) -> None:
        while not self.halt.is_set():
            with self.lock:
                n = next(self.numbers)
            self.book_once(n)

    def book_once(self, n: int) -> None:
        slot_id = self.slot_ids[n % len(self.slot_ids)]
        url = f"{self.base}/hilfe/termin/{slot_id}/"
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(), _NoRedirect())
        phase = self.phase()
        try:
            with opener.open(url, timeout=30) as page:
                token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.read().decode())
        except urllib.error.HTTPError as error:
            self._answer(phase, "GET", error)
            return
        except OSError:
            self.answers.add(phase, "GET no connection")
            time.sleep(0.2)
            return
        if token is None:
            self.answers.add(phase, "GET 200 without form")
            return
        self.answers.add(phase, "GET 200")
        # Even numbers give an e-mail address (confirmation by e-mail), odd ones a mobile number (by SMS).
        contact = {"email": f"fault-{n}@example.org"} if n % 2 == 0 else {"phone": f"0151 4{n:07d}"}
        data = {"name": f"Person {n}", "consent": "on", "csrfmiddlewaretoken": token.group(1), **contact}
        request = urllib.request.Request(  # noqa: S310 - loopback only
            url, data=urllib.parse.urlencode(data).encode(), headers={"Referer": url}
        )
        with self.lock:
            self.answers.asked += 1
        phase = self.phase()
        try:
            with opener.open(request, timeout=60) as answer:
                self.answers.add(phase, f"POST {answer.status}")  # 200: the form again (slot full)
        except urllib.error.HTTPError as error:
            if error.code == 302:
                with self.lock:
                    self.answers.confirmed_tokens.add(error.headers["Location"].split("/")[-2])
            self._answer(phase, "POST", error)
        except OSError:
            self.answers.add(phase, "POST no connection")
            time.sleep(0.2)

    def _answer(self, phase: str, method: str, error: urllib.error.HTTPError) -> None:
        self.answers.add(phase, f"{method} {error.code}")
        if error.code == 503 and not error.headers.get("Retry-After"):
            with self.lock:
                self.answers.missing_retry_after += 1


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


# --- counting -------------------------------------------------------------------------------


def deliveries(mail_dir: Path, gateway: FakeSmsGateway) -> Counter[str]:
    """How often each outbox key was delivered: e-mail files by X-Outbox-Key, SMS POSTs by key."""
    from notifications.models import OutboxMessage

    delivered: Counter[str] = Counter()
    for path in mail_dir.glob("*.eml") if mail_dir.is_dir() else []:
        delivered[str(message_from_bytes(path.read_bytes()).get("X-Outbox-Key", ""))] += 1
    by_send_key = dict(OutboxMessage.objects.filter(channel="sms").values_list("sent_key", "key"))
    for send_key, _to in list(gateway.posts):
        delivered[by_send_key.get(send_key, send_key)] += 1
    return delivered


def outbox_figures(keys: list[str], mail_dir: Path, gateway: FakeSmsGateway, *, wait: float = 200) -> dict[str, int]:
    """Wait until the rows of ``keys`` are sent (or ``wait`` is over), then count what arrived.

    Rows that a sweep had claimed when its database connection broke stay ``sending`` until
    the claim timeout (``NOTIFICATIONS_CLAIM_TIMEOUT``, 120 s here); the next sweep after it
    takes them over. They are counted as "waited for the claim timeout".
    """
    from django.db import close_old_connections

    from notifications.models import OutboxMessage

    rows = OutboxMessage.objects.filter(key__in=keys)
    started = time.monotonic()
    waited_for_timeout = 0
    while time.monotonic() - started < wait and rows.filter(status__in=["pending", "sending"]).exists():
        if not waited_for_timeout and time.monotonic() - started > 20:
            waited_for_timeout = rows.filter(status="sending").count()
            if waited_for_timeout:
                log(f"{waited_for_timeout} message(s) left 'sending' by a broken sweep wait for the claim timeout")
        time.sleep(1)
        close_old_connections()
    delivered = deliveries(mail_dir, gateway)
    found = list(rows.values_list("key", "channel", "status"))
    statuses = Counter(status for _key, _channel, status in found)
    return {
        "messages": len(found),
        "sent": statuses["sent"],
        "unsent": statuses["pending"] + statuses["sending"],
        "failed": statuses["failed"],
        "lost": sum(1 for key, _channel, status in found if status == "sent" and delivered[key] == 0),
        "e-mail twice": sum(1 for key, channel, _s in found if channel == "email" and delivered[key] > 1),
        "SMS repeated, same key": sum(max(0, delivered[key] - 1) for key, channel, _s in found if channel == "sms"),
        "waited for the claim timeout": waited_for_timeout,
    }


# --- the scenarios ---------------------------------------------------------------------------


@dataclass
class Setup:
    env: dict[str, str]
    own_redis: RedisServer | None
    postgres: PrivatePostgres | None
    gateway: FakeSmsGateway
    base: str
    log_dir: Path

    @property
    def redis(self) -> RedisServer:
        if self.own_redis is None:
            raise RuntimeError("Redis faults need the private redis-server")
        return self.own_redis

    @property
    def mail_dir(self) -> Path:
        return Path(self.env["VAR_DIR"]) / "mail"


def fresh_slots(name: str, *, count: int = 12, capacity: int = 40, contended: int = 4) -> list[int]:
    """Workshops of a fresh office, days ahead, so that the confirmations are the only messages due.

    The first ``contended`` have five places and are full within seconds; the others have room
    for the whole run, so booking goes on before, during and after the fault.
    """
    from helpdesk.models import Office, Slot, SlotKind

    office = Office.objects.create(name=f"Fault {name}", slug=f"fault-{name}-{int(time.time())}", address="Hauptstr. 1")
    starts = dt.datetime.now(dt.UTC).replace(microsecond=0, second=0, minute=0) + dt.timedelta(days=3)
    slots = [
        Slot(
            office=office,
            kind=SlotKind.WORKSHOP,
            title=f"Fault {name} {n}",
            capacity=5 if n < contended else capacity,
            starts_at=starts + dt.timedelta(hours=2 * n),
            ends_at=starts + dt.timedelta(hours=2 * n, minutes=90),
        )
        for n in range(count)
    ]
    return [slot.pk for slot in Slot.objects.bulk_create(slots)]


def _figures_of_bookings(slot_ids: list[int], answers: Answers) -> dict[str, Any]:
    from bench.bookings import capacity_check
    from helpdesk.models import Booking

    stored = set(Booking.objects.filter(slot_id__in=slot_ids).values_list("token", flat=True))
    places = capacity_check(slot_ids)
    server_errors = sum(
        n for counts in answers.by_phase.values() for outcome, n in counts.items() if outcome.endswith(" 500")
    )
    return {
        "booking POSTs": answers.asked,
        "confirmed (302)": len(answers.confirmed_tokens),
        "stored": len(stored),
        "confirmed but not stored": len(answers.confirmed_tokens - stored),
        "stored without a confirmation page": len(stored - answers.confirmed_tokens),
        "places": places.places,
        "over capacity": places.over_capacity,
        "counter mismatch": places.count_mismatch,
        "500 answers": server_errors,
        "503 without Retry-After": answers.missing_retry_after,
        "answers": {phase: dict(sorted(counts.items())) for phase, counts in answers.by_phase.items()},
    }


def run_booking_fault(setup: Setup, name: str, inject: Callable[[], None], lift: Callable[[], None] | None) -> dict:
    """Ten people book for 6 s, the fault is injected for 8 s (lifted, if it has an end), booking goes on 8 s."""
    from django.db import close_old_connections

    from notifications.models import OutboxMessage

    slot_ids = fresh_slots(name)
    answers = Answers()
    phase = ["before"]
    bookers = [Booker(setup.base, slot_ids, answers, lambda: phase[0]) for _ in range(10)]
    for booker in bookers:
        booker.start()
    time.sleep(6)
    log(f"{name}: injecting")
    started = time.monotonic()
    phase[0] = "during"
    inject()
    lasted = time.monotonic() - started
    time.sleep(8)
    if lift is not None:
        log(f"{name}: lifting")
        lift()
        lasted = time.monotonic() - started
    phase[0] = "after"
    time.sleep(8)
    for booker in bookers:
        booker.halt.set()
    for booker in bookers:
        booker.join(timeout=70)
    close_old_connections()
    figures = _figures_of_bookings(slot_ids, answers)
    figures["fault seconds"] = round(lasted, 1)
    from helpdesk.models import Booking

    booking_ids = list(Booking.objects.filter(slot_id__in=slot_ids).values_list("pk", flat=True))
    keys = list(
        OutboxMessage.objects.filter(kind="booking_confirmation", payload__booking_id__in=booking_ids).values_list(
            "key", flat=True
        )
    )
    figures["confirmations"] = outbox_figures(keys, setup.mail_dir, setup.gateway)
    return figures


def scenario_redis_kill(setup: Setup) -> dict:
    return run_booking_fault(setup, "redis-kill", setup.redis.kill, setup.redis.start)


def scenario_redis_full(setup: Setup) -> dict:
    def empty() -> None:
        client = setup.redis.client()
        client.config_set("maxmemory", "0")
        client.delete(*[f"junk:{n}" for n in range(32)])

    return run_booking_fault(setup, "redis-full", setup.redis.fill, empty)


def scenario_redis_snapshot(setup: Setup) -> dict:
    snapshot = setup.redis.snapshot()  # taken before anyone of this scenario booked
    return run_booking_fault(setup, "redis-snapshot", lambda: setup.redis.restore(snapshot), None)


def scenario_postgres_restart(setup: Setup) -> dict:
    postgres = setup.postgres
    if postgres is None:
        raise RuntimeError("postgres-restart needs the private cluster")
    return run_booking_fault(setup, "postgres-restart", postgres.restart, None)


def run_worker_sigkill(setup: Setup, *, emails: int, texts: int, kill_after: int) -> dict[str, Any]:
    """Reminders due at once, two workers; one is SIGKILLed once ``kill_after`` are sent."""
    from django.db import close_old_connections

    from bench.reminders import BENCH_KIND
    from celery_app import app
    from notifications.models import OutboxMessage

    stamp = int(time.time())
    keys = []
    step = max(1, (emails + texts) // texts) if texts else 0
    later = dt.datetime.now(dt.UTC) + dt.timedelta(hours=1)  # not due before both workers run
    messages = []
    for n in range(emails + texts):
        sms = bool(step) and n % step == 0 and n // step < texts
        key = f"fault-{'sms' if sms else 'mail'}-{stamp}-{n}"
        contact: dict[str, str] = (
            {"channel": "sms", "recipient_phone": f"+49151{stamp % 10000:04d}{n:05d}"}
            if sms
            else {"channel": "email", "recipient_email": f"reminder-{n}@example.org"}
        )
        messages.append(
            OutboxMessage(
                kind=BENCH_KIND, key=key, due_at=later, recipient_name=f"Person {n}", payload={"number": n}, **contact
            )
        )
        keys.append(key)
    OutboxMessage.objects.bulk_create(messages)
    rows = OutboxMessage.objects.filter(key__in=keys)
    with ExitStack() as stack:
        first = stack.enter_context(celery_worker(setup.env, f"faults-a{stamp}", setup.log_dir))
        second = stack.enter_context(celery_worker(setup.env, f"faults-b{stamp}", setup.log_dir))
        wait_for_workers(2)
        rows.update(due_at=dt.datetime.now(dt.UTC))
        app.send_task("notifications.tasks.sweep_outbox", queue=setup.env["CELERY_QUEUE"])
        deadline = time.monotonic() + 60
        while rows.filter(status="sent").count() < kill_after and time.monotonic() < deadline:
            time.sleep(0.05)
        # The worst moment: a worker waiting for the SMS gateway, which has already taken the text.
        victim, inside_call = worker_inside_sms_call(setup.gateway, [first.pid, second.pid])
        os.killpg(victim or first.pid, signal.SIGKILL)
        setup.gateway.release()
        killed_at = rows.filter(status="sent").count()
        where = "inside a call to the SMS gateway" if inside_call else "between messages"
        log(f"worker-sigkill: killed one worker {where} with {killed_at} of {len(keys)} sent")
        # The other worker finishes what it claimed and what is still pending.
        quiet_since, last = time.monotonic(), -1
        while time.monotonic() - quiet_since < 3 and time.monotonic() < deadline + 60:
            done = rows.filter(status="sent").count()
            if done != last:
                quiet_since, last = time.monotonic(), done
            time.sleep(0.3)
            close_old_connections()
        left_sending = rows.filter(status="sending").count()
        handed_over = rows.filter(status="sending", send_started_at__isnull=False).count()
        log(f"worker-sigkill: {left_sending} rows left 'sending' by the killed worker; the next sweep takes them over")
        # The sweep after the claim timeout, the timeout shortened: the other worker is idle, so only
        # the dead worker's claims are old.
        app.send_task(
            "notifications.tasks.sweep_outbox",
            kwargs={"stale_after_seconds": 1, "helpers": 0},
            queue=setup.env["CELERY_QUEUE"],
        )
        figures = outbox_figures(keys, setup.mail_dir, setup.gateway, wait=60)
    figures.update(
        {
            "sent when killed": killed_at,
            "killed inside a call to the SMS gateway": int(inside_call),
            "left 'sending' by the dead worker": left_sending,
            "of these already handed to the channel": handed_over,
        }
    )
    return figures


def scenario_worker_sigkill(setup: Setup) -> dict:
    return run_worker_sigkill(setup, emails=1600, texts=400, kill_after=400)


RUNNERS: dict[str, Callable[[Setup], dict]] = {
    "redis-kill": scenario_redis_kill,
    "redis-full": scenario_redis_full,
    "redis-snapshot": scenario_redis_snapshot,
    "postgres-restart": scenario_postgres_restart,
    "worker-sigkill": scenario_worker_sigkill,
}


# --- setting up ----------------------------------------------------------------------------


@contextmanager
def environment(work: Path, *, database_url: str | None = None, redis_url: str | None = None) -> Iterator[Setup]:
    """Private Redis and PostgreSQL (unless ``redis_url``/``database_url`` name others), the SMS gateway, settings."""
    with ExitStack() as stack:
        postgres = None
        if database_url is None:
            (work / "pg").mkdir()
            postgres = PrivatePostgres(work / "pg")
            log(f"starting a throwaway PostgreSQL cluster on port {postgres.port}")
            postgres.create()
            stack.callback(postgres.destroy)
            database_url = postgres.url
        redis = None
        if redis_url is None:
            (work / "redis").mkdir()
            redis = RedisServer(work / "redis")
            redis.start()
            stack.callback(redis.kill)
            redis_url = redis.url
        gateway = FakeSmsGateway()
        stack.callback(gateway.close)
        os.environ.update(
            BENCH_DATABASE_URL=database_url,
            BENCH_REDIS_URL=redis_url,
            BENCH_CELERY_QUEUE=os.environ.get("BENCH_CELERY_QUEUE", QUEUE),
            VAR_DIR=str(work / "var"),
        )
        env = bench_environment(port=WEB_PORT)
        env.update(
            SMS_GATEWAY_URL=gateway.url,
            SMS_GATEWAY_TOKEN="fault-token",  # noqa: S106 - the fake gateway's
            RATE_LIMIT_BOOKINGS="5/h/user,1000000/h/ip",
            NOTIFICATIONS_CLAIM_TIMEOUT="120",  # the shortest the settings allow (default 300)
            LOG_LEVEL="WARNING",
        )
        log_dir = work / "logs"
        log_dir.mkdir()
        yield Setup(
            env=env,
            own_redis=redis,
            postgres=postgres,
            gateway=gateway,
            base=f"http://127.0.0.1:{WEB_PORT}",
            log_dir=log_dir,
        )


def migrate(env: dict[str, str]) -> None:
    log("migrating the private database")
    subprocess.run([sys.executable, "manage.py", "migrate", "--no-input", "-v", "0"], cwd=ROOT, env=env, check=True)


def report(results: dict[str, dict]) -> str:
    lines = []
    for name, figures in results.items():
        lines.append(f"== {name}")
        for key, value in figures.items():
            lines.append(f"   {key}: {value}")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", default=",".join(SCENARIOS), help="comma-separated scenarios")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    arguments = parser.parse_args()
    chosen = [name.strip() for name in arguments.only.split(",") if name.strip()]
    unknown = set(chosen) - set(SCENARIOS)
    if unknown:
        parser.error(f"unknown scenarios: {', '.join(sorted(unknown))}")
    work = Path(tempfile.mkdtemp(prefix="mw-faults-"))
    os.chmod(work, 0o755)  # noqa: S103 - user postgres must reach its cluster inside
    results: dict[str, dict] = {}
    try:
        with environment(work) as setup:
            migrate(setup.env)
            setup_django(setup.env)
            with ExitStack() as stack:
                stack.enter_context(gunicorn(setup.env, port=WEB_PORT, workers=Workers(2, "gthread", threads=4)))
                supervisor = Supervisor(setup.env, 2, setup.log_dir)
                stack.callback(supervisor.close)
                supervisor.start()
                wait_for_workers(2)
                beat = Beat(setup.env["CELERY_QUEUE"])
                beat.start()
                stack.callback(beat.halt.set)
                for name in chosen:
                    if name == "worker-sigkill":
                        continue
                    log(f"scenario {name}")
                    restarts = supervisor.restarts
                    results[name] = RUNNERS[name](setup)
                    results[name]["worker restarts by the supervisor"] = supervisor.restarts - restarts
                    log(report({name: results[name]}))
            if "worker-sigkill" in chosen:
                log("scenario worker-sigkill")
                results["worker-sigkill"] = scenario_worker_sigkill(setup)
                log(report({"worker-sigkill": results["worker-sigkill"]}))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(report(results), flush=True)
    if arguments.json:
        arguments.json.write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
