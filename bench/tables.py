"""The run's figures as Markdown tables, from the plain dictionaries of the results file.

The runner prints them as it goes; ``bench.report`` prints the same tables from a saved run.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from bench.targets import Verdict

Column = tuple[str, bool, Callable[[dict[str, Any]], str]]  # heading, right-aligned, cell


def percent(value: float | None) -> str:
    return "" if value is None else f"{100 * value:.1f} %"


def number(value: float | None, digits: int = 1) -> str:
    return "" if value is None else f"{value:,.{digits}f}"


def markdown(rows: list[dict[str, Any]], columns: list[Column]) -> str:
    lines = [
        "| " + " | ".join(heading for heading, _right, _cell in columns) + " |",
        "| " + " | ".join("---:" if right else "---" for _heading, right, _cell in columns) + " |",
    ]
    lines += ["| " + " | ".join(cell(row) for _h, _r, cell in columns) + " |" for row in rows]
    return "\n".join(lines)


def _notes(row: dict[str, Any]) -> str:
    return "; ".join([*row.get("failed_checks", []), *row.get("notes", [])])


LOAD: list[Column] = [
    ("requests/s", True, lambda r: number(r["rps"], 0)),
    ("p50 ms", True, lambda r: number(r["p50_ms"])),
    ("p99 ms", True, lambda r: number(r["p99_ms"])),
    ("errors", True, lambda r: str(r["errors"])),
    ("ratio to ceiling", True, lambda r: percent(r.get("ratio"))),
    ("CPU ms/request", True, lambda r: number(r.get("cpu_ms"), 2)),
    ("CPU share", True, lambda r: percent(r.get("cpu_ratio"))),
]


def ceiling_table(rows: list[dict[str, Any]]) -> str:
    return markdown(rows, [("ceiling (bare Django app)", False, lambda r: r["name"]), *LOAD])


def served_table(rows: list[dict[str, Any]]) -> str:
    return markdown(rows, [("endpoint (caches on)", False, lambda r: r["name"]), *LOAD, ("notes", False, _notes)])


def rendered_table(rows: list[dict[str, Any]]) -> str:
    columns: list[Column] = [
        ("page (rendered, every cache off)", False, lambda r: r["name"]),
        ("CPU ms/request", True, lambda r: number(r.get("cpu_ms"), 2)),
        ("CPU share of ceiling", True, lambda r: percent(r.get("cpu_ratio"))),
        ("requests/s", True, lambda r: number(r["rps"], 0)),
        ("ratio to ceiling", True, lambda r: percent(r.get("ratio"))),
        ("p50 ms", True, lambda r: number(r["p50_ms"])),
        ("p99 ms", True, lambda r: number(r["p99_ms"])),
        ("errors", True, lambda r: str(r["errors"])),
    ]
    return markdown(rows, columns)


def conditional_table(rows: list[dict[str, Any]]) -> str:
    columns: list[Column] = [
        ("page (anonymous, conditional GET)", False, lambda r: r["name"]),
        ("validators sent", False, lambda r: r["extra"].get("validators") or "none"),
        ("304 share", True, lambda r: percent(r["extra"].get("share_304"))),
        ("304/s", True, lambda r: number(r["extra"].get("rate_304"), 0)),
        *LOAD,
    ]
    return markdown(rows, columns)


def mixed_table(rows: list[dict[str, Any]]) -> str:
    columns: list[Column] = [
        ("mixed load", False, lambda r: r["name"]),
        *LOAD,
        ("writes sent", True, lambda r: str(r["extra"].get("writes_sent", ""))),
        ("answered as done", True, lambda r: str(r["extra"].get("writes_done", ""))),
        ("stored", True, lambda r: str(r["extra"].get("writes_stored", ""))),
        ("writes that succeeded", True, lambda r: percent(r["extra"].get("share_stored"))),
    ]
    return markdown(rows, columns)


def stages_table(stages: list[dict[str, Any]]) -> str:
    columns: list[Column] = [
        ("stage", False, lambda s: s["name"]),
        ("from (UTC)", False, lambda s: s["started_at"]),
        ("to (UTC)", False, lambda s: s["ended_at"]),
        ("load average at start", False, lambda s: s["load_at_start"]),
        ("load average at end", False, lambda s: s["load_at_end"]),
    ]
    return markdown(stages, columns)


def targets_table(verdicts: list[Verdict]) -> str:
    rows = [{"target": v.target, "measured": v.measured, "verdict": v.word} for v in verdicts]
    columns: list[Column] = [
        ("target", False, lambda r: r["target"]),
        ("measured", False, lambda r: r["measured"]),
        ("verdict", False, lambda r: r["verdict"]),
    ]
    return markdown(rows, columns)


def reminders_table(result: dict[str, Any]) -> str:
    columns: list[Column] = [
        ("reminders", True, lambda r: f"{r['count']:,}"),
        ("workers", True, lambda r: str(r["workers"])),
        ("scheduled in", True, lambda r: f"{r['schedule_seconds']:.1f} s"),
        ("last sent after", True, lambda r: f"{r['send_seconds']:.1f} s"),
        ("sent within 60 s", True, lambda r: f"{r['sent_within_minute']:,}"),
        (
            "CPU per reminder",
            True,
            lambda r: "" if r["cpu_ms_per_reminder"] is None else f"{r['cpu_ms_per_reminder']} ms",
        ),
        ("e-mails written", True, lambda r: f"{r['delivered_files']:,}"),
        ("sent twice", True, lambda r: str(r["duplicates"])),
        ("lost", True, lambda r: str(r["lost"])),
        ("not sent yet", True, lambda r: str(r["unsent"])),
    ]
    return markdown([result], columns)


def scaleout_table(summary: dict[str, Any]) -> str:
    columns: list[Column] = [
        ("booking POSTs/s", True, lambda s: number(s["post_rps"])),
        ("p50 ms", True, lambda s: number(s["p50_ms"])),
        ("p99 ms", True, lambda s: number(s["p99_ms"])),
        ("answered / stored", True, lambda s: f"{s['answered_booked']} / {s['stored_bookings']}"),
        (
            "confirmations missing / doubled / unsent",
            True,
            lambda s: (
                f"{s['bookings_without_confirmation']} / {s['bookings_with_several_confirmations']} "
                f"/ {s['confirmations_not_sent']}"
            ),
        ),
        ("e-mails missing / doubled", True, lambda s: f"{s['emails_missing']} / {s['emails_duplicated']}"),
        ("checks", False, lambda s: "ok" if s["ok"] else "; ".join(s["failed_checks"]) or "MISS"),
    ]
    return markdown([summary], columns)


def report(results: dict[str, Any], verdicts: list[Verdict]) -> str:
    """Every table of a run, in the order of BENCHMARKS.md."""
    rows: list[dict[str, Any]] = results.get("http") or []
    parts = []
    machine = results.get("machine") or {}
    if machine:
        parts.append(
            "Machine: " + ", ".join(f"{key} {value}" for key, value in machine.items() if key != "load_average")
        )
    parts.append(
        f"Load average (1, 5, 15 min) at the start {results.get('load_average_at_start', '')}, "
        f"at the end {results.get('load_average_at_end', '')}"
    )
    if results.get("stages"):
        parts.append(stages_table(results["stages"]))
    sections: list[tuple[tuple[str, ...], Callable[[list[dict[str, Any]]], str]]] = [
        (("ceiling",), ceiling_table),
        (("rendered",), rendered_table),
        (("participation", "helpdesk"), served_table),
        (("mixed",), mixed_table),
        (("conditional",), conditional_table),
    ]
    ceiling = [r for r in rows if r["stage"] == "ceiling"]
    if len(ceiling) > 1:
        low, high = min(r["rps"] for r in ceiling), max(r["rps"] for r in ceiling)
        parts.append(
            f"The ceiling moved by {100 * (high - low) / high:.0f} % between the start and the end of the run "
            "(other load on the machine); the ratios use the mean of its measurements."
        )
    for stages, table in sections:
        chosen = [r for r in rows if r["stage"] in stages]
        if chosen:
            parts.append(table(chosen))
    for row in rows:
        if row["stage"] in ("mixed", "conditional") and _notes(row):
            parts.append(f"{row['name']}: {_notes(row)}")
    if results.get("reminders"):
        parts.append(reminders_table(results["reminders"]))
    if results.get("scaleout"):
        parts.append(scaleout_table(results["scaleout"]))
    parts.append(targets_table(verdicts))
    return "\n\n".join(parts)
