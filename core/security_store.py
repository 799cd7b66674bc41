"""The store for what security depends on: rate-limit counts, allauth's attempt histories
and used TOTP codes, kept in the database (table ``core_securityentry``).

Why not Redis: a limit kept in Redis switches off exactly when an attacker would like it
to. While Redis is down, allauth's lock cannot be taken and every sign-in is refused; our
own counters read as zero and nothing is limited; a full Redis (``noeviction``) refuses
the writes; and a Redis restored from an old snapshot hands everybody a fresh allowance.
In the database every one of these stays correct, at the price of one short statement per
counted action (a sign-in attempt, a booking, a comment): small next to the writes those
actions make anyway.

``store`` speaks Django's cache API (``get``, ``set``, ``add``, ``delete``, ``touch``) so
that allauth can use it (``route_allauth()``, called at start-up), plus ``count()``: add
one and return the new total in one atomic statement, which is what makes "count first,
refuse when over" hold under concurrency (core/ratelimit.py). Values are stored as JSON.
Nothing is kept forever: "no timeout" means ``MAX_TIMEOUT``, and expired rows are swept
at most once a minute per process.
"""

from __future__ import annotations

import hashlib
import json
import time
from typing import Any

from django.core.cache.backends.base import DEFAULT_TIMEOUT, BaseCache
from django.core.exceptions import ImproperlyConfigured
from django.db import connection

from core.models import SecurityEntry

MAX_KEY_LENGTH = 200
MAX_TIMEOUT = 30 * 86400


def _sql(template: str) -> str:
    quote = connection.ops.quote_name
    return template.format(
        t=quote(SecurityEntry._meta.db_table),
        key=quote("key"),
        value=quote("value"),
        count=quote("count"),
        expires=quote("expires"),
    )


# Both run as one statement, so concurrent callers are serialised by the row lock.
_ADD = """
INSERT INTO {t} ({key}, {value}, {count}, {expires}) VALUES (%s, %s, 0, %s)
ON CONFLICT ({key}) DO UPDATE SET {value} = EXCLUDED.{value}, {count} = 0, {expires} = EXCLUDED.{expires}
WHERE {t}.{expires} <= %s
RETURNING {key}
"""
_COUNT = """
INSERT INTO {t} ({key}, {value}, {count}, {expires}) VALUES (%s, '', 1, %s)
ON CONFLICT ({key}) DO UPDATE SET
    {count} = CASE WHEN {t}.{expires} <= %s THEN 1 ELSE {t}.{count} + 1 END,
    {expires} = CASE WHEN {t}.{expires} <= %s THEN EXCLUDED.{expires} ELSE {t}.{expires} END
RETURNING {count}
"""


class SecurityStore(BaseCache):
    def __init__(self, params: dict[str, Any] | None = None) -> None:
        super().__init__(params or {})

    def _key(self, key: str, version: int | None = None) -> str:
        made = self.make_key(key, version)
        if len(made) <= MAX_KEY_LENGTH:
            return made
        return "sha256:" + hashlib.sha256(made.encode()).hexdigest()

    def _expires(self, timeout: Any) -> float:
        if timeout is DEFAULT_TIMEOUT:
            timeout = self.default_timeout
        return time.time() + (MAX_TIMEOUT if timeout is None else min(float(timeout), MAX_TIMEOUT))

    def _alive(self, key: str) -> Any:
        return SecurityEntry.objects.filter(key=key, expires__gt=time.time())

    def get(self, key: str, default: Any = None, version: int | None = None) -> Any:
        value = self._alive(self._key(key, version)).values_list("value", flat=True).first()
        return json.loads(value) if value else default

    def set(self, key: str, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None) -> None:
        entry = SecurityEntry(
            key=self._key(key, version), value=json.dumps(value), count=0, expires=self._expires(timeout)
        )
        SecurityEntry.objects.bulk_create(
            [entry], update_conflicts=True, unique_fields=["key"], update_fields=["value", "count", "expires"]
        )

    def add(self, key: str, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None) -> bool:
        """Store ``value`` only when ``key`` holds nothing alive; True when it was stored."""
        with connection.cursor() as cursor:
            cursor.execute(
                _sql(_ADD), [self._key(key, version), json.dumps(value), self._expires(timeout), time.time()]
            )
            stored = cursor.fetchone() is not None
        return stored

    def touch(self, key: str, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None) -> bool:
        return bool(self._alive(self._key(key, version)).update(expires=self._expires(timeout)))

    def delete(self, key: str, version: int | None = None) -> bool:
        deleted, _by_model = SecurityEntry.objects.filter(key=self._key(key, version)).delete()
        return bool(deleted)

    def has_key(self, key: str, version: int | None = None) -> bool:
        return self._alive(self._key(key, version)).exists()

    def clear(self) -> None:
        SecurityEntry.objects.all().delete()

    def incr(self, key: str, delta: int = 1, version: int | None = None) -> int:
        raise NotImplementedError("Counting must be atomic here: use count().")

    def count(self, key: str, *, seconds: float) -> int:
        """Add one to the counter ``key`` (kept ``seconds`` from its first count) and return it."""
        now = time.time()
        with connection.cursor() as cursor:
            cursor.execute(_sql(_COUNT), [self._key(key), now + seconds, now, now])
            row = cursor.fetchone()
        return int(row[0])

    def current(self, key: str) -> int:
        """The counter ``key`` as it stands, 0 when it was never counted or has expired."""
        return self._alive(self._key(key)).values_list("count", flat=True).first() or 0


def expired_delete() -> int:
    """Remove expired counters; beat runs it every ten minutes (``core.tasks``), never a request."""
    deleted, _by_model = SecurityEntry.objects.filter(expires__lte=time.time()).delete()
    return deleted


store = SecurityStore()

# allauth keeps its rate limits and its record of used TOTP codes in Django's default cache,
# read through a module-level name. These are the modules; a new allauth that moves them
# must stop start-up instead of quietly leaving the limits in Redis.
ALLAUTH_CACHE_USERS = ("allauth.core.internal.ratelimit", "allauth.mfa.totp.internal.auth")


def route_allauth() -> None:
    """Point allauth's rate limits and used-TOTP-code record at ``store``."""
    import importlib

    for name in ALLAUTH_CACHE_USERS:
        module = importlib.import_module(name)
        if not hasattr(module, "cache"):
            raise ImproperlyConfigured(f"{name} no longer reads 'cache': check core/security_store.py.")
        module.cache = store  # type: ignore[attr-defined]
