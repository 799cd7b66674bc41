"""The benchmark in one command: ``.venv/bin/python -m bench.run`` (= ``make bench``).

1. creates (``--reseed``: recreates) the PostgreSQL database, migrates and seeds it;
2. reminders: 10,000 due reminders, two Celery workers, each sent exactly once, within a minute?
3. the ceiling: a one-file bare Django app under gunicorn with the same workers, at the start and the end;
4. the site under gunicorn with production settings and every application cache on: its pages
   (participation, helpdesk) and booking POSTs, anonymous pages with conditional GETs (conditional),
   40 signed-in citizens with 5 % writes (mixed);
5. the site with every application cache off (rendered): what each page costs to render;
6. scale-out: two web servers and two workers, nothing lost or done twice?
7. prints every table with the ratios to the ceiling and the targets (exit 1 on a miss), and saves
   the figures with the machine and the load average of every stage.

Absolute numbers depend on the machine and on whatever else runs on it; the ratios to the
ceiling, measured in the same run, are what the targets are about.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from bench import pages, tables, targets
from bench.browser import Session, sign_in
from bench.cpu import CpuMeter
from bench.env import (
    ROOT,
    bench_environment,
    cache_switches,
    ensure_database,
    fail,
    load_average,
    log,
    machine_description,
    setup_django,
)
from bench.load import Endpoint, LoadShape, Result, cpu_ms_per_request, measure, require_wrk
from bench.server import CEILING_APP, Server, Workers, gunicorn

SERVED_STAGES = ["participation", "helpdesk", "conditional", "mixed"]  # one server, every cache on
STAGES = ["reminders", *SERVED_STAGES, "rendered", "scaleout"]
# Ports from --port on: the site, the ceiling, the site rendered, the two scale-out servers.
CEILING_PORT, RENDERED_PORT, SCALEOUT_PORTS = 1, 2, (3, 4)


def now() -> str:
    return f"{dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M:%S}"


@dataclass
class Run:
    """What the stages share: the load generator, settings, options, people signed in, the figures so far."""

    wrk: str
    env: dict[str, str]
    args: argparse.Namespace
    results: list[Result] = field(default_factory=list)
    stages: list[dict[str, str]] = field(default_factory=list)
    sessions: dict[str, Session] = field(default_factory=dict)
    values: dict[str, str] = field(default_factory=dict)

    @property
    def shape(self) -> LoadShape:
        return LoadShape(self.args.duration, self.args.connections, self.args.threads)

    @property
    def workers(self) -> Workers:
        return Workers(self.args.workers, self.args.worker_class, self.args.worker_threads)

    def wanted(self, name: str) -> bool:
        wanted = [w.strip().lower() for w in self.args.only.split(",") if w.strip()]
        return not wanted or any(w in name.lower() for w in wanted)

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        record = {"name": name, "started_at": now(), "load_at_start": load_average()}
        log(f"stage {name}: load average {record['load_at_start']}")
        try:
            yield
        finally:
            record.update(ended_at=now(), load_at_end=load_average())
            self.stages.append(record)

    def meter(self, server: Server) -> CpuMeter:
        return CpuMeter([server.pid], self.env["DATABASE_URL"])

    def load(self, server: Server, endpoint: Endpoint, *, stage: str, meter: CpuMeter) -> Result:
        log(f"load: {endpoint.name} ({self.args.duration} s, {self.args.connections} connections)")
        result = measure(self.wrk, server, endpoint, self.shape, stage=stage, meter=meter)
        log(
            f"  {result.rps:.0f} req/s, p50 {result.p50_ms:.1f} ms, p99 {result.p99_ms:.1f} ms, "
            f"{result.cpu_ms:.2f} ms CPU per request"
        )
        self.results.append(result)
        return result

    def endpoint(self, page: pages.Page, server: Server) -> Endpoint:
        cookie = "" if page.who == pages.ANONYMOUS else self.session(page.who, server).cookie
        return Endpoint(page.name, page.url(**self.page_values()), key=page.key, cookie=cookie)

    def page_values(self) -> dict[str, str]:
        if not self.values:
            from bench import seed
            from participation.models import Idea

            hot = Idea.objects.get(project__slug=seed.PROJECT_SLUG, title=seed.HOT_IDEA_TITLE)
            day = from_today(days=1)
            while day.weekday() >= 5:
                day += dt.timedelta(days=1)
            self.values = {
                "project": seed.PROJECT_SLUG,
                "hot_idea": str(hot.pk),
                "office": seed.OFFICE_SLUGS[0],
                "day": day.isoformat(),
            }
        return self.values

    def session(self, who: str, server: Server) -> Session:
        """People sign in once per run (a TOTP code works once); their sessions serve every server."""
        from bench import seed

        if who not in self.sessions:
            if who == pages.COORDINATOR:
                secret = coordinator_totp_secret(seed.COORDINATOR_EMAIL)
                self.sessions[who] = sign_in(
                    server.base, seed.COORDINATOR_EMAIL, seed.BENCH_PASSWORD, totp_secret=secret
                )
            else:
                self.sessions[who] = sign_in(server.base, seed.CITIZEN_EMAIL, seed.BENCH_PASSWORD)
        return self.sessions[who]


def from_today(*, days: int) -> dt.date:
    from django.utils import timezone

    return timezone.localdate() + dt.timedelta(days=days)


def coordinator_totp_secret(email: str) -> str:
    from allauth.mfa.models import Authenticator
    from allauth.mfa.utils import decrypt

    authenticator = Authenticator.objects.get(user__email=email, type=Authenticator.Type.TOTP)
    return str(decrypt(authenticator.data["secret"]))


# --- stages -------------------------------------------------------------------------------------


def ceiling_stage(run: Run, moment: str) -> None:
    with (
        run.stage(f"ceiling ({moment})"),
        gunicorn(run.env, port=run.args.port + CEILING_PORT, workers=run.workers, app=CEILING_APP) as server,
    ):
        meter = run.meter(server)
        endpoint = Endpoint(f"bare Django app, {moment} of the run", "/", key="ceiling", kind="ceiling")
        run.load(server, endpoint, stage="ceiling", meter=meter)
        meter.close()


def pages_stage(run: Run, server: Server, meter: CpuMeter, wing: str) -> None:
    for page in pages.pages_of(wing):
        if run.wanted(page.name):
            run.load(server, run.endpoint(page, server), stage=wing, meter=meter)


def participation_stage(run: Run, server: Server, meter: CpuMeter) -> None:
    pages_stage(run, server, meter, "participation")


def helpdesk_stage(run: Run, server: Server, meter: CpuMeter) -> None:
    from bench import bookings

    pages_stage(run, server, meter, "helpdesk")
    if not run.wanted("booking posts"):
        return
    result = None
    for open_places in (False, True):
        log(f"load: booking POSTs ({run.args.duration} s, {run.args.connections} connections)")
        before = meter.snapshot()
        result, _slot_ids = bookings.booking_load(
            run.wrk, [server], run.shape, stage="helpdesk", open_places=open_places
        )
        result.cpu_ms = cpu_ms_per_request(
            meter.seconds(before, meter.snapshot()), requests=result.requests, connections=run.args.connections
        )
        log(f"  {result.rps:.0f} req/s, p50 {result.p50_ms:.1f} ms, p99 {result.p99_ms:.1f} ms; {result.notes[-1]}")
        run.results.append(result)
    whole = bookings.capacity_check()
    if result is not None:
        if not whole.ok:
            result.failed_checks.append(
                f"whole database: {whole.over_capacity} slots over capacity, {whole.count_mismatch} miscounted"
            )
        result.notes.append(f"all {whole.slots} slots checked: {whole.over_capacity} over capacity")


def conditional_stage(run: Run, server: Server, meter: CpuMeter) -> None:
    from bench import conditional

    for page in pages.anonymous_pages():
        name = f"{page.name}, conditional"
        if run.wanted(name):
            endpoint = run.endpoint(page, server)
            endpoint.name = name
            log(f"load: {name} ({run.args.duration} s, {run.args.connections} connections)")
            result = conditional.run(run.wrk, server, endpoint, run.shape, meter=meter)
            log(f"  {result.rps:.0f} req/s, {result.counts.get('304', 0)} × 304 of {result.requests}")
            run.results.append(result)


def mixed_stage(run: Run, server: Server, meter: CpuMeter) -> None:
    from bench import mixed

    if run.wanted(mixed.NAME):
        result = mixed.run(run.wrk, server, run.shape, meter=meter, work_dir=Path(run.env["VAR_DIR"]))
        log(f"  {result.rps:.0f} req/s, p99 {result.p99_ms:.1f} ms; {'; '.join(result.notes)}")
        run.results.append(result)


SERVED: dict[str, Callable[[Run, Server, CpuMeter], None]] = {
    "participation": participation_stage,
    "helpdesk": helpdesk_stage,
    "conditional": conditional_stage,
    "mixed": mixed_stage,
}


def rendered_stage(run: Run) -> None:
    """Every page with every application cache off: what rendering it costs."""
    port = run.args.port + RENDERED_PORT
    with (
        run.stage("rendered"),
        gunicorn(run.env, port=port, workers=run.workers, extra_env=cache_switches(on=False)) as server,
    ):
        meter = run.meter(server)
        empty = Endpoint("empty view through the site's middleware", server.probe, key="site-empty")
        for endpoint in [empty, *(run.endpoint(page, server) for page in pages.PAGES)]:
            if endpoint is empty or run.wanted(endpoint.name):
                run.load(server, endpoint, stage="rendered", meter=meter)
        meter.close()


def http_stages(run: Run, stages: list[str]) -> None:
    ceiling_stage(run, "start")
    served = [s for s in SERVED_STAGES if s in stages]
    if served:
        with gunicorn(run.env, port=run.args.port, workers=run.workers, extra_env=cache_switches(on=True)) as server:
            meter = run.meter(server)
            for stage in served:
                with run.stage(stage):
                    SERVED[stage](run, server, meter)
            meter.close()
    if "rendered" in stages:
        rendered_stage(run)
    ceiling_stage(run, "end")


def reminder_stage(run: Run) -> dict[str, Any]:
    from bench import reminders

    args = run.args
    with run.stage("reminders"):
        log(f"reminders: scheduling {args.reminders} and sending them with {args.celery_workers} Celery workers")
        result = reminders.run(
            count=args.reminders, workers=args.celery_workers, env=run.env, log_dir=Path(run.env["VAR_DIR"])
        )
    return asdict(result)


def scaleout_stage(run: Run) -> dict[str, Any]:
    from bench import scaleout

    with run.stage("scaleout"):
        return scaleout.run(
            run.wrk,
            run.env,
            run.shape,
            ports=[run.args.port + p for p in SCALEOUT_PORTS],
            workers=run.workers,
            celery_workers=run.args.celery_workers,
        )


# --- the run -------------------------------------------------------------------------------------


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--reseed", action="store_true", help="drop and recreate the bench database first")
    parser.add_argument("--duration", type=int, default=10, help="seconds of load per endpoint (default 10)")
    parser.add_argument("--connections", type=int, default=16, help="concurrent connections (default 16)")
    parser.add_argument("--threads", type=int, default=2, help="wrk threads (default 2)")
    parser.add_argument(
        "--workers",
        type=int,
        default=2 * (os.cpu_count() or 1) + 1,
        help="gunicorn worker processes of the site and the ceiling (default 2 x cores + 1, gunicorn's own advice)",
    )
    parser.add_argument("--worker-class", default="sync", help="gunicorn worker class (default sync)")
    parser.add_argument("--worker-threads", type=int, default=1, help="threads per gunicorn worker (default 1)")
    parser.add_argument(
        "--port", type=int, default=8765, help="first of five ports: site, ceiling, site rendered, two for scale-out"
    )
    parser.add_argument("--only", default="", help="comma-separated substrings of endpoint names to run")
    parser.add_argument("--stages", default=",".join(STAGES), help=f"comma-separated, of: {', '.join(STAGES)}")
    parser.add_argument("--reminders", type=int, default=10_000, help="due reminders in the reminder stage")
    parser.add_argument("--celery-workers", type=int, default=2, help="Celery worker processes (default 2)")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    from bench import seed

    args = parse_args(argv)
    stages = [s for s in args.stages.split(",") if s]
    unknown = [s for s in stages if s not in STAGES]
    if unknown:
        fail(f"unknown stage(s): {', '.join(unknown)}; known: {', '.join(STAGES)}")
    run = Run(wrk=require_wrk(), env=bench_environment(port=args.port), args=args)
    load_at_start = load_average()
    ensure_database(run.env["DATABASE_URL"], recreate=args.reseed)
    machine = machine_description(run.env)
    log("machine: " + ", ".join(f"{k} {v}" for k, v in machine.items()))
    setup_django(run.env)
    with run.stage("data"):
        seed.prepare(["participation", "helpdesk"])

    # Reminders first, while the outbox holds nothing else that is due.
    reminders = reminder_stage(run) if "reminders" in stages else None
    if any(s in stages for s in [*SERVED_STAGES, "rendered"]):
        http_stages(run, stages)
    scaleout = scaleout_stage(run) if "scaleout" in stages else None

    rows = [asdict(r) for r in run.results]
    ceiling = [r for r in rows if r["stage"] == "ceiling"]
    ceiling_rps = targets.mean(r["rps"] for r in ceiling)
    ceiling_cpu = targets.mean(r["cpu_ms"] for r in ceiling)
    targets.apply_ceiling(rows, rps=ceiling_rps, cpu_ms=ceiling_cpu)
    results: dict[str, Any] = {
        "machine": machine,
        "load_average_at_start": load_at_start,
        "load_average_at_end": load_average(),
        "arguments": vars(args),
        "stages": run.stages,
        "ceiling": {"rps": ceiling_rps, "cpu_ms": ceiling_cpu},
        "http": rows,
        "reminders": reminders,
        "scaleout": scaleout,
    }
    verdicts = targets.evaluate(results)
    results["targets"] = [{**asdict(v), "verdict": v.word} for v in verdicts]
    out = Path(run.env["VAR_DIR"]) / f"results-{dt.datetime.now(dt.UTC):%Y%m%dT%H%M%SZ}.json"
    out.write_text(json.dumps(results, indent=2))
    print()
    print(tables.report(results, verdicts))
    print(f"\nResults saved to {out.relative_to(ROOT) if out.is_relative_to(ROOT) else out}")
    missed = [v.target for v in verdicts if v.ok is False]
    if missed:
        print(f"Targets missed: {len(missed)} of {sum(v.ok is not None for v in verdicts)} measured")
    return 1 if missed else 0


if __name__ == "__main__":
    raise SystemExit(main())
