"""The ratio arithmetic and the verdicts on the issue's targets."""

from __future__ import annotations

from typing import Any

import pytest

from bench.targets import apply_ceiling, cpu_share, evaluate, mean, ratio


def row(stage: str, key: str, **values: Any) -> dict[str, Any]:
    return {"stage": stage, "key": key, "name": key, "errors": 0, "failed_checks": [], **values}


def verdict_for(results: dict[str, Any], start: str) -> Any:
    return next(v for v in evaluate(results) if v.target.startswith(start))


def test_throughput_ratio_is_the_pages_requests_per_second_over_the_ceilings() -> None:
    assert ratio(150.0, 1000.0) == pytest.approx(0.15)
    assert ratio(150.0, None) is None


def test_cpu_share_is_the_ceilings_cpu_per_request_over_the_pages() -> None:
    # A page that costs 20 times the ceiling's CPU reaches 5 %.
    assert cpu_share(8.0, 0.4) == pytest.approx(0.05)
    assert cpu_share(None, 0.4) is None


def test_the_ceiling_is_the_mean_of_its_measurements_and_every_row_gets_both_ratios() -> None:
    rows = [row("rendered", "idea-list", rps=100.0, cpu_ms=10.0)]

    apply_ceiling(rows, rps=mean([4000.0, 6000.0]), cpu_ms=mean([0.4, None]))

    assert rows[0]["ratio"] == pytest.approx(0.02)
    assert rows[0]["cpu_ratio"] == pytest.approx(0.04)


def test_the_mixed_load_meets_its_target_at_fifteen_percent_of_the_ceiling() -> None:
    at = {"http": [row("mixed", "mixed", rps=150.0, ratio=0.15)]}
    below = {"http": [row("mixed", "mixed", rps=149.0, ratio=0.149)]}

    assert verdict_for(at, "mixed load").ok is True
    assert verdict_for(below, "mixed load").ok is False


def test_a_rendered_page_below_its_cpu_share_is_a_miss_and_a_page_not_measured_is_no_verdict() -> None:
    results = {"http": [row("rendered", "idea-page", rps=50.0, cpu_ms=20.0, cpu_ratio=0.02)]}

    assert verdict_for(results, "rendered, idea page").ok is False
    assert verdict_for(results, "rendered, free slots").ok is None
    # The same page measured with the caches on does not count for the rendered target.
    cached = {"http": [row("participation", "idea-page", rps=900.0, cpu_ms=1.0, cpu_ratio=0.4)]}
    assert verdict_for(cached, "rendered, idea page").ok is None


def test_the_map_data_may_cost_at_most_ten_times_the_idea_list() -> None:
    def results(map_ms: float) -> dict[str, Any]:
        return {
            "http": [
                row("rendered", "idea-list", rps=100.0, cpu_ms=20.0),
                row("rendered", "map-data", rps=10.0, cpu_ms=map_ms),
            ]
        }

    assert verdict_for(results(200.0), "rendered map data").ok is True
    assert verdict_for(results(260.0), "rendered map data").ok is False


def test_bookings_miss_their_target_when_a_slot_is_over_capacity_however_fast() -> None:
    booking = row("helpdesk", "bookings", rps=300.0, failed_checks=["1 slots over capacity"])

    verdicts = [v for v in evaluate({"http": [booking]}) if v.target.startswith("booking POSTs")]

    assert [v.ok for v in verdicts] == [False]


def test_reminders_meet_their_target_only_when_all_were_sent_once_within_the_minute() -> None:
    sent = {"count": 10_000, "sent_within_minute": 10_000, "send_seconds": 31.0, "duplicates": 0, "lost": 0}

    assert verdict_for({"reminders": sent}, "10,000 reminders").ok is True
    assert verdict_for({"reminders": {**sent, "sent_within_minute": 9_999}}, "10,000 reminders").ok is False
    assert verdict_for({"reminders": {**sent, "duplicates": 1}}, "10,000 reminders").ok is False
