"""The private services of ``bench.faults``: a throwaway PostgreSQL cluster, a fake SMS gateway,
Celery workers under a supervisor, the runner's beat, and finding the worker inside an SMS call.

Nothing here touches the machine's shared PostgreSQL or Redis.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from bench.env import ROOT, log
from bench.server import stop

PG_BIN = Path("/usr/lib/postgresql")
PG_PORT = 5499


# --- services -----------------------------------------------------------------------


class PrivatePostgres:
    """A throwaway cluster run as user postgres; only this one is ever restarted."""

    def __init__(self, directory: Path, port: int = PG_PORT) -> None:
        versions = sorted(PG_BIN.glob("*/bin/pg_ctl"))
        if not versions:
            raise SystemExit("bench.faults needs PostgreSQL's server binaries (initdb, pg_ctl)")
        self.bin = versions[-1].parent
        self.directory = directory
        self.data = directory / "data"
        self.port = port

    @property
    def url(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/mw_faults"

    def _as_postgres(self, command: str) -> None:
        subprocess.run(["su", "postgres", "-c", command], check=True, capture_output=True)  # noqa: S603, S607

    def _ctl(self, action: str) -> None:
        options = f"-p {self.port} -k {self.directory} -c listen_addresses=127.0.0.1 -c max_connections=200"
        self._as_postgres(
            f"{self.bin}/pg_ctl -D {self.data} -l {self.directory}/postgres.log -w -t 60 -m fast "
            f"-o '{options}' {action}"
        )

    def create(self) -> None:
        shutil.chown(self.directory, "postgres")
        self._as_postgres(f"{self.bin}/initdb -D {self.data} -A trust -U postgres --no-sync >/dev/null")
        self._ctl("start")
        import psycopg

        with psycopg.connect(f"postgres://postgres@127.0.0.1:{self.port}/postgres", autocommit=True) as conn:
            conn.execute("CREATE DATABASE mw_faults")

    def restart(self) -> None:
        self._ctl("restart")

    def destroy(self) -> None:
        if (self.data / "postmaster.pid").exists():
            self._ctl("stop")


class FakeSmsGateway:
    """Records every POST: (Idempotency-Key, to), and answers after ``delay`` seconds, as a real gateway takes time.

    ``hold_next()`` makes it keep the next text it takes without answering, so the runner can
    kill the sender at the worst moment: the gateway has the text, the sender does not know.
    """

    def __init__(self, delay: float = 0.05) -> None:
        self.posts: list[tuple[str, str]] = []
        self.holding = threading.Event()
        self.released = threading.Event()
        self.held_port: int | None = None
        lock = threading.Lock()
        gateway = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))) or b"{}")
                key = self.headers.get("Idempotency-Key", "")
                with lock:
                    gateway.posts.append((key, str(body.get("to", ""))))
                    held = gateway.holding.is_set() and gateway.held_port is None
                    if held:
                        gateway.held_port = self.client_address[1]
                if held:
                    gateway.released.wait(timeout=30)
                time.sleep(delay)
                answer = json.dumps({"id": key}).encode()
                with contextlib.suppress(OSError):  # the sender may have been killed meanwhile
                    self.send_response(200)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(answer)))
                    self.end_headers()
                    self.wfile.write(answer)

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/sms"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def hold_next(self) -> None:
        self.held_port = None
        self.released.clear()
        self.holding.set()

    def release(self) -> None:
        self.holding.clear()
        self.released.set()

    def close(self) -> None:
        self.server.shutdown()


@contextmanager
def celery_worker(env: dict[str, str], name: str, log_dir: Path) -> Iterator[subprocess.Popen[bytes]]:
    """One worker process (prefork, concurrency 1) in its own process group, so it can be killed whole."""
    celery = str(Path(sys.executable).parent / "celery")
    command = [celery, "-A", "celery_app", "worker", "-Q", env["CELERY_QUEUE"], "-n", f"{name}@%h"]
    command += ["--concurrency", "1", "--loglevel", "INFO", "--without-gossip", "--without-mingle"]
    with (log_dir / f"{name}.log").open("ab") as log_file:
        process = subprocess.Popen(  # noqa: S603 - our own fixed command
            command, env=env, stdout=log_file, stderr=subprocess.STDOUT, start_new_session=True, cwd=ROOT
        )
    try:
        yield process
    finally:
        stop([process])


class Supervisor(threading.Thread):
    """Keeps ``count`` workers running, as systemd's ``Restart=always`` would, and counts the restarts.

    A Celery worker exits when Redis refuses a write with "OOM command not allowed" (Celery
    treats it as unrecoverable); in production the process supervisor starts it again.
    """

    def __init__(self, env: dict[str, str], count: int, log_dir: Path) -> None:
        super().__init__(daemon=True)
        self.env, self.log_dir = env, log_dir
        self.processes = [self._start(n) for n in range(count)]
        self.restarts = 0
        self.halt = threading.Event()

    def _start(self, number: int) -> subprocess.Popen[bytes]:
        celery = str(Path(sys.executable).parent / "celery")
        command = [celery, "-A", "celery_app", "worker", "-Q", self.env["CELERY_QUEUE"], "-n", f"faults{number}@%h"]
        command += ["--concurrency", "1", "--loglevel", "INFO", "--without-gossip", "--without-mingle"]
        with (self.log_dir / f"faults{number}.log").open("ab") as log_file:
            return subprocess.Popen(  # noqa: S603 - our own fixed command
                command, env=self.env, stdout=log_file, stderr=subprocess.STDOUT, start_new_session=True, cwd=ROOT
            )

    def run(self) -> None:
        while not self.halt.wait(1.0):
            for number, process in enumerate(self.processes):
                if process.poll() is not None and not self.halt.is_set():
                    log(f"worker {number} exited ({process.returncode}); the supervisor starts it again")
                    self.processes[number] = self._start(number)
                    self.restarts += 1

    def close(self) -> None:
        self.halt.set()
        stop(self.processes)


def wait_for_workers(count: int, timeout: float = 60) -> None:
    from celery_app import app

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if len(app.control.ping(timeout=1.0) or []) >= count:
                return
        except Exception:  # a connection left over from before a Redis fault: the next try gets a new one
            time.sleep(0.5)
    raise RuntimeError(f"fewer than {count} Celery workers answered within {timeout} s")


class Beat(threading.Thread):
    """The runner's beat: a sweep every ``every`` seconds; a broker that cannot be reached is skipped."""

    def __init__(self, queue: str, every: float = 2.0) -> None:
        super().__init__(daemon=True)
        self.queue = queue
        self.every = every
        self.halt = threading.Event()

    def run(self) -> None:
        from celery_app import app

        while not self.halt.wait(self.every):
            # As beat: a broker that cannot be reached now is tried again at the next tick.
            with contextlib.suppress(Exception):
                app.send_task("notifications.tasks.sweep_outbox", queue=self.queue, retry=False)


def worker_inside_sms_call(gateway: FakeSmsGateway, groups: list[int], *, wait: float = 10) -> tuple[int | None, bool]:
    """Hold the next text the gateway takes; the worker (process group) that sent it, if one did within ``wait`` s.

    The caller kills that worker and then calls ``gateway.release()``.
    """
    gateway.hold_next()
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline:
        port = gateway.held_port
        if port is not None:
            group = _group_with_local_port(port, groups)
            return group, group is not None
        time.sleep(0.01)
    return None, False


def _group_with_local_port(port: int, groups: list[int]) -> int | None:
    """Which of the process ``groups`` holds a TCP socket with local port ``port`` (read from /proc)."""
    inodes = set()
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        fields = line.split()
        if int(fields[1].rsplit(":", 1)[1], 16) == port:
            inodes.add(f"socket:[{fields[9]}]")
    for pid_dir in Path("/proc").glob("[0-9]*"):
        try:
            group = int((pid_dir / "stat").read_text().rsplit(")", 1)[1].split()[2])
            if group in groups and any(os.readlink(fd) in inodes for fd in (pid_dir / "fd").iterdir()):
                return group
        except (OSError, ValueError, IndexError):
            continue
    return None
