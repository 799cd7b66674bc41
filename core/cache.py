"""Django's Redis cache, keeping one client per connection pool.

Django builds a new ``redis.Redis`` object for every cache operation, and each one fills
a table of about 170 response callbacks: a quarter of the time of a page answered from
the page cache went there (BENCHMARKS.md). A client is thread-safe and only borrows
connections from its pool, so one per pool does the same work.
"""

from __future__ import annotations

from typing import Any

from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient


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
        """
        key = self.make_and_validate_key(key)
        client = self._cache.get_client(key, write=True)
        pipe = client.pipeline(transaction=False)
        pipe.set(key, start, nx=True)
        pipe.incr(key)
        return int(pipe.execute()[1])
