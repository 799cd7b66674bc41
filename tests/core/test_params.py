"""Query and form parameters are read by one set of helpers: a bad value is a 400 that says
which parameter is wrong and what it expects, never a server error."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.http import QueryDict
from django.test import Client, override_settings
from django.utils import timezone, translation

from core import params
from core.params import ParameterError
from helpdesk.models import BookingStatus

HOSTILE = ["abc", "1e3", "0x10", "1.5", "9" * 20, "99999999999999999999999", "\x00", "x" * 10_000, "٣", "--1"]
HOSTILE_DATES = ["9999-12-31", "0001-01-01", "2026-02-30", "2026-1-1", "26-01-01", "abc", "\x00", "1" * 10_000]


def _q(**values: str) -> QueryDict:
    query = QueryDict(mutable=True)
    query.update(values)
    return query


@pytest.mark.parametrize("value", HOSTILE_DATES)
def test_a_date_that_is_not_a_sane_day_is_refused_naming_the_parameter(value: str) -> None:
    with translation.override("en"), pytest.raises(ParameterError) as refused:
        params.date(_q(tag=value), "tag")
    assert refused.value.name == "tag"
    assert "“tag” must be a date between" in refused.value.message


def test_a_date_is_read_within_five_years_of_today_by_default() -> None:
    today = timezone.localdate()
    assert params.date(_q(tag=" 2026-03-29 "), "tag", earliest=dt.date(2026, 1, 1)) == dt.date(2026, 3, 29)
    assert params.date(_q(tag=today.isoformat()), "tag") == today
    in_six_years = today.replace(year=today.year + 6, day=min(today.day, 28))
    with pytest.raises(ParameterError):
        params.date(_q(tag=in_six_years.isoformat()), "tag")
    with pytest.raises(ParameterError):
        params.date(_q(tag="2026-12-24"), "tag", latest=dt.date(2026, 12, 23))


def test_a_missing_or_blank_parameter_gives_the_default_or_is_refused_when_required() -> None:
    today = timezone.localdate()
    assert params.date(_q(), "tag", default=today) == today
    assert params.date(_q(tag="  "), "tag", default=None) is None
    with translation.override("de"), pytest.raises(ParameterError, match=r"Der Parameter „tag“ fehlt\."):
        params.date(_q(), "tag")


@pytest.mark.parametrize("value", HOSTILE)
def test_a_whole_number_must_be_plain_digits_in_range(value: str) -> None:
    with translation.override("en"), pytest.raises(ParameterError, match="“woche” must be a whole number from 0 to 8"):
        params.integer(_q(woche=value), "woche", minimum=0, maximum=8)


def test_a_whole_number_in_range_is_read() -> None:
    assert params.integer(_q(woche=" 7 "), "woche", minimum=0, maximum=8) == 7
    assert params.integer(_q(tage="+90"), "tage", minimum=7, maximum=730) == 90
    assert params.integer(_q(), "tage", default=90, minimum=7, maximum=730) == 90
    with pytest.raises(ParameterError):
        params.integer(_q(tage="731"), "tage", minimum=7, maximum=730)
    with translation.override("de"), pytest.raises(ParameterError, match=r"von 7 bis 1\.000\.000"):
        params.integer(_q(tage="0"), "tage", minimum=7, maximum=1_000_000)


@pytest.mark.parametrize("value", [*HOSTILE, "0", "-5", "9223372036854775808"])
def test_an_id_must_be_a_positive_number_that_fits_the_database(value: str) -> None:
    with pytest.raises(ParameterError) as refused:
        params.object_id(_q(idea=value), "idea")
    assert refused.value.name == "idea"


def test_an_id_is_read_up_to_the_largest_bigint() -> None:
    assert params.object_id(_q(idea="42"), "idea") == 42
    assert params.object_id(_q(idea="9223372036854775807"), "idea") == 2**63 - 1
    assert params.object_id(_q(), "idea", default=None) is None


def test_a_choice_must_be_one_of_the_offered_values() -> None:
    assert params.choice(_q(ansicht="woche"), "ansicht", ["tag", "woche"]) == "woche"
    assert params.choice(_q(status="attended"), "status", BookingStatus) == "attended"
    assert params.choice(_q(), "ansicht", ["tag", "woche"], default="tag") == "tag"
    with translation.override("en"), pytest.raises(ParameterError, match=r"“ansicht” must be one of: tag, woche\."):
        params.choice(_q(ansicht="monat"), "ansicht", ["tag", "woche"])
    with pytest.raises(ParameterError):
        params.choice(_q(status="x" * 10_000), "status", BookingStatus)


def test_text_is_bounded_and_free_of_control_characters() -> None:
    assert params.text(_q(q="  Müller "), "q", max_length=10) == "Müller"
    assert params.text(_q(), "q", default="") == ""
    for bad in ["x" * 11, "Mül\x00ler", "a\x1bb"]:
        with translation.override("en"), pytest.raises(ParameterError, match="at most 10 characters"):
            params.text(_q(q=bad), "q", max_length=10)


def test_the_last_of_repeated_values_counts() -> None:
    assert params.integer(QueryDict("woche=1&woche=3"), "woche", minimum=0, maximum=8) == 3


# The answer a person gets, through the whole middleware stack of the site.


@override_settings(ROOT_URLCONF="tests.core.params_urls")
def test_a_bad_parameter_is_a_400_page_in_the_site_layout_in_german(client: Client, db: Any) -> None:
    response = client.get("/test-params/", {"tag": "9999-12-31"})
    assert response.status_code == 400
    body = response.content.decode()
    assert "Der Parameter „tag“ muss ein Datum zwischen" in body
    assert 'class="main-nav"' in body  # the base layout, with its way back


@override_settings(ROOT_URLCONF="tests.core.params_urls")
def test_a_bad_parameter_is_explained_in_english_to_english_readers(client: Client, db: Any) -> None:
    response = client.get("/test-params/", {"tag": "2026-05-04", "woche": "1e3"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert "The parameter “woche” must be a whole number from 0 to 8." in response.content.decode()


@override_settings(ROOT_URLCONF="tests.core.params_urls")
def test_an_htmx_request_with_a_bad_parameter_gets_the_message_alone(client: Client, db: Any) -> None:
    response = client.get("/test-params/", {"tag": "abc"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 400
    body = response.content.decode()
    assert 'role="alert"' in body
    assert "„tag“" in body
    assert "<html" not in body


@override_settings(ROOT_URLCONF="tests.core.params_urls")
def test_an_api_request_with_a_bad_parameter_gets_json_naming_it(client: Client, db: Any) -> None:
    response = client.get("/api/test-params/", {"idea": "99999999999999999999999"})
    assert response.status_code == 400
    assert response.json()["parameter"] == "idea"
    assert "„idea“" in response.json()["detail"]
    assert client.get("/api/test-params/", {"idea": "42"}).json() == {"id": 42}


@override_settings(ROOT_URLCONF="tests.core.params_urls")
def test_good_parameters_reach_the_view(client: Client, db: Any) -> None:
    today = timezone.localdate().isoformat()
    assert client.get("/test-params/", {"tag": today, "woche": "2"}).content.decode() == f"{today} 2"
