"""The phone desk and the call list in a real Chromium, with the keyboard alone.

A coordinator books an earlier caller in the order of the call (search, topic and device,
a fitting time, details, what to tell) on a tablet held upright (820 px) and a desktop
(1280 px), every page axe-clean and without sideways scrolling; then works through the
call list at 820 px, where a confirmation and a reminder for the same person are one row.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Locator, Page, ViewportSize, expect

from accounts.models import User
from helpdesk import services
from helpdesk.models import Booking, Channel, Device, Office, Topic
from notifications.delivery import messages_sweep
from notifications.models import Channel as MessageChannel
from notifications.models import OutboxMessage, Status
from tests.browser.conftest import DESKTOP, PHONE, axe_check, login, screenshot
from tests.factories import coordinator_of
from tests.helpdesk.factories import TopicFactory, helper_at, one_to_one

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TABLET: ViewportSize = {"width": 820, "height": 1180}
WIDTHS = pytest.mark.parametrize("viewport", [TABLET, DESKTOP], ids=["tablet", "desktop"])
MAX_STEPS = 6


@pytest.fixture
def office(transactional_db: Any) -> Office:
    return Office.objects.create(
        name="Stadtteilbüro Grübentälchen",
        slug="gruebentaelchen",
        address="Kantstraße 59\n67663 Kaiserslautern",
        room="Erdgeschoss, Gruppenraum links",
        phone="0631 365-4411",
        accessibility_notes="Stufenloser Zugang über die Rampe am Seiteneingang.",
    )


@pytest.fixture
def topic(transactional_db: Any) -> Topic:
    TopicFactory.create(name="Fotos", position=2)
    return TopicFactory.create(name="Online-Banking", position=1)


@pytest.fixture
def helga(office: Office, topic: Topic) -> User:
    return helper_at(office, topics=[topic], devices=[Device.ANDROID], display_name="Helga Hilfreich")


def _at(days: int, hour: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(timezone.localdate() + dt.timedelta(days=days), dt.time(hour)))


def no_sideways_scroll(page: Page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth"), page.url


def tab_to(page: Page, target: Locator, *, limit: int = 60) -> None:
    """Press Tab until ``target`` has the focus, as a keyboard user moves through the page."""
    handle = target.element_handle()
    assert handle is not None
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("element => document.activeElement === element", handle):
            return
    pytest.fail(f"Tab never reached {target} on {page.url}")


def step_done(page: Page, visited: list[str]) -> None:
    """A new page of the call: axe-clean, no sideways scrolling, counted."""
    page.wait_for_load_state()
    axe_check(page)
    no_sideways_scroll(page)
    visited.append(page.url)


@WIDTHS
def test_a_coordinator_books_an_earlier_caller_with_the_keyboard_alone_in_at_most_six_steps(
    new_context: Any, office: Office, topic: Topic, helga: User, viewport: ViewportSize
) -> None:
    earlier = services.booking_create(
        slot=one_to_one(office, helga, starts_at=_at(1, 9)),
        name="Hilde Hausmann",
        phone="0631 424242",
        topic=topic,
        device=Device.ANDROID,
        consent=True,
    )
    slot = one_to_one(office, helga, starts_at=_at(2, 10))
    coordinator = coordinator_of(office, display_name="Karin Koordinatorin")
    page = new_context(viewport=viewport).new_page()
    login(page, coordinator, check=False)
    visited: list[str] = []

    # 1. Who is calling? The search field, a number, Enter; then the earlier caller.
    page.goto(reverse("helpdesk:book-for-caller", args=[office.slug]))
    step_done(page, visited)
    tab_to(page, page.locator("#caller-q"))
    page.keyboard.type("424242")
    page.keyboard.press("Enter")
    found = page.locator(".caller", has_text="Hilde Hausmann")
    expect(found).to_contain_text("0631 424242")
    expect(found).to_contain_text("Letzte Buchung")
    axe_check(page)
    tab_to(page, found.get_by_role("link"))
    page.keyboard.press("Enter")

    # 2. Topic and device: the earlier booking's are ticked.
    page.wait_for_url(re.compile(r".*/anrufer/thema/\?wie=\d+"))
    step_done(page, visited)
    expect(page.get_by_label("Online-Banking")).to_be_checked()
    expect(page.get_by_label("Android-Smartphone oder -Tablet")).to_be_checked()
    tab_to(page, page.get_by_role("button", name="Passende Zeiten zeigen"))
    page.keyboard.press("Enter")

    # 3. A fitting time, with the volunteer's first name.
    page.wait_for_url(re.compile(r".*/anrufer/zeit/.*"))
    step_done(page, visited)
    choice = page.locator(f"input[name=termin][value='{slot.pk}']")
    expect(page.locator(f"label[for='termin-{slot.pk}']")).to_contain_text("10:00 · Helga")
    tab_to(page, choice)
    page.keyboard.press("Space")
    expect(choice).to_be_checked()
    tab_to(page, page.get_by_role("button", name="Weiter mit dieser Zeit"))
    page.keyboard.press("Enter")

    # 4. The caller's details, addressed to the coordinator and prefilled.
    page.wait_for_url(re.compile(r".*/anrufer/angaben/.*"))
    step_done(page, visited)
    expect(page.get_by_label("Name der anrufenden Person")).to_have_value("Hilde Hausmann")
    expect(page.get_by_label("Telefonnummer der anrufenden Person")).to_have_value("0631 424242")
    tab_to(page, page.locator("input[name=consent]"))
    page.keyboard.press("Space")
    tab_to(page, page.get_by_role("button", name="Buchen"))
    page.keyboard.press("Enter")

    # 5. What to tell the caller, read aloud; then the next call.
    page.wait_for_url(re.compile(r".*/anrufer/gebucht/\d+/$"))
    step_done(page, visited)
    read_aloud = page.locator(".read-aloud")
    for words in ("10:00", "Kantstraße 59", "Erdgeschoss", "Rampe", "Helga", "absagen"):
        expect(read_aloud).to_contain_text(words)
    assert "http" not in read_aloud.inner_text()
    screenshot(page, "helpdesk-phone-desk-done")
    booking = Booking.objects.get(slot=slot)
    assert (booking.name, booking.channel, booking.booked_by) == ("Hilde Hausmann", Channel.PHONE, coordinator)
    assert (booking.topic, booking.device) == (topic, Device.ANDROID)
    assert booking.pk != earlier.pk
    tab_to(page, page.get_by_role("link", name="Nächster Anruf"))
    page.keyboard.press("Enter")
    page.wait_for_url(f"**{reverse('helpdesk:book-for-caller', args=[office.slug])}")
    expect(page.locator("#caller-q")).to_have_value("")

    assert len(visited) <= MAX_STEPS, visited


def _calls_for_a_landline_senior(office: Office, topic: Topic, helper: User) -> list[OutboxMessage]:
    """Booked for tomorrow with a landline: the confirmation and the reminder are both calls today."""
    soon = one_to_one(office, helper, starts_at=timezone.now() + dt.timedelta(hours=20))
    services.booking_create(
        slot=soon, name="Gerda Weiß", phone="0631 445566", topic=topic, device=Device.ANDROID, consent=True
    )
    messages_sweep(time_budget=20)
    calls = list(OutboxMessage.objects.filter(channel=MessageChannel.CALL, status=Status.TO_CALL).order_by("pk"))
    assert len(calls) >= 2
    return calls


def test_the_call_list_fits_a_tablet_and_one_tick_marks_the_merged_calls(
    new_context: Any, office: Office, topic: Topic, helga: User
) -> None:
    calls = _calls_for_a_landline_senior(office, topic, helga)
    coordinator = coordinator_of(office, display_name="Klaus Koordinator")
    page = new_context(viewport=TABLET).new_page()
    login(page, coordinator, check=False)
    page.goto(reverse("helpdesk:call-list", args=[office.slug]))
    axe_check(page)
    no_sideways_scroll(page)
    rows = page.locator(".call-row")
    expect(rows).to_have_count(1)
    row = rows.first
    expect(row).to_contain_text("Terminbestätigung · Terminerinnerung")
    expect(row).to_contain_text("Sie können im Stadtteilbüro unter 0631 365-4411 absagen.")
    assert "http" not in row.inner_text()
    button = row.get_by_role("button", name=re.compile("Angerufen"))
    for size in (TABLET, PHONE):
        page.set_viewport_size(size)
        no_sideways_scroll(page)
        button.scroll_into_view_if_needed()
        expect(button).to_be_in_viewport()
        box = button.bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= size["width"]
    page.set_viewport_size(TABLET)
    screenshot(page, "helpdesk-call-list-rows")

    tab_to(page, button)
    page.keyboard.press("Enter")
    expect(row).to_contain_text(re.compile(r"angerufen von Klaus um \d\d:\d\d"))
    axe_check(page)
    no_sideways_scroll(page)
    for call in calls:
        call.refresh_from_db()
        assert (call.status, call.sent_by) == (Status.SENT, coordinator)
    assert len({call.sent_at for call in calls}) == 1

    page.reload()
    expect(page.locator("#done-heading + ul")).to_contain_text("Gerda Weiß")
    expect(page.locator("#done-heading + ul")).to_contain_text("angerufen von Klaus um")
    no_sideways_scroll(page)
