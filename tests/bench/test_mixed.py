"""The database check of the mixed load's writes."""

from __future__ import annotations

from bench.load import Result
from bench.mixed import in_flight_slack, record_writes


def mixed_result(counts: dict[str, int]) -> Result:
    """What a mixed load measured, with what its Lua script counted."""
    result = Result(
        "mixed", "/", "mixed", "mixed", requests=1000, seconds=10.0, rps=100.0, p50_ms=1.0, p99_ms=2.0, errors=0
    )
    result.counts = counts
    return result


def test_writes_stored_as_answered_are_fine() -> None:
    assert in_flight_slack(stored=40, done=40, connections=16) is None


def test_up_to_one_write_per_connection_may_be_stored_without_its_answer() -> None:
    assert in_flight_slack(stored=56, done=40, connections=16) is None
    assert in_flight_slack(stored=57, done=40, connections=16) is not None


def test_a_write_answered_as_done_but_missing_in_the_database_is_reported() -> None:
    assert in_flight_slack(stored=39, done=40, connections=16) == "1 writes answered as done but not stored"


def test_the_share_of_writes_that_succeeded_is_what_the_database_holds_of_what_was_sent() -> None:
    result = mixed_result({"support sent": 25, "support done": 24, "comment sent": 25, "comment done": 25, "200": 950})

    record_writes(result, {"support": 24, "comment": 25}, connections=16)

    assert (result.extra["writes_sent"], result.extra["writes_done"], result.extra["writes_stored"]) == (50, 49, 49)
    assert result.extra["share_stored"] == 0.98
    assert result.extra["supports"] == {"sent": 25, "done": 24, "stored": 24}
    assert "other answers: 950 × 200" in result.notes
    assert result.failed_checks == []


def test_a_comment_answered_as_done_but_not_stored_fails_the_check() -> None:
    result = mixed_result({"comment sent": 3, "comment done": 3})

    record_writes(result, {"support": 0, "comment": 2}, connections=16)

    assert result.failed_checks == ["1 writes answered as done but not stored"]
