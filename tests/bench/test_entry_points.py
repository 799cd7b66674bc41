"""Every command of the benchmark starts on its own (``python -m bench.seed`` once failed on import)."""

from __future__ import annotations

import subprocess
import sys

import pytest


@pytest.mark.parametrize("module", ["bench.run", "bench.seed", "bench.profile", "bench.report"])
def test_the_command_starts_and_explains_itself(module: str) -> None:
    done = subprocess.run(
        [sys.executable, "-m", module, "--help"], capture_output=True, text=True, timeout=60, check=False
    )

    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(f"usage: python -m {module}")
