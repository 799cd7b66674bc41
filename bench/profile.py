"""Look inside one slow page: ``python -m bench.profile /mitwirkung/bench-platz/ideen/ [--as EMAIL] [--explain]``.

Renders the page in-process against the bench database (same settings as the run, every
application cache off unless ``--cached``) and prints the number of queries, their total
time, the slowest ones and, with ``--explain``, PostgreSQL's plan of the slowest;
``--cprofile`` (or ``--pyinstrument``, when installed) shows where the Python time goes.
"""

from __future__ import annotations

import argparse
import time
from typing import Any


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.profile")
    parser.add_argument("path")
    parser.add_argument("--as", dest="email", default="", help="sign in as this person first")
    parser.add_argument("--explain", action="store_true", help="EXPLAIN ANALYZE the slowest query")
    parser.add_argument("--pyinstrument", action="store_true")
    parser.add_argument("--cprofile", action="store_true", help="print the top functions by cumulative time")
    parser.add_argument("--top", type=int, default=5)
    parser.add_argument("--post", default="", help="POST this urlencoded body instead of a GET (%%(n)s: a counter)")
    parser.add_argument("--sort", default="cumulative", help="cProfile sort key (cumulative, tottime)")
    parser.add_argument("--cached", action="store_true", help="keep the application caches on (as deployed)")
    parser.add_argument("--repeat", type=int, default=0, help="also time N more requests and print the median")
    args = parser.parse_args(argv)

    from bench.env import bench_environment, cache_switches, setup_django

    # The page as rendered for every request: every application cache off (see --cached).
    setup_django({**bench_environment(), **cache_switches(on=args.cached)})

    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from accounts.models import User

    client = Client(HTTP_HOST="127.0.0.1")
    if args.email:
        client.force_login(User.objects.get(email=args.email))
    counter = iter(range(10**9))

    def fetch() -> Any:
        if args.post:
            body = args.post.replace("%(n)s", str(next(counter)))
            return client.post(args.path, body, content_type="application/x-www-form-urlencoded")
        return client.get(args.path)

    fetch()  # warm: imports, templates, connection
    profiler: Any = None
    if args.pyinstrument:
        from pyinstrument import Profiler  # type: ignore[import-not-found]

        profiler = Profiler()
        profiler.start()
    cprofiler: Any = None
    if args.cprofile:
        import cProfile

        cprofiler = cProfile.Profile()
        cprofiler.enable()
    started = time.perf_counter()
    with CaptureQueriesContext(connection) as queries:
        response = fetch()
    elapsed = time.perf_counter() - started
    if profiler is not None:
        profiler.stop()
    if cprofiler is not None:
        cprofiler.disable()
    sql_time = sum(float(q["time"]) for q in queries.captured_queries)
    print(f"{args.path}: status {response.status_code}, {len(response.content)} bytes, {elapsed * 1000:.1f} ms")
    print(f"{len(queries)} queries, {sql_time * 1000:.1f} ms in SQL (as measured by Django)")
    slowest = sorted(queries.captured_queries, key=lambda q: float(q["time"]), reverse=True)[: args.top]
    for query in slowest:
        print(f"  {float(query['time']) * 1000:7.1f} ms  {query['sql'][:300]}")
    if args.explain and slowest:
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN ANALYZE " + slowest[0]["sql"])
            print("\n".join(row[0] for row in cursor.fetchall()))
    if profiler is not None:
        print(profiler.output_text(unicode=True, color=False))
    if args.repeat:
        timings = []
        for _ in range(args.repeat):
            started = time.perf_counter()
            fetch()
            timings.append(time.perf_counter() - started)
        timings.sort()
        print(f"median of {args.repeat}: {timings[len(timings) // 2] * 1000:.1f} ms, best {timings[0] * 1000:.1f} ms")
    if cprofiler is not None:
        import pstats

        pstats.Stats(cprofiler).sort_stats(args.sort).print_stats(40)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
