"""Read settings from environment variables.

Every reader takes the environment mapping explicitly so that tests can feed good
and bad values without touching ``os.environ``. A bad value raises
``ImproperlyConfigured`` naming the variable and what it expects, so start-up
stops with a message an operator can act on.
"""

from __future__ import annotations

import zoneinfo
from collections.abc import Mapping
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def _bad(name: str, expected: str, value: str) -> ImproperlyConfigured:
    return ImproperlyConfigured(f"{name} must be {expected}, got {value!r}.")


def env_bool(environ: Mapping[str, str], name: str, default: bool) -> bool:
    if name not in environ:
        return default
    value = environ[name].strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise _bad(name, "a boolean (true/false, 1/0, yes/no, on/off)", environ[name])


def env_int(environ: Mapping[str, str], name: str, default: int, *, minimum: int = 0) -> int:
    if name not in environ or not environ[name].strip():
        return default
    raw = environ[name].strip()
    try:
        value = int(raw)
    except ValueError:
        raise _bad(name, f"a whole number of at least {minimum}", raw) from None
    if value < minimum:
        raise _bad(name, f"a whole number of at least {minimum}", raw)
    return value


def env_str(environ: Mapping[str, str], name: str, default: str) -> str:
    return environ.get(name, default).strip() or default


def env_list(environ: Mapping[str, str], name: str, default: list[str]) -> list[str]:
    if name not in environ:
        return default
    return [item.strip() for item in environ[name].split(",") if item.strip()]


_NEW_KEY_HINT = 'Make one with: python -c "import secrets; print(secrets.token_urlsafe(50))"'


def env_secret_key(environ: Mapping[str, str], *, debug: bool) -> str:
    """Django's signing key; with DEBUG off it must pass the rule of Django's deployment check."""
    key = environ.get("SECRET_KEY", "").strip()
    if key:
        if not debug and (len(key) < 50 or len(set(key)) < 5 or key.startswith("django-insecure-")):
            raise ImproperlyConfigured(
                "SECRET_KEY must be at least 50 characters long, use at least 5 different characters and not "
                "start with 'django-insecure-' when DEBUG is off (like Django's deployment check asks); "
                f"got {len(key)} characters, {len(set(key))} different. {_NEW_KEY_HINT}"
            )
        return key
    if debug:
        # Only for local development: a fixed key keeps sessions across restarts.
        return "insecure-development-key-do-not-use-in-production"
    raise ImproperlyConfigured(f"SECRET_KEY must be set when DEBUG is off. {_NEW_KEY_HINT}")


def env_database(environ: Mapping[str, str], *, var_dir: Path) -> dict[str, Any]:
    default = f"sqlite:///{var_dir / 'db.sqlite3'}"
    url = environ.get("DATABASE_URL", "").strip() or default
    scheme = urlsplit(url).scheme
    if scheme not in {"sqlite", "postgres", "postgresql", "pgsql"}:
        raise _bad("DATABASE_URL", "a sqlite:/// or postgres:// URL", url)
    try:
        config: dict[str, Any] = dict(dj_database_url.parse(url, conn_max_age=60))
    except Exception as exc:  # dj-database-url raises several types
        raise _bad("DATABASE_URL", "a valid database URL", url) from exc
    if config["ENGINE"] == "django.db.backends.sqlite3":
        config["CONN_MAX_AGE"] = 0
        # Celery workers started by tests must see the test database, so it lives
        # in a file instead of memory.
        config["TEST"] = {"NAME": str(var_dir / "test-db.sqlite3")}
        config["OPTIONS"] = {"transaction_mode": "IMMEDIATE", "timeout": 20}
    else:
        config["CONN_HEALTH_CHECKS"] = True
        # Choice fields iterate their querysets; a server-side cursor turns that one query
        # into DECLARE, FETCH and CLOSE. Our result sets are small enough to fetch at once.
        config["DISABLE_SERVER_SIDE_CURSORS"] = True
    return config


def env_redis_url(environ: Mapping[str, str]) -> str:
    url = environ.get("REDIS_URL", "").strip()
    if url and urlsplit(url).scheme not in {"redis", "rediss"}:
        raise _bad("REDIS_URL", "a redis:// or rediss:// URL", url)
    return url


def env_broker_url(environ: Mapping[str, str], *, redis_url: str) -> str:
    url = environ.get("CELERY_BROKER_URL", "").strip() or redis_url or "filesystem://"
    if urlsplit(url).scheme not in {"redis", "rediss", "filesystem", "amqp"}:
        raise _bad("CELERY_BROKER_URL", "a redis://, amqp:// or filesystem:// URL", url)
    return url


def env_time_zone(environ: Mapping[str, str], default: str) -> str:
    name = environ.get("TIME_ZONE", "").strip() or default
    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise _bad("TIME_ZONE", "an IANA time zone such as Europe/Berlin", name) from None
    return name


def env_url(environ: Mapping[str, str], name: str, default: str) -> str:
    url = environ.get(name, "").strip() or default
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"} or not parts.netloc:
        raise _bad(name, "an http:// or https:// URL", url)
    return url.rstrip("/")
