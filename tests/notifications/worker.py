"""Start real Celery worker processes against the test database and count what they sent."""

from __future__ import annotations

import os
import signal
import subprocess
import time
import uuid
from collections import Counter
from collections.abc import Callable
from email import message_from_bytes
from pathlib import Path
from typing import Any
from urllib.parse import quote

from django.conf import settings
from django.db import connection

ROOT = Path(settings.BASE_DIR)
LOCAL_REDIS = "redis://127.0.0.1:6379/3"
TIMEOUT = 30.0


def var_dir() -> Path:
    return Path(settings.VAR_DIR).resolve()


def database_url() -> str:
    """The URL of the *test* database, so the worker sees what the test committed."""
    config = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{Path(config['NAME']).resolve()}"
    password = f":{quote(config['PASSWORD'], safe='')}" if config.get("PASSWORD") else ""
    host = config.get("HOST") or "127.0.0.1"
    port = config.get("PORT") or 5432
    return f"postgres://{quote(config['USER'] or '', safe='')}{password}@{host}:{port}/{config['NAME']}"


def redis_url() -> str:
    return settings.REDIS_URL or LOCAL_REDIS


def worker_env(*, broker_url: str | None = None) -> dict[str, str]:
    env = dict(os.environ)
    env.pop("EMAIL_HOST", None)  # e-mail goes to VAR_DIR/mail, where the test counts it
    env.update(
        DATABASE_URL=database_url(),
        VAR_DIR=str(var_dir()),
        CELERY_QUEUE=settings.CELERY_TASK_DEFAULT_QUEUE,
        SECRET_KEY=settings.SECRET_KEY,
        SECURE_SSL="false",
        PYTHONUNBUFFERED="1",
    )
    if settings.REDIS_URL:
        env["REDIS_URL"] = settings.REDIS_URL
    if broker_url:
        env["CELERY_BROKER_URL"] = broker_url
    return env


class Worker:
    """``celery worker`` in its own process group, so SIGKILL takes the pool children with it."""

    def __init__(self, *, log_dir: Path, broker_url: str | None = None) -> None:
        self.log_path = log_dir / f"worker-{uuid.uuid4().hex[:6]}.log"
        self._log = self.log_path.open("wb")
        command = [
            str(ROOT / ".venv" / "bin" / "celery"),
            "-A",
            "celery_app",
            "worker",
            "--pool=prefork",
            "-c",
            "2",
            "-Q",
            settings.CELERY_TASK_DEFAULT_QUEUE,
            "--without-heartbeat",
            "--without-gossip",
            "--without-mingle",
            "-I",
            "tests.notifications.kinds",
            "-n",
            f"notif-{uuid.uuid4().hex[:6]}@%h",
            "--loglevel=INFO",
        ]
        self.process = subprocess.Popen(
            command,
            cwd=ROOT,
            env=worker_env(broker_url=broker_url),
            stdout=self._log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def kill(self) -> None:
        """What a crash looks like: no warm shutdown, no acknowledgements, no clean-up."""
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self) -> None:
        # Tests are over with it; a warm shutdown would only wait for the broker's polling.
        self.kill()
        self._log.close()

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")[-4000:]


def publish(task: str, *, broker_url: str | None = None, args: list[Any] | None = None, **kwargs: Any) -> None:
    """Send a task the way beat or the web process would."""
    from celery_app import app

    if broker_url is None:
        app.send_task(task, args=args, kwargs=kwargs)
        return
    with app.connection_for_write(broker_url) as conn:
        app.send_task(task, args=args, kwargs=kwargs, connection=conn)


def sent_emails(prefix: str, *, since: float) -> Counter[str]:
    """How many .eml files the workers wrote per outbox key (keys starting with ``prefix``)."""
    counts: Counter[str] = Counter()
    directory = var_dir() / "mail"
    if not directory.exists():
        return counts
    for path in directory.glob("*.eml"):
        try:
            if path.stat().st_mtime < since - 1:
                continue
            key = message_from_bytes(path.read_bytes())["X-Outbox-Key"]
        except OSError:
            continue
        if key and str(key).startswith(prefix):
            counts[str(key)] += 1
    return counts


def wait_until(condition: Callable[[], bool], *, timeout: float = TIMEOUT, every: float = 0.1, what: str = "") -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(every)
    raise AssertionError(f"timed out after {timeout} s waiting for {what or condition}")
