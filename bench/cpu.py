"""CPU time of the server side, read from /proc: some root processes, their children, and the database backends.

Throughput on a shared machine depends on what else runs; the CPU time a request costs
hardly does, so it gives a second, steadier view of each page's cost.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

PROC = Path("/proc")


def parse_stat(text: str) -> tuple[int, int]:
    """The parent pid and the CPU ticks (user + system) from the text of ``/proc/<pid>/stat``.

    The command name in parentheses may itself contain spaces and parentheses, so the
    fields are counted from the last ``)``.
    """
    fields = text.rsplit(")", 1)[1].split()
    return int(fields[1]), int(fields[11]) + int(fields[12])


def _stat(pid: int, proc: Path) -> tuple[int, int] | None:
    try:
        return parse_stat((proc / str(pid) / "stat").read_text())
    except (OSError, IndexError, ValueError):
        return None  # the process ended meanwhile


def children(roots: Iterable[int], proc: Path = PROC) -> set[int]:
    """The roots and their direct children (gunicorn's workers, Celery's pool processes)."""
    roots = set(roots)
    found = set(roots)
    for entry in proc.iterdir():
        if entry.name.isdigit():
            stat = _stat(int(entry.name), proc)
            if stat is not None and stat[0] in roots:
                found.add(int(entry.name))
    return found


def ticks(pids: Iterable[int], proc: Path = PROC) -> dict[int, int]:
    result = {}
    for pid in pids:
        stat = _stat(pid, proc)
        if stat is not None:
            result[pid] = stat[1]
    return result


def seconds_between(before: dict[int, int], after: dict[int, int], *, tick: int) -> float:
    """CPU seconds spent between two snapshots; a process born in between counts from zero."""
    return sum(after[pid] - before.get(pid, 0) for pid in after) / tick


class CpuMeter:
    """Server-side CPU: the given root processes with their children plus the backends of one database."""

    def __init__(self, roots: Iterable[int], database_url: str, *, ignore: Iterable[int] = ()) -> None:
        import psycopg

        from bench.env import database_name

        self.roots = set(roots)
        self.ignore = set(ignore)  # e.g. the runner's own database connection, which only counts rows
        self.database = database_name(database_url)
        self.connection = psycopg.connect(database_url, autocommit=True)
        self.tick = os.sysconf("SC_CLK_TCK")

    def pids(self) -> set[int]:
        rows = self.connection.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()", [self.database]
        ).fetchall()
        return children(self.roots) | ({int(row[0]) for row in rows} - self.ignore)

    def snapshot(self) -> dict[int, int]:
        return ticks(self.pids())

    def seconds(self, before: dict[int, int], after: dict[int, int]) -> float:
        return seconds_between(before, after, tick=self.tick)

    def close(self) -> None:
        self.connection.close()
