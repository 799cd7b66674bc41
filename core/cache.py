"""Django's Redis cache, keeping one client per connection pool and riding out any Redis fault.

Django builds a new ``redis.Redis`` object for every cache operation, and each one fills
a table of about 170 response callbacks: a quarter of the time of a page answered from
the page cache went there (BENCHMARKS.md). A client is thread-safe and only borrows
connections from its pool, so one per pool does the same work.

The cache never raises into a request. When Redis cannot be reached, times out, is full
(``maxmemory`` with ``noeviction``: "OOM command not allowed") or is a read-only replica,
the operation answers as a miss (reads) or is dropped (writes), a warning is logged, and
this process leaves Redis alone for ``retry_after`` seconds, so that a Redis that hangs
costs one socket timeout, not one per cache call. Pages are then rendered from the
database. Nothing that security depends on lives here: sessions are in the database and
rate limits in ``core/security_store.py``.

Keys are bounded: a key longer than ``MAX_KEY_LENGTH`` is replaced by its SHA-256, and
every entry expires (a "forever" timeout becomes ``MAX_TIMEOUT``), so Redis can make room
with ``maxmemory-policy volatile-lru`` without touching the broker's queues.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import threading
import time
from collections.abc import Callable
from typing import Any

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

MAX_KEY_LENGTH = 200
MAX_TIMEOUT = 86400

# Per Redis location: until when (time.monotonic()) this process leaves it alone.
_resting_until: dict[str, float] = {}
_resting_lock = threading.Lock()


def _tolerant(method: Callable[..., Any], fallback: Callable[..., Any]) -> Any:
    """``method``, answering ``fallback(*args, **kwargs)`` instead while Redis fails or rests."""

    @functools.wraps(method)
    def wrapper(self: RedisCache, *args: Any, **kwargs: Any) -> Any:
        if self.resting():
            return fallback(*args, **kwargs)
        try:
            return method(self, *args, **kwargs)
        except RedisError as error:
            self.rest(method.__name__, error)
            return fallback(*args, **kwargs)

    return wrapper


class _ReusingClient(RedisCacheClient):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._clients: dict[int, Any] = {}

    def get_client(self, key: Any = None, *, write: bool = False) -> Any:
        # The stubs do not know these private helpers of Django's client.
        pool = self._get_connection_pool(write)  # type: ignore[attr-defined]
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)  # type: ignore[attr-defined]
        return client


class RedisCache(DjangoRedisCache):
    # Seconds this process leaves Redis alone after a failure.
    retry_after = 5.0

    def __init__(self, server: str, params: dict[str, Any]) -> None:
        super().__init__(server, params)
        self._class = _ReusingClient
        self._location = str(server)

    def resting(self) -> bool:
        until = _resting_until.get(self._location)
        return until is not None and time.monotonic() < until

    def rest(self, operation: str, error: Exception) -> None:
        with _resting_lock:
            first = not self.resting()
            _resting_until[self._location] = time.monotonic() + self.retry_after
        if first:
            logger.warning(
                "Cache failed during %s (%s: %s); carrying on without it for %s seconds.",
                operation,
                type(error).__name__,
                error,
                self.retry_after,
            )

    def make_key(self, key: Any, version: int | None = None) -> str:
        made = super().make_key(key, version)
        if len(made) <= MAX_KEY_LENGTH:
            return made
        return f"{self.key_prefix}:sha256:{hashlib.sha256(made.encode()).hexdigest()}"

    def get_backend_timeout(self, timeout: Any = DEFAULT_TIMEOUT) -> int | None:
        seconds = super().get_backend_timeout(timeout)
        return MAX_TIMEOUT if seconds is None else min(int(seconds), MAX_TIMEOUT)

    # Reads miss and writes are dropped while Redis fails.
    get = _tolerant(DjangoRedisCache.get, lambda key, default=None, version=None: default)
    get_many = _tolerant(DjangoRedisCache.get_many, lambda *args, **kwargs: {})
    has_key = _tolerant(DjangoRedisCache.has_key, lambda *args, **kwargs: False)
    add = _tolerant(DjangoRedisCache.add, lambda *args, **kwargs: False)
    set = _tolerant(DjangoRedisCache.set, lambda *args, **kwargs: None)
    set_many = _tolerant(DjangoRedisCache.set_many, lambda data, *args, **kwargs: list(data))
    touch = _tolerant(DjangoRedisCache.touch, lambda *args, **kwargs: False)
    incr = _tolerant(DjangoRedisCache.incr, lambda *args, **kwargs: 0)
    delete = _tolerant(DjangoRedisCache.delete, lambda *args, **kwargs: False)
    delete_many = _tolerant(DjangoRedisCache.delete_many, lambda *args, **kwargs: None)
    clear = _tolerant(DjangoRedisCache.clear, lambda: None)
