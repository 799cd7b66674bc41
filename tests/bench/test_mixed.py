"""The database check of the mixed load's writes."""

from __future__ import annotations

from bench.mixed import in_flight_slack


def test_writes_stored_as_answered_are_fine() -> None:
    assert in_flight_slack(stored=40, done=40, connections=16) is None


def test_up_to_one_write_per_connection_may_be_stored_without_its_answer() -> None:
    assert in_flight_slack(stored=56, done=40, connections=16) is None
    assert in_flight_slack(stored=57, done=40, connections=16) is not None


def test_a_write_answered_as_done_but_missing_in_the_database_is_reported() -> None:
    assert in_flight_slack(stored=39, done=40, connections=16) == "1 writes answered as done but not stored"
