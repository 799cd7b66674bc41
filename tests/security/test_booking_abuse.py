"""The guest booking form: honeypot, rate limit per person and per address."""

from __future__ import annotations

import datetime as dt
import http.cookiejar
import re
import threading
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from django.core.servers.basehttp import ThreadedWSGIServer
from django.test import Client, override_settings
from django.test.testcases import LiveServerThread, _StaticFilesHandler
from django.urls import reverse
from django.utils import timezone

from helpdesk.models import Booking
from tests.factories import OfficeFactory, SlotFactory

pytestmark = pytest.mark.django_db
GUEST = {"name": "Erna Beispiel", "phone": "0631 123456", "consent": "on"}


def _slots(count: int) -> list[Any]:
    office = OfficeFactory.create()
    start = timezone.now() + dt.timedelta(days=2)
    return [
        SlotFactory.create(office=office, kind="workshop", capacity=10, starts_at=start + dt.timedelta(hours=2 * n))
        for n in range(count)
    ]


def _book(client: Client, slot: Any, **data: Any) -> Any:
    return client.post(reverse("helpdesk:book", args=[slot.pk]), {**GUEST, **data}, REMOTE_ADDR="203.0.113.5")


def test_the_guest_booking_form_carries_a_hidden_honeypot(client: Client) -> None:
    (slot,) = _slots(1)
    page = client.get(reverse("helpdesk:book", args=[slot.pk])).content.decode()
    assert '<div class="honeypot" aria-hidden="true">' in page
    assert page.count('name="website"') == 1


def test_a_filled_in_honeypot_refuses_a_booking_with_400(client: Client) -> None:
    (slot,) = _slots(1)
    response = _book(client, slot, website="http://spam.example")
    assert response.status_code == 400
    assert "Spamfilter" in response.content.decode()
    assert not Booking.objects.exists()


@override_settings(ABUSE_RATE_LIMITS={"booking": "3/h/ip"})
def test_many_bookings_from_one_address_are_refused_with_429(client: Client) -> None:
    slots = _slots(4)
    for n, slot in enumerate(slots[:3]):
        assert _book(client, slot, phone=f"0631 55{n}").status_code == 302
    response = _book(client, slots[3], phone="0631 559")
    assert response.status_code == 429
    assert "Bitte warten Sie 60 Minuten" in response.content.decode()
    assert Booking.objects.count() == 3


@override_settings(ABUSE_RATE_LIMITS={"booking": "2/h/user"})
def test_many_bookings_by_one_person_through_the_api_are_refused_with_429(client: Client) -> None:
    from tests.factories import UserFactory

    client.force_login(UserFactory.create(phone="0631 777"))
    slots = _slots(3)
    for slot in slots[:2]:
        response = client.post("/api/bookings/", {"slot": slot.pk, "consent": True}, content_type="application/json")
        assert response.status_code == 201, response.content
    response = client.post("/api/bookings/", {"slot": slots[2].pk, "consent": True}, content_type="application/json")
    assert response.status_code == 429
    assert Booking.objects.count() == 2


def _book_over_http(base: str, slot: Any, phone: str, start: threading.Barrier) -> int:
    """One person at the shared address: open the form (for the CSRF token), wait for the others, press "book"."""
    cookies = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(
        urllib.request.HTTPCookieProcessor(cookies), _NoRedirect, urllib.request.HTTPErrorProcessor
    )
    url = base + reverse("helpdesk:book", args=[slot.pk])
    with opener.open(url, timeout=30) as form_page:
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form_page.read().decode())
    assert token is not None
    body = urllib.parse.urlencode({**GUEST, "phone": phone, "csrfmiddlewaretoken": token.group(1)}).encode()
    request = urllib.request.Request(url, data=body, headers={"Referer": url})  # noqa: S310 - the test's own server
    start.wait(timeout=30)
    try:
        with opener.open(request, timeout=60) as answer:
            return int(answer.status)
    except urllib.error.HTTPError as refused:
        return refused.code


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


class _RoomyServer(ThreadedWSGIServer):
    # socketserver's backlog of 5 resets some of 40 simultaneous connections; gunicorn's is 2048.
    request_queue_size = 64


class _RoomyLiveServer(LiveServerThread):
    server_class = _RoomyServer


@pytest.fixture
def live_server_url(transactional_db: Any) -> Iterator[str]:
    """A threaded server of the site: each request in its own thread with its own database connection."""
    server = _RoomyLiveServer("127.0.0.1", _StaticFilesHandler)
    server.daemon = True
    server.start()
    server.is_ready.wait()
    if server.error:
        raise server.error
    try:
        yield f"http://127.0.0.1:{server.port}"
    finally:
        server.terminate()


@override_settings(ABUSE_RATE_LIMITS={"booking": "20/h/ip"})
def test_forty_parallel_bookings_from_one_address_against_a_limit_of_twenty_create_exactly_twenty(
    live_server_url: str,
) -> None:
    # A workshop with room for everybody, so only the limit can refuse; every request its own
    # thread of the live server and its own database connection.
    office = OfficeFactory.create()
    slot = SlotFactory.create(
        office=office, kind="workshop", capacity=50, starts_at=timezone.now() + dt.timedelta(days=2)
    )
    start = threading.Barrier(40)
    with ThreadPoolExecutor(max_workers=40) as pool:
        answers = list(pool.map(lambda n: _book_over_http(live_server_url, slot, f"0631 5{n:05d}", start), range(40)))
    assert sorted(answers) == [302] * 20 + [429] * 20
    assert Booking.objects.filter(slot=slot).count() == 20
