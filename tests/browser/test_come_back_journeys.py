"""Journeys of issue 14 in a real Chromium, starting from the demo data, at phone and desktop width.

Brigitte Bürgerin changes and withdraws her waiting idea from "Meine Ideen"; Siegfried Senior
comments on one of her ideas, her e-mail arrives and she stops such e-mails with one click;
the moderator sees picture and map before approving from the queue with the keyboard, and
marks a duplicate. Every page is checked with axe.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from playwright.sync_api import Page, Route, expect

from accounts.demo import DEMO_PASSWORD
from accounts.models import User
from accounts.permissions import has_staff_role
from notifications.delivery import messages_sweep
from notifications.preferences import frequencies_of
from participation.models import Idea
from participation.notify import IDEA_COMMENTS
from tests.browser.conftest import DESKTOP, PHONE, axe_check, current_totp_code

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SIZES = [pytest.param(PHONE, id="360px"), pytest.param(DESKTOP, id="1280px")]


@pytest.fixture
def demo(transactional_db: Any, settings: Any, live_server: Any) -> None:
    call_command("seed_demo", "--quiet-logins", verbosity=0)
    # Links in e-mails lead to the site that sent them.
    settings.SITE_URL = live_server.url


def _serve_media(page: Page) -> None:
    """Uploaded pictures: the web server serves them in production; here the test hands them to the browser."""

    def fulfil(route: Route) -> None:
        name = route.request.url.split(settings.MEDIA_URL, 1)[1]
        route.fulfill(path=str(Path(settings.MEDIA_ROOT) / name))

    page.route(f"**{settings.MEDIA_URL}**", fulfil)


def _sign_in(page: Page, email: str) -> None:
    page.goto(reverse("account_login"))
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.locator("form:has(input[name=password]) button[type=submit]").click()
    user = User.objects.get(email=email)
    if has_staff_role(user):
        page.wait_for_url(f"**{reverse('mfa_authenticate')}")
        page.fill("input[name=code]", current_totp_code(user))
        page.locator("form:has(input[name=code]) button[type=submit]:not([form])").click()
    page.wait_for_url(lambda url: "/konto/" not in url)


@pytest.mark.parametrize("size", SIZES)
def test_brigitte_changes_and_withdraws_her_waiting_idea_from_my_ideas(demo: None, page: Page, size: Any) -> None:
    page.set_viewport_size(size)
    _sign_in(page, "buergerin@demo.kl")
    page.goto(reverse("participation:my-ideas"))
    expect(page.locator("h1")).to_have_text("Meine Ideen")
    axe_check(page)
    kiosk = page.locator("article", has=page.locator("h3", has_text="Kiosk mit Café"))
    expect(kiosk).to_contain_text("eingereicht")
    kiosk.get_by_role("link", name="Ändern („Kiosk mit Café“)").click()
    expect(page.locator("h1")).to_have_text("Ihre Idee ändern")
    axe_check(page)
    page.fill("input[name=title]", "")
    page.get_by_role("button", name="Änderungen speichern").click()
    expect(page.locator(".errorlist").first).to_be_visible()
    axe_check(page)
    page.fill("input[name=title]", "Kiosk mit Café und Trinkwasser")
    page.get_by_role("button", name="Änderungen speichern").click()
    expect(page.locator(".messages")).to_contain_text("Ihre Änderungen sind gespeichert.")
    renamed = page.locator("article", has=page.locator("h3", has_text="Kiosk mit Café und Trinkwasser"))
    renamed.get_by_role("link", name=re.compile("^Zurückziehen")).click()
    axe_check(page)
    page.get_by_role("button", name="Idee zurückziehen").click()
    expect(page.locator(".errorlist")).to_be_visible()
    page.fill("textarea[name=reason]", "Die Stadt plant schon ein Café im Theater.")
    page.get_by_role("button", name="Idee zurückziehen").click()
    expect(page.locator(".messages")).to_contain_text("Ihre Idee ist zurückgezogen.")
    expect(renamed).to_contain_text("Die Stadt plant schon ein Café im Theater.")
    axe_check(page)
    idea = Idea.objects.get(title="Kiosk mit Café und Trinkwasser")
    assert idea.status == Idea.Status.WITHDRAWN
    assert idea.edits.get().changes["title"] == ["Kiosk mit Café", "Kiosk mit Café und Trinkwasser"]


@pytest.mark.parametrize("size", SIZES)
def test_a_comment_reaches_the_author_by_email_and_she_stops_such_emails_with_one_click(
    demo: None, page: Page, size: Any, live_server: Any
) -> None:
    page.set_viewport_size(size)
    meadow = Idea.objects.get(title="Blühwiese statt Rasen")
    _sign_in(page, "senior@demo.kl")
    page.goto(meadow.get_absolute_url())
    # Siegfried commented here in the demo, so he follows the idea already and may stop.
    expect(page.get_by_role("button", name="Dieser Idee nicht mehr folgen")).to_be_visible()
    axe_check(page)
    page.fill("#comments textarea[name=text]:not([id^=reply])", "Gern mit heimischen Wildblumen & einer Bank daneben!")
    page.locator("#comments button:has-text('Kommentar senden')").click()
    expect(page.locator("#comments")).to_contain_text("Gern mit heimischen Wildblumen")
    messages_sweep(time_budget=30)
    [email] = [message for message in mail.outbox if "Blühwiese" in str(message.subject)]
    assert email.to == ["buergerin@demo.kl"]
    assert email.subject == "Neuer Kommentar zu Ihrer Idee „Blühwiese statt Rasen“"
    assert "„Gern mit heimischen Wildblumen & einer Bank daneben!“" in email.body
    assert email.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    link = email.extra_headers["List-Unsubscribe"].strip("<>")
    assert link.startswith(f"{live_server.url}/benachrichtigungen/abmelden/") and link in email.body

    brigitte = page.context.browser.new_context(locale="de-DE", viewport=size).new_page()  # type: ignore[union-attr]
    brigitte.goto(link)
    axe_check(brigitte)
    brigitte.get_by_role("button", name="Ja, diese E-Mails abbestellen").click()
    expect(brigitte.locator("main")).to_contain_text("Sie erhalten keine E-Mails mehr zu diesem Thema")
    axe_check(brigitte)
    brigitte.context.close()
    assert frequencies_of(User.objects.get(email="buergerin@demo.kl"))[IDEA_COMMENTS] == "off"


@pytest.mark.parametrize("size", SIZES)
def test_the_moderator_sees_picture_and_map_before_approving_from_the_queue_with_the_keyboard(
    demo: None, page: Page, size: Any
) -> None:
    page.set_viewport_size(size)
    _serve_media(page)
    _sign_in(page, "moderation@demo.kl")
    page.goto(reverse("participation:moderation"))
    kiosk = page.locator("article.queue-card", has=page.locator("h3", has_text="Kiosk mit Café"))
    picture = kiosk.get_by_role("img", name="Mit der Idee „Kiosk mit Café“ gesendetes Bild")
    expect(picture).to_be_visible()
    assert picture.evaluate("image => image.complete && image.naturalWidth > 0"), "the picture loads"
    expect(kiosk.locator(".map.map--ready")).to_be_visible()
    expect(kiosk).to_contain_text("an der Treppe zur Fruchthallstraße")
    axe_check(page)
    approve = kiosk.get_by_role("button", name="Freigeben und veröffentlichen")
    approve.focus()
    page.keyboard.press("a")
    expect(page.locator(".messages")).to_contain_text("Die Idee ist veröffentlicht.")
    # The next waiting idea has the focus, so the keyboard carries on there.
    waiting = Idea.objects.get(title="Hundewiese")
    expect(page.locator(f"#idea-{waiting.pk}")).to_be_focused()
    assert Idea.objects.get(title="Kiosk mit Café").status == Idea.Status.PUBLISHED
    axe_check(page)


@pytest.mark.parametrize("size", SIZES)
def test_the_moderator_marks_a_duplicate_and_its_author_is_told(demo: None, page: Page, size: Any) -> None:
    page.set_viewport_size(size)
    fountain = Idea.objects.get(title="Trinkbrunnen vor dem Theater")
    _sign_in(page, "moderation@demo.kl")
    page.goto(reverse("participation:idea-moderate", args=[fountain.project.slug, fountain.pk]))
    axe_check(page)
    similar = page.locator("section", has=page.locator("h2", has_text="Ähnliche Ideen"))
    similar.get_by_role("button", name="Als Duplikat von „Trinkwasserbrunnen“ markieren").click()
    expect(page.locator(".messages")).to_contain_text("Die Idee ist als Duplikat markiert")
    expect(page.locator("#duplicate-heading + p")).to_contain_text("Trinkwasserbrunnen")
    axe_check(page)
    fountain.refresh_from_db()
    assert fountain.duplicate_of is not None and fountain.duplicate_of.title == "Trinkwasserbrunnen"
    messages_sweep(time_budget=30)
    told = [message.subject for message in mail.outbox if message.to == ["senior@demo.kl"]]
    assert "„Trinkbrunnen vor dem Theater“ gehört jetzt zur Idee „Trinkwasserbrunnen“" in told
