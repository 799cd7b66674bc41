"""What people receive: every message kind the outbox knows, rendered as they would get it.

Each kind is produced by the service that sends it (booking, moving, cancelling, the
waitlist, a volunteer's cancellation, moderation of ideas, the test message), with
realistic data, then rendered for every channel (e-mail text and HTML, SMS, the call
script office staff read out) in German and English. The test fails on leftover
template syntax, on a place named without its address, on a link that does not start
with ``SITE_URL`` or leads nowhere, and on a text that was not translated.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Callable
from urllib.parse import urlsplit

import pytest
from django.urls import Resolver404, resolve
from django.utils import timezone

from accounts.models import User
from helpdesk import services as helpdesk
from helpdesk.models import Booking, Office, OpeningHours, Topic, WaitlistEntry
from notifications import channels, digest, registry
from notifications.kinds import TEST_MESSAGE
from notifications.models import Channel, OutboxMessage
from notifications.preferences import Frequency, preferences_set
from participation import authoring, duplicates, following, notify
from participation import services as participation
from participation.models import Idea, Phase
from tests.factories import ProjectFactory, UserFactory, coordinator_of, moderator_of
from tests.helpdesk.factories import TopicFactory, helper_at, one_to_one, workshop
from tests.participation.factories import IdeaFactory

pytestmark = pytest.mark.django_db

SITE_URL = "http://127.0.0.1:8761"
LEFTOVER = re.compile(r"\{\{|\}\}|\{%|%\}|\{#|#\}")
LINK = re.compile(r"https?://[^\s<>\"')]+")
LANGUAGES = ("de", "en")


@pytest.fixture
def office() -> Office:
    office = Office.objects.create(
        name="Stadtteilbüro Grübentälchen",
        slug="gruebentaelchen",
        address="Kantstraße 59\n67663 Kaiserslautern",
        room="Erdgeschoss, Gruppenraum links vom Eingang",
        phone="0631 365-4411",
        accessibility_notes="Stufenloser Zugang über die Rampe am Seiteneingang, barrierefreies WC.",
        contact_person="Karin Koordinatorin",
        reminder_offsets_hours=[24, 2],
    )
    OpeningHours.objects.bulk_create(
        OpeningHours(office=office, weekday=day, opens=dt.time(9), closes=dt.time(16)) for day in range(7)
    )
    return office


def _soon(days: int, hour: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(timezone.localdate() + dt.timedelta(days=days), dt.time(hour)))


def _helpdesk_messages(office: Office) -> None:
    """Everything the helpdesk sends, by the services that send it."""
    topic = TopicFactory.create(name="WhatsApp und Videoanrufe")
    volunteer = helper_at(office, topics=[topic], devices=["android"], display_name="Helga Hilfreich")
    coordinator_of(office, display_name="Karin Koordinatorin")
    first = one_to_one(office, volunteer, starts_at=_soon(3, 10))
    later = one_to_one(office, volunteer, starts_at=_soon(4, 14))
    booking = helpdesk.booking_create(
        slot=first,
        name="Hildegard Becker",
        phone="0631 52417",
        topic=topic,
        device="android",
        needs_loan_device=True,
        consent=True,
    )
    helpdesk.booking_move(booking=booking, slot=later)  # booking_changed, new reminders
    helpdesk.booking_create(  # booking_confirmation and reminders of a booking that stays as it is
        slot=one_to_one(office, volunteer, starts_at=_soon(3, 13)),
        name="Günter Hoffmann",
        phone="0631 60877",
        topic=topic,
        device="android",
        note="Bringt das eigene Handy mit.",
        consent=True,
    )
    treff = workshop(office, capacity=1, starts_at=_soon(5, 10))
    werner = helpdesk.booking_create(
        slot=treff, name="Werner Schmitt", phone="0171 2345678", email="werner@example.org", consent=True
    )
    WaitlistEntry.objects.create(
        office=office,
        day=timezone.localdate(treff.starts_at),
        name="Margarete Lang",
        phone="+4963144556",
        consent_at=timezone.now(),
    )
    helpdesk.booking_cancel(booking=werner, reason="Ich bin krank.")  # booking_cancelled, waitlist_offer
    ingrid = helpdesk.booking_create(
        slot=one_to_one(office, volunteer, starts_at=_soon(6, 11)),
        name="Ingrid Wagner",
        email="ingrid.wagner@example.org",
        topic=topic,
        device="android",
        consent=True,
    )
    helpdesk.booking_cancel(booking=ingrid, reason="Krankheit", by=volunteer)  # volunteer_cancelled_notice
    _substitute_messages(office, volunteer, topic)


def _substitute_messages(office: Office, volunteer: User, topic: Topic) -> None:
    """A volunteer who cannot come: a colleague takes over, nobody takes over, a colleague is asked."""
    helper_at(office, topics=[topic], devices=["android"], display_name="Otto Ordentlich", phone="0171 7654321")

    def booked(name: str, days: int) -> Booking:
        slot = one_to_one(office, volunteer, starts_at=_soon(days, 10))
        return helpdesk.booking_create(
            slot=slot, name=name, phone="0631 77889", topic=topic, device="android", consent=True
        )

    taken = helpdesk.substitute_search_start(booking=booked("Ruth Berger", 7), volunteer=volunteer, reason="Arzt")
    helpdesk.substitute_accept(invite=taken.invites.get())  # helper_changed to the senior
    left = helpdesk.substitute_search_start(booking=booked("Erwin Klein", 8), volunteer=volunteer, reason="Grippe")
    helpdesk.substitutes_expire(now=left.deadline + dt.timedelta(minutes=1))  # substitute_none to the coordinator
    helpdesk.substitute_search_start(booking=booked("Paula Roth", 9), volunteer=volunteer, reason="Urlaub")  # request


def _participation_messages() -> None:
    """Everything Mitwirkung sends, by the services that send it."""
    project = ProjectFactory.create(title="Platz vor dem Pfalztheater", phase=Phase.Kind.COLLECTION, moderation="pre")
    author = UserFactory.create(display_name="Gisela Gärtner")
    idea = IdeaFactory.create(
        project=project, title="Mehr Bänke vor dem Theater", author=author, status=Idea.Status.SUBMITTED
    )
    moderator = moderator_of(project, display_name="Mona Moderatorin")
    preferences_set(user=moderator, choices={notify.MODERATION: Frequency.IMMEDIATELY})
    participation.idea_moderate(idea=idea, moderator=moderator, status=Idea.Status.PUBLISHED)
    participation.idea_moderate(idea=idea, moderator=moderator, status=Idea.Status.UNDER_REVIEW)
    idea = participation.idea_moderate(
        idea=idea, moderator=moderator, feedback="Danke! Die Stadt prüft zwei Standorte am Rand des Platzes."
    )
    neighbour = UserFactory.create(display_name="Norbert Nachbar")
    # idea_commented to the author, comment_replied to the commenter
    comment = participation.comment_create(idea=idea, author=neighbour, text="Gern, aber bitte mit Schatten.")
    participation.comment_create(idea=idea, author=author, text="Danke, Schatten gehört dazu!", parent=comment)
    # moderation_report and moderation_idea_waiting to the moderator, who wants them at once
    participation.report_create(reporter=UserFactory.create(), reason="Werbung für ein Café", comment=comment)
    participation.idea_submit(project=project, author=neighbour, title="Kiosk", description="Mit Café und Zeitungen.")
    # idea_marked_duplicate to the duplicate's author
    card = IdeaFactory.create(project=project, title="Sitzbänke", author=UserFactory.create(display_name="Paul Post"))
    duplicates.idea_mark_duplicate(idea=card, original=idea, moderator=moderator)
    # idea_withdrawn to the followers
    fountain = IdeaFactory.create(project=project, title="Trinkbrunnen", author=author)
    following.idea_follow(idea=fountain, user=neighbour)
    authoring.idea_withdraw(idea=fountain, user=author, reason="Gibt es schon am Rathaus.")
    # digest: a reader of daily summaries gets the day's comments in one message the next morning
    reader = UserFactory.create(display_name="Dora Tagesleserin")
    preferences_set(user=reader, choices={notify.IDEA_COMMENTS: Frequency.DAILY})
    own = IdeaFactory.create(project=project, title="Wasserspiel", author=reader)
    participation.comment_create(idea=own, author=neighbour, text="Für Kinder wunderbar.")
    digest.digests_compose(now=timezone.now() + dt.timedelta(days=1))


def _test_message() -> None:
    OutboxMessage.objects.create(
        kind=TEST_MESSAGE,
        key="test-message-1",
        recipient_name="Karin Koordinatorin",
        recipient_email="karin@example.org",
        payload={"text": "Probe aus dem Postausgang."},
        due_at=timezone.now(),
    )


@pytest.fixture
def outbox(office: Office, settings: object) -> dict[str, OutboxMessage]:
    """The newest message of every kind, made the way the site makes it."""
    _helpdesk_messages(office)
    _participation_messages()
    _test_message()
    newest: dict[str, OutboxMessage] = {}
    for message in OutboxMessage.objects.order_by("created_at", "pk"):
        context = registry.get(message.kind).build_context(message)  # type: ignore[union-attr]
        if context is not None:
            newest[message.kind] = message
    return newest


def _renders(message: OutboxMessage) -> list[tuple[str, str]]:
    """(what, text) for every form the message can take, in both languages."""
    kind = registry.get(message.kind)
    assert kind is not None
    found = []
    for language in LANGUAGES:
        for channel in (Channel.EMAIL, Channel.SMS, Channel.CALL):
            message.language, message.channel = language, channel
            context = kind.build_context(message)
            assert context is not None, f"{message.kind} no longer applies"
            rendered = channels.render(message, kind, context)
            label = f"{message.kind}/{language}/{channel}"
            if channel == Channel.EMAIL:
                found.append((f"{label}/subject", rendered["subject"]))
                found.append((f"{label}/text", rendered["text"]))
                if rendered["html"]:
                    found.append((f"{label}/html", html.unescape(rendered["html"])))
            else:
                found.append((f"{label}/{channel}", rendered[channel]))
    return found


Check = Callable[[str, str, OutboxMessage], None]


def test_every_kind_the_outbox_knows_is_covered_here(outbox: dict[str, OutboxMessage]) -> None:
    # Kinds that other tests register for themselves (their builders live in tests/) are not the site's.
    site_kinds = {kind.name for kind in registry.all_kinds() if not kind.build_context.__module__.startswith("tests.")}
    assert set(outbox) == site_kinds


def test_no_message_shows_template_code(outbox: dict[str, OutboxMessage]) -> None:
    for message in outbox.values():
        for what, text in _renders(message):
            assert not LEFTOVER.search(text), f"{what} shows template code:\n{text}"
            assert "None" not in text.split(), f"{what} shows 'None':\n{text}"


def test_where_a_message_names_an_office_it_gives_its_address(outbox: dict[str, OutboxMessage], office: Office) -> None:
    for message in outbox.values():
        for what, text in _renders(message):
            if office.name in text:
                assert "Kantstraße 59" in text, f"{what} names the office without its address:\n{text}"
                if what.endswith(("/text", "/html")):
                    assert "Erdgeschoss" in text and "Rampe" in text, f"{what} lacks floor or access:\n{text}"


def test_every_link_starts_with_site_url_and_leads_to_a_page(
    outbox: dict[str, OutboxMessage], settings: object
) -> None:
    assert settings.SITE_URL == SITE_URL  # type: ignore[attr-defined]
    for message in outbox.values():
        for what, text in _renders(message):
            for link in LINK.findall(text):
                assert link.startswith(SITE_URL), f"{what} links outside {SITE_URL}: {link}"
                try:
                    resolve(urlsplit(link).path or "/")
                except Resolver404:
                    pytest.fail(f"{what} links to no page: {link}")


def test_messages_to_seniors_say_how_to_cancel_by_phone_and_by_link(outbox: dict[str, OutboxMessage]) -> None:
    for kind in ("booking_confirmation", "booking_reminder", "booking_changed"):
        for what, text in _renders(outbox[kind]):
            if what.endswith(("/text", "/html", "/sms", "/call")):
                assert "0631 365-4411" in text, f"{what} gives no phone number to cancel:\n{text}"
            if what.endswith(("/text", "/html", "/sms")):
                assert SITE_URL in text, f"{what} gives no link:\n{text}"
            if what.endswith("/de/call/call"):
                assert "Sie können im Stadtteilbüro unter 0631 365-4411 absagen." in text, text


def test_call_scripts_read_out_no_web_address(outbox: dict[str, OutboxMessage]) -> None:
    # Nobody spells a link on the phone: the office's number is what the person can use.
    for message in outbox.values():
        for what, text in _renders(message):
            if what.endswith("/call"):
                assert not LINK.search(text) and "www." not in text, f"{what} reads out a web address:\n{text}"


def test_every_text_is_translated(outbox: dict[str, OutboxMessage]) -> None:
    for message in outbox.values():
        rendered = dict(_renders(message))
        for what, german in rendered.items():
            if "/de/" in what:
                english = rendered[what.replace("/de/", "/en/")]
                assert german != english, f"{what} reads the same in German and English:\n{german}"


def test_an_sms_fits_into_two_text_messages(outbox: dict[str, OutboxMessage]) -> None:
    for message in outbox.values():
        if message.kind.startswith(("booking_", "waitlist_")):
            for what, text in _renders(message):
                if what.endswith("/sms"):
                    assert len(text) <= 306, f"{what} is {len(text)} characters long:\n{text}"


@pytest.fixture(autouse=True)
def _site_url(settings: object) -> None:
    settings.SITE_URL = SITE_URL  # type: ignore[attr-defined]


ENGLISH_MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"


def test_english_messages_write_dates_the_english_way(outbox: dict[str, OutboxMessage]) -> None:
    # "Tuesday, 1. December" is German punctuation around an English month.
    german_style = re.compile(rf"\b\d{{1,2}}\. ({ENGLISH_MONTHS})\b")
    dated = 0
    for message in outbox.values():
        for what, text in _renders(message):
            if "/en/" in what:
                assert not german_style.search(text), f"{what}:\n{text}"
                dated += bool(re.search(rf"\b\d{{1,2}} ({ENGLISH_MONTHS})\b", text))
    assert dated, "no English message names a date: the check above looked at nothing"
