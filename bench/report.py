"""Markdown tables for BENCHMARKS.md from a saved run: ``python -m bench.report var/bench/results-<time>.json``."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from bench import tables, targets


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.report", description=(__doc__ or "").splitlines()[0])
    parser.add_argument("results", type=Path, help="a results file written by python -m bench.run")
    args = parser.parse_args(argv)
    results = json.loads(args.results.read_text())
    print(tables.report(results, targets.evaluate(results)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
