"""Production settings plus the bench-only urlconf with an empty view.

Everything else comes from the environment exactly as in production; the runner sets
DEBUG off, a SECRET_KEY, plain HTTP on loopback and the PostgreSQL/Redis URLs.
"""

from __future__ import annotations

import os

from config.settings import *  # noqa: F403
from config.settings import ACCOUNT_RATE_LIMITS, INSTALLED_APPS

ROOT_URLCONF = os.environ.get("BENCH_ROOT_URLCONF", "bench.urls")
# The app only adds the bench notification kind (for the reminder stage) and its templates.
INSTALLED_APPS = [*INSTALLED_APPS, "bench.apps.BenchConfig"]
# The 40 citizens of the mixed load sign in from one address within a minute; the limit per
# address (30 a minute) is for a real crowd behind one address. Failed logins keep their limits.
ACCOUNT_RATE_LIMITS = {**ACCOUNT_RATE_LIMITS, "login": "1000/m/ip"}
