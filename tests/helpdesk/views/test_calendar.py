"""The coordinators' calendar page and the office page that shows the calendar to everyone."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from helpdesk.models import Closure, ExtraDate, OpeningHours, Slot
from tests.factories import BookingFactory, OfficeFactory, SlotFactory, coordinator_of
from tests.world import SIGNED_IN_ROLES, client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def office():
    return OfficeFactory.create(address="Karl-Peters-Straße 67\n67657 Kaiserslautern", room="Erdgeschoss, Seminarraum")


def test_the_office_page_shows_opening_hours_from_the_data_with_a_lunch_break(client, office):
    OpeningHours.objects.create(office=office, weekday=0, opens=dt.time(9), closes=dt.time(12))
    OpeningHours.objects.create(office=office, weekday=0, opens=dt.time(13), closes=dt.time(16))
    OpeningHours.objects.create(office=office, weekday=2, opens=dt.time(9), closes=dt.time(15))
    page = client.get(reverse("helpdesk:office", args=[office.slug])).text
    assert "Montag</span> 09:00–12:00 und 13:00–16:00" in page
    assert "Mittwoch</span> 09:00–15:00" in page
    assert "Dienstag" not in page
    assert "Erdgeschoss, Seminarraum" in page


def test_the_office_page_names_a_coming_closure(client, office):
    today = timezone.localdate()
    OpeningHours.objects.create(office=office, weekday=0, opens=dt.time(9), closes=dt.time(12))
    Closure.objects.create(office=office, starts_on=today, ends_on=today + dt.timedelta(days=3), reason="Umzug")
    assert "Umzug" in client.get(reverse("helpdesk:office", args=[office.slug])).text


def test_a_coordinator_adds_opening_hours_and_sees_them(signed_in, office):
    client = signed_in(coordinator_of(office))
    url = reverse("helpdesk:office-calendar", args=[office.slug])
    response = client.post(
        url, {"action": "hours", "hours-weekday": 1, "hours-opens": "09:00", "hours-closes": "12:00"}
    )
    assert response.status_code == 302
    assert OpeningHours.objects.get(office=office).weekday == 1
    assert "09:00–12:00" in client.get(url).text


def test_hours_that_end_before_they_start_are_refused_and_kept(signed_in, office):
    client = signed_in(coordinator_of(office))
    url = reverse("helpdesk:office-calendar", args=[office.slug])
    response = client.post(
        url, {"action": "hours", "hours-weekday": 1, "hours-opens": "12:00", "hours-closes": "09:00"}
    )
    assert response.status_code == 200
    assert "Das Ende muss nach dem Beginn liegen." in response.text
    assert 'value="12:00"' in response.text
    assert not OpeningHours.objects.exists()


def test_closing_over_christmas_sends_the_coordinator_to_the_bookings_it_hits(signed_in, office):
    client = signed_in(coordinator_of(office))
    today = timezone.localdate()
    start = timezone.make_aware(dt.datetime.combine(today + dt.timedelta(days=2), dt.time(10)))
    slot = SlotFactory.create(office=office, starts_at=start, ends_at=start + dt.timedelta(hours=1))
    booking = BookingFactory.create(slot=slot, name="Hildegard Becker", phone="0631 52417")
    response = client.post(
        reverse("helpdesk:office-calendar", args=[office.slug]),
        {
            "action": "closure",
            "closure-starts_on": today.isoformat(),
            "closure-ends_on": (today + dt.timedelta(days=9)).isoformat(),
            "closure-reason": "Weihnachtsferien",
        },
        follow=True,
    )
    page = response.text
    assert response.redirect_chain[-1][0] == reverse("helpdesk:office-conflicts", args=[office.slug])
    assert "1 gebuchter Termin liegt darin" in page
    assert "Hildegard Becker" in page and "0631 52417" in page
    assert "Weihnachtsferien" in page
    assert reverse("helpdesk:booking-change", args=[booking.token]) in page
    assert reverse("helpdesk:staff-booking-cancel", args=[booking.pk]) in page


def test_a_single_closed_day_needs_only_its_first_day(signed_in, office):
    client = signed_in(coordinator_of(office))
    day = timezone.localdate() + dt.timedelta(days=5)
    client.post(
        reverse("helpdesk:office-calendar", args=[office.slug]),
        {"action": "closure", "closure-starts_on": day.isoformat(), "closure-reason": "Betriebsausflug"},
    )
    closure = Closure.objects.get()
    assert (closure.starts_on, closure.ends_on) == (day, day)


def test_an_extra_date_is_added_and_removed_again(signed_in, office):
    client = signed_in(coordinator_of(office))
    url = reverse("helpdesk:office-calendar", args=[office.slug])
    day = timezone.localdate() + dt.timedelta(days=10)
    client.post(
        url,
        {
            "action": "extra",
            "extra-day": day.isoformat(),
            "extra-opens": "10:00",
            "extra-closes": "13:00",
            "extra-title": "Fotonachmittag",
            "extra-kind": "workshop",
            "extra-capacity": 6,
        },
    )
    extra = ExtraDate.objects.get()
    assert Slot.objects.filter(extra_date=extra).count() == 1
    client.post(url, {"action": "delete-extra", "pk": extra.pk})
    assert not ExtraDate.objects.exists() and not Slot.objects.exists()


def test_nobody_removes_another_offices_calendar(signed_in, office):
    other = OfficeFactory.create()
    hours = OpeningHours.objects.create(office=other, weekday=0, opens=dt.time(9), closes=dt.time(12))
    client = signed_in(coordinator_of(office))
    url = reverse("helpdesk:office-calendar", args=[office.slug])
    assert client.post(url, {"action": "delete-hours", "pk": hours.pk}).status_code == 404
    assert client.post(url, {"action": "delete-hours", "pk": "abc"}).status_code == 400  # not an id
    assert OpeningHours.objects.filter(pk=hours.pk).exists()


@pytest.mark.parametrize("role", [role for role in SIGNED_IN_ROLES if role not in {"coordinator_a", "administrator"}])
def test_only_the_offices_coordinators_change_its_calendar(world, role):
    client = client_for(world, role)
    url = reverse("helpdesk:office-calendar", args=[world.office_a.slug])
    response = client.post(
        url, {"action": "hours", "hours-weekday": 1, "hours-opens": "09:00", "hours-closes": "12:00"}
    )
    assert response.status_code == 403
    assert not OpeningHours.objects.exists()
