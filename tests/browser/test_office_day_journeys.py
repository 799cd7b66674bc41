"""An office's working day in a real Chromium, on a tablet (820 px) and a desktop (1280 px).

A volunteer who cannot come hands an appointment over and a colleague takes it with one
click on the link in their e-mail; a volunteer downloads the hours confirmation; the
volunteer on duty writes down who dropped in at the open hour.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, ViewportSize, expect
from pypdf import PdfReader

from accounts.models import User
from helpdesk import services
from helpdesk.models import Booking, BookingStatus, Device, Office, Slot, SlotKind, Topic, WalkInVisit
from notifications.delivery import messages_sweep
from notifications.models import OutboxMessage
from tests.browser.conftest import DESKTOP, PHONE, axe_check, login, screenshot
from tests.factories import BookingFactory, SlotFactory, coordinator_of
from tests.helpdesk.factories import TopicFactory, helper_at, one_to_one

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TABLET: ViewportSize = {"width": 820, "height": 1180}
WIDTHS = pytest.mark.parametrize("viewport", [TABLET, DESKTOP], ids=["tablet", "desktop"])


@pytest.fixture
def office(transactional_db: Any) -> Office:
    return Office.objects.create(
        name="Stadtteilbüro Innenstadt", slug="innenstadt", address="Maxstraße 12\n67657 Kaiserslautern"
    )


@pytest.fixture
def topic(transactional_db: Any) -> Topic:
    return TopicFactory.create(name="WhatsApp und Nachrichten")


@pytest.fixture
def petra(office: Office, topic: Topic) -> User:
    return helper_at(office, topics=[topic], devices=[Device.ANDROID], display_name="Petra Helferin")


@pytest.fixture
def paul(office: Office, topic: Topic) -> User:
    return helper_at(office, topics=[topic], devices=[Device.ANDROID], display_name="Paul Pause")


def fits_the_width(page: Page) -> None:
    """Nothing runs off the right edge: a tablet shows every column without scrolling sideways."""
    overflow = page.evaluate(
        """() => [...document.querySelectorAll('main table')]
             .filter(t => t.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
             .map(t => t.querySelector('caption')?.textContent || t.className)"""
    )
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert not overflow, f"tables wider than the screen: {overflow}"


def link_in_mail_to(user: User, mailoutbox: list[Any]) -> str:
    """The path of the one-click link in the e-mail the colleague got (the host is the site's, not the test's)."""
    (mail,) = [m for m in mailoutbox if user.email in m.to]
    found = re.search(r"https?://[^/\s]+(/hilfe/vertretung/\S+/)", mail.body)
    assert found, mail.body
    return found.group(1)


def test_on_a_phone_a_volunteers_appointments_are_cards_with_i_cannot_come_in_view(
    new_context: Any, office: Office, topic: Topic, petra: User
) -> None:
    # Three people in a workshop-sized day with notes and loan tablets: the table was 540 px wide at 360 px,
    # and the hidden labels of its links widened the whole page.
    for hour, name in ((9, "Hildegard Hausmann-Oberländer"), (10, "Siegfried Sonnenschein"), (11, "Ursula Ulrich")):
        slot = one_to_one(office, petra, starts_at=timezone.now() + dt.timedelta(days=3, hours=hour))
        services.booking_create(
            slot=slot,
            name=name,
            phone="0631 424242",
            topic=topic,
            device=Device.ANDROID,
            consent=True,
            note="Bringt das Handy der Enkelin mit",
            needs_loan_device=True,
        )
    page = new_context(viewport=PHONE).new_page()
    login(page, petra)
    page.goto(reverse("helpdesk:my-appointments"))
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    for link in page.get_by_role("link", name=re.compile("^Ich kann nicht")).all():
        box = link.bounding_box()
        assert box is not None and box["x"] + box["width"] <= PHONE["width"]
    # "Abbrechen" would read as "stop what I am doing"; the link cancels the person's appointment.
    expect(page.get_by_role("link", name=re.compile("^Termin absagen")).first).to_be_visible()
    axe_check(page)
    screenshot(page, "helpdesk-my-appointments")


@WIDTHS
def test_a_volunteer_who_cannot_come_hands_over_and_a_colleague_takes_it_with_one_click(
    new_context: Any, office: Office, topic: Topic, petra: User, paul: User, viewport: ViewportSize, mailoutbox: Any
) -> None:
    coordinator_of(office)
    slot = one_to_one(office, petra, starts_at=timezone.now() + dt.timedelta(days=3))
    booking = services.booking_create(
        slot=slot, name="Hilde Hausmann", phone="0631 424242", topic=topic, device=Device.ANDROID, consent=True
    )
    page = new_context(viewport=viewport).new_page()
    login(page, petra)
    page.goto(reverse("helpdesk:my-appointments"))
    axe_check(page)
    fits_the_width(page)
    page.get_by_role("link", name=re.compile("^Ich kann nicht")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ich kann nicht: Vertretung finden")
    expect(page.locator("main")).to_contain_text("Paul Pause")  # who will be asked
    axe_check(page)
    page.get_by_label("Grund (für die Koordination)").fill("Arzttermin")
    page.get_by_role("button", name="Ich kann nicht: die anderen fragen").click()
    expect(page.locator(".messages")).to_contain_text("1 andere ehrenamtliche Person wird gefragt")
    axe_check(page)
    assert Booking.objects.get(pk=booking.pk).status == BookingStatus.ACTIVE

    messages_sweep(time_budget=20)
    link = link_in_mail_to(paul, mailoutbox)
    colleague = new_context(viewport=viewport).new_page()  # on Paul's phone or tablet, not signed in
    colleague.goto(link)
    expect(colleague.get_by_role("heading", level=1)).to_have_text("Können Sie diesen Termin übernehmen?")
    expect(colleague.locator(".facts")).to_contain_text("Hilde")
    expect(colleague.locator(".facts")).not_to_contain_text("Hausmann")
    axe_check(colleague)
    screenshot(colleague, f"helpdesk-substitute-invite-{viewport['width']}")
    colleague.get_by_role("button", name="Übernehme ich").click()
    expect(colleague.locator(".messages")).to_contain_text("Der Termin gehört jetzt Ihnen")
    axe_check(colleague)

    assert list(Slot.objects.get(pk=slot.pk).volunteers.all()) == [paul]
    told = OutboxMessage.objects.get(kind="helper_changed")
    assert told.recipient_name == "Hilde Hausmann"
    login(colleague, paul)
    colleague.goto(reverse("helpdesk:my-appointments"))
    expect(colleague.locator("table.appointments")).to_contain_text("Hilde")
    fits_the_width(colleague)


@WIDTHS
def test_a_volunteer_downloads_the_hours_confirmation(
    new_context: Any, office: Office, petra: User, viewport: ViewportSize
) -> None:
    coordinator_of(office, display_name="Karin Koordinatorin")
    start = timezone.now() - dt.timedelta(days=3)
    came = one_to_one(office, petra, starts_at=start, minutes=60)
    BookingFactory.create(slot=came, status=BookingStatus.ATTENDED)
    waited = one_to_one(office, petra, starts_at=start + dt.timedelta(hours=1), minutes=30)
    BookingFactory.create(slot=waited, status=BookingStatus.NO_SHOW)
    page = new_context(viewport=viewport, accept_downloads=True).new_page()
    login(page, petra)
    page.goto(reverse("helpdesk:my-hours"))
    page.get_by_role("link", name="Letzte 12 Monate").click()
    axe_check(page)
    fits_the_width(page)
    total = page.locator("table.hours tfoot tr")
    expect(total.locator("td").first).to_have_text("1,5")
    screenshot(page, f"helpdesk-hours-{viewport['width']}")
    with page.expect_download() as download:
        page.get_by_role("link", name="Bestätigung herunterladen (PDF)").click()
    assert download.value.suggested_filename.startswith("ehrenamt-bestaetigung-")
    pdf = PdfReader(io.BytesIO(download.value.path().read_bytes()))
    text = " ".join(" ".join(p.extract_text() for p in pdf.pages).split())
    assert "Bestätigung über ehrenamtliche Tätigkeit" in text
    assert "Petra Helferin" in text
    assert "Insgesamt 1,5 Stunden" in text
    assert "Karin Koordinatorin Koordination, Stadtteilbüro Innenstadt" in text


def test_the_volunteer_on_duty_writes_down_walk_ins_at_a_tablet_with_the_keyboard(
    new_context: Any, office: Office, topic: Topic, petra: User
) -> None:
    hour = SlotFactory.create(
        office=office,
        kind=SlotKind.OPEN_HOUR,
        capacity=20,
        title="Offene Sprechstunde",
        starts_at=timezone.now() - dt.timedelta(minutes=20),
        ends_at=timezone.now() + dt.timedelta(minutes=100),
    )
    hour.volunteers.add(petra)
    page = new_context(viewport=TABLET).new_page()
    login(page, petra)
    page.goto(reverse("helpdesk:my-appointments"))
    page.get_by_role("link", name=re.compile("Besucher eintragen")).click()
    axe_check(page)
    count = page.get_by_label("Wie viele Personen?")
    count.focus()
    count.fill("2")
    page.keyboard.press("Tab")
    page.keyboard.type("W")  # picks the topic from the list, as a keyboard user does
    page.get_by_label("Gerät").select_option(Device.ANDROID)
    page.get_by_label("Vorname").press("Enter")
    expect(page.locator(".messages")).to_contain_text("Gespeichert")
    expect(page.locator("main table caption")).to_have_text("2 Besucher bisher")
    axe_check(page)
    fits_the_width(page)
    visit = WalkInVisit.objects.get()
    assert (visit.count, visit.topic, visit.device, visit.recorded_by) == (2, topic, Device.ANDROID, petra)
