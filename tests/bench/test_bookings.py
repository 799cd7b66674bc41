"""Booking loads from several wrk processes at once (the scale-out stage)."""

from __future__ import annotations

from bench.bookings import combine


def test_two_wrk_processes_at_once_add_up_and_keep_the_worse_latency() -> None:
    first = {
        "requests": 100,
        "duration_us": 5_000_000,
        "p50_us": 9_000,
        "p90_us": 1,
        "p99_us": 20_000,
        "max_us": 1,
        "bytes": 10,
        "status_errors": 1,
        "counts": {"booked": 3, "refused": 90},
    }
    second = {**first, "requests": 50, "duration_us": 5_100_000, "p99_us": 30_000, "counts": {"booked": 2, "other": 1}}

    data = combine([first, second])

    assert (data["requests"], data["status_errors"], data["duration_us"], data["p99_us"]) == (150, 2, 5_100_000, 30_000)
    assert data["counts"] == {"booked": 5, "refused": 90, "other": 1}
