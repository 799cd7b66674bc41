"""A real redis-server of the test's own, to kill, pause, fill and restore from a snapshot.

The shared Redis of the machine is never touched: each server listens on a free port of
its own range, keeps its data in a temporary directory and is killed when the test ends.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import redis

PORTS = range(16400, 16421)
REDIS_SERVER = shutil.which("redis-server") or "/usr/bin/redis-server"


def _free_port() -> int:
    for port in PORTS:
        with socket.socket() as probe:
            # As redis-server does: a port whose last connections still linger in TIME_WAIT is free.
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError(f"no free port in {PORTS}")


class RedisServer:
    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.port = _free_port()
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def client(self) -> redis.Redis:
        return redis.Redis(host="127.0.0.1", port=self.port, socket_timeout=5)

    def start(self, *settings: str) -> None:
        """Start (again) on the same port and directory, loading ``dump.rdb`` if there is one."""
        arguments = [REDIS_SERVER, "--port", str(self.port), "--bind", "127.0.0.1", "--dir", str(self.directory)]
        arguments += ["--save", "", "--appendonly", "no", "--dbfilename", "dump.rdb", *settings]
        log = (self.directory / "redis.log").open("ab")
        self.process = subprocess.Popen(arguments, stdout=log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 20
        while True:
            try:
                if self.client().ping():
                    return
            except redis.exceptions.RedisError:
                if time.monotonic() > deadline or self.process.poll() is not None:
                    raise RuntimeError((self.directory / "redis.log").read_text()) from None
                time.sleep(0.05)

    def kill(self) -> None:
        """SIGKILL, as a crash or an out-of-memory kill would end it: nothing is saved."""
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGCONT)
            self.process.kill()
            self.process.wait(timeout=10)
        self.process = None

    def pause(self) -> None:
        """SIGSTOP: the port still accepts connections, but nothing answers (a hung Redis)."""
        assert self.process is not None
        self.process.send_signal(signal.SIGSTOP)

    def resume(self) -> None:
        assert self.process is not None
        self.process.send_signal(signal.SIGCONT)

    def snapshot(self) -> bytes:
        """What an RDB backup taken now holds."""
        self.client().save()
        return (self.directory / "dump.rdb").read_bytes()

    def restore(self, snapshot: bytes) -> None:
        """Kill the server and start it again from ``snapshot``, as an operator restoring a backup would."""
        self.kill()
        (self.directory / "dump.rdb").write_bytes(snapshot)
        self.start()

    def fill(self) -> None:
        """Leave Redis full: 2 MB of data over a ``maxmemory`` of 1 MB with ``noeviction``, so that
        every write is refused with "OOM command not allowed" (reads still work)."""
        client = self.client()
        junk = os.urandom(64 * 1024)
        for n in range(32):
            client.set(f"junk:{n}", junk)
        client.config_set("maxmemory-policy", "noeviction")
        client.config_set("maxmemory", "1mb")
        try:
            client.set("one-more", 1)
        except redis.exceptions.OutOfMemoryError:
            return
        raise AssertionError("Redis still accepts writes")


@contextmanager
def own_redis(directory: Path) -> Iterator[RedisServer]:
    server = RedisServer(directory)
    server.start()
    try:
        yield server
    finally:
        server.kill()


def caches_for(server: RedisServer) -> dict[str, Any]:
    """The site's cache setting pointed at ``server`` (as settings.py builds it for REDIS_URL)."""
    return {
        "default": {
            "BACKEND": "core.cache.RedisCache",
            "LOCATION": server.url,
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 2},
        }
    }
