"""Production settings, as README.md shows them, pass Django's deployment checks with no warning at all."""

from __future__ import annotations

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _readme_example() -> dict[str, str]:
    """The example environment of README.md's "Deploying for production", with a fresh key for the placeholder."""
    section = (ROOT / "README.md").read_text().split("## Deploying for production", 1)[1]
    block = re.search(r"```env\n(.*?)```", section, re.DOTALL)
    assert block, "README.md lost its example environment"
    example = dict(line.strip().split("=", 1) for line in block.group(1).splitlines() if line.strip())
    return {name: secrets.token_urlsafe(50) if value.startswith("<") else value for name, value in example.items()}


def test_the_readme_example_passes_check_deploy_without_warnings(tmp_path: Path) -> None:
    # The browser tests allow async-unsafe calls for Playwright; a deployment never does.
    dropped = {"DEBUG", "SECURE_SSL", "DJANGO_ALLOW_ASYNC_UNSAFE", "SECRET_KEY", "DATABASE_URL", "REDIS_URL"}
    environ = {k: v for k, v in os.environ.items() if k not in dropped}
    environ.update({**_readme_example(), "VAR_DIR": str(tmp_path)})
    assert environ["DEBUG"] == "false"
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
