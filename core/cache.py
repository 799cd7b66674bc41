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

import logging
from typing import Any

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)
_UNREACHABLE = (RedisConnectionError, RedisTimeoutError)


def _unreachable(operation: str, error: Exception) -> None:
    logger.warning("Cache unreachable during %s (%s); carrying on without it.", operation, error)


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

    def bump_counter(self, key: str, start: int) -> int:
        """Add one to a counter kept forever, creating it at ``start`` when missing: one round trip.

        Django's ``incr`` asks whether the key exists first and fails when it does not.
        Returns 0 when Redis cannot be reached.
        """
        key = self.make_and_validate_key(key)
        try:
            client = self._cache.get_client(key, write=True)
            pipe = client.pipeline(transaction=False)
            pipe.set(key, start, nx=True)
            pipe.incr(key)
            return int(pipe.execute()[1])
        except _UNREACHABLE as error:
            _unreachable("bump_counter", error)
            return 0

    # Reads miss and writes are dropped while Redis cannot be reached.

    def get(self, key: Any, default: Any = None, version: int | None = None) -> Any:
        try:
            return super().get(key, default, version)
        except _UNREACHABLE as error:
            _unreachable("get", error)
            return default

    def get_many(self, keys: Any, version: int | None = None) -> dict[Any, Any]:
        try:
            return super().get_many(keys, version)
        except _UNREACHABLE as error:
            _unreachable("get_many", error)
            return {}

    def has_key(self, key: Any, version: int | None = None) -> bool:
        try:
            return super().has_key(key, version)
        except _UNREACHABLE as error:
            _unreachable("has_key", error)
            return False

    def add(self, key: Any, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None) -> bool:
        try:
            return super().add(key, value, timeout, version)
        except _UNREACHABLE as error:
            _unreachable("add", error)
            return False

    def set(self, key: Any, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None) -> None:
        try:
            super().set(key, value, timeout, version)
        except _UNREACHABLE as error:
            _unreachable("set", error)

    def set_many(self, data: dict[Any, Any], timeout: Any = DEFAULT_TIMEOUT, version: int | None = None) -> list[Any]:
        try:
            return super().set_many(data, timeout, version)
        except _UNREACHABLE as error:
            _unreachable("set_many", error)
            return list(data)

    def touch(self, key: Any, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None) -> bool:
        try:
            return super().touch(key, timeout, version)
        except _UNREACHABLE as error:
            _unreachable("touch", error)
            return False

    def incr(self, key: Any, delta: int = 1, version: int | None = None) -> int:
        try:
            return super().incr(key, delta, version)
        except _UNREACHABLE as error:
            _unreachable("incr", error)
            return 0

    def delete(self, key: Any, version: int | None = None) -> bool:
        try:
            return super().delete(key, version)
        except _UNREACHABLE as error:
            _unreachable("delete", error)
            return False

    def delete_many(self, keys: Any, version: int | None = None) -> None:
        try:
            super().delete_many(keys, version)
        except _UNREACHABLE as error:
            _unreachable("delete_many", error)
