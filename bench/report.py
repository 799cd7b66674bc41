"""Markdown tables for BENCHMARKS.md from a saved run: ``python -m bench.report var/bench/results-<time>.json``."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any


def _percent(value: float | None) -> str:
    return "" if value is None else f"{100 * value:.1f} %"


def http_table(rows: list[dict[str, Any]]) -> str:
    lines = [
        "| endpoint | requests/s | p50 ms | p99 ms | errors | ratio to ceiling | CPU ms/request | CPU ratio | target |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for row in rows:
        if row["kind"] == "ceiling":
            verdict = "ceiling"
        elif row["kind"] == "write":
            verdict = "ok" if row["rps"] >= 100 and not row["errors"] and not row["failed_checks"] else "miss"
        else:
            ok = (row["ratio"] or 0) >= 0.15 and row["p99_ms"] < 100 and not row["errors"]
            verdict = "ok" if ok else "miss"
        cpu = "" if row.get("cpu_ms") is None else f"{row['cpu_ms']:.1f}"
        lines.append(
            f"| {row['name']} | {row['rps']:.0f} | {row['p50_ms']:.1f} | {row['p99_ms']:.1f} | {row['errors']} "
            f"| {_percent(row['ratio'])} | {cpu} | {_percent(row.get('cpu_ratio'))} | {verdict} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    args = argv if argv is not None else sys.argv[1:]
    if len(args) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    data = json.loads(Path(args[0]).read_text())
    if data.get("machine"):
        print("Machine: " + ", ".join(f"{key} {value}" for key, value in data["machine"].items()))
        print(f"Load average at the end: {data.get('load_average_at_end', '')}\n")
    if data.get("http"):
        print(http_table(data["http"]))
        for row in data["http"]:
            if row["notes"] or row["failed_checks"]:
                print(f"\n{row['name']}: {'; '.join(row['failed_checks'] + row['notes'])}")
    if data.get("reminders"):
        print(f"\nReminders: {json.dumps(data['reminders'])}")
    if data.get("scaleout"):
        print(f"\nScale-out: {json.dumps(data['scaleout'])}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
