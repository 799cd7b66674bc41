"""gunicorn servers for the run: the site (caches on or off) and the bare ceiling app."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from bench.env import ROOT, fail, log

SITE_APP = "config.wsgi:application"
CEILING_APP = "bench.ceiling:application"
# A cheap page of each app: the readiness check, and the probe that tells a drained server.
SITE_PROBE = "/bench/empty"
CEILING_PROBE = "/"


@dataclass(frozen=True)
class Server:
    base: str  # http://127.0.0.1:<port>
    pid: int  # gunicorn's master process
    probe: str


@dataclass(frozen=True)
class Workers:
    count: int
    worker_class: str = "sync"
    threads: int = 1


@contextmanager
def gunicorn(
    env: dict[str, str], *, port: int, workers: Workers, app: str = SITE_APP, extra_env: dict[str, str] | None = None
) -> Iterator[Server]:
    base = f"http://127.0.0.1:{port}"
    probe = CEILING_PROBE if app == CEILING_APP else SITE_PROBE
    log_path = Path(env["VAR_DIR"]) / "gunicorn.log"
    command = [
        str(Path(sys.executable).parent / "gunicorn"),
        app,
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(workers.count),
        "--worker-class",
        workers.worker_class,
        "--threads",
        str(workers.threads),
        "--timeout",
        "120",
        "--backlog",
        "2048",
        "--log-level",
        "warning",
        "--error-logfile",
        str(log_path),
    ]
    switches = " ".join(f"{k}={v}" for k, v in (extra_env or {}).items())
    log(f"starting gunicorn {app}: {workers.count} {workers.worker_class} worker(s) on {base} {switches}".rstrip())
    with log_path.open("a") as log_file:
        process = subprocess.Popen(  # noqa: S603 - our own fixed command
            command,
            cwd=ROOT,
            env={**env, **(extra_env or {})},
            stdout=log_file,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        deadline = time.monotonic() + 60
        while not _answers(base + probe):
            if process.poll() is not None:
                fail(f"gunicorn exited with {process.returncode}; see {log_path}")
            if time.monotonic() > deadline:
                fail(f"gunicorn did not answer {probe} within 60 s; see {log_path}")
            time.sleep(0.3)
        yield Server(base=base, pid=process.pid, probe=probe)
    finally:
        stop([process])


def stop(processes: list[subprocess.Popen[bytes]]) -> None:
    """Stop processes started in their own session, with everything they started (gunicorn or Celery workers)."""
    for process in processes:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
    for process in processes:
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 - loopback only
            return bool(response.status == 200)
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return False


def drain(server: Server) -> None:
    """Wait until the server has worked off requests wrk left queued, so they do not slow the next page."""
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        started = time.monotonic()
        try:
            with urllib.request.urlopen(server.base + server.probe, timeout=60):  # noqa: S310 - loopback only
                pass
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            continue
        if time.monotonic() - started < 0.05:
            return
        time.sleep(0.2)
