"""Settings come from the environment; a wrong value stops start-up with a clear message."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from config import env

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize(
    ("raw", "expected"), [("1", True), ("true", True), ("Yes", True), ("off", False), ("0", False)]
)
def test_booleans_are_read_in_the_usual_spellings(raw: str, expected: bool) -> None:
    assert env.env_bool({"DEBUG": raw}, "DEBUG", default=not expected) is expected


def test_a_missing_boolean_takes_the_default() -> None:
    assert env.env_bool({}, "DEBUG", default=True) is True


def test_a_wrong_boolean_names_the_variable_and_what_it_expects() -> None:
    with pytest.raises(ImproperlyConfigured, match=r"DEBUG must be a boolean .* got 'maybe'"):
        env.env_bool({"DEBUG": "maybe"}, "DEBUG", default=False)


def test_a_wrong_number_names_the_variable() -> None:
    with pytest.raises(ImproperlyConfigured, match="EMAIL_PORT must be a whole number"):
        env.env_int({"EMAIL_PORT": "twenty-five"}, "EMAIL_PORT", 25, minimum=1)
    with pytest.raises(ImproperlyConfigured, match="EMAIL_PORT must be a whole number of at least 1"):
        env.env_int({"EMAIL_PORT": "0"}, "EMAIL_PORT", 25, minimum=1)


GOOD_KEY = "a-production-like-secret-key-with-more-than-fifty-characters-0123"


def test_secret_key_is_required_only_when_debug_is_off() -> None:
    assert env.env_secret_key({}, debug=True)
    with pytest.raises(ImproperlyConfigured, match=r"SECRET_KEY must be set when DEBUG is off\. Make one with"):
        env.env_secret_key({}, debug=False)
    assert env.env_secret_key({"SECRET_KEY": GOOD_KEY}, debug=False) == GOOD_KEY


@pytest.mark.parametrize(
    "key",
    [
        "x" * 24 + "0123456789" * 2 + "abcde",
        "short",
        "k" * 50,
        "abcd" * 20,
        "django-insecure-" + "0123456789abcdefghij" * 3,
    ],
    ids=["49 characters", "short", "one character repeated", "four different characters", "django-insecure- prefix"],
)
def test_a_secret_key_that_djangos_deploy_check_would_flag_stops_start_up(key: str) -> None:
    with pytest.raises(ImproperlyConfigured) as refused:
        env.env_secret_key({"SECRET_KEY": key}, debug=False)
    message = str(refused.value)
    assert "at least 50 characters long, use at least 5 different characters" in message
    assert key not in message  # the key itself is never printed
    assert "secrets.token_urlsafe(50)" in message


def test_a_weak_secret_key_is_fine_for_local_development() -> None:
    assert env.env_secret_key({"SECRET_KEY": "short"}, debug=True) == "short"


def test_database_defaults_to_a_sqlite_file_in_var(tmp_path: Path) -> None:
    config = env.env_database({}, var_dir=tmp_path)
    assert config["ENGINE"] == "django.db.backends.sqlite3"
    assert config["NAME"] == str(tmp_path / "db.sqlite3")


def test_database_url_for_postgresql_is_parsed(tmp_path: Path) -> None:
    config = env.env_database({"DATABASE_URL": "postgres://app:pw@db.local:5433/mitwirkung"}, var_dir=tmp_path)
    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert (config["HOST"], config["PORT"], config["NAME"], config["USER"]) == ("db.local", 5433, "mitwirkung", "app")


def test_an_unsupported_database_url_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ImproperlyConfigured, match="DATABASE_URL must be a sqlite:/// or postgres:// URL"):
        env.env_database({"DATABASE_URL": "mysql://localhost/x"}, var_dir=tmp_path)


def test_broker_defaults_to_the_filesystem_and_follows_redis() -> None:
    assert env.env_broker_url({}, redis_url="") == "filesystem://"
    assert env.env_broker_url({}, redis_url="redis://127.0.0.1:6379/0") == "redis://127.0.0.1:6379/0"
    with pytest.raises(ImproperlyConfigured, match="REDIS_URL must be a redis://"):
        env.env_redis_url({"REDIS_URL": "http://127.0.0.1:6379"})
    with pytest.raises(ImproperlyConfigured, match="CELERY_BROKER_URL must be"):
        env.env_broker_url({"CELERY_BROKER_URL": "sqs://queue"}, redis_url="")


def test_time_zone_must_exist() -> None:
    assert env.env_time_zone({}, "Europe/Berlin") == "Europe/Berlin"
    with pytest.raises(ImproperlyConfigured, match="TIME_ZONE must be an IANA time zone"):
        env.env_time_zone({"TIME_ZONE": "Mars/Olympus"}, "Europe/Berlin")


def test_site_url_must_be_http() -> None:
    assert env.env_url({"SITE_URL": "https://beteiligung.example.org/"}, "SITE_URL", "") == (
        "https://beteiligung.example.org"
    )
    with pytest.raises(ImproperlyConfigured, match="SITE_URL must be an http:// or https:// URL"):
        env.env_url({"SITE_URL": "beteiligung.example.org"}, "SITE_URL", "")


def test_allowed_hosts_are_a_comma_separated_list() -> None:
    assert env.env_list({"ALLOWED_HOSTS": "a.example, b.example,"}, "ALLOWED_HOSTS", []) == ["a.example", "b.example"]


def _manage_check(extra_env: dict[str, str], tmp_path: Path) -> subprocess.CompletedProcess[str]:
    environ = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG", "DATABASE_URL"}}
    environ.update({"VAR_DIR": str(tmp_path), **extra_env})
    return subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=environ, capture_output=True, text=True, timeout=120
    )


def test_start_up_stops_with_a_message_naming_a_wrong_variable(tmp_path: Path) -> None:
    result = _manage_check({"DEBUG": "perhaps"}, tmp_path)
    assert result.returncode != 0
    assert "DEBUG must be a boolean" in result.stderr


def test_start_up_without_secret_key_in_production_is_refused(tmp_path: Path) -> None:
    result = _manage_check({"DEBUG": "false"}, tmp_path)
    assert result.returncode != 0
    assert "SECRET_KEY must be set when DEBUG is off" in result.stderr


def test_start_up_with_a_weak_secret_key_in_production_is_refused(tmp_path: Path) -> None:
    result = _manage_check({"DEBUG": "false", "SECRET_KEY": "k" * 50, "ALLOWED_HOSTS": "example.org"}, tmp_path)
    assert result.returncode != 0
    assert "SECRET_KEY must be at least 50 characters long" in result.stderr


def test_start_up_with_good_values_passes_the_checks(tmp_path: Path) -> None:
    result = _manage_check({"DEBUG": "false", "SECRET_KEY": GOOD_KEY, "ALLOWED_HOSTS": "example.org"}, tmp_path)
    assert result.returncode == 0, result.stderr
