"""Django's Redis cache, keeping one client per connection pool and riding out a Redis outage.

Django builds a new ``redis.Redis`` object for every cache operation, and each one fills
a table of about 170 response callbacks: a quarter of the time of a page answered from
the page cache went there (BENCHMARKS.md). A client is thread-safe and only borrows
connections from its pool, so one per pool does the same work.

Every request reads the cache (sessions, page versions, roles). When Redis cannot be
reached, reads miss and writes are dropped with a warning instead of failing the request:
pages are rendered afresh from the database, sessions come from the database
(``cached_db``), and ``/healthz`` reports the outage.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from typing import Any

from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)
_UNREACHABLE = (RedisConnectionError, RedisTimeoutError)


def _unreachable(operation: str, error: Exception) -> None:
    logger.warning("Cache unreachable during %s (%s); carrying on without it.", operation, error)


def _tolerant(method: Callable[..., Any], fallback: Callable[..., Any]) -> Any:
    """``method``, answering ``fallback(*args, **kwargs)`` instead when Redis cannot be reached."""

    @functools.wraps(method)
    def wrapper(self: Any, *args: Any, **kwargs: Any) -> Any:
        try:
            return method(self, *args, **kwargs)
        except _UNREACHABLE as error:
            _unreachable(method.__name__, error)
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
    def __init__(self, server: str, params: dict[str, Any]) -> None:
        super().__init__(server, params)
        self._class = _ReusingClient

    def _bump_counter(self, key: str, start: int) -> int:
        """Add one to a counter kept forever, creating it at ``start`` when missing: one round trip.

        Django's ``incr`` asks whether the key exists first and fails when it does not.
        """
        key = self.make_and_validate_key(key)
        pipe = self._cache.get_client(key, write=True).pipeline(transaction=False)
        pipe.set(key, start, nx=True)
        pipe.incr(key)
        return int(pipe.execute()[1])

    # Reads miss and writes are dropped while Redis cannot be reached.
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
    bump_counter = _tolerant(_bump_counter, lambda *args, **kwargs: 0)
