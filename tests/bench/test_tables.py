"""The printed report of a run."""

from __future__ import annotations

from typing import Any

from bench.tables import markdown, report
from bench.targets import evaluate


def result(stage: str, key: str, name: str, rps: float, cpu_ms: float, **extra: Any) -> dict[str, Any]:
    return {
        "stage": stage,
        "key": key,
        "name": name,
        "rps": rps,
        "cpu_ms": cpu_ms,
        "p50_ms": 3.0,
        "p99_ms": 12.0,
        "errors": 0,
        "ratio": None,
        "cpu_ratio": None,
        "failed_checks": [],
        "notes": [],
        "extra": extra,
    }


def test_a_markdown_table_right_aligns_its_numbers() -> None:
    table = markdown([{"a": "x", "b": 1}], [("name", False, lambda r: r["a"]), ("count", True, lambda r: str(r["b"]))])

    assert table.splitlines() == ["| name | count |", "| --- | ---: |", "| x | 1 |"]


def test_the_report_shows_the_load_average_of_every_stage_and_the_verdicts() -> None:
    results = {
        "load_average_at_start": "0.50 0.40 0.30",
        "load_average_at_end": "2.00 1.00 0.50",
        "stages": [
            {
                "name": "rendered",
                "started_at": "12:00",
                "ended_at": "12:01",
                "load_at_start": "0.50 0.40 0.30",
                "load_at_end": "1.90 0.90 0.45",
            },
        ],
        "http": [
            result("ceiling", "ceiling", "bare Django app, start of the run", 5000.0, 0.3),
            result("ceiling", "ceiling", "bare Django app, end of the run", 4000.0, 0.3),
            result("rendered", "idea-list", "idea list (anonymous)", 100.0, 20.0),
            result("conditional", "idea-list", "idea list (anonymous), conditional", 900.0, 1.0, share_304=0.0),
        ],
    }

    text = report(results, evaluate(results))

    assert "| rendered | 12:00 | 12:01 | 0.50 0.40 0.30 | 1.90 0.90 0.45 |" in text
    assert "The ceiling moved by 20 %" in text
    assert "| idea list (anonymous), conditional | none | 0.0 % |" in text
    assert "| rendered, idea list (anonymous): CPU share of the ceiling ≥ 7 % |" in text
