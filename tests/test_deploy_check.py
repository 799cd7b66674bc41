"""Production settings pass Django's deployment checks with no warning at all."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_production_settings_pass_check_deploy_without_warnings(tmp_path: Path) -> None:
    # The browser tests allow async-unsafe calls for Playwright; a deployment never does.
    dropped = {"DEBUG", "SECURE_SSL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    environ = {k: v for k, v in os.environ.items() if k not in dropped}
    environ.update(
        {
            "DEBUG": "false",
            "SECRET_KEY": "a-production-like-secret-key-with-more-than-fifty-characters-0123",
            "ALLOWED_HOSTS": "beteiligung.example.org",
            "VAR_DIR": str(tmp_path),
        }
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=environ,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_cookies_carry_the_secure_prefix(tmp_path: Path) -> None:
    environ = {**os.environ, "DEBUG": "false", "SECURE_SSL": "true", "VAR_DIR": str(tmp_path)}
    environ["SECRET_KEY"] = "a-production-like-secret-key-with-more-than-fifty-characters-0123"
    script = (
        "import django; django.setup(); from django.conf import settings as s;"
        "print(s.SESSION_COOKIE_NAME, s.CSRF_COOKIE_NAME, s.SESSION_COOKIE_SECURE, s.SECURE_HSTS_SECONDS > 0)"
    )
    environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
    result = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=environ, capture_output=True, text=True)
    assert result.stdout.split() == ["__Secure-sessionid", "__Secure-csrftoken", "True", "True"], result.stderr
