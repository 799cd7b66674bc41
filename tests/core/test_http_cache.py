"""Anonymous read pages answer conditional GETs from explicit stamps; nothing personal is ever marked public."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages import add_message, constants
from django.contrib.messages.storage.cookie import CookieStorage
from django.contrib.sessions.backends.cache import SessionStore
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.test import RequestFactory
from django.utils import timezone, translation
from django.utils.http import http_date

from core import http_cache
from tests.factories import UserFactory

STAMP = dt.datetime(2026, 11, 2, 9, 30, tzinfo=dt.UTC)


def _request(*, user: Any = None, **headers: str) -> HttpRequest:
    request = RequestFactory().get("/seite/", headers=headers)
    request.user = user or AnonymousUser()
    request.session = SessionStore()
    request._messages = CookieStorage(request)  # type: ignore[attr-defined]
    return request


def _view(calls: list[str], *, stamp: dt.datetime | None = STAMP, body: str = "Seite") -> Any:
    @http_cache.public_for_anonymous(stamp=lambda request: stamp)
    def view(request: HttpRequest) -> HttpResponse:
        calls.append("rendered")
        return HttpResponse(body)

    return view


def test_an_anonymous_page_carries_validators_and_may_be_kept_by_a_proxy_for_a_short_time() -> None:
    response = _view([])(_request())
    assert response.status_code == 200
    assert response["ETag"].startswith('W/"')
    assert response["Last-Modified"]
    assert "public" in response["Cache-Control"] and "max-age=60" in response["Cache-Control"]
    assert {v.strip() for v in response["Vary"].split(",")} >= {"Cookie", "Accept-Language", "HX-Request"}


def test_a_matching_if_none_match_is_answered_304_without_rendering() -> None:
    calls: list[str] = []
    view = _view(calls)
    etag = view(_request())["ETag"]
    response = view(_request(**{"If-None-Match": etag}))
    assert response.status_code == 304 and calls == ["rendered"]
    assert response["ETag"] == etag and "public" in response["Cache-Control"]


def test_a_strong_form_of_the_tag_and_a_list_of_tags_match_too() -> None:
    view = _view([])
    etag = view(_request())["ETag"]
    assert view(_request(**{"If-None-Match": f'"other", {etag[2:]}'})).status_code == 304


def test_a_changed_stamp_renders_again() -> None:
    calls: list[str] = []
    etag = _view(calls)(_request())["ETag"]
    later = _view(calls, stamp=STAMP + dt.timedelta(seconds=1))
    response = later(_request(**{"If-None-Match": etag}))
    assert response.status_code == 200 and response["ETag"] != etag


def test_if_modified_since_is_used_when_no_tag_is_sent() -> None:
    view = _view([])
    last_modified = view(_request())["Last-Modified"]
    assert view(_request(**{"If-Modified-Since": last_modified})).status_code == 304
    earlier = http_date((STAMP - dt.timedelta(days=400)).timestamp())
    assert view(_request(**{"If-Modified-Since": earlier})).status_code == 200


def test_the_tag_differs_per_language_and_for_htmx_partials() -> None:
    view = _view([])
    with translation.override("de"):
        german = view(_request())["ETag"]
        partial = view(_request(**{"HX-Request": "true"}))["ETag"]
    with translation.override("en"):
        english = view(_request())["ETag"]
    assert len({german, english, partial}) == 3


def test_the_tag_changes_with_the_day(monkeypatch: pytest.MonkeyPatch) -> None:
    view = _view([])
    today = view(_request())["ETag"]
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    monkeypatch.setattr(timezone, "localdate", lambda: tomorrow)
    assert view(_request())["ETag"] != today


@pytest.mark.django_db
def test_a_signed_in_person_gets_a_private_answer_without_validators() -> None:
    calls: list[str] = []
    view = _view(calls)
    etag = view(_request())["ETag"]
    response = view(_request(user=UserFactory.create(), **{"If-None-Match": etag}))
    assert response.status_code == 200 and "ETag" not in response
    assert "private" in response["Cache-Control"] and "public" not in response["Cache-Control"]


def test_a_waiting_flash_message_makes_the_page_private() -> None:
    request = _request()
    add_message(request, constants.SUCCESS, "Sie sind abgemeldet.")
    response = _view([])(request)
    assert "private" in response["Cache-Control"] and "ETag" not in response


def test_a_page_that_turned_out_to_need_a_csrf_token_is_not_stored_anywhere() -> None:
    @http_cache.public_for_anonymous(stamp=lambda request: STAMP)
    def view(request: HttpRequest) -> HttpResponse:
        return HttpResponse(f"<input value='{get_token(request)}'>")

    response = view(_request())
    assert "ETag" not in response and "public" not in response["Cache-Control"]
    assert "no-store" in response["Cache-Control"]


def test_a_page_without_a_public_stamp_is_private() -> None:
    response = _view([], stamp=None)(_request())
    assert "ETag" not in response and "private" in response["Cache-Control"]


def test_writes_pass_through_untouched() -> None:
    calls: list[str] = []
    request = RequestFactory().post("/seite/")
    response = _view(calls)(request)
    assert calls == ["rendered"] and "ETag" not in response


def test_latest_picks_the_newest_stamp_or_none() -> None:
    assert http_cache.latest(STAMP, STAMP + dt.timedelta(hours=1)) == STAMP + dt.timedelta(hours=1)
    assert http_cache.latest(STAMP, None) is None
