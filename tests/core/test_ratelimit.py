"""Rate limits count first and refuse when over, atomically: parallel attempts cannot slip past."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory, override_settings
from rest_framework.exceptions import Throttled

from core import ratelimit
from tests.core.test_security_store import _in_threads
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _request(rf: RequestFactory, user: Any = None, ip: str = "203.0.113.7") -> Any:
    request = rf.post("/", REMOTE_ADDR=ip)
    request.user = user or AnonymousUser()
    return request


@override_settings(ABUSE_RATE_LIMITS={"booking": "2/h/user,3/h/ip"})
def test_hit_counts_and_the_attempt_over_the_limit_gets_the_429_page(rf: RequestFactory) -> None:
    request = _request(rf, UserFactory.create())
    assert ratelimit.hit(request, "booking") is None
    assert ratelimit.hit(request, "booking") is None
    refusal = ratelimit.hit(request, "booking")
    assert refusal is not None
    assert refusal.status_code == 429
    assert refusal["Retry-After"] == "3600"
    # Another person at the same address has one left of the address's three.
    assert ratelimit.hit(_request(rf, UserFactory.create()), "booking") is not None


@override_settings(ABUSE_RATE_LIMITS={"idea": "1/h/ip"})
def test_throttle_raises_drfs_throttled_for_api_views(rf: RequestFactory) -> None:
    ratelimit.throttle(_request(rf), "idea")
    with pytest.raises(Throttled) as refused:
        ratelimit.throttle(_request(rf), "idea")
    assert "warten Sie 60 Minuten" in str(refused.value.detail)


@override_settings(ABUSE_RATE_LIMITS={"comment": "2/h/user"})
def test_an_action_without_a_limit_for_guests_is_not_counted_for_them(rf: RequestFactory) -> None:
    assert [ratelimit.hit(_request(rf), "comment") for _ in range(5)] == [None] * 5


@pytest.mark.django_db(transaction=True)
@override_settings(ABUSE_RATE_LIMITS={"booking": "20/h/ip"})
def test_forty_parallel_attempts_against_a_limit_of_twenty_let_exactly_twenty_through(rf: RequestFactory) -> None:
    outcomes = _in_threads(lambda: ratelimit.hit(_request(rf), "booking") is None, attempts=40)
    assert outcomes.count(True) == 20


@override_settings(ABUSE_RATE_LIMITS={"waitlist": "100/h/ip,2/d/contact"})
def test_a_contact_limit_counts_one_phone_number_whatever_address_it_comes_from(rf: RequestFactory) -> None:
    answers = [
        ratelimit.hit(_request(rf, ip=f"198.51.100.{n}"), "waitlist", contact="+4963152417") for n in range(1, 4)
    ]
    assert [answer is None for answer in answers] == [True, True, False]
    # Another number is counted on its own; without a contact only the address counts.
    assert ratelimit.hit(_request(rf), "waitlist", contact="+4963152418") is None
    assert all(ratelimit.hit(_request(rf), "waitlist") is None for _ in range(5))


def test_a_contact_limit_is_written_like_the_others() -> None:
    assert ratelimit.parse("5/d/contact") == [ratelimit.Rate(5, 86400, "contact")]
