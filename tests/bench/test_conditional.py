"""Revalidating what a page answered: the conditional headers and the share of 304s."""

from __future__ import annotations

from bench.conditional import conditional_headers, share_304


def test_an_etag_and_a_last_modified_date_are_sent_back_as_conditions() -> None:
    headers = {"etag": 'W/"p17-1700000000"', "Last-Modified": "Sun, 22 Nov 2026 03:21:00 GMT", "Vary": "Cookie"}

    assert conditional_headers(headers) == {
        "If-None-Match": 'W/"p17-1700000000"',
        "If-Modified-Since": "Sun, 22 Nov 2026 03:21:00 GMT",
    }


def test_a_page_without_validators_is_loaded_without_conditions() -> None:
    assert conditional_headers({"Content-Type": "text/html", "Vary": "Cookie"}) == {}


def test_the_share_of_304s_counts_only_not_modified_answers() -> None:
    assert share_304({"304": 750, "200": 250}, 1000) == 0.75
    assert share_304({"200": 1000}, 1000) == 0.0
    assert share_304({}, 0) is None
