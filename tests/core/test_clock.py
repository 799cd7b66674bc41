"""Times of day printed without strftime read the same as with it (core.clock)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from core.clock import clock, span

BERLIN = ZoneInfo("Europe/Berlin")


@pytest.mark.parametrize(
    "moment",
    [
        dt.datetime(2026, 3, 29, 1, 59, tzinfo=BERLIN),  # just before summer time begins
        dt.datetime(2026, 3, 29, 3, 0, tzinfo=BERLIN),
        dt.datetime(2026, 10, 25, 2, 30, tzinfo=BERLIN),  # the hour that happens twice
        dt.datetime(2026, 12, 1, 9, 5, tzinfo=dt.UTC).astimezone(BERLIN),
        dt.time(0, 0),
        dt.time(23, 59),
    ],
)
def test_a_time_of_day_reads_as_strftime_writes_it(moment: dt.datetime | dt.time) -> None:
    assert clock(moment) == f"{moment:%H:%M}"


def test_a_span_joins_two_times_with_a_dash() -> None:
    assert span(dt.time(9, 30), dt.time(10, 0)) == "09:30–10:00"
