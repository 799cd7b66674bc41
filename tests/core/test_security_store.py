"""The database store behind rate limits and used TOTP codes behaves like a cache, counts
atomically, and is what allauth uses."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from allauth.core.internal import ratelimit as allauth_ratelimit
from allauth.mfa.totp.internal import auth as allauth_totp
from django.db import connection

from core.models import SecurityEntry
from core.security_store import store

pytestmark = pytest.mark.django_db


def test_it_stores_adds_once_and_forgets_like_a_cache() -> None:
    store.set("history", [1.5, 2.5], 60)
    assert store.get("history") == [1.5, 2.5]
    assert store.get("missing", "default") == "default"
    assert store.add("lock", True, 10) is True
    assert store.add("lock", True, 10) is False  # taken
    assert store.has_key("lock")
    assert store.delete("lock") is True
    assert store.add("lock", True, 10) is True
    assert store.touch("lock", 20) is True


def test_expired_entries_are_gone_and_can_be_added_again() -> None:
    store.set("old", "x", 0)
    assert store.get("old") is None
    assert store.add("old", "new", 60) is True
    assert store.get("old") == "new"


def test_the_periodic_clean_up_removes_only_expired_entries() -> None:
    from core.tasks import delete_expired_security_entries

    store.set("stale", "x", 0)
    store.count("fresh", seconds=60)
    assert delete_expired_security_entries() == 1
    assert SecurityEntry.objects.filter(key__endswith="fresh").exists()
    assert not SecurityEntry.objects.filter(key__endswith="stale").exists()


def test_a_counter_counts_and_restarts_after_it_expired() -> None:
    assert [store.count("c", seconds=60) for _ in range(3)] == [1, 2, 3]
    assert store.current("c") == 3
    SecurityEntry.objects.filter(key__endswith="c").update(expires=0)
    assert store.current("c") == 0
    assert store.count("c", seconds=60) == 1


def test_nothing_is_kept_forever_and_long_keys_are_bounded() -> None:
    key = "allauth:rl:" + "k" * 500
    store.set(key, [1.0], None)
    entry = SecurityEntry.objects.get()
    assert len(entry.key) <= 200
    assert entry.expires < time.time() + 31 * 86400
    assert store.get(key) == [1.0]


def test_allauth_keeps_its_rate_limits_and_used_codes_here() -> None:
    assert allauth_ratelimit.cache is store
    assert allauth_totp.cache is store


def _in_threads(work: Callable[[], Any], *, attempts: int, threads: int = 20) -> list[Any]:
    """Run ``work`` ``attempts`` times from ``threads`` threads that start together."""
    start = threading.Barrier(threads)

    def run(_n: int) -> Any:
        try:
            if _n < threads:
                start.wait()
            return work()
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=threads) as pool:
        return list(pool.map(run, range(attempts)))


@pytest.mark.django_db(transaction=True)
def test_parallel_counting_loses_no_count() -> None:
    counts = _in_threads(lambda: store.count("parallel", seconds=60), attempts=40)
    assert sorted(counts) == list(range(1, 41))
