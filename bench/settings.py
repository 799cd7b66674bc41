"""Production settings plus the bench-only urlconf with the ceiling view.

Everything else comes from the environment exactly as in production; the runner sets
DEBUG off, a SECRET_KEY, plain HTTP on loopback and the PostgreSQL/Redis URLs.
"""

from __future__ import annotations

import os

from config.settings import *  # noqa: F403
from config.settings import INSTALLED_APPS

ROOT_URLCONF = os.environ.get("BENCH_ROOT_URLCONF", "bench.urls")
# The app only adds the bench notification kind (for the reminder stage) and its templates.
INSTALLED_APPS = [*INSTALLED_APPS, "bench.apps.BenchConfig"]
