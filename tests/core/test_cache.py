"""The Redis cache backend keeps one client per connection pool and still behaves like Django's."""

from __future__ import annotations

from django.conf import settings

from core.cache import RedisCache


def _backend() -> RedisCache:
    return RedisCache(settings.REDIS_URL or "redis://127.0.0.1:6379/15", {"KEY_PREFIX": "test-core-cache"})


def test_operations_share_one_client():
    backend = _backend()
    first = backend._cache.get_client(write=True)
    backend.set("a", 1)
    backend.get("a")
    assert backend._cache.get_client(write=False) is first


def test_it_stores_counts_and_forgets_like_djangos():
    backend = _backend()
    backend.delete_many(["n", "m"])
    backend.set("n", {"roles": frozenset({1, 2})}, 30)
    assert backend.get("n") == {"roles": frozenset({1, 2})}
    assert backend.add("m", 1, None)
    assert backend.incr("m") == 2
    assert backend.get_many(["n", "m", "missing"]) == {"n": {"roles": frozenset({1, 2})}, "m": 2}
    backend.delete_many(["n", "m"])
    assert backend.get("n") is None


def test_a_counter_starts_where_asked_and_counts_in_one_call():
    backend = _backend()
    backend.delete("v")
    assert backend.bump_counter("v", 1000) == 1001
    assert backend.bump_counter("v", 5) == 1002
    assert backend.get("v") == 1002
    backend.delete("v")


def test_an_unreachable_redis_reads_as_misses_and_drops_writes(caplog):
    down = RedisCache("redis://127.0.0.1:1/0", {"OPTIONS": {"socket_connect_timeout": 1}})
    assert down.get("a", "default") == "default"
    assert down.get_many(["a", "b"]) == {}
    assert down.add("a", 1) is False
    down.set("a", 1)
    assert down.incr("a") == 0
    assert down.bump_counter("v", 5) == 0
    assert "Cache unreachable" in caplog.text
