"""The coordinators' waitlist in a real Chromium, on a tablet (820 px) and a desktop (1280 px).

A place is free on the day two people wait for; the coordinator opens the office's
waitlist, calls the first one (a landline, no e-mail) and books the place while she
is on the phone.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, ViewportSize, expect

from accounts.models import User
from helpdesk import services
from helpdesk.models import Booking, Channel, Device, Office, Slot, Topic, WaitlistEntry, WaitlistStatus
from helpdesk.opening import public_holidays
from tests.browser.conftest import DESKTOP, PHONE, axe_check, login, screenshot
from tests.factories import coordinator_of
from tests.helpdesk.factories import TopicFactory, helper_at, one_to_one

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TABLET: ViewportSize = {"width": 820, "height": 1180}
WIDTHS = pytest.mark.parametrize("viewport", [TABLET, DESKTOP], ids=["tablet", "desktop"])


def a_working_day_ahead() -> dt.date:
    day = timezone.localdate() + dt.timedelta(days=3)
    closed = public_holidays(day, day + dt.timedelta(days=14))
    while day.weekday() >= 5 or day in closed:
        day += dt.timedelta(days=1)
    return day


@pytest.fixture
def office(transactional_db: Any) -> Office:
    return Office.objects.create(
        name="Stadtteilbüro Grübentälchen", slug="gruebentaelchen", address="Grübentälchen 2\n67659 Kaiserslautern"
    )


@pytest.fixture
def topic(transactional_db: Any) -> Topic:
    return TopicFactory.create(name="WhatsApp und Nachrichten")


@pytest.fixture
def freed_place(office: Office, topic: Topic) -> Slot:
    petra = helper_at(office, topics=[topic], devices=[Device.ANDROID], display_name="Petra Helferin")
    starts = timezone.make_aware(dt.datetime.combine(a_working_day_ahead(), dt.time(10)))
    return one_to_one(office, petra, starts_at=starts)


def fits_the_width(page: Page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


@WIDTHS
def test_a_coordinator_offers_a_freed_place_to_the_first_person_on_the_waitlist(
    new_context: Any, office: Office, topic: Topic, freed_place: Slot, viewport: ViewportSize
) -> None:
    day = timezone.localtime(freed_place.starts_at).date()
    first = services.waitlist_join(
        office=office, day=day, name="Erna Beispiel", phone="0631 52417", topic=topic, device="android", consent=True
    )
    services.waitlist_join(
        office=office, day=day, name="Kurt Zweiter", phone="0631 311003", topic=topic, device="android", consent=True
    )
    coordinator: User = coordinator_of(office, display_name="Clara Koordination")
    page = new_context(viewport=viewport).new_page()
    login(page, coordinator, check=False)

    page.goto(reverse("helpdesk:office-plan", args=[office.slug]))
    page.get_by_role("navigation", name="Bereich des Büros").get_by_role("link", name="Warteliste").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Warteliste")
    entries = page.locator("ol.waitlist > li")
    expect(entries.first).to_contain_text("Erna Beispiel")
    expect(entries.first).to_contain_text("0631 52417")
    expect(entries.first).to_contain_text("Android")
    expect(entries.first).to_contain_text("wartet")
    axe_check(page)
    fits_the_width(page)

    # She is called first; nobody answered the first time.
    entries.first.get_by_label("Was besprochen wurde (freiwillig)").fill("Besetzt, später noch mal")
    entries.first.get_by_role("button", name="Angerufen").click()
    expect(page.locator(".message").first).to_contain_text("Der Anruf bei Erna Beispiel")

    page.locator("ol.waitlist > li").first.get_by_role("link", name="Freien Platz anbieten").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Erna Beispiel")
    expect(page.get_by_text("nur telefonisch erreichbar")).to_be_visible()
    axe_check(page)
    fits_the_width(page)
    page.get_by_label("10:00", exact=False).first.check()
    expect(page.get_by_label("Die Person hat am Telefon zugesagt: jetzt buchen")).to_be_checked()
    page.get_by_role("button", name="Bestätigen").click()

    expect(page.locator(".message").first).to_contain_text("Erna Beispiel ist gebucht")
    expect(page.locator("ol.waitlist > li").first).to_contain_text("angenommen")
    axe_check(page)
    booking = Booking.objects.get()
    assert (booking.slot_id, booking.name, booking.channel) == (freed_place.pk, "Erna Beispiel", Channel.PHONE)
    first.refresh_from_db()
    assert first.status == WaitlistStatus.BOOKED
    assert WaitlistEntry.objects.get(name="Kurt Zweiter").status == WaitlistStatus.WAITING


def test_the_waitlist_fits_a_small_phone_and_shows_everything(
    new_context: Any, office: Office, topic: Topic, freed_place: Slot
) -> None:
    day = timezone.localtime(freed_place.starts_at).date()
    services.waitlist_join(
        office=office, day=day, name="Erna Beispiel", phone="0631 52417", topic=topic, device="iphone", consent=True
    )
    page = new_context(viewport=PHONE).new_page()
    login(page, coordinator_of(office), check=False)
    page.goto(reverse("helpdesk:office-waitlist", args=[office.slug]))
    expect(page.locator("ol.waitlist > li").first).to_contain_text("iPhone oder iPad")
    fits_the_width(page)
    axe_check(page)
    screenshot(page, "office-waitlist")
    page.goto(reverse("helpdesk:office-waitlist-offer", args=[office.slug, WaitlistEntry.objects.get().pk]))
    fits_the_width(page)
    screenshot(page, "office-waitlist-offer")


def test_a_coordinator_sends_an_offer_to_someone_with_email_and_the_list_says_until_when(
    new_context: Any, office: Office, topic: Topic, freed_place: Slot
) -> None:
    day = timezone.localtime(freed_place.starts_at).date()
    entry = services.waitlist_join(
        office=office,
        day=day,
        name="Erna Beispiel",
        email="erna@example.org",
        topic=topic,
        device="android",
        consent=True,
    )
    page = new_context().new_page()
    login(page, coordinator_of(office), check=False)
    page.goto(reverse("helpdesk:office-waitlist-offer", args=[office.slug, entry.pk]))
    expect(page.get_by_label("Angebot schicken: der Platz wird bis zum Ende des Angebots freigehalten")).to_be_checked()
    page.get_by_label("10:00", exact=False).first.check()
    page.get_by_role("button", name="Bestätigen").click()
    expect(page.locator(".message").first).to_contain_text("Der Platz wurde Erna Beispiel bis")
    expect(page.locator("ol.waitlist > li").first).to_contain_text("angeboten bis")
    axe_check(page)
    entry.refresh_from_db()
    freed_place.refresh_from_db()
    assert entry.status == WaitlistStatus.OFFERED
    assert freed_place.held_count == 1
