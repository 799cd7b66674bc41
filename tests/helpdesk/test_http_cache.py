"""Conditional GETs of the public helpdesk pages, from the offices' change stamps."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from helpdesk import services
from tests.factories import OfficeFactory, UserFactory
from tests.helpdesk.factories import week_of, workshop

pytestmark = pytest.mark.django_db


@pytest.fixture
def office():
    return OfficeFactory.create(phone="0631 365-4411")


def pages(office, slot):
    return [
        reverse("helpdesk:start"),
        reverse("helpdesk:office", args=[office.slug]),
        reverse("helpdesk:slots", args=[office.slug]) + f"?woche={week_of(slot.starts_at)}",
    ]


def test_public_pages_answer_a_conditional_get_with_304(client, office):
    slot = workshop(office)
    for url in pages(office, slot):
        first = client.get(url)
        assert first.status_code == 200
        assert first["ETag"] and first["Last-Modified"]
        assert "max-age=60" in first["Cache-Control"]
        again = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
        assert again.status_code == 304, url
        assert not again.content


def test_a_first_visit_is_public_and_sets_no_cookie(client, office):
    slot = workshop(office)
    for url in pages(office, slot):
        first = client.get(url)
        assert "public" in first["Cache-Control"], url
        assert not first.cookies, url  # no CSRF token or session for a proxy to hand on
        assert "Cookie" in first["Vary"]


def test_a_booking_changes_the_free_times_page(client, office, django_capture_on_commit_callbacks):
    slot = workshop(office, capacity=8)
    url = pages(office, slot)[2]
    before = client.get(url)["ETag"]
    with django_capture_on_commit_callbacks(execute=True):
        services.booking_create(slot=slot, name="Hilde", phone="0631 52417", consent=True)
    after = client.get(url, HTTP_IF_NONE_MATCH=before)
    assert after.status_code == 200
    assert "7 Plätze frei" in after.text


def test_a_closure_changes_the_office_page(client, office):
    slot = workshop(office)
    url = pages(office, slot)[1]
    before = client.get(url)["ETag"]
    services.closure_create(
        office=office, starts_on=timezone.localdate(), ends_on=timezone.localdate(), reason="Betriebsausflug"
    )
    assert client.get(url, HTTP_IF_NONE_MATCH=before).status_code == 200


def test_a_time_that_has_begun_is_not_kept_by_the_browser(client, office):
    soon = workshop(office, starts_at=timezone.now() + dt.timedelta(hours=1))
    later = workshop(office, starts_at=soon.starts_at + dt.timedelta(hours=3))
    url = pages(office, later)[2]
    # The office's plan last changed before the first time begins, as it does when slots are made ahead.
    type(office).objects.filter(pk=office.pk).update(plan_changed_at=timezone.now() - dt.timedelta(hours=2))
    before = client.get(url)["ETag"]
    type(soon).objects.filter(pk=soon.pk).update(  # as if an hour had passed
        starts_at=timezone.now() - dt.timedelta(minutes=1), ends_at=timezone.now() + dt.timedelta(hours=1)
    )
    assert client.get(url, HTTP_IF_NONE_MATCH=before).status_code == 200


def test_signed_in_people_get_their_page_without_validators(signed_in, office):
    slot = workshop(office)
    client = signed_in(UserFactory.create())
    for url in pages(office, slot):
        response = client.get(url)
        assert response.status_code == 200
        assert not response.has_header("ETag")
        assert "private" in response["Cache-Control"]
