"""The Redis cache backend keeps one client per connection pool, behaves like Django's, and
never raises into a request, whatever fault Redis has."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings

import core.cache
from core.cache import MAX_KEY_LENGTH, MAX_TIMEOUT, RedisCache
from tests.security.redis_server import RedisServer, own_redis


@pytest.fixture(autouse=True)
def _no_memory_of_earlier_failures(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(core.cache, "_resting_until", {})


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


def test_an_unreachable_redis_reads_as_misses_and_drops_writes(caplog):
    down = RedisCache("redis://127.0.0.1:1/0", {"OPTIONS": {"socket_connect_timeout": 1}})
    assert down.get("a", "default") == "default"
    assert down.get_many(["a", "b"]) == {}
    assert down.add("a", 1) is False
    down.set("a", 1)
    assert down.incr("a") == 0
    assert "Cache failed during get (ConnectionError" in caplog.text


# Faults of a real Redis of the test's own: the cache never raises into a request.


@pytest.fixture
def own(tmp_path: Path) -> Iterator[RedisServer]:
    with own_redis(tmp_path) as server:
        yield server


def _on(server: RedisServer) -> RedisCache:
    return RedisCache(server.url, {"OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1}})


def _works_as_a_cache_with_faults_as_misses(backend: RedisCache) -> None:
    backend.set("a", 1)
    assert backend.get("a", "missed") == "missed"
    assert backend.add("b", 1) is False
    assert backend.get_many(["a", "b"]) == {}
    assert backend.incr("a") == 0
    backend.delete("a")


def test_a_full_redis_drops_writes_and_answers_misses(own: RedisServer, caplog: pytest.LogCaptureFixture) -> None:
    own.fill()
    _works_as_a_cache_with_faults_as_misses(_on(own))
    assert "OutOfMemoryError" in caplog.text


def test_a_read_only_replica_drops_writes_and_answers_misses(
    own: RedisServer, caplog: pytest.LogCaptureFixture
) -> None:
    own.kill()
    own.start("--replicaof", "127.0.0.1", "9")
    _works_as_a_cache_with_faults_as_misses(_on(own))
    assert "ReadOnlyError" in caplog.text


def test_a_hung_redis_costs_one_timeout_then_the_cache_steps_aside(own: RedisServer) -> None:
    backend = _on(own)
    own.pause()
    try:
        assert backend.get("a", "missed") == "missed"  # waited for the socket timeout once
        assert backend.resting()
        backend.set("during-the-rest", 1)  # not even tried
    finally:
        own.resume()
    assert own.client().exists(backend.make_key("during-the-rest")) == 0


def test_after_its_rest_the_cache_uses_redis_again(own: RedisServer, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(RedisCache, "retry_after", 0.0)
    backend = _on(own)
    own.kill()
    assert backend.get("a") is None
    own.start()
    backend.set("a", 1)
    assert backend.get("a") == 1


def test_long_keys_are_hashed_and_nothing_is_kept_forever(own: RedisServer) -> None:
    backend = _on(own)
    long_key = "page:/mitwirkung/?" + "q=x&" * 500
    backend.set(long_key, "page", timeout=None)
    assert backend.get(long_key) == "page"
    (stored,) = own.client().keys("*")
    assert len(stored) <= MAX_KEY_LENGTH
    assert 0 < own.client().ttl(stored) <= MAX_TIMEOUT
