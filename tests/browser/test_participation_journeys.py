"""Participation journeys in a real Chromium: sign-up to idea, moderation, paper entry, no-JS, keyboard, reflow."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import BrowserContext, Page, expect

from notifications.delivery import messages_sweep
from notifications.models import OutboxMessage
from participation.models import Comment, Idea, Phase, Project, Support
from tests.browser.conftest import axe_check, axe_check_as_rendered_without_javascript, login, screenshot
from tests.factories import PASSWORD, ProjectFactory, UserFactory, moderator_of
from tests.participation.factories import AREA, INSIDE, CategoryFactory, CommentFactory, IdeaFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SOUTH, NORTH = AREA[2][0], AREA[0][0]
WEST, EAST = AREA[0][1], AREA[1][1]


@pytest.fixture
def pfalztheater(transactional_db: Any) -> Project:
    """The square in front of the Pfalztheater, collecting ideas today, checked before publication."""
    project = ProjectFactory.create(
        title="Platz vor dem Pfalztheater",
        slug="pfalztheater",
        summary="Wie soll der Platz vor dem Theater aussehen? Sagen Sie es uns.",
        phase="collection",
        area=AREA,
        centre_lat=49.4447,
        centre_lon=7.7689,
        moderation=Project.Moderation.PRE,
    )
    CategoryFactory.create(project=project, name="Grün und Schatten")
    CategoryFactory.create(project=project, name="Sitzen und Verweilen")
    return project


@pytest.fixture
def benches(pfalztheater: Project) -> Idea:
    """Somebody else's published idea, to support and comment on."""
    return IdeaFactory.create(
        project=pfalztheater,
        title="Mehr Bänke im Schatten",
        description="Ältere Menschen brauchen Pausen. Bitte Bänke unter die Bäume stellen.",
        location_lat=INSIDE[0],
        location_lon=INSIDE[1],
        location_text="Unter den Platanen",
    )


def _idea_detail_path(idea: Idea) -> str:
    return reverse("participation:idea-detail", args=[idea.project.slug, idea.pk])


def _start_rating_phase(project: Project) -> None:
    """Idea collection ended yesterday; from today people rate (support) the ideas."""
    today = timezone.localdate()
    project.phases.filter(kind=Phase.Kind.COLLECTION).update(ends_on=today - dt.timedelta(days=1))
    Phase.objects.create(
        project=project, kind=Phase.Kind.RATING, starts_on=today, ends_on=today + dt.timedelta(days=14)
    )


def _comment_then_support(page: Page, idea: Idea, *, comment: str, check: Callable[[Page], None] = axe_check) -> None:
    """Comment on an idea while ideas are collected, then support it once the rating phase has begun."""
    page.goto(reverse("participation:idea-list", args=[idea.project.slug]))
    check(page)
    page.click(f"main a[href='{_idea_detail_path(idea)}']")
    page.wait_for_url(f"**{_idea_detail_path(idea)}")
    check(page)
    page.fill("#comments textarea[name=text]:not([id^=reply])", comment)
    page.locator("#comments form:has(textarea[name=text]:not([id^=reply])) button[type=submit]").click()
    expect(page.locator("#comments")).to_contain_text(comment)
    check(page)

    _start_rating_phase(idea.project)
    page.reload()
    page.locator("#support button[type=submit]").click()
    expect(page.locator("#support button.button--secondary")).to_be_visible()
    check(page)


def test_citizen_signs_up_confirms_the_email_submits_a_placed_idea_and_supports_and_comments_another(
    page: Page, pfalztheater: Project, benches: Idea
) -> None:
    page.goto(reverse("account_signup"))
    axe_check(page)
    screenshot(page, "signup")
    page.fill("input[name=email]", "erika@example.org")
    page.fill("input[name=display_name]", "Erika")
    page.fill("input[name=password1]", PASSWORD)
    page.fill("input[name=password2]", PASSWORD)
    page.check("input[name=privacy_consent]")
    page.locator("form:has(input[name=password1]) button[type=submit]").click()
    page.wait_for_url(f"**{reverse('account_email_verification_sent')}")
    axe_check(page)

    message = mail.outbox[-1]
    assert message.to == ["erika@example.org"]
    link = re.search(r"https?://[^/\s]+(/\S+)", str(message.body))
    assert link is not None, message.body
    confirm_path = link.group(1)
    page.goto(confirm_path)
    axe_check(page)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(lambda url: not url.endswith(confirm_path))
    # Confirming signs her in.
    expect(page.locator(f"form[action='{reverse('account_logout')}'] button")).to_be_visible()

    page.goto(pfalztheater.get_absolute_url())
    axe_check(page)
    screenshot(page, "project")
    page.click(f"main a[href='{reverse('participation:idea-create', args=[pfalztheater.slug])}']")
    axe_check(page)
    page.fill("input[name=title]", "Ein Brunnen zum Abkühlen")
    page.fill("textarea[name=description]", "Im Sommer ist es heiß. Ein Wasserspiel für Kinder wäre schön.")
    page.select_option("select[name=category]", label="Grün und Schatten")
    page.fill("input[name=location_text]", "Vor dem Haupteingang")
    # Leaflet draws the project area without tiles (no internet here); a click inside it marks the place.
    expect(page.locator("#picker-map.map--ready")).to_be_visible()
    page.locator("#picker-map").click()
    expect(page.locator("input[name=location_lat]")).not_to_have_value("")
    screenshot(page, "idea-form")
    page.locator("#idea-form button[type=submit]").click()
    page.wait_for_url(re.compile(r".*/ideen/\d+/$"))
    axe_check(page)

    idea = Idea.objects.get(title="Ein Brunnen zum Abkühlen")
    assert idea.author is not None and idea.author.email == "erika@example.org"
    assert idea.status == Idea.Status.SUBMITTED
    assert idea.category is not None and idea.category.name == "Grün und Schatten"
    assert idea.location_lat is not None and idea.location_lon is not None
    assert SOUTH <= idea.location_lat <= NORTH and WEST <= idea.location_lon <= EAST

    page.goto(reverse("participation:idea-map", args=[pfalztheater.slug]))
    # The bench idea, and her own idea, which she sees while it waits for approval.
    expect(page.locator("#ideas-map .leaflet-marker-icon")).to_have_count(2)
    axe_check(page)
    screenshot(page, "idea-map")

    _comment_then_support(page, benches, comment="Da setze ich mich gern hin.")
    screenshot(page, "idea-detail")
    assert Support.objects.filter(idea=benches, user=idea.author).exists()
    assert Comment.objects.filter(idea=benches, author=idea.author, text="Da setze ich mich gern hin.").exists()


def test_moderator_approves_answers_and_sets_a_status_and_the_author_gets_the_email(
    page: Page, pfalztheater: Project
) -> None:
    author = UserFactory.create(email="autor@example.org", display_name="Hans")
    idea = IdeaFactory.create(
        project=pfalztheater, author=author, title="Schattenspendende Bäume", status=Idea.Status.SUBMITTED
    )
    login(page, moderator_of(pfalztheater))

    page.goto(reverse("participation:moderation"))
    axe_check(page)
    screenshot(page, "moderation-queue")
    moderate = reverse("participation:idea-moderate", args=[pfalztheater.slug, idea.pk])
    page.click(f"main a[href='{moderate}']")
    page.wait_for_url(f"**{moderate}")
    axe_check(page)
    page.locator("button[name=action][value=approve]").click()
    page.wait_for_load_state()
    axe_check(page)
    page.select_option("select[name=status]", Idea.Status.ACCEPTED)
    page.fill("textarea[name=feedback]", "Die Stadt pflanzt im Frühjahr vier Linden.")
    page.locator("form:has(textarea[name=feedback]) button[type=submit]").click()
    expect(page.locator(".messages")).to_be_visible()
    axe_check(page)
    screenshot(page, "idea-moderate")

    idea.refresh_from_db()
    assert idea.status == Idea.Status.ACCEPTED
    assert idea.feedback == "Die Stadt pflanzt im Frühjahr vier Linden."
    # Two saves, two messages: "published", then the new status together with the answer.
    kinds = sorted(OutboxMessage.objects.filter(recipient_email="autor@example.org").values_list("kind", flat=True))
    assert kinds == ["idea_published", "idea_status_changed"]

    mail.outbox.clear()
    messages_sweep(time_budget=20)
    sent = [message for message in mail.outbox if message.to == ["autor@example.org"]]
    assert len(sent) == 2
    assert any("vier Linden" in message.body and "angenommen" in message.body for message in sent)

    page.goto(_idea_detail_path(idea))
    expect(page.locator("#feedback-heading")).to_be_visible()
    axe_check(page)


def _enter_postcard(page: Page, *, title: str, name: str) -> None:
    page.fill("input[name=submitter_name]", name)
    page.fill("input[name=title]", title)
    page.fill("textarea[name=description]", f"{title}, bitte.")
    page.locator("form.paper-form button[type=submit]").click()
    expect(page.locator(".messages")).to_contain_text(title)


def test_staff_type_in_three_postcards_in_a_row(page: Page, pfalztheater: Project) -> None:
    moderator = moderator_of(pfalztheater)
    login(page, moderator)
    page.goto(reverse("participation:paper-entry", args=[pfalztheater.slug]))
    axe_check(page)
    page.select_option("select[name=source]", Idea.Source.POSTCARD)
    # The date field starts empty in German (its initial value is not rendered as ISO); staff pick the date.
    page.fill("input[name=submitted_on]", timezone.localdate().isoformat())
    _enter_postcard(page, title="Trinkbrunnen", name="Frau Schmitt")
    # The form keeps source and date for the next card and starts at the name.
    expect(page.locator("select[name=source]")).to_have_value(Idea.Source.POSTCARD)
    expect(page.locator("input[name=submitter_name]")).to_be_focused()
    _enter_postcard(page, title="Mehr Fahrradbügel", name="Herr Weber")
    _enter_postcard(page, title="Öffentliche Toilette", name="")
    axe_check(page)
    screenshot(page, "paper-entry")

    ideas = Idea.objects.filter(project=pfalztheater, source=Idea.Source.POSTCARD, entered_by=moderator)
    assert sorted(ideas.values_list("title", flat=True)) == [
        "Mehr Fahrradbügel",
        "Trinkbrunnen",
        "Öffentliche Toilette",
    ]
    assert all(idea.is_public for idea in ideas)
    expect(page.locator("#recent-heading + ul li")).to_have_count(3)


def test_the_idea_journey_works_without_javascript(
    new_context: Callable[..., BrowserContext], pfalztheater: Project, benches: Idea
) -> None:
    page = new_context(java_script_enabled=False).new_page()
    citizen = UserFactory.create()
    login(page, citizen, check=False)
    axe_check_as_rendered_without_javascript(page)
    page.goto(reverse("participation:idea-create", args=[pfalztheater.slug]))
    axe_check_as_rendered_without_javascript(page)
    expect(page.locator("#picker-map")).to_be_hidden()
    page.fill("input[name=title]", "Wasserspiel")
    page.fill("textarea[name=description]", "Kinder spielen gern mit Wasser.")
    page.fill("input[name=location_lat]", "49.4447")
    page.fill("input[name=location_lon]", "7.7689")
    page.locator("#idea-form button[type=submit]").click()
    page.wait_for_url(re.compile(r".*/ideen/\d+/$"))
    axe_check_as_rendered_without_javascript(page)
    idea = Idea.objects.get(title="Wasserspiel")
    assert (idea.author, idea.location_lat, idea.location_lon) == (citizen, 49.4447, 7.7689)

    _comment_then_support(
        page, benches, comment="Ohne JavaScript geht es auch.", check=axe_check_as_rendered_without_javascript
    )
    assert Support.objects.filter(idea=benches, user=citizen).exists()
    assert Comment.objects.filter(idea=benches, author=citizen).exists()


FOCUS_OUTLINE = (
    "() => { const s = getComputedStyle(document.activeElement); return `${s.outlineStyle} ${s.outlineWidth}`; }"
)


def _tab_to(page: Page, selector: str, *, limit: int = 60) -> None:
    """Press Tab until the element matching ``selector`` has the focus, as a keyboard user would."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement && document.activeElement.matches(s)", selector):
            outline = page.evaluate(FOCUS_OUTLINE)
            assert not outline.startswith("none"), f"{selector} has no visible focus outline ({outline})"
            return
    pytest.fail(f"{selector} cannot be reached with the Tab key")


def test_a_postcard_is_entered_with_the_keyboard_alone(page: Page, pfalztheater: Project) -> None:
    from tests.browser.conftest import current_totp_code
    from tests.conftest import give_totp

    moderator = moderator_of(pfalztheater)
    give_totp(moderator)
    page.goto(reverse("account_login"))
    _tab_to(page, "input[name=login]")
    page.keyboard.type(moderator.email)
    _tab_to(page, "input[name=password]")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(f"**{reverse('mfa_authenticate')}")
    _tab_to(page, "input[name=code]")
    page.keyboard.type(current_totp_code(moderator))
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: reverse("mfa_authenticate") not in url)

    page.goto(pfalztheater.get_absolute_url())
    _tab_to(page, f"a[href='{reverse('participation:paper-entry', args=[pfalztheater.slug])}']")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**{reverse('participation:paper-entry', args=[pfalztheater.slug])}")
    _tab_to(page, "select[name=source]")
    page.keyboard.type("Postkarte")  # typing selects the matching option, as in every browser
    page.keyboard.press("Tab")
    # The card came in on 11 November: day and month read the same whatever order the browser shows them in.
    page.keyboard.type("11112026")
    _tab_to(page, "input[name=submitter_name]")
    page.keyboard.type("Frau Becker")
    page.keyboard.press("Tab")
    page.keyboard.type("Schattensegel")
    page.keyboard.press("Tab")
    page.keyboard.type("Sonnensegel über den Bänken.")
    _tab_to(page, "form.paper-form button[type=submit]")
    page.keyboard.press("Enter")
    expect(page.locator(".messages")).to_contain_text("Schattensegel")

    idea = Idea.objects.get(title="Schattensegel")
    assert (idea.source, idea.submitter_name, idea.entered_by) == (Idea.Source.POSTCARD, "Frau Becker", moderator)
    assert idea.submitted_on == dt.date(2026, 11, 11)


@pytest.mark.parametrize(
    "screen",
    [
        pytest.param({"viewport": {"width": 640, "height": 800}, "device_scale_factor": 2}, id="zoom-200-percent"),
        pytest.param({"viewport": {"width": 360, "height": 740}}, id="phone-360px"),
    ],
)
def test_project_idea_list_and_idea_form_do_not_scroll_sideways(
    new_context: Callable[..., BrowserContext], pfalztheater: Project, benches: Idea, screen: dict[str, Any]
) -> None:
    page = new_context(**screen).new_page()
    login(page, UserFactory.create())
    for path in (
        pfalztheater.get_absolute_url(),
        reverse("participation:idea-list", args=[pfalztheater.slug]),
        reverse("participation:idea-create", args=[pfalztheater.slug]),
        _idea_detail_path(benches),
    ):
        page.goto(path)
        overflow = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
        assert overflow[0] <= overflow[1], f"{path} scrolls sideways: {overflow[0]} px content in {overflow[1]} px"


def _discussion(idea: Idea, threads: int) -> None:
    start = timezone.now() - dt.timedelta(days=2)
    for number in range(1, threads + 1):
        CommentFactory.create(idea=idea, text=f"Beitrag {number}", created_at=start + dt.timedelta(minutes=number))


@pytest.mark.parametrize("javascript", [True, False], ids=["with-javascript", "without-javascript"])
def test_a_citizen_pages_through_a_long_discussion_and_answers_a_comment_on_the_second_page(
    new_context: Callable[..., BrowserContext], pfalztheater: Project, benches: Idea, javascript: bool
) -> None:
    _discussion(benches, 25)
    page = new_context(java_script_enabled=javascript, viewport={"width": 360, "height": 740}).new_page()
    check = axe_check if javascript else axe_check_as_rendered_without_javascript
    login(page, UserFactory.create(), check=javascript)
    page.goto(_idea_detail_path(benches))
    expect(page.locator("#comments article.comment")).to_have_count(20)
    page.locator("#comments nav a", has_text="Spätere Kommentare").click()
    expect(page.locator("#comments")).to_contain_text("Beitrag 21")
    check(page)
    page.locator("#comments article:has-text('Beitrag 22') a", has_text="Antworten").click()
    # One form, below the comment it answers, ready for typing.
    expect(page.locator("#comments form#reply")).to_have_count(1)
    expect(page.locator("#reply-text")).to_be_focused()
    check(page)
    screenshot(page, "idea-reply")
    page.fill("#reply-text", "Da stimme ich zu.")
    page.locator("#reply button[type=submit]").click()
    expect(page.locator("#comments .comment--reply")).to_contain_text("Da stimme ich zu.")
    reply = Comment.objects.get(text="Da stimme ich zu.")
    assert reply.parent is not None and reply.parent.text == "Beitrag 22"
    overflow = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    assert overflow[0] <= overflow[1]


def test_the_map_groups_many_ideas_and_a_group_opens_when_clicked(
    page: Page, pfalztheater: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("participation.map_data.POINTS_LIMIT", 3)
    for number in range(6):
        IdeaFactory.create(
            project=pfalztheater,
            title=f"Idee am Eingang {number}",
            location_lat=INSIDE[0] + number * 1e-6,
            location_lon=INSIDE[1],
        )

    def asks_for_the_view(request: Any) -> bool:
        return "ideen.geojson?bbox=" in request.url

    with page.expect_request(asks_for_the_view) as first:
        page.goto(reverse("participation:idea-map", args=[pfalztheater.slug]))
    group = page.locator("#ideas-map .map-cluster")
    expect(group).to_have_count(1)
    expect(group).to_contain_text("6")
    axe_check(page)
    screenshot(page, "idea-map-groups")
    # A click on the group zooms in, and the map asks for the smaller part it then shows.
    with page.expect_request(asks_for_the_view) as closer:
        group.click()
    zoom = re.compile(r"zoom=(\d+)")
    before, after = (int(zoom.search(asked.value.url).group(1)) for asked in (first, closer))  # type: ignore[union-attr]
    assert after > before
    # Without the map the same ideas are listed below it.
    expect(page.locator("#places-heading + ul li")).to_have_count(6)
