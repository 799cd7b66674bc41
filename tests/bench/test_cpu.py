"""The /proc reader behind the CPU time per request."""

from __future__ import annotations

from pathlib import Path

from bench.cpu import children, parse_stat, seconds_between, ticks


def stat_line(pid: int, command: str, ppid: int, utime: int, stime: int) -> str:
    # Fields after the command: state, ppid, pgrp, session, tty, tpgid, flags, minflt, cminflt, majflt,
    # cmajflt, utime, stime, ... (proc(5)).
    return f"{pid} ({command}) S {ppid} 1 1 0 -1 4194560 100 0 0 0 {utime} {stime} 0 0 20 0 1 0 100 0 0\n"


def fake_proc(tmp_path: Path, processes: list[tuple[int, str, int, int, int]]) -> Path:
    for pid, command, ppid, utime, stime in processes:
        (tmp_path / str(pid)).mkdir()
        (tmp_path / str(pid) / "stat").write_text(stat_line(pid, command, ppid, utime, stime))
    (tmp_path / "self").mkdir()  # not a process number: ignored
    return tmp_path


def test_parent_and_ticks_are_read_after_a_command_name_with_spaces_and_parentheses() -> None:
    assert parse_stat(stat_line(42, "gunicorn: worker [config.wsgi) (x]", 7, 150, 25)) == (7, 175)


def test_the_workers_of_a_master_are_found_and_unrelated_processes_are_not(tmp_path: Path) -> None:
    proc = fake_proc(
        tmp_path,
        [
            (100, "gunicorn", 1, 5, 1),
            (101, "gunicorn", 100, 50, 3),
            (102, "gunicorn", 100, 60, 4),
            (200, "bash", 1, 9, 9),
        ],
    )

    assert children([100], proc) == {100, 101, 102}
    assert ticks([100, 101, 102, 999], proc) == {100: 6, 101: 53, 102: 64}


def test_cpu_seconds_count_a_process_started_between_the_snapshots_from_zero() -> None:
    before = {1: 100, 2: 50}
    after = {1: 150, 2: 50, 3: 30}

    assert seconds_between(before, after, tick=100) == 0.8
