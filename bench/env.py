"""The environment every bench process shares: settings, database, logging, machine description.

Each entry point (``bench.run``, ``bench.seed``, ``bench.profile``) calls ``bench_environment``
and ``setup_django`` before it imports a model, so it starts on its own.
"""

from __future__ import annotations

import datetime as dt
import os
import platform
import re
import secrets
import sys
import urllib.parse
from pathlib import Path
from typing import NoReturn

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/mw_bench"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/7"
DEFAULT_PORT = 8765


def log(message: str) -> None:
    print(f"[bench {dt.datetime.now(dt.UTC):%H:%M:%S}] {message}", flush=True)


def fail(message: str) -> NoReturn:
    print(f"bench: {message}", file=sys.stderr, flush=True)
    raise SystemExit(2)


def load_average() -> str:
    """The 1, 5 and 15 minute load averages, as ``uptime`` prints them."""
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def bench_environment(*, port: int = DEFAULT_PORT) -> dict[str, str]:
    """Production-like settings for every process of the run (servers, runner, workers)."""
    var_dir = Path(os.environ.get("VAR_DIR", "var/bench"))
    if not var_dir.is_absolute():
        var_dir = ROOT / var_dir
    var_dir.mkdir(parents=True, exist_ok=True)
    key_file = var_dir / "secret-key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(50))
    env = dict(os.environ)
    env.pop("EMAIL_HOST", None)
    # The cache switches are set per server by the runner (cached or rendered), never inherited.
    env.pop("APP_CACHE", None)
    env.update(
        DJANGO_SETTINGS_MODULE="bench.settings",
        DEBUG="false",
        SECRET_KEY=key_file.read_text().strip(),
        SECURE_SSL="false",
        ALLOWED_HOSTS="127.0.0.1",
        SITE_URL=f"http://127.0.0.1:{port}",
        VAR_DIR=str(var_dir),
        DATABASE_URL=os.environ.get("BENCH_DATABASE_URL", DEFAULT_DATABASE_URL),
        REDIS_URL=os.environ.get("BENCH_REDIS_URL", DEFAULT_REDIS_URL),
        CELERY_QUEUE=os.environ.get("BENCH_CELERY_QUEUE", "q-bench"),
        LOG_LEVEL="WARNING",
        # All load comes from one address, so the per-address limits would refuse nearly every
        # booking and comment. They are raised here; the limits are still counted on every request.
        RATE_LIMIT_BOOKINGS=os.environ.get("BENCH_RATE_LIMIT_BOOKINGS", "5/h/user,1000000/h/ip"),
        # 40 people commenting every few seconds in every run is no real person's pace either.
        RATE_LIMIT_COMMENTS=os.environ.get("BENCH_RATE_LIMIT_COMMENTS", "1000000/h/user,1000000/h/ip"),
        PYTHONUNBUFFERED="1",
        PYTHONPATH=str(ROOT),
    )
    return env


def cache_switches(*, on: bool) -> dict[str, str]:
    """Every application cache on (as deployed) or off (every page rendered afresh): ``APP_CACHE`` is the one
    switch of the key-based caches."""
    return {"APP_CACHE": "true" if on else "false"}


def database_name(database_url: str) -> str:
    name = urllib.parse.urlsplit(database_url).path.lstrip("/")
    if not re.fullmatch(r"[a-z0-9_]+", name):
        fail(f"refusing the database name {name!r} (only a-z, 0-9 and _)")
    return name


def ensure_database(database_url: str, *, recreate: bool) -> None:
    import psycopg

    name = database_name(database_url)
    admin_url = urllib.parse.urlunsplit(urllib.parse.urlsplit(database_url)._replace(path="/postgres"))
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


def machine_description(env: dict[str, str]) -> dict[str, str]:
    """What the numbers were measured on, including how busy the machine was."""
    import psycopg
    import redis

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
    redis_version = str(redis.Redis.from_url(env["REDIS_URL"]).info("server").get("redis_version", ""))
    return {
        "cpus": str(os.cpu_count()),
        "cpu": cpu,
        "memory": memory,
        "kernel": platform.release(),
        "python": platform.python_version(),
        "postgresql": postgres,
        "redis": redis_version,
        "load_average": load_average(),
    }
