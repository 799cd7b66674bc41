"""Labels in the reader's language on every staff and senior page: device names, never codes or English placeholders."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from helpdesk import services
from helpdesk.models import Device, Volunteer
from tests.factories import OfficeFactory, coordinator_of
from tests.helpdesk.factories import TopicFactory, helper_at, one_to_one

pytestmark = pytest.mark.django_db
CODES = re.compile(r"(?<![\w/.=\"'-])(android|iphone|windows|mac|other)(?![\w/.=\"'-])")


def visible_text(html: str) -> str:
    """The page without tags, attribute values, scripts and styles: what people read."""
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"<[^>]+>", " ", html)


@pytest.fixture
def desk():
    office = OfficeFactory.create(slug="a", loan_devices={"android": 2, "iphone": 1})
    topic = TopicFactory.create(name="Fotos")
    volunteer = helper_at(office, topics=[topic], devices=[Device.ANDROID, Device.IPHONE])
    start = timezone.localtime(timezone.now() + dt.timedelta(days=3)).replace(hour=10, minute=0, second=0)
    slot = one_to_one(office, volunteer, starts_at=start)
    booking = services.booking_create(
        slot=slot, name="Hilde Hausmann", phone="0631 424242", topic=topic, device="iphone", consent=True
    )
    services.waitlist_join(
        office=office,
        day=timezone.localtime(start).date(),
        name="Erna Beispiel",
        phone="0631 52417",
        topic=topic,
        device="windows",
        consent=True,
    )
    return {"office": office, "volunteer": volunteer, "slot": slot, "booking": booking, "start": start}


def test_staff_pages_name_devices_in_german_and_show_no_english_placeholder(desk, signed_in):
    office = desk["office"]
    day = timezone.localtime(desk["start"]).date().isoformat()
    coordinator = signed_in(coordinator_of(office))
    pages = [
        reverse("helpdesk:office-plan", args=[office.slug]) + f"?tag={day}",
        reverse("helpdesk:day-list", args=[office.slug]) + f"?tag={day}",
        reverse("helpdesk:office-volunteers", args=[office.slug]),
        reverse("helpdesk:office-stats", args=[office.slug]),
        reverse("helpdesk:office-waitlist", args=[office.slug]),
        reverse("helpdesk:office-waitlist-offer", args=[office.slug, office.waitlist.get().pk]),
        reverse("helpdesk:office", args=[office.slug]),
        reverse("helpdesk:waitlist-join", args=[office.slug]),
        reverse("helpdesk:booking-detail", args=[desk["booking"].token]),
    ]
    for url in pages:
        html = coordinator.get(url).content.decode()
        text = visible_text(html)
        assert not CODES.search(text), f"{url}: device code {CODES.search(text)}"
        assert "Select an option" not in html, url
        assert "---------" not in html, url
    day_list = visible_text(coordinator.get(pages[1]).content.decode())
    assert "iPhone oder iPad" in day_list
    volunteers = visible_text(coordinator.get(pages[2]).content.decode())
    assert "Android-Smartphone oder -Tablet, iPhone oder iPad" in volunteers
    waitlist = visible_text(coordinator.get(pages[4]).content.decode())
    assert "Windows-Computer" in waitlist or "Windows" in waitlist


def test_the_volunteers_own_pages_name_devices_in_german(desk, signed_in):
    volunteer = signed_in(desk["volunteer"])
    for url in (reverse("helpdesk:my-appointments"), reverse("helpdesk:my-availability")):
        html = volunteer.get(url).content.decode()
        assert not CODES.search(visible_text(html)), url
        assert "Select an option" not in html, url


def test_english_readers_get_english_device_names_and_placeholders(desk, signed_in):
    browser = signed_in(coordinator_of(desk["office"], preferred_language="en"))
    waitlist = browser.get(reverse("helpdesk:office-waitlist", args=[desk["office"].slug])).content.decode()
    assert "Windows computer" in waitlist
    join = browser.get(reverse("helpdesk:waitlist-join", args=[desk["office"].slug])).content.decode()
    assert "Android smartphone or tablet" in join
    assert "Select an option" not in join
    profile = Volunteer.objects.get(user=desk["volunteer"])
    with translation.override("de"):
        assert profile.device_labels == ["Android-Smartphone oder -Tablet", "iPhone oder iPad"]
    with translation.override("en"):
        assert profile.device_labels == ["Android smartphone or tablet", "iPhone or iPad"]
