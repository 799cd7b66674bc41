"""Dependencies point down: which app may import which, and each half runs without the other."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
APPS = ("core", "accounts", "notifications", "participation", "helpdesk", "portal")
# What each app may import from the project (besides itself). The two halves never import each other.
ALLOWED: dict[str, set[str]] = {
    "core": set(),
    "accounts": {"core"},
    "notifications": {"core", "accounts"},
    "participation": {"core", "accounts", "notifications"},
    "helpdesk": {"core", "accounts", "notifications"},
    "portal": {"core", "accounts", "notifications", "participation", "helpdesk"},
}


def _imports(app: str) -> dict[str, set[str]]:
    """For each source file of ``app`` (migrations included), the project apps it imports."""
    found: dict[str, set[str]] = {}
    for path in (ROOT / app).rglob("*.py"):
        tree = ast.parse(path.read_text(), filename=str(path))
        names: set[str] = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names.add(node.module.split(".")[0])
        found[str(path.relative_to(ROOT))] = {name for name in names if name in APPS and name != app}
    return found


@pytest.mark.parametrize("app", APPS)
def test_an_app_imports_only_the_apps_below_it(app: str) -> None:
    wrong = {path: sorted(names - ALLOWED[app]) for path, names in _imports(app).items() if names - ALLOWED[app]}
    assert not wrong, f"{app} imports apps above or beside it: {wrong}"


def test_no_migration_depends_on_an_app_above_it() -> None:
    # A migration of a lower app that names a half would make that half impossible to leave out.
    text_by_app = {app: [p.read_text() for p in (ROOT / app / "migrations").glob("0*.py")] for app in APPS}
    for app, texts in text_by_app.items():
        above = set(APPS) - ALLOWED[app] - {app}
        for text in texts:
            for other in above:
                assert f"('{other}'," not in text and f'("{other}",' not in text, f"{app} migration needs {other}"


CHECK_ONE_HALF = """
import django
django.setup()
from django.core.management import call_command
from django.test import Client
call_command("check", fail_level="WARNING")
call_command("migrate", verbosity=0)
call_command("seed_demo", "--quiet-logins", verbosity=0)
client = Client(HTTP_HOST="127.0.0.1")
for path in {paths!r}:
    status = client.get(path).status_code
    assert status == 200, (path, status)
print("ok")
"""


@pytest.mark.parametrize(
    ("half", "paths"),
    [
        ("participation", ["/", "/mitwirkung/", "/mitwirkung/platz-vor-dem-pfalztheater/ideen/", "/api/ideas/"]),
        ("helpdesk", ["/", "/hilfe/", "/hilfe/gruebentaelchen/termine/", "/api/offices/"]),
    ],
)
def test_each_half_runs_without_the_other(half: str, paths: list[str], tmp_path: Path) -> None:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.settings_one_half",
        "SITE_HALF": half,
        "DEBUG": "true",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'half.sqlite3'}",
        "VAR_DIR": str(tmp_path),
        "REDIS_URL": "",
        "PYTHONPATH": str(ROOT),
    }
    result = subprocess.run(
        [sys.executable, "-c", CHECK_ONE_HALF.format(paths=paths)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert result.stdout.strip().endswith("ok")
