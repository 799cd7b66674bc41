"""Reading what wrk measured, and building its command."""

from __future__ import annotations

import pytest

from bench.load import Endpoint, LoadShape, cpu_ms_per_request, result_from, wrk_command, wrk_summary

WRK_OUTPUT = """Running 10s test @ http://127.0.0.1:8765/mitwirkung/bench-platz/ideen/
  2 threads and 16 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency    14.37ms    3.12ms  60.20ms   88.12%
  2000 requests in 10.00s, 31.20MB read
  Non-2xx or 3xx responses: 4
Requests/sec:    200.00
Transfer/sec:      3.12MB
BENCH_JSON {"requests":2000,"duration_us":10000000,"bytes":32715571,"p50_us":14100,"p90_us":17000,\
"p99_us":31000,"max_us":60200,"status_errors":4,"connect_errors":0,"read_errors":1,"write_errors":0,\
"timeouts":2,"counts":{"200":1990,"support done":3,"302 elsewhere":1}}
"""


def test_the_summary_line_is_read_from_wrks_output() -> None:
    summary = wrk_summary(WRK_OUTPUT)

    assert summary is not None
    assert summary["requests"] == 2000
    assert summary["counts"]["support done"] == 3


def test_output_without_a_summary_line_gives_none() -> None:
    assert wrk_summary("unable to connect to 127.0.0.1:8765 Connection refused\n") is None


def test_a_result_has_requests_per_second_milliseconds_and_every_kind_of_error() -> None:
    summary = wrk_summary(WRK_OUTPUT)
    assert summary is not None

    result = result_from(Endpoint("idea list", "/ideen/", key="idea-list"), summary, stage="rendered")

    assert result.rps == pytest.approx(200.0)
    assert (result.p50_ms, result.p99_ms) == (14.1, 31.0)
    assert result.errors == 7  # 4 answers outside 2xx/3xx, 1 read error, 2 timeouts
    assert result.counts == {"200": 1990, "support done": 3, "302 elsewhere": 1}
    assert (result.stage, result.key) == ("rendered", "idea-list")


def test_cpu_per_request_counts_the_requests_still_in_flight_when_wrk_stopped() -> None:
    # 2.0 s of CPU for 984 answered requests plus up to one unanswered per connection.
    assert cpu_ms_per_request(2.0, requests=984, connections=16) == pytest.approx(2.0)


def test_the_wrk_command_sends_headers_and_passes_script_arguments_after_a_double_dash() -> None:
    endpoint = Endpoint("idea", "/ideen/1/", cookie="sessionid=abc", headers={"If-None-Match": '"v1"'})

    command = wrk_command(
        "/usr/bin/wrk", "http://127.0.0.1:8700", endpoint, LoadShape(5, 16, 2), script="mixed.lua", script_args=["a"]
    )

    assert command[:4] == ["/usr/bin/wrk", "-t2", "-c16", "-d5s"]
    assert command[command.index("-s") + 1].endswith("bench/lua/mixed.lua")
    assert command[command.index("Cookie: sessionid=abc") - 1] == "-H"
    assert 'If-None-Match: "v1"' in command
    assert command[-3:] == ["http://127.0.0.1:8700/ideen/1/", "--", "a"]
