"""Digitale Hilfe journeys in a real Chromium: guest booking, slip and cancel, office work, volunteers, reflow."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from playwright.sync_api import BrowserContext, Page, ViewportSize, expect

from accounts.models import User
from core import phones
from helpdesk import selectors, services
from helpdesk.models import Booking, BookingStatus, Channel, Device, Office, Slot, Topic, WaitlistEntry, WaitlistStatus
from notifications.delivery import messages_sweep
from notifications.models import Channel as MessageChannel
from notifications.models import OutboxMessage, Status
from tests.browser.conftest import (
    DESKTOP,
    PHONE,
    axe_check,
    axe_check_as_rendered_without_javascript,
    current_totp_code,
    login,
    screenshot,
)
from tests.conftest import give_totp
from tests.factories import PASSWORD, BookingFactory, UserFactory, coordinator_of
from tests.helpdesk.factories import TopicFactory, helper_at, one_to_one

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ADDRESS = "Maxstraße 12\n67657 Kaiserslautern"
OFFICE_PHONE = "0631 365 4410"
GUEST_PHONE = "0631 778899"


@pytest.fixture
def office(transactional_db: Any) -> Office:
    return Office.objects.create(
        name="Stadtteilbüro Innenstadt",
        slug="innenstadt",
        address=ADDRESS,
        phone=OFFICE_PHONE,
        accessibility_notes="Eingang ohne Stufen, Aufzug vorhanden.",
    )


@pytest.fixture
def topic(transactional_db: Any) -> Topic:
    TopicFactory.create(name="Online-Banking", position=2)
    return TopicFactory.create(name="WhatsApp und Nachrichten", position=1)


@pytest.fixture
def helper(office: Office, topic: Topic) -> User:
    return helper_at(office, topics=[topic], devices=[Device.ANDROID], display_name="Petra Helferin")


def _day_after_tomorrow_at(hour: int) -> dt.datetime:
    day = timezone.localdate() + dt.timedelta(days=2)
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)))


@pytest.fixture
def slot(office: Office, helper: User) -> Slot:
    """A free one-to-one hour the day after tomorrow at 10:00, with a helper who knows WhatsApp on Android."""
    return one_to_one(office, helper, starts_at=_day_after_tomorrow_at(10))


def _german_date(value: dt.datetime) -> str:
    with translation.override("de"):
        return date_format(timezone.localtime(value), "l, j. F Y")


def _no_time_limit(page: Page) -> None:
    """WCAG 2.2.1: booking steps never reload or move on by themselves."""
    expect(page.locator("meta[http-equiv=refresh i]")).to_have_count(0)


def _book_as_guest(
    page: Page,
    office: Office,
    topic: Topic,
    slot: Slot,
    *,
    name: str,
    phone: str,
    check: Callable[[Page], None],
    pictures: bool = False,
) -> Booking:
    """Office -> topic and device -> time -> details -> confirmation, as a person without an account."""

    def picture(name: str) -> None:
        if pictures:
            screenshot(page, name)

    page.goto(reverse("helpdesk:start"))
    check(page)
    _no_time_limit(page)
    picture("helpdesk-start")
    page.click(f"main a[href='{reverse('helpdesk:office', args=[office.slug])}']")
    page.wait_for_url(f"**{reverse('helpdesk:office', args=[office.slug])}")
    check(page)
    page.get_by_label(topic.name).check()
    page.get_by_label(str(Device.ANDROID.label)).check()
    picture("helpdesk-topic-and-device")
    page.locator("form.choose-form button[type=submit]").click()
    page.wait_for_url(re.compile(r".*/termine/\?.*topic="))
    check(page)
    _no_time_limit(page)
    picture("helpdesk-free-times")
    book_path = reverse("helpdesk:book", args=[slot.pk])
    page.click(f"#slots a[href^='{book_path}']")
    page.wait_for_url(f"**{book_path}?*")
    check(page)
    _no_time_limit(page)
    picture("helpdesk-details")
    # Sent empty first: every error is announced with its field and the page still passes the scan.
    page.locator("#booking-form button[type=submit]").click()
    expect(page.locator("#booking-form .field--error")).to_have_count(3)
    check(page)
    picture("helpdesk-details-errors")
    for field, said in (
        ("name", "zwingend erforderlich"),
        ("phone", "oder eine E-Mail-Adresse"),
        ("consent", "zwingend"),
    ):
        control = page.locator(f"#booking-form input[name={field}]")
        expect(control).to_have_attribute("aria-invalid", "true")
        expect(control).to_have_accessible_description(re.compile(said))
    page.fill("#booking-form input[name=name]", name)
    page.fill("#booking-form input[name=phone]", phone)
    page.check("#booking-form input[name=consent]")
    page.locator("#booking-form button[type=submit]").click()
    page.wait_for_url(re.compile(r".*/buchung/[^/]+/\?neu=1$"))
    check(page)
    booking = Booking.objects.get(slot=slot, name=name)
    assert (booking.phone, booking.email, booking.user, booking.topic) == (phones.normalise(phone), "", None, topic)
    assert (booking.device, booking.channel, booking.status) == (Device.ANDROID, Channel.ONLINE, BookingStatus.ACTIVE)
    expect(page.locator("main .facts")).to_contain_text(name)
    return booking


def _check_slip(page: Page, booking: Booking, office: Office) -> None:
    """The printable slip names date, time, place, the office phone and how to cancel; print hides the navigation."""
    slip = page.locator("article.slip")
    expect(slip).to_contain_text(_german_date(booking.slot.starts_at))
    expect(slip).to_contain_text("10:00–11:00")
    expect(slip).to_contain_text("Maxstraße 12")
    expect(slip).to_contain_text("67657 Kaiserslautern")
    expect(slip).to_contain_text(OFFICE_PHONE)
    expect(slip.locator("h2", has_text="So sagen Sie ab")).to_be_visible()
    expect(slip).to_contain_text(f"Rufen Sie das Büro an unter {OFFICE_PHONE}")
    expect(slip.locator(".link-box")).to_contain_text(reverse("helpdesk:booking-detail", args=[booking.token]))
    page.emulate_media(media="print")
    try:
        expect(page.locator(".main-nav")).to_be_hidden()
        expect(page.locator(".site-footer")).to_be_hidden()
        expect(page.locator(".no-print")).to_be_hidden()
        expect(slip).to_be_visible()
    finally:
        page.emulate_media(media="screen")


def _cancel_in_fresh_browser(
    new_context: Callable[..., BrowserContext], cancel_path: str, *, check: Callable[[Page], None], **options: Any
) -> None:
    """Days later, on another device and without signing in, the person opens the link and cancels."""
    page = new_context(**options).new_page()
    page.goto(cancel_path)
    check(page)
    page.fill("input[name=reason]", "Mein Enkel hilft mir schon.")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r".*/buchung/[^/]+/$"))
    check(page)
    expect(page.locator(".messages")).to_be_visible()


def _place_is_free_again(booking: Booking) -> None:
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CANCELLED
    slot = Slot.objects.get(pk=booking.slot_id)
    assert slot.booked_count == 0
    assert selectors.free_slots(office=slot.office).filter(pk=slot.pk).exists()


def test_a_senior_books_as_guest_with_a_phone_number_prints_the_slip_and_cancels_through_the_link(
    page: Page, new_context: Callable[..., BrowserContext], office: Office, topic: Topic, slot: Slot
) -> None:
    booking = _book_as_guest(
        page, office, topic, slot, name="Erna Schäfer", phone=GUEST_PHONE, check=axe_check, pictures=True
    )
    screenshot(page, "helpdesk-confirmation")
    expect(page.locator("main h1")).to_have_text("Ihr Termin ist gebucht")
    cancel_path = page.locator("main a[href$='/absagen/']").get_attribute("href")
    assert cancel_path == reverse("helpdesk:booking-cancel", args=[booking.token])

    page.click(f"main a[href='{reverse('helpdesk:booking-slip', args=[booking.token])}']")
    page.wait_for_url(f"**{reverse('helpdesk:booking-slip', args=[booking.token])}")
    axe_check(page)
    expect(page.locator("button.js-print")).to_be_visible()
    screenshot(page, "helpdesk-slip")
    _check_slip(page, booking, office)

    _cancel_in_fresh_browser(new_context, cancel_path, check=axe_check)
    _place_is_free_again(booking)


def test_the_guest_booking_works_without_javascript(
    new_context: Callable[..., BrowserContext], office: Office, topic: Topic, slot: Slot
) -> None:
    page = new_context(java_script_enabled=False).new_page()
    check = axe_check_as_rendered_without_javascript
    booking = _book_as_guest(page, office, topic, slot, name="Otto Keller", phone="0171 2345678", check=check)
    page.goto(reverse("helpdesk:booking-slip", args=[booking.token]))
    check(page)
    # The print button needs JavaScript; without it the browser's own print menu is the way.
    expect(page.locator("button.js-print")).to_be_hidden()
    _check_slip(page, booking, office)

    cancel_path = reverse("helpdesk:booking-cancel", args=[booking.token])
    _cancel_in_fresh_browser(new_context, cancel_path, check=check, java_script_enabled=False)
    _place_is_free_again(booking)


def _reminder_call_due_today(office: Office, topic: Topic, helper: User) -> OutboxMessage:
    """Somebody without e-mail or mobile phone booked for the next day: the reminder is a call by the office."""
    soon = one_to_one(office, helper, starts_at=timezone.now() + dt.timedelta(hours=20))
    landline = services.booking_create(
        slot=soon, user=None, name="Gerda Weiß", phone="0631 445566", email="", topic=topic, consent=True
    )
    messages_sweep(time_budget=20)
    call = OutboxMessage.objects.get(key__startswith=f"booking:{landline.pk}:reminder:")
    assert (call.channel, call.status) == (MessageChannel.CALL, Status.TO_CALL)
    return call


def _row_of(office: Office) -> int:
    """The id naming the call list's one row: its first message in the list's order."""
    first = selectors.calls_open(office=office, day=timezone.localdate()).first()
    assert first is not None
    return first.pk


def _assert_called_by(call: OutboxMessage, coordinator: User) -> None:
    call.refresh_from_db()
    assert (call.status, call.sent_by) == (Status.SENT, coordinator)
    assert call.sent_at is not None and timezone.now() - call.sent_at < dt.timedelta(minutes=5)


def test_a_coordinator_books_for_a_caller_prints_the_day_list_and_ticks_a_reminder_call(
    page: Page, office: Office, topic: Topic, helper: User, slot: Slot
) -> None:
    coordinator = coordinator_of(office, display_name="Klaus Koordinator")
    call = _reminder_call_due_today(office, topic, helper)

    login(page, coordinator)
    day = timezone.localtime(slot.starts_at).date().isoformat()
    page.goto(reverse("helpdesk:office-plan", args=[office.slug]) + f"?tag={day}")
    axe_check(page)
    screenshot(page, "helpdesk-office-plan")
    book_path = reverse("helpdesk:book-for-caller", args=[office.slug]) + f"?termin={slot.pk}"
    page.click(f"#plan a[href='{book_path}']")
    page.wait_for_url(f"**{book_path}")
    axe_check(page)
    page.get_by_role("link", name="Neue anrufende Person").click()
    page.get_by_label(topic.name).check()
    page.get_by_label("Android-Smartphone oder -Tablet").check()
    page.get_by_role("button", name="Passende Zeiten zeigen").click()
    expect(page.locator(f"input[name=termin][value='{slot.pk}']")).to_be_checked()
    page.get_by_role("button", name="Weiter mit dieser Zeit").click()
    page.fill("input[name=name]", "Walter Braun")
    page.fill("input[name=phone]", "0631 123456")
    page.check("input[name=consent]")
    screenshot(page, "helpdesk-book-for-caller")
    page.locator("form.narrow button[type=submit]").click()
    page.wait_for_url(re.compile(r".*/anrufer/gebucht/\d+/$"))
    axe_check(page)
    expect(page.locator("main h1")).to_contain_text("Walter Braun")
    booked = Booking.objects.get(slot=slot, name="Walter Braun")
    assert (booked.channel, booked.booked_by, booked.user) == (Channel.PHONE, coordinator, None)

    page.goto(reverse("helpdesk:office-plan", args=[office.slug]) + f"?tag={day}")
    page.click(f"#plan a[href='{reverse('helpdesk:day-list', args=[office.slug])}?tag={day}']")
    page.wait_for_url(f"**{reverse('helpdesk:day-list', args=[office.slug])}?tag={day}")
    axe_check(page)
    screenshot(page, "helpdesk-day-list")
    page.emulate_media(media="print")
    row = page.locator("table.day-list tbody tr", has_text="Walter Braun")
    expect(row).to_contain_text("0631 123456")
    expect(row).to_contain_text("10:00")
    expect(page.locator(".main-nav")).to_be_hidden()
    expect(page.locator(".no-print")).to_be_hidden()
    page.emulate_media(media="screen")

    page.click(f".main-nav a[href='{reverse('helpdesk:call-list-start')}']")
    page.wait_for_url(f"**{reverse('helpdesk:call-list', kwargs={'slug': office.slug})}")
    axe_check(page)
    screenshot(page, "helpdesk-call-list")
    call_row = page.locator(".call-row", has_text="Gerda Weiß")  # confirmation and reminder: one row
    expect(call_row).to_contain_text("Gerda Weiß")
    call_row.locator("button[type=submit]").click()
    expect(call_row).to_contain_text("angerufen von Klaus um")
    axe_check(page)
    _assert_called_by(call, coordinator)


def test_a_coordinator_books_for_a_caller_and_ticks_a_call_without_javascript(
    new_context: Callable[..., BrowserContext], office: Office, topic: Topic, helper: User, slot: Slot
) -> None:
    coordinator = coordinator_of(office, display_name="Klaus Koordinator")
    call = _reminder_call_due_today(office, topic, helper)
    page = new_context(java_script_enabled=False).new_page()
    check = axe_check_as_rendered_without_javascript
    login(page, coordinator, check=False)
    page.goto(reverse("helpdesk:book-for-caller", args=[office.slug]))
    check(page)
    page.get_by_role("link", name="Neue anrufende Person").click()
    page.get_by_label(topic.name).check()
    page.get_by_role("button", name="Passende Zeiten zeigen").click()
    check(page)
    page.locator(f"input[name=termin][value='{slot.pk}']").check()
    page.get_by_role("button", name="Weiter mit dieser Zeit").click()
    page.fill("input[name=name]", "Walter Braun")
    page.fill("input[name=phone]", "0631 123456")
    page.check("input[name=consent]")
    page.locator("form.narrow button[type=submit]").click()
    page.wait_for_url(re.compile(r".*/anrufer/gebucht/\d+/$"))
    check(page)
    booked = Booking.objects.get(slot=slot, name="Walter Braun")
    assert (booked.channel, booked.booked_by) == (Channel.PHONE, coordinator)

    day = timezone.localtime(slot.starts_at).date().isoformat()
    page.goto(reverse("helpdesk:day-list", args=[office.slug]) + f"?tag={day}")
    check(page)
    expect(page.locator("table.day-list tbody tr", has_text="Walter Braun")).to_contain_text("0631 123456")

    page.goto(reverse("helpdesk:call-list", kwargs={"slug": office.slug}))
    check(page)
    page.locator(".call-row", has_text="Gerda Weiß").locator("button[type=submit]").click()
    page.wait_for_url(f"**{reverse('helpdesk:call-list', kwargs={'slug': office.slug})}")
    check(page)
    expect(page.locator(".messages")).to_be_visible()
    expect(page.locator("#done-heading + ul")).to_contain_text("angerufen von Klaus um")
    _assert_called_by(call, coordinator)


def test_a_volunteer_marks_an_appointment_attended_and_sees_the_hours(page: Page, office: Office, helper: User) -> None:
    started = timezone.now() - dt.timedelta(hours=3)
    earlier = one_to_one(office, helper, starts_at=started, minutes=90)
    booking = BookingFactory.create(slot=earlier, name="Helga Roth")
    login(page, helper)
    page.goto(reverse("helpdesk:my-appointments"))
    axe_check(page)
    screenshot(page, "helpdesk-my-appointments")
    form = page.locator(f"form[action='{reverse('helpdesk:booking-outcome', args=[booking.pk])}']")
    expect(form).to_contain_text("Helga")
    form.get_by_label("Ja, gekommen").check()
    form.locator("button[type=submit]").click()
    expect(page.locator(".messages")).to_be_visible()
    axe_check(page)
    booking.refresh_from_db()
    assert booking.status == BookingStatus.ATTENDED

    page.click(f"main .subnav a[href='{reverse('helpdesk:my-hours')}']")
    page.wait_for_url(f"**{reverse('helpdesk:my-hours')}")
    axe_check(page)
    screenshot(page, "helpdesk-my-hours")
    with translation.override("de"):
        month = date_format(timezone.localtime(started), "F Y")
    row = page.locator("table tbody tr", has_text=month)
    expect(row.locator("td").first).to_have_text("1,5")  # hours
    expect(row.locator("td").nth(1)).to_have_text("1")  # appointments


FOCUS_OUTLINE = (
    "() => { const s = getComputedStyle(document.activeElement); return s.outlineStyle + ' ' + s.outlineWidth; }"
)
FOCUSED = "s => !!document.activeElement && document.activeElement.matches(s)"


def _assert_visible_focus(page: Page, selector: str) -> None:
    outline = page.evaluate(FOCUS_OUTLINE)
    assert not outline.startswith("none") and not outline.endswith(" 0px"), f"{selector}: no visible focus ({outline})"


def _tab_to(page: Page, selector: str, *, limit: int = 60) -> None:
    """Press Tab until ``selector`` has the focus, checking that every control passed on the way shows it."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        active = page.evaluate("() => document.activeElement && document.activeElement.tagName")
        if active not in (None, "BODY", "MAIN"):
            _assert_visible_focus(page, f"{active} before {selector}")
        if page.evaluate(FOCUSED, selector):
            return
    pytest.fail(f"{selector} cannot be reached with the Tab key")


def test_the_guest_booking_is_completed_with_the_keyboard_alone(
    page: Page, office: Office, topic: Topic, slot: Slot
) -> None:
    page.goto(reverse("helpdesk:start"))
    _tab_to(page, f"main a[href='{reverse('helpdesk:office', args=[office.slug])}']")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**{reverse('helpdesk:office', args=[office.slug])}")
    _tab_to(page, "input[name=topic]")
    # Arrow keys move within a radio group; the topic we want is the first one.
    page.keyboard.press("Space")
    expect(page.locator(f"input[name=topic][value='{topic.pk}']")).to_be_checked()
    _tab_to(page, "input[name=device]")
    page.keyboard.press("Space")
    expect(page.locator(f"input[name=device][value='{Device.ANDROID}']")).to_be_checked()
    _tab_to(page, "form.choose-form button[type=submit]")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r".*/termine/\?.*topic="))
    _tab_to(page, f"#slots a[href^='{reverse('helpdesk:book', args=[slot.pk])}']")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**{reverse('helpdesk:book', args=[slot.pk])}?*")
    _tab_to(page, "#booking-form input[name=name]")
    page.keyboard.type("Anni Vogel")
    _tab_to(page, "#booking-form input[name=phone]")
    page.keyboard.type(GUEST_PHONE)
    _tab_to(page, "#booking-form input[name=consent]")
    page.keyboard.press("Space")
    _tab_to(page, "#booking-form button[type=submit]")
    # One step back and forth with Shift+Tab: the consent is still ticked.
    page.keyboard.press("Shift+Tab")
    while not page.evaluate(FOCUSED, "#booking-form input[name=consent]"):
        page.keyboard.press("Shift+Tab")
    _assert_visible_focus(page, "consent")
    expect(page.locator("#booking-form input[name=consent]")).to_be_checked()
    _tab_to(page, "#booking-form button[type=submit]")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r".*/buchung/[^/]+/\?neu=1$"))
    booking = Booking.objects.get(slot=slot)
    assert (booking.name, booking.phone, booking.topic, booking.device) == (
        "Anni Vogel",
        phones.normalise(GUEST_PHONE),
        topic,
        "android",
    )

    _tab_to(page, f"main a[href='{reverse('helpdesk:booking-slip', args=[booking.token])}']")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**{reverse('helpdesk:booking-slip', args=[booking.token])}")
    expect(page.locator("article.slip")).to_contain_text(OFFICE_PHONE)


def _sign_in_with_the_keyboard(page: Page, user: User) -> None:
    give_totp(user)
    page.goto(reverse("account_login"))
    _tab_to(page, "input[name=login]")
    page.keyboard.type(user.email)
    _tab_to(page, "input[name=password]")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(f"**{reverse('mfa_authenticate')}")
    _tab_to(page, "input[name=code]")
    page.keyboard.type(current_totp_code(user))
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: reverse("mfa_authenticate") not in url)


def test_a_coordinator_ticks_a_call_and_a_volunteer_records_attendance_with_the_keyboard_alone(
    new_context: Callable[..., BrowserContext], office: Office, topic: Topic, helper: User
) -> None:
    coordinator = coordinator_of(office, display_name="Klaus Koordinator")
    call = _reminder_call_due_today(office, topic, helper)
    page = new_context().new_page()
    _sign_in_with_the_keyboard(page, coordinator)
    _tab_to(page, f".main-nav a[href='{reverse('helpdesk:call-list-start')}']")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**{reverse('helpdesk:call-list', kwargs={'slug': office.slug})}")
    row = f"#call-{_row_of(office)}"  # the confirmation and the reminder of Gerda Weiß are one row
    _tab_to(page, f"{row} button[type=submit]")
    page.keyboard.press("Enter")
    expect(page.locator(row)).to_contain_text("angerufen von Klaus um")
    _assert_called_by(call, coordinator)

    earlier = one_to_one(office, helper, starts_at=timezone.now() - dt.timedelta(hours=3))
    booking = BookingFactory.create(slot=earlier, name="Helga Roth")
    page = new_context().new_page()
    _sign_in_with_the_keyboard(page, helper)
    page.goto(reverse("helpdesk:my-appointments"))
    form = f"form[action='{reverse('helpdesk:booking-outcome', args=[booking.pk])}']"
    _tab_to(page, f"{form} input[value=attended]")
    page.keyboard.press("Space")
    _tab_to(page, f"{form} button[type=submit]")
    page.keyboard.press("Enter")
    expect(page.locator(".messages")).to_be_visible()
    booking.refresh_from_db()
    assert booking.status == BookingStatus.ATTENDED
    _tab_to(page, f"main .subnav a[href='{reverse('helpdesk:my-hours')}']")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**{reverse('helpdesk:my-hours')}")
    expect(page.locator("table tbody tr").first).to_contain_text("1,0")


def test_the_waitlist_offer_is_the_only_step_with_a_time_limit_and_says_so(
    page: Page, office: Office, topic: Topic, slot: Slot
) -> None:
    day = timezone.localtime(slot.starts_at).date()
    taken = BookingFactory.create(slot=slot, name="Schon Gebucht")
    entry = services.waitlist_join(office=office, day=day, name="Rita Lang", phone=GUEST_PHONE, consent=True)
    page.goto(reverse("helpdesk:waitlist-offer", args=[entry.token]))
    axe_check(page)
    # Waiting has no deadline: nothing on the page counts down.
    expect(page.locator("main [role=status]")).to_have_count(0)

    # Somebody cancels: the place is offered to the first in line, and held for a while.
    services.booking_cancel(booking=taken)
    offered = WaitlistEntry.objects.get(pk=entry.pk)
    assert offered.status == WaitlistStatus.OFFERED and offered.offer_expires_at is not None
    page.reload()
    axe_check(page)
    screenshot(page, "helpdesk-waitlist-offer")
    until = timezone.localtime(offered.offer_expires_at)
    with translation.override("de"):
        until_text = date_format(until, "j. F, H:i")
    notice = page.locator("main [role=status]", has_text=until_text)
    expect(notice).to_be_visible()
    expect(notice).to_contain_text("nächste")
    _no_time_limit(page)


PAGES_THAT_MUST_REFLOW = ["start", "office", "slots", "book", "detail", "slip", "plan", "day-list"]


@pytest.mark.parametrize(
    "screen",
    [
        pytest.param({"viewport": {"width": 640, "height": 800}, "device_scale_factor": 2}, id="zoom-200-percent"),
        pytest.param({"viewport": {"width": 360, "height": 740}}, id="phone-360px"),
    ],
)
def test_booking_steps_slip_and_day_plan_do_not_scroll_sideways(
    new_context: Callable[..., BrowserContext], office: Office, topic: Topic, slot: Slot, screen: dict[str, Any]
) -> None:
    booking = BookingFactory.create(slot=slot, name="Maximiliane Hohenzollern-Sigmaringen", topic=topic)
    free = one_to_one(office, slot.volunteers.get(), starts_at=_day_after_tomorrow_at(14))
    day = timezone.localtime(slot.starts_at).date().isoformat()
    choice = f"?topic={topic.pk}&device={Device.ANDROID}"
    paths = {
        "start": reverse("helpdesk:start"),
        "office": reverse("helpdesk:office", args=[office.slug]),
        "slots": reverse("helpdesk:slots", args=[office.slug]) + choice,
        "book": reverse("helpdesk:book", args=[free.pk]) + choice,
        "detail": reverse("helpdesk:booking-detail", args=[booking.token]) + "?neu=1",
        "slip": reverse("helpdesk:booking-slip", args=[booking.token]),
        "plan": reverse("helpdesk:office-plan", args=[office.slug]) + f"?tag={day}",
        "day-list": reverse("helpdesk:day-list", args=[office.slug]) + f"?tag={day}",
    }
    assert sorted(paths) == sorted(PAGES_THAT_MUST_REFLOW)
    page = new_context(**screen).new_page()
    login(page, coordinator_of(office), check=False)
    for name, path in paths.items():
        page.goto(path)
        width = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
        assert width[0] <= width[1], f"{name} ({path}) scrolls sideways: {width[0]} px content in {width[1]} px"
        if screen["viewport"]["width"] == PHONE["width"]:
            # Wide tables scroll inside their frame, which keyboard users can reach; targets stay large.
            axe_check(page)


# --- issue 12: a booking seniors can trust ------------------------------------------------------

SIZES = [pytest.param(DESKTOP, id="1280px"), pytest.param(PHONE, id="360px")]


def _to_the_free_times(page: Page, office: Office, topic: Topic) -> None:
    page.goto(reverse("helpdesk:office", args=[office.slug]))
    axe_check(page)
    page.get_by_label(topic.name).check()
    page.get_by_label(str(Device.ANDROID.label)).check()
    page.locator("form.choose-form button[type=submit]").click()
    page.wait_for_url(re.compile(r".*/termine/\?.*topic="))
    axe_check(page)


@pytest.mark.parametrize("size", SIZES)
def test_a_guest_with_a_landline_books_in_the_week_view_and_is_told_the_office_will_call(
    new_context: Callable[..., BrowserContext],
    office: Office,
    topic: Topic,
    helper: User,
    slot: Slot,
    size: ViewportSize,
) -> None:
    # A second volunteer free at the same time: one choice "10:00 · 2 Plätze frei", not two.
    other = helper_at(office, topics=[topic], devices=[Device.ANDROID], display_name="Paul Pate")
    one_to_one(office, other, starts_at=slot.starts_at)
    page = new_context(viewport=size).new_page()
    _to_the_free_times(page, office, topic)
    day = page.locator("#slots h3", has_text=_german_date(slot.starts_at).rsplit(" ", 1)[0])
    expect(day).to_have_count(1)
    choice = page.locator("#slots a.time-button", has_text="10:00 · 2 Plätze frei")
    expect(choice).to_have_count(1)
    screenshot(page, "helpdesk-week-view")
    choice.click()
    page.wait_for_url(re.compile(r".*/termin/\d+/\?.*"))
    axe_check(page)
    expect(page.locator("#booking-form input[name=phone]")).to_have_attribute("type", "tel")
    expect(page.locator("#booking-form input[name=phone]")).to_have_attribute("autocomplete", "tel")
    page.fill("#booking-form input[name=name]", "Hildegard Becker")
    page.fill("#booking-form input[name=phone]", "0631 52417")
    page.check("#booking-form input[name=consent]")
    page.locator("#booking-form button[type=submit]").click()
    page.wait_for_url(re.compile(r".*/buchung/[^/]+/\?neu=1$"))
    axe_check(page)
    reminding = page.locator("section.reminding")
    expect(reminding).to_contain_text("Festnetznummer")
    expect(reminding).to_contain_text("ruft das Büro Sie unter 0631 52417 an")
    screenshot(page, "helpdesk-done-landline")
    booking = Booking.objects.get(name="Hildegard Becker")
    assert booking.phone == "+4963152417"
    reminder = OutboxMessage.objects.filter(key__startswith=f"booking:{booking.pk}:reminder:").first()
    assert reminder is not None and reminder.channel == MessageChannel.CALL


def test_a_guest_who_types_abc_gets_the_german_error_and_keeps_what_was_typed(
    new_context: Callable[..., BrowserContext], office: Office, topic: Topic, slot: Slot
) -> None:
    page = new_context(viewport=PHONE).new_page()
    page.goto(reverse("helpdesk:book", args=[slot.pk]) + f"?topic={topic.pk}&device={Device.ANDROID}")
    page.fill("#booking-form input[name=name]", "Erna Schäfer")
    page.fill("#booking-form input[name=phone]", "abc")
    page.fill("#booking-form textarea[name=note]", "Ich bringe mein Tablet mit.")
    page.check("#booking-form input[name=consent]")
    page.locator("#booking-form button[type=submit]").click()
    phone = page.locator("#booking-form input[name=phone]")
    expect(phone).to_have_attribute("aria-invalid", "true")
    expect(phone).to_have_accessible_description(
        re.compile("Bitte geben Sie Ihre Telefonnummer in Ziffern mit Vorwahl an, z. B. 0631 123456.")
    )
    expect(phone).to_have_value("abc")
    expect(page.locator("#booking-form input[name=name]")).to_have_value("Erna Schäfer")
    expect(page.locator("#booking-form textarea[name=note]")).to_have_value("Ich bringe mein Tablet mit.")
    expect(page.locator("#booking-form input[name=consent]")).to_be_checked()
    axe_check(page)
    screenshot(page, "helpdesk-phone-error")
    assert not Booking.objects.exists()
    phone.fill("0631 52417")
    page.locator("#booking-form button[type=submit]").click()
    page.wait_for_url(re.compile(r".*/buchung/[^/]+/\?neu=1$"))
    assert Booking.objects.get().phone == "+4963152417"


@pytest.mark.parametrize("size", SIZES)
def test_a_signed_in_senior_books_finds_it_in_meine_termine_moves_it_in_the_week_view_and_cancels(
    new_context: Callable[..., BrowserContext],
    office: Office,
    topic: Topic,
    helper: User,
    slot: Slot,
    size: ViewportSize,
) -> None:
    later = one_to_one(office, helper, starts_at=_day_after_tomorrow_at(14))
    senior = UserFactory.create(display_name="Siegfried Senior", phone="+4963144556")
    page = new_context(viewport=size).new_page()
    login(page, senior)
    _to_the_free_times(page, office, topic)
    page.locator(f"#slots a[href^='{reverse('helpdesk:book', args=[slot.pk])}']").click()
    expect(page.locator("#booking-form input[name=name]")).to_have_value("Siegfried Senior")
    expect(page.locator("#booking-form input[name=phone]")).to_have_value("0631 44556")
    page.check("#booking-form input[name=consent]")
    page.locator("#booking-form button[type=submit]").click()
    page.wait_for_url(re.compile(r".*/buchung/[^/]+/\?neu=1$"))
    expect(page.locator("section.reminding")).to_contain_text(senior.email)
    booking = Booking.objects.get(user=senior)

    if size == PHONE:
        page.goto(reverse("helpdesk:my-bookings"))  # the menu of the narrow layout wraps; the link is the same
    else:
        page.click(f".main-nav a[href='{reverse('helpdesk:my-bookings')}']")
    page.wait_for_url(f"**{reverse('helpdesk:my-bookings')}")
    axe_check(page)
    expect(page.locator("main h1")).to_have_text("Meine Termine")
    card = page.locator(".my-booking")
    expect(card).to_contain_text(_german_date(slot.starts_at))
    expect(card.locator(f"a[href='{reverse('helpdesk:booking-ics', args=[booking.token])}']")).to_be_visible()
    screenshot(page, "helpdesk-meine-termine")

    card.locator(f"a[href='{reverse('helpdesk:booking-change', args=[booking.token])}']").click()
    page.wait_for_url(f"**{reverse('helpdesk:booking-change', args=[booking.token])}")
    axe_check(page)
    expect(page.locator(f"input[type=radio][value='{slot.pk}']")).to_have_count(0)  # not the current time
    screenshot(page, "helpdesk-move-week-view")
    # With the keyboard alone: Tab into the times, the arrow keys to the new one, on to the button.
    _tab_to(page, "input[name=slot]")
    for _ in range(10):
        if page.evaluate(FOCUSED, f"input[name=slot][value='{later.pk}']"):
            break
        page.keyboard.press("ArrowDown")
    page.keyboard.press("Space")
    expect(page.locator(f"input[name=slot][value='{later.pk}']")).to_be_checked()
    _tab_to(page, "form.move-form button[type=submit]")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**{reverse('helpdesk:booking-detail', args=[booking.token])}")
    axe_check(page)
    expect(page.locator("main .facts")).to_contain_text("14:00–15:00")
    booking.refresh_from_db()
    assert booking.slot == later

    page.goto(reverse("helpdesk:my-bookings"))
    page.locator(f".my-booking a[href='{reverse('helpdesk:booking-cancel', args=[booking.token])}']").click()
    page.wait_for_url(f"**{reverse('helpdesk:booking-cancel', args=[booking.token])}")
    axe_check(page)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"**{reverse('helpdesk:booking-detail', args=[booking.token])}")
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CANCELLED
    page.goto(reverse("helpdesk:my-bookings"))
    expect(page.locator("#past-heading + ul")).to_contain_text("storniert")


def test_a_coordinator_closes_over_christmas_and_sees_the_bookings_it_hits(
    page: Page, office: Office, topic: Topic, helper: User
) -> None:
    today = timezone.localdate()
    year = today.year if today < dt.date(today.year, 12, 23) else today.year + 1
    first, last = dt.date(year, 12, 24), dt.date(year + 1, 1, 2)
    hit = timezone.make_aware(dt.datetime.combine(dt.date(year, 12, 29), dt.time(10)))
    booked = BookingFactory.create(
        slot=one_to_one(office, helper, starts_at=hit), name="Hildegard Becker", phone="0631 52417", topic=topic
    )
    free = one_to_one(office, helper, starts_at=hit + dt.timedelta(hours=2))
    login(page, coordinator_of(office, display_name="Karin Koordinatorin"))
    page.goto(reverse("helpdesk:office-plan", args=[office.slug]))
    page.click(f".subnav a[href='{reverse('helpdesk:office-calendar', args=[office.slug])}']")
    page.wait_for_url(f"**{reverse('helpdesk:office-calendar', args=[office.slug])}")
    axe_check(page)
    page.fill("input[name=closure-starts_on]", first.isoformat())
    page.fill("input[name=closure-ends_on]", last.isoformat())
    page.fill("input[name=closure-reason]", "Weihnachtsferien")
    screenshot(page, "helpdesk-office-calendar")
    page.locator("form:has(input[value=closure]) button[type=submit]").click()
    page.wait_for_url(f"**{reverse('helpdesk:office-conflicts', args=[office.slug])}")
    axe_check(page)
    expect(page.locator(".messages")).to_contain_text("1 gebuchter Termin liegt darin")
    card = page.locator("main li.card", has_text="Hildegard Becker")
    expect(card).to_contain_text("Weihnachtsferien")
    expect(card).to_contain_text("0631 52417")
    expect(card.locator(f"a[href='{reverse('helpdesk:booking-change', args=[booked.token])}']")).to_be_visible()
    expect(card.locator(f"a[href='{reverse('helpdesk:staff-booking-cancel', args=[booked.pk])}']")).to_be_visible()
    screenshot(page, "helpdesk-closure-conflicts")
    assert not Slot.objects.filter(pk=free.pk).exists()
    booked.refresh_from_db()
    assert booked.status == BookingStatus.ACTIVE
