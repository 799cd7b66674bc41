"""Ratios to the ceiling and the targets of the performance issue, judged from a run's results.

Everything here works on the plain dictionaries of the results file, so ``bench.report``
judges a saved run exactly as the run itself did.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from bench.pages import PAGES

# Rendered with every application cache off: the ceiling's CPU per request as a share of the page's.
RENDERED_CPU_SHARE = {
    "idea-list": 0.07,
    "idea-list-signed-in": 0.07,
    "idea-page": 0.06,
    "free-slots": 0.07,
    "day-plan": 0.06,
}
MAP_DATA_TIMES_IDEA_LIST = 10.0  # rendered map data for a city-wide viewport, CPU per request
MIXED_RPS_SHARE = 0.15  # requests/s of the mixed load as a share of the ceiling's
BOOKINGS_PER_SECOND = 100.0
REMINDER_SECONDS = 60.0


def ratio(value: float | None, ceiling: float | None) -> float | None:
    """Requests/s of a page divided by the ceiling's."""
    if value is None or not ceiling:
        return None
    return value / ceiling


def cpu_share(cpu_ms: float | None, ceiling_cpu_ms: float | None) -> float | None:
    """The ceiling's CPU per request divided by the page's: 5 % means the page costs 20 times as much."""
    if not cpu_ms or ceiling_cpu_ms is None:
        return None
    return ceiling_cpu_ms / cpu_ms


def mean(values: Iterable[float | None]) -> float | None:
    present = [v for v in values if v is not None]
    return sum(present) / len(present) if present else None


def apply_ceiling(rows: Iterable[dict[str, Any]], *, rps: float | None, cpu_ms: float | None) -> None:
    for row in rows:
        row["ratio"] = ratio(row["rps"], rps)
        row["cpu_ratio"] = cpu_share(row.get("cpu_ms"), cpu_ms)


@dataclass(frozen=True)
class Verdict:
    target: str
    measured: str
    ok: bool | None  # None: not measured in this run

    @property
    def word(self) -> str:
        return {True: "ok", False: "MISS", None: "not measured"}[self.ok]


def _percent(value: float | None, digits: int = 1) -> str:
    return "n/a" if value is None else f"{100 * value:.{digits}f} %"


def _page_name(key: str) -> str:
    return next((page.name for page in PAGES if page.key == key), key)


def _row(rows: list[dict[str, Any]], stage: str, key: str) -> dict[str, Any] | None:
    return next((r for r in rows if r.get("stage") == stage and r.get("key") == key), None)


def evaluate(results: dict[str, Any]) -> list[Verdict]:
    rows: list[dict[str, Any]] = results.get("http") or []
    verdicts = []

    mixed = _row(rows, "mixed", "mixed")
    target = f"mixed load (5 % writes) ≥ {_percent(MIXED_RPS_SHARE, 0)} of the ceiling's requests/s"
    if mixed is None or mixed.get("ratio") is None:
        verdicts.append(Verdict(target, "not measured", None))
    else:
        verdicts.append(
            Verdict(
                target, f"{_percent(mixed['ratio'])} ({mixed['rps']:.0f} requests/s)", mixed["ratio"] >= MIXED_RPS_SHARE
            )
        )

    for key, share in RENDERED_CPU_SHARE.items():
        row = _row(rows, "rendered", key)
        target = f"rendered, {_page_name(key)}: CPU share of the ceiling ≥ {_percent(share, 0)}"
        if row is None or row.get("cpu_ratio") is None:
            verdicts.append(Verdict(target, "not measured", None))
        else:
            measured = f"{_percent(row['cpu_ratio'])} ({row['cpu_ms']:.1f} ms CPU per request)"
            verdicts.append(Verdict(target, measured, row["cpu_ratio"] >= share))

    map_data, idea_list = _row(rows, "rendered", "map-data"), _row(rows, "rendered", "idea-list")
    target = f"rendered map data (city-wide viewport) ≤ {MAP_DATA_TIMES_IDEA_LIST:.0f} × the idea list's CPU"
    if map_data is None or idea_list is None or not map_data.get("cpu_ms") or not idea_list.get("cpu_ms"):
        verdicts.append(Verdict(target, "not measured", None))
    else:
        times = map_data["cpu_ms"] / idea_list["cpu_ms"]
        measured = f"{times:.1f} × ({map_data['cpu_ms']:.1f} vs. {idea_list['cpu_ms']:.1f} ms)"
        verdicts.append(Verdict(target, measured, times <= MAP_DATA_TIMES_IDEA_LIST))

    bookings = [r for r in rows if r.get("key") == "bookings" and r.get("stage") == "helpdesk"]
    target = f"booking POSTs ≥ {BOOKINGS_PER_SECOND:.0f}/s with zero slots over capacity"
    if not bookings:
        verdicts.append(Verdict(target, "not measured", None))
    for row in bookings:
        checks = "; ".join(row["failed_checks"]) or "0 over capacity"
        ok = row["rps"] >= BOOKINGS_PER_SECOND and not row["errors"] and not row["failed_checks"]
        verdicts.append(Verdict(f"{target}: {row['name']}", f"{row['rps']:.0f}/s, {checks}", ok))

    reminders = results.get("reminders")
    count = f"{reminders['count']:,}" if reminders else "10,000"
    target = f"{count} reminders sent within {REMINDER_SECONDS:.0f} s, none twice, none lost"
    if not reminders:
        verdicts.append(Verdict(target, "not measured", None))
    else:
        ok = (
            reminders["sent_within_minute"] == reminders["count"]
            and reminders["duplicates"] == 0
            and reminders["lost"] == 0
        )
        measured = (
            f"{reminders['sent_within_minute']:,} of {reminders['count']:,} within 60 s, last after "
            f"{reminders['send_seconds']:.1f} s, {reminders['duplicates']} twice, {reminders['lost']} lost"
        )
        verdicts.append(Verdict(target, measured, ok))

    scaleout = results.get("scaleout")
    target = "scale-out check: every booking stored once, every confirmation sent once"
    if scaleout:
        measured = (
            f"{scaleout['answered_booked']} bookings answered, {scaleout['stored_bookings']} stored; confirmations "
            f"{scaleout['bookings_without_confirmation']} missing, {scaleout['bookings_with_several_confirmations']} "
            f"doubled, {scaleout['confirmations_not_sent']} unsent; e-mails {scaleout['emails_missing']} missing, "
            f"{scaleout['emails_duplicated']} doubled"
        )
        verdicts.append(Verdict(target, measured, bool(scaleout["ok"])))
    else:
        verdicts.append(Verdict(target, "not measured", None))
    return verdicts
