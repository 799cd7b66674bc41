"""The benchmark in one command: ``.venv/bin/python -m bench.run``.

1. creates (``--reseed``: recreates) the PostgreSQL database, migrates and seeds it;
2. reminder stage: 10,000 due reminders, two Celery workers, each sent exactly once?
3. starts gunicorn with production settings (DEBUG off, real SECRET_KEY, plain HTTP on loopback);
4. signs in through the real login form (and the real TOTP step for the coordinator);
5. drives each endpoint with wrk from a second process, the ceiling view first, and measures
   the server's CPU time per request; then booking POSTs at contended slots and a capacity check;
6. scale-out stage: two web servers and two workers, nothing lost or done twice?
7. prints requests/s, p50, p99 and the ratio to the ceiling, and checks the targets (exit 1 on a miss).

Absolute numbers depend on the machine and on whatever else runs on it; the ratio to
the ceiling, measured in the same run, is what the targets are about.
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.cookiejar
import json
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, NoReturn

ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = Path(__file__).resolve().parent
PYTHON = sys.executable
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/mw_bench"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/7"

READ_RATIO_TARGET = 0.15
READ_P99_TARGET_MS = 100.0
BOOKING_RATE_TARGET = 100.0


@dataclass
class Endpoint:
    name: str
    path: str
    cookie: str = ""
    kind: str = "read"  # "ceiling", "read" or "write"


@dataclass
class Result:
    name: str
    path: str
    kind: str
    requests: int
    seconds: float
    rps: float
    p50_ms: float
    p99_ms: float
    errors: int
    ratio: float | None = None
    cpu_ms: float | None = None
    cpu_ratio: float | None = None
    notes: list[str] = field(default_factory=list)
    failed_checks: list[str] = field(default_factory=list)

    def verdict(self) -> str:
        if self.kind == "ceiling":
            return "ceiling"
        if self.kind == "write":
            ok = self.rps >= BOOKING_RATE_TARGET and self.errors == 0 and not self.failed_checks
            return "ok" if ok else "MISS"
        ok = (self.ratio or 0) >= READ_RATIO_TARGET and self.p99_ms < READ_P99_TARGET_MS and self.errors == 0
        return "ok" if ok else "MISS"


def log(message: str) -> None:
    print(f"[bench {dt.datetime.now(dt.UTC):%H:%M:%S}] {message}", flush=True)


def fail(message: str) -> NoReturn:
    print(f"bench: {message}", file=sys.stderr, flush=True)
    raise SystemExit(2)


# --- environment -------------------------------------------------------------------------------


def machine_description(env: dict[str, str]) -> dict[str, str]:
    """What the numbers were measured on, including how busy the machine was."""
    import platform

    import psycopg

    cpu = next(
        (ln.split(":", 1)[1].strip() for ln in Path("/proc/cpuinfo").read_text().splitlines() if "model name" in ln),
        platform.processor(),
    )
    memory = next(
        (
            ln.split(":", 1)[1].strip()
            for ln in Path("/proc/meminfo").read_text().splitlines()
            if ln.startswith("MemTotal")
        ),
        "",
    )
    with psycopg.connect(env["DATABASE_URL"]) as conn:
        row = conn.execute("SHOW server_version").fetchone()
        postgres = str(row[0]) if row else ""
    import redis

    redis_version = str(redis.Redis.from_url(env["REDIS_URL"]).info("server").get("redis_version", ""))
    return {
        "cpus": str(os.cpu_count()),
        "cpu": cpu,
        "memory": memory,
        "kernel": platform.release(),
        "python": platform.python_version(),
        "postgresql": postgres,
        "redis": redis_version,
        "load_average": " ".join(f"{x:.2f}" for x in os.getloadavg()),
    }


def bench_environment(args: argparse.Namespace) -> dict[str, str]:
    """Production-like settings for every process of the run (server, runner, workers)."""
    var_dir = Path(os.environ.get("VAR_DIR", "var/bench"))
    if not var_dir.is_absolute():
        var_dir = ROOT / var_dir
    var_dir.mkdir(parents=True, exist_ok=True)
    key_file = var_dir / "secret-key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(50))
    env = dict(os.environ)
    env.pop("EMAIL_HOST", None)
    env.update(
        DJANGO_SETTINGS_MODULE="bench.settings",
        DEBUG="false",
        SECRET_KEY=key_file.read_text().strip(),
        SECURE_SSL="false",
        ALLOWED_HOSTS="127.0.0.1",
        SITE_URL=f"http://127.0.0.1:{args.port}",
        VAR_DIR=str(var_dir),
        DATABASE_URL=os.environ.get("BENCH_DATABASE_URL", DEFAULT_DATABASE_URL),
        REDIS_URL=os.environ.get("BENCH_REDIS_URL", DEFAULT_REDIS_URL),
        CELERY_QUEUE=os.environ.get("BENCH_CELERY_QUEUE", "q-bench"),
        LOG_LEVEL="WARNING",
        # All load comes from one address; the per-address booking limit (20/h) would refuse
        # nearly every POST, so it is raised here. The per-account limit stays as configured.
        RATE_LIMIT_BOOKINGS=os.environ.get("BENCH_RATE_LIMIT_BOOKINGS", "5/h/user,1000000/h/ip"),
        PYTHONUNBUFFERED="1",
        PYTHONPATH=str(ROOT),
    )
    return env


def ensure_database(database_url: str, *, recreate: bool) -> None:
    import psycopg

    parts = urllib.parse.urlsplit(database_url)
    name = parts.path.lstrip("/")
    if not re.fullmatch(r"[a-z0-9_]+", name):
        fail(f"refusing the database name {name!r} (only a-z, 0-9 and _)")
    admin_url = urllib.parse.urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin_url, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone() is not None
        if exists and recreate:
            log(f"dropping database {name}")
            conn.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
            exists = False
        if not exists:
            log(f"creating database {name}")
            conn.execute(f'CREATE DATABASE "{name}"')


def setup_django(env: dict[str, str]) -> None:
    os.environ.update(env)
    import django

    django.setup()


def prepare_data(parts: list[str]) -> None:
    from django.core.management import call_command

    from bench import seed

    log("migrating")
    call_command("migrate", verbosity=0, interactive=False)
    log(f"seeding ({', '.join(parts)})")
    started = time.monotonic()
    seed.seed(parts)
    log(f"seeded in {time.monotonic() - started:.0f} s")


# --- server ------------------------------------------------------------------------------------


@contextmanager
def gunicorn(env: dict[str, str], *, port: int, workers: int, worker_class: str, threads: int) -> Iterator[str]:
    base = f"http://127.0.0.1:{port}"
    log_path = Path(env["VAR_DIR"]) / "gunicorn.log"
    command = [
        str(Path(PYTHON).parent / "gunicorn"),
        "config.wsgi:application",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(workers),
        "--worker-class",
        worker_class,
        "--threads",
        str(threads),
        "--timeout",
        "120",
        "--backlog",
        "2048",
        "--log-level",
        "warning",
        "--error-logfile",
        str(log_path),
    ]
    log(f"starting gunicorn: {workers} {worker_class} worker(s) x {threads} thread(s) on {base}")
    with log_path.open("a") as log_file:
        process = subprocess.Popen(  # noqa: S603 - our own fixed command
            command, cwd=ROOT, env=env, stdout=log_file, stderr=subprocess.STDOUT, start_new_session=True
        )
    try:
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None:
                fail(f"gunicorn exited with {process.returncode}; see {log_path}")
            try:
                with urllib.request.urlopen(f"{base}/healthz", timeout=2) as response:  # noqa: S310
                    if response.status == 200:
                        break
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            if time.monotonic() > deadline:
                fail(f"gunicorn did not answer /healthz within 60 s; see {log_path}")
            time.sleep(0.3)
        SERVER_PIDS[base] = process.pid
        yield base
    finally:
        SERVER_PIDS.pop(base, None)
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


class CpuMeter:
    """CPU time of the server side: the gunicorn workers plus the PostgreSQL backends of the bench database.

    Throughput on a shared machine depends on what else runs; CPU time per request
    hardly does, so it gives a second, steadier view of each page's cost.
    """

    def __init__(self, master_pid: int, database_url: str) -> None:
        import psycopg

        self.master_pid = master_pid
        self.database = urllib.parse.urlsplit(database_url).path.lstrip("/")
        self.connection = psycopg.connect(database_url, autocommit=True)
        self.tick = os.sysconf("SC_CLK_TCK")

    def pids(self) -> list[int]:
        workers = []
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == self.master_pid:
                workers.append(int(stat.parent.name))
        rows = self.connection.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()", [self.database]
        ).fetchall()
        return [self.master_pid, *workers, *(int(row[0]) for row in rows)]

    def snapshot(self) -> dict[int, int]:
        ticks = {}
        for pid in self.pids():
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            ticks[pid] = int(fields[11]) + int(fields[12])  # utime + stime
        return ticks

    def seconds(self, before: dict[int, int], after: dict[int, int]) -> float:
        return sum(after[pid] - before.get(pid, 0) for pid in after) / self.tick

    def close(self) -> None:
        self.connection.close()


SERVER_PIDS: dict[str, int] = {}


# --- signing in --------------------------------------------------------------------------------


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


class Browser:
    """Just enough of a browser for the login forms: cookies, CSRF token, redirects."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def cookie(self, name: str) -> str:
        return next((c.value or "" for c in self.jar if c.name == name), "")

    def get(self, path: str) -> tuple[str, str]:
        with self.opener.open(self.base + path, timeout=30) as response:
            return response.geturl(), response.read().decode()

    def post(self, path: str, data: dict[str, str]) -> tuple[str, str]:
        body = urllib.parse.urlencode({"csrfmiddlewaretoken": self.cookie("csrftoken"), **data}).encode()
        request = urllib.request.Request(  # noqa: S310 - loopback only
            self.base + path, data=body, headers={"Referer": self.base + path}
        )
        with self.opener.open(request, timeout=30) as response:
            return response.geturl(), response.read().decode()


def sign_in(base: str, email: str, password: str, *, totp_secret: str = "") -> str:
    """Sign in through allauth's own forms; returns the value for a Cookie header."""
    browser = Browser(base)
    browser.get("/konto/login/")
    url, _page = browser.post("/konto/login/", {"login": email, "password": password})
    if "/2fa/authenticate" in url:
        if not totp_secret:
            fail(f"{email} was asked for a TOTP code but has no secret in the bench data")
        from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

        code = format_hotp_value(hotp_value(totp_secret, int(time.time()) // 30))
        url, _page = browser.post(urllib.parse.urlsplit(url).path, {"code": code})
    session = browser.cookie("sessionid")
    if not session or "/konto/login" in url or "/2fa/" in url:
        fail(f"signing in as {email} did not work (ended at {url})")
    return f"sessionid={session}"


# --- load --------------------------------------------------------------------------------------


def require_wrk() -> str:
    wrk = shutil.which("wrk")
    if wrk is None:
        fail("wrk is not installed. Install it with:  apt-get install -y wrk   (Debian package 'wrk')")
    return wrk


def drain(base: str) -> None:
    """Wait until the server has worked off requests wrk left queued, so they do not slow the next page."""
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        started = time.monotonic()
        try:
            with urllib.request.urlopen(f"{base}/bench/ceiling", timeout=60):  # noqa: S310 - loopback only
                pass
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            continue
        if time.monotonic() - started < 0.05:
            return
        time.sleep(0.2)


def check_page(base: str, endpoint: Endpoint) -> None:
    """One request before the load: the page must answer 200, not a redirect or an error."""
    opener = urllib.request.build_opener(NoRedirect)
    request = urllib.request.Request(base + endpoint.path)  # noqa: S310 - loopback only
    if endpoint.cookie:
        request.add_header("Cookie", endpoint.cookie)
    try:
        with opener.open(request, timeout=120) as response:
            status = response.status
    except urllib.error.HTTPError as error:
        status = error.code
    if status != 200:
        fail(f"{endpoint.name}: {endpoint.path} answered {status}, not 200")


def wrk_command(
    wrk: str,
    base: str,
    endpoint: Endpoint,
    *,
    duration: int,
    connections: int,
    threads: int,
    script: Path | None,
    script_args: list[str] | None = None,
) -> list[str]:
    command = [
        wrk,
        f"-t{threads}",
        f"-c{connections}",
        f"-d{duration}s",
        "--timeout",
        "10s",
        "-s",
        str(script or BENCH_DIR / "report.lua"),
    ]
    # Like every browser: the large GeoJSON body is sent compressed to those who accept it.
    command += ["-H", "Accept-Encoding: gzip"]
    if endpoint.cookie:
        command += ["-H", f"Cookie: {endpoint.cookie}"]
    command.append(base + endpoint.path)
    if script_args:
        command += ["--", *script_args]
    return command


def wrk_summary(name: str, output: str) -> dict[str, Any]:
    line = next((ln for ln in output.splitlines() if ln.startswith("BENCH_JSON ")), None)
    if line is None:
        fail(f"wrk printed no summary for {name}:\n{output}")
    data: dict[str, Any] = json.loads(line.removeprefix("BENCH_JSON "))
    return data


def run_wrk(
    wrk: str,
    base: str,
    endpoint: Endpoint,
    *,
    duration: int,
    connections: int,
    threads: int,
    script: Path | None,
    script_args: list[str] | None = None,
) -> dict[str, Any]:
    command = wrk_command(
        wrk,
        base,
        endpoint,
        duration=duration,
        connections=connections,
        threads=threads,
        script=script,
        script_args=script_args,
    )
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout  # noqa: S603
    drain(base)
    return wrk_summary(endpoint.name, output)


def run_wrk_parallel(commands: list[list[str]], name: str) -> list[dict[str, Any]]:
    """Several wrk processes at once (one per web server in the scale-out stage)."""
    processes = [
        subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)  # noqa: S603
        for command in commands
    ]
    outputs = [process.communicate()[0] for process in processes]
    return [wrk_summary(name, output) for output in outputs]


def result_from(endpoint: Endpoint, data: dict[str, Any]) -> Result:
    seconds = data["duration_us"] / 1e6
    errors = sum(data[k] for k in ("status_errors", "connect_errors", "read_errors", "write_errors", "timeouts"))
    return Result(
        name=endpoint.name,
        path=endpoint.path,
        kind=endpoint.kind,
        requests=data["requests"],
        seconds=seconds,
        rps=data["requests"] / seconds if seconds else 0.0,
        p50_ms=data["p50_us"] / 1000,
        p99_ms=data["p99_us"] / 1000,
        errors=errors,
    )


def measure(
    wrk: str, base: str, endpoint: Endpoint, args: argparse.Namespace, *, meter: CpuMeter | None = None
) -> Result:
    check_page(base, endpoint)
    # Warm up: imports, template loading, connections, PostgreSQL's buffers.
    run_wrk(wrk, base, endpoint, duration=2, connections=4, threads=1, script=None)
    before = meter.snapshot() if meter else {}
    data = run_wrk(
        wrk, base, endpoint, duration=args.duration, connections=args.connections, threads=args.threads, script=None
    )
    result = result_from(endpoint, data)
    if meter is not None:
        # Requests still in flight when wrk stops are served too (at most one per connection).
        served = data["requests"] + args.connections
        result.cpu_ms = 1000 * meter.seconds(before, meter.snapshot()) / served
    return result


# --- endpoints ---------------------------------------------------------------------------------


def participation_endpoints(base: str) -> list[Endpoint]:
    from django.urls import reverse

    from bench import seed
    from participation.models import Idea

    slug = seed.PROJECT_SLUG
    hot = Idea.objects.get(project__slug=slug, title=seed.HOT_IDEA_TITLE)
    citizen = sign_in(base, seed.CITIZEN_EMAIL, seed.BENCH_PASSWORD)
    ideas = reverse("participation:idea-list", args=[slug])
    return [
        Endpoint("idea list (anonymous)", ideas),
        Endpoint("idea list (signed in)", ideas, cookie=citizen),
        Endpoint("idea with 100 comments", reverse("participation:idea-detail", args=[slug, hot.pk])),
        Endpoint("map GeoJSON (10,000 ideas)", reverse("participation:idea-geojson", args=[slug])),
        Endpoint("API idea list", f"/api/ideas/?project={slug}"),
    ]


def helpdesk_endpoints(base: str) -> list[Endpoint]:
    from bench import helpdesk_stage

    endpoints: list[Endpoint] = helpdesk_stage.read_endpoints(base, sign_in, Endpoint)
    return endpoints


def booking_load(
    wrk: str, bases: list[str], args: argparse.Namespace, *, name: str = "", open_places: bool = False
) -> tuple[Result, list[int], dict[str, int]]:
    """Booking POSTs through the real form at fresh contended slots, from one wrk per web server.

    Contended: 120 places, gone in a second or two, so most POSTs are refusals. With
    ``open_places``: 4,000 places in ten workshops, so every POST books.
    """
    from bench import helpdesk_stage

    if open_places:
        slot_ids = helpdesk_stage.contended_slots(
            one_to_one=0,
            workshops=helpdesk_stage.OPEN_WORKSHOPS,
            workshop_capacity=helpdesk_stage.OPEN_WORKSHOP_CAPACITY,
        )
        name = name or f"booking POSTs, every one books ({len(slot_ids)} workshops with free places)"
    else:
        slot_ids = helpdesk_stage.contended_slots()
    csrf = helpdesk_stage.csrf_secret(bases[0], Browser, slot_ids[0])
    tag = helpdesk_stage.run_tag()
    prefix = helpdesk_stage.book_prefix()
    check = helpdesk_stage.capacity_check(slot_ids)
    endpoint = Endpoint(name or f"booking POSTs at {len(slot_ids)} contended slots", "/", kind="write")
    commands = [
        wrk_command(
            wrk,
            base,
            endpoint,
            duration=args.duration,
            connections=max(1, args.connections // len(bases)),
            threads=max(1, args.threads // len(bases)),
            script=BENCH_DIR / "booking.lua",
            script_args=[csrf, ",".join(map(str, slot_ids)), prefix, tag, str(process)],
        )
        for process, base in enumerate(bases, start=1)
    ]
    summaries = run_wrk_parallel(commands, endpoint.name)
    for base in bases:
        drain(base)
    data = {key: sum(summary[key] for summary in summaries) for key in summaries[0]}
    data["duration_us"] = max(summary["duration_us"] for summary in summaries)
    data["p50_us"] = max(summary["p50_us"] for summary in summaries)
    data["p99_us"] = max(summary["p99_us"] for summary in summaries)
    result = result_from(endpoint, data)
    check = helpdesk_stage.capacity_check(slot_ids)
    counts = {"booked": data["booked"], "refused": data["refused"], "other": data["other"]}
    result.notes.append(
        f"{counts['booked']} booked, {counts['refused']} refused, {check.booked}/{check.places} places taken, "
        f"{check.over_capacity} slots over capacity"
    )
    if check.over_capacity or check.count_mismatch:
        result.failed_checks.append(
            f"{check.over_capacity} slots over capacity, {check.count_mismatch} with a wrong booked count"
        )
    # wrk stops mid-request: up to one request per connection is stored but never answered.
    in_flight = max(1, args.connections // len(bases)) * len(bases)
    if not counts["booked"] <= check.booked <= counts["booked"] + in_flight:
        result.failed_checks.append(f"{counts['booked']} bookings answered but {check.booked} stored")
    elif check.booked > counts["booked"]:
        result.notes.append(f"{check.booked - counts['booked']} more stored, cut off by wrk's stop before the answer")
    if counts["other"]:
        result.failed_checks.append(f"{counts['other']} answers were neither a booking nor a refusal")
    return result, slot_ids, counts


STAGES: dict[str, Callable[[str], list[Endpoint]]] = {
    "participation": participation_endpoints,
    "helpdesk": helpdesk_endpoints,
}
OTHER_STAGES = ["reminders", "scaleout"]


# --- report ------------------------------------------------------------------------------------


def table(results: list[Result]) -> str:
    lines = [
        "| endpoint | requests/s | p50 ms | p99 ms | errors | ratio to ceiling | CPU ms/request | CPU ratio | target |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for r in results:
        ratio = "" if r.ratio is None else f"{100 * r.ratio:.1f} %"
        cpu = "" if r.cpu_ms is None else f"{r.cpu_ms:.1f}"
        cpu_ratio = "" if r.cpu_ratio is None else f"{100 * r.cpu_ratio:.1f} %"
        verdict = r.verdict() + (f" ({'; '.join(r.failed_checks + r.notes)})" if r.failed_checks or r.notes else "")
        lines.append(
            f"| {r.name} | {r.rps:.0f} | {r.p50_ms:.1f} | {r.p99_ms:.1f} | {r.errors} | {ratio} | {cpu} | {cpu_ratio} "
            f"| {verdict} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__.splitlines()[0])
    parser.add_argument("--reseed", action="store_true", help="drop and recreate the bench database first")
    parser.add_argument("--duration", type=int, default=10, help="seconds of load per endpoint (default 10)")
    parser.add_argument("--connections", type=int, default=16, help="concurrent connections (default 16)")
    parser.add_argument("--threads", type=int, default=2, help="wrk threads (default 2)")
    parser.add_argument(
        "--workers",
        type=int,
        default=2 * (os.cpu_count() or 1) + 1,
        help="gunicorn worker processes (default 2 x cores + 1, gunicorn's own advice; as in the README)",
    )
    parser.add_argument("--worker-class", default="sync", help="gunicorn worker class (default sync)")
    parser.add_argument("--worker-threads", type=int, default=1, help="threads per gunicorn worker (default 1)")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--only", default="", help="comma-separated substrings of endpoint names to run")
    parser.add_argument(
        "--stages",
        default=",".join([*STAGES, *OTHER_STAGES]),
        help=f"comma-separated, of: {', '.join([*STAGES, *OTHER_STAGES])}",
    )
    parser.add_argument("--reminders", type=int, default=10_000, help="due reminders in the reminder stage")
    parser.add_argument("--celery-workers", type=int, default=2, help="Celery worker processes (default 2)")
    args = parser.parse_args(argv)

    wrk = require_wrk()
    env = bench_environment(args)
    stages = [s for s in args.stages.split(",") if s]
    unknown = [s for s in stages if s not in STAGES and s not in OTHER_STAGES]
    if unknown:
        fail(f"unknown stage(s): {', '.join(unknown)}")
    ensure_database(env["DATABASE_URL"], recreate=args.reseed)
    machine = machine_description(env)
    log("machine: " + ", ".join(f"{k} {v}" for k, v in machine.items()))
    setup_django(env)
    prepare_data([s for s in stages if s in ("participation", "helpdesk")])

    # Reminders first, while the outbox holds nothing else that is due.
    reminder = reminder_stage(env, args) if "reminders" in stages else None
    results: list[Result] = []
    http_stages = [s for s in stages if s in STAGES]
    if http_stages:
        results = http_benchmark(wrk, env, args, http_stages)
        print()
        print(table(results))
    scaleout = scaleout_stage(wrk, env, args) if "scaleout" in stages else None
    if reminder is not None:
        print_reminders(reminder)
    out = Path(env["VAR_DIR"]) / f"results-{dt.datetime.now(dt.UTC):%Y%m%dT%H%M%SZ}.json"
    out.write_text(
        json.dumps(
            {
                "machine": machine,
                "load_average_at_end": " ".join(f"{x:.2f}" for x in os.getloadavg()),
                "arguments": vars(args),
                "http": [asdict(r) for r in results],
                "reminders": asdict(reminder) if reminder else None,
                "scaleout": scaleout,
            },
            indent=2,
        )
    )
    load_at_end = " ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"\nLoad average (1, 5, 15 min) at the start {machine['load_average']}, at the end {load_at_end}")
    print(f"\nResults saved to {out.relative_to(ROOT) if out.is_relative_to(ROOT) else out}")
    missed = [r.name for r in results if r.verdict() == "MISS"]
    if reminder is not None and not reminder.ok:
        missed.append("reminders")
    if scaleout is not None and not scaleout["ok"]:
        missed.append("scale-out")
    if missed:
        print(f"Targets missed: {', '.join(missed)}")
    return 1 if missed else 0


def scaleout_stage(wrk: str, env: dict[str, str], args: argparse.Namespace) -> dict[str, Any]:
    """Two web servers and two Celery workers at once: every booking stored once, every confirmation sent once."""
    from email import message_from_bytes

    from django.conf import settings

    from bench import reminders
    from celery_app import app
    from helpdesk.models import Booking
    from notifications.models import OutboxMessage

    log("scale-out: two gunicorn servers (1 worker each) and two Celery workers, booking POSTs through both")
    app.control.purge()  # earlier stages' wake-ups; their rows are not part of this check
    mail_dir = Path(settings.VAR_DIR) / "mail"
    ports = [args.port + 1, args.port + 2]
    kwargs = {"workers": 1, "worker_class": args.worker_class, "threads": args.worker_threads}
    with (
        gunicorn(env, port=ports[0], **kwargs) as first,
        gunicorn(env, port=ports[1], **kwargs) as second,
        reminders.celery_workers(env, args.celery_workers, log_dir=Path(env["VAR_DIR"])),
    ):
        result, slot_ids, counts = booking_load(wrk, [first, second], args, name="scale-out: booking POSTs")
        booking_ids = list(Booking.objects.filter(slot_id__in=slot_ids).values_list("pk", flat=True))
        confirmations = OutboxMessage.objects.filter(kind="booking_confirmation", payload__booking_id__in=booking_ids)
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and confirmations.filter(status__in=["pending", "sending"]).exists():
            time.sleep(0.5)
        rows = list(confirmations.values_list("key", "status", "payload"))
    keys = {key for key, _status, _payload in rows}
    per_booking: dict[int, int] = {}
    for _key, _status, payload in rows:
        per_booking[int(payload["booking_id"])] = per_booking.get(int(payload["booking_id"]), 0) + 1
    delivered: dict[str, int] = {}
    for path in mail_dir.glob("*.eml") if mail_dir.is_dir() else []:
        key = str(message_from_bytes(path.read_bytes()).get("X-Outbox-Key", ""))
        if key in keys:
            delivered[key] = delivered.get(key, 0) + 1
    summary = {
        "post_rps": round(result.rps, 1),
        "p50_ms": round(result.p50_ms, 1),
        "p99_ms": round(result.p99_ms, 1),
        "answered_booked": counts["booked"],
        "stored_bookings": len(booking_ids),
        "bookings_without_confirmation": len(set(booking_ids) - set(per_booking)),
        "bookings_with_several_confirmations": sum(1 for n in per_booking.values() if n > 1),
        "confirmations_sent": sum(1 for _k, status, _p in rows if status == "sent"),
        "confirmations_not_sent": sum(1 for _k, status, _p in rows if status != "sent"),
        "emails_missing": len(keys - set(delivered)),
        "emails_duplicated": sum(n - 1 for n in delivered.values() if n > 1),
        "failed_checks": result.failed_checks,
        "notes": result.notes,
    }
    summary["ok"] = (
        not result.failed_checks
        and summary["bookings_without_confirmation"] == 0
        and summary["bookings_with_several_confirmations"] == 0
        and summary["confirmations_not_sent"] == 0
        and summary["emails_missing"] == 0
        and summary["emails_duplicated"] == 0
    )
    print()
    print("Scale-out (two web servers, two Celery workers, one PostgreSQL and Redis):")
    for key, value in summary.items():
        print(f"  {key}: {value}")
    return summary


def reminder_stage(env: dict[str, str], args: argparse.Namespace) -> Any:
    from bench import reminders

    log(f"reminders: scheduling {args.reminders} and sending them with {args.celery_workers} Celery workers")
    result = reminders.run(count=args.reminders, workers=args.celery_workers, env=env, log_dir=Path(env["VAR_DIR"]))
    print_reminders(result)
    return result


def print_reminders(result: Any) -> None:
    print()
    print(
        "| reminders | workers | scheduled in | last sent after | sent within 60 s | sent | e-mails written "
        "| sent twice | lost | not sent yet |"
    )
    print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    print(
        f"| {result.count} | {result.workers} | {result.schedule_seconds:.1f} s | {result.send_seconds:.1f} s "
        f"| {result.sent_within_minute} | {result.sent} | {result.delivered_files} | {result.duplicates} "
        f"| {result.lost} | {result.unsent} |"
    )
    print(f"rows claimed per worker (every due row, not only these): {result.per_worker}")
    print(f"statuses: {result.by_status}; target: {'ok' if result.ok else 'MISS'}")


def http_benchmark(wrk: str, env: dict[str, str], args: argparse.Namespace, stages: list[str]) -> list[Result]:
    results: list[Result] = []
    with gunicorn(
        env, port=args.port, workers=args.workers, worker_class=args.worker_class, threads=args.worker_threads
    ) as base:
        meter = CpuMeter(SERVER_PIDS[base], env["DATABASE_URL"])
        endpoints = [Endpoint("ceiling (bare Django view)", "/bench/ceiling", kind="ceiling")]
        for stage in stages:
            endpoints += STAGES[stage](base)
        wanted = [w.strip().lower() for w in args.only.split(",") if w.strip()]
        for endpoint in endpoints:
            if wanted and endpoint.kind != "ceiling" and not any(w in endpoint.name.lower() for w in wanted):
                continue
            log(f"load: {endpoint.name} ({args.duration} s, {args.connections} connections)")
            result = measure(wrk, base, endpoint, args, meter=meter)
            log(
                f"  {result.rps:.0f} req/s, p50 {result.p50_ms:.1f} ms, p99 {result.p99_ms:.1f} ms, "
                f"{result.cpu_ms:.1f} ms CPU per request"
            )
            results.append(result)
        if "helpdesk" in stages and (not wanted or any(w in "booking posts" for w in wanted)):
            for open_places in (False, True):
                log(f"load: booking POSTs ({args.duration} s, {args.connections} connections)")
                before = meter.snapshot()
                result, _slot_ids, _counts = booking_load(wrk, [base], args, open_places=open_places)
                result.cpu_ms = 1000 * meter.seconds(before, meter.snapshot()) / (result.requests + args.connections)
                log(
                    f"  {result.rps:.0f} req/s, p50 {result.p50_ms:.1f} ms, p99 {result.p99_ms:.1f} ms; "
                    f"{result.notes[-1]}"
                )
                results.append(result)
            from bench import helpdesk_stage

            whole = helpdesk_stage.capacity_check()
            if whole.over_capacity or whole.count_mismatch:
                result.failed_checks.append(
                    f"whole database: {whole.over_capacity} slots over capacity, {whole.count_mismatch} miscounted"
                )
            result.notes.append(f"all {whole.slots} slots checked: {whole.over_capacity} over capacity")
        meter.close()
    ceiling = next(r for r in results if r.kind == "ceiling")
    for r in results:
        if r.kind != "ceiling" and ceiling.rps:
            r.ratio = r.rps / ceiling.rps
        if r.kind != "ceiling" and ceiling.cpu_ms and r.cpu_ms:
            r.cpu_ratio = ceiling.cpu_ms / r.cpu_ms
    return results


if __name__ == "__main__":
    raise SystemExit(main())
