"""Load with wrk from a separate process, and what one load measured.

wrk runs a Lua script from ``bench/lua/``; every script ends by printing one line
``BENCH_JSON {...}`` (see ``summary.lua``), which the runner reads instead of wrk's human output.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench.cpu import CpuMeter
from bench.env import fail
from bench.server import Server, drain

LUA_DIR = Path(__file__).resolve().parent / "lua"
WRK_ERRORS = ("status_errors", "connect_errors", "read_errors", "write_errors", "timeouts")


@dataclass
class Endpoint:
    name: str
    path: str
    key: str = ""
    cookie: str = ""
    kind: str = "read"  # "ceiling", "read", "write" or "mixed"
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class Result:
    name: str
    path: str
    kind: str
    stage: str
    requests: int
    seconds: float
    rps: float
    p50_ms: float
    p99_ms: float
    errors: int
    key: str = ""
    ratio: float | None = None
    cpu_ms: float | None = None
    cpu_ratio: float | None = None
    counts: dict[str, int] = field(default_factory=dict)  # what the Lua script counted (answers by status, ...)
    extra: dict[str, Any] = field(default_factory=dict)  # a stage's own figures
    notes: list[str] = field(default_factory=list)
    failed_checks: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class LoadShape:
    duration: int
    connections: int
    threads: int


def require_wrk() -> str:
    wrk = shutil.which("wrk")
    if wrk is None:
        fail("wrk is not installed. Install it with:  apt-get install -y wrk   (Debian package 'wrk')")
    return wrk


def wrk_command(
    wrk: str,
    base: str,
    endpoint: Endpoint,
    shape: LoadShape,
    *,
    script: str = "report.lua",
    script_args: list[str] | None = None,
) -> list[str]:
    command = [
        wrk,
        f"-t{shape.threads}",
        f"-c{shape.connections}",
        f"-d{shape.duration}s",
        "--timeout",
        "10s",
        "-s",
        str(LUA_DIR / script),
        # Like every browser: large bodies are sent compressed to those who accept it.
        "-H",
        "Accept-Encoding: gzip",
    ]
    if endpoint.cookie:
        command += ["-H", f"Cookie: {endpoint.cookie}"]
    for name, value in endpoint.headers.items():
        command += ["-H", f"{name}: {value}"]
    command.append(base + endpoint.path)
    if script_args:
        command += ["--", *script_args]
    return command


def wrk_summary(output: str) -> dict[str, Any] | None:
    """The numbers of the ``BENCH_JSON`` line a bench script prints at the end, or None."""
    line = next((ln for ln in output.splitlines() if ln.startswith("BENCH_JSON ")), None)
    if line is None:
        return None
    data: dict[str, Any] = json.loads(line.removeprefix("BENCH_JSON "))
    return data


def _environment() -> dict[str, str]:
    import os

    # The scripts load the shared summary writer from here.
    return {**os.environ, "BENCH_LUA_DIR": str(LUA_DIR)}


def run_wrk(commands: list[list[str]], name: str) -> list[dict[str, Any]]:
    """One or more wrk processes at once (one per web server in the scale-out stage)."""
    processes = [
        subprocess.Popen(  # noqa: S603 - our own fixed command
            command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=_environment()
        )
        for command in commands
    ]
    summaries = []
    for process in processes:
        output, errors = process.communicate()
        summary = wrk_summary(output)
        if summary is None:
            fail(f"wrk printed no summary for {name}:\n{output}\n{errors}")
        summaries.append(summary)
    return summaries


def errors_of(data: dict[str, Any]) -> int:
    return int(sum(data.get(key, 0) for key in WRK_ERRORS))


def result_from(endpoint: Endpoint, data: dict[str, Any], *, stage: str) -> Result:
    seconds = data["duration_us"] / 1e6
    return Result(
        name=endpoint.name,
        path=endpoint.path,
        key=endpoint.key,
        kind=endpoint.kind,
        stage=stage,
        requests=data["requests"],
        seconds=seconds,
        rps=data["requests"] / seconds if seconds else 0.0,
        p50_ms=data["p50_us"] / 1000,
        p99_ms=data["p99_us"] / 1000,
        errors=errors_of(data),
        counts={k: int(v) for k, v in data.get("counts", {}).items()},
    )


def cpu_ms_per_request(cpu_seconds: float, *, requests: int, connections: int) -> float:
    """Requests still in flight when wrk stops are served too (at most one per connection)."""
    return 1000 * cpu_seconds / (requests + connections)


def status_of(server: Server, endpoint: Endpoint) -> tuple[int, dict[str, str]]:
    """One request as wrk would send it: the status and the headers of the answer (redirects not followed)."""

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args: Any, **kwargs: Any) -> None:
            return None

    request = urllib.request.Request(server.base + endpoint.path)  # noqa: S310 - loopback only
    request.add_header("Accept-Encoding", "gzip")
    if endpoint.cookie:
        request.add_header("Cookie", endpoint.cookie)
    for name, value in endpoint.headers.items():
        request.add_header(name, value)
    try:
        with urllib.request.build_opener(NoRedirect).open(request, timeout=120) as response:
            return response.status, dict(response.headers.items())
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers.items())


def measure(
    wrk: str,
    server: Server,
    endpoint: Endpoint,
    shape: LoadShape,
    *,
    stage: str,
    meter: CpuMeter,
    script: str = "report.lua",
    script_args: list[str] | None = None,
) -> Result:
    """Warm up for 2 s, then load for the shape's duration; CPU per request of the server side."""
    if endpoint.kind != "mixed":
        status, _headers = status_of(server, endpoint)
        if status not in (200, 304):
            fail(f"{endpoint.name}: {endpoint.path} answered {status}, not 200")
        # Imports, templates, connections, PostgreSQL's buffers.
        run_wrk([wrk_command(wrk, server.base, endpoint, LoadShape(2, 4, 1))], endpoint.name)
        drain(server)
    before = meter.snapshot()
    command = wrk_command(wrk, server.base, endpoint, shape, script=script, script_args=script_args)
    data = run_wrk([command], endpoint.name)[0]
    drain(server)
    result = result_from(endpoint, data, stage=stage)
    result.cpu_ms = cpu_ms_per_request(
        meter.seconds(before, meter.snapshot()), requests=data["requests"], connections=shape.connections
    )
    return result
