"""The phone desk: a coordinator books for a caller in the order of the call, step by step."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from helpdesk import services
from helpdesk.models import AuditLogEntry, Booking, Channel
from tests.factories import OfficeFactory, ProjectFactory, UserFactory, coordinator_of, moderator_of
from tests.helpdesk.factories import TopicFactory, helper_at, one_to_one

pytestmark = pytest.mark.django_db

Action = AuditLogEntry.Action


def _at(days: int, hour: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(timezone.localdate() + dt.timedelta(days=days), dt.time(hour)))


@pytest.fixture
def desk() -> dict[str, Any]:
    office = OfficeFactory.create(
        slug="a",
        name="Stadtteilbüro Grübentälchen",
        address="Kantstraße 59\n67663 Kaiserslautern",
        room="Erdgeschoss, Gruppenraum",
        accessibility_notes="Stufenloser Zugang über die Rampe.",
        phone="0631 365-4411",
    )
    other = OfficeFactory.create(slug="b")
    banking = TopicFactory.create(name="Online-Banking")
    whatsapp = TopicFactory.create(name="WhatsApp")
    helga = helper_at(office, topics=[banking], devices=["android"], display_name="Helga Hilfreich")
    otto = helper_at(office, topics=[whatsapp], devices=["iphone"], display_name="Otto Ordentlich")
    past = one_to_one(office, helga, starts_at=_at(1, 9))
    earlier = services.booking_create(
        slot=past, name="Hilde Hausmann", phone="0631 424242", topic=banking, device="android", consent=True
    )
    return {
        "office": office,
        "other": other,
        "banking": banking,
        "whatsapp": whatsapp,
        "helga": helga,
        "otto": otto,
        "earlier": earlier,
        "helga_slot": one_to_one(office, helga, starts_at=_at(2, 10)),
        "otto_slot": one_to_one(office, otto, starts_at=_at(2, 11)),
        "coordinator": coordinator_of(office, display_name="Karin Koordinatorin"),
    }


def url(name: str, **kwargs: Any) -> str:
    return reverse(f"helpdesk:{name}", kwargs={"slug": "a", **kwargs})


@pytest.fixture
def coordinator(desk: dict[str, Any], signed_in: Any) -> Any:
    return signed_in(desk["coordinator"])


# --- who may use it ---

STEPS = ["book-for-caller", "phone-desk-topic", "phone-desk-time", "phone-desk-details"]


@pytest.mark.parametrize("step", [*STEPS, "phone-desk-done"])
@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("anonymous", 302),
        ("citizen", 403),
        ("volunteer", 403),
        ("coordinator_b", 403),
        ("moderator", 403),
        ("coordinator_a", 200),
        ("administrator", 200),
    ],
)
def test_only_the_offices_coordinators_and_administrators_use_the_phone_desk(
    desk: dict[str, Any], client: Any, signed_in: Any, step: str, role: str, status: int
) -> None:
    people = {
        "anonymous": None,
        "citizen": UserFactory.create(),
        "volunteer": desk["helga"],
        "coordinator_b": coordinator_of(desk["other"]),
        "moderator": moderator_of(ProjectFactory.create()),
        "coordinator_a": desk["coordinator"],
        "administrator": UserFactory.create(is_superuser=True, is_staff=True),
    }
    user = people[role]
    browser = client if user is None else signed_in(user)
    kwargs = {"booking_id": desk["earlier"].pk} if step == "phone-desk-done" else {}
    query = {"termin": desk["helga_slot"].pk} if step == "phone-desk-details" else {}
    response = browser.get(url(step, **kwargs), query)
    assert response.status_code == status


# --- step 1: the caller ---


def test_an_earlier_caller_is_found_by_phone_number_with_the_last_booking_and_the_look_is_logged(
    desk: dict[str, Any], coordinator: Any
) -> None:
    page = coordinator.get(url("book-for-caller"), {"q": "424242"}).text
    assert "Hilde Hausmann" in page
    assert "0631 424242" in page
    assert "Letzte Buchung" in page
    assert f"?wie={desk['earlier'].pk}" in page
    entry = AuditLogEntry.objects.get()
    assert (entry.action, entry.office, entry.detail) == (Action.CALLER_SEARCHED, desk["office"], "1")
    assert "424242" not in entry.path


def test_the_search_page_offers_a_new_caller_and_logs_nothing_without_a_search(
    desk: dict[str, Any], coordinator: Any
) -> None:
    page = coordinator.get(url("book-for-caller")).text
    assert "Neue anrufende Person" in page
    assert not AuditLogEntry.objects.exists()


def test_the_search_with_htmx_renders_only_the_results(desk: dict[str, Any], coordinator: Any) -> None:
    response = coordinator.get(url("book-for-caller"), {"q": "Hilde"}, HTTP_HX_REQUEST="true")
    assert response.text.lstrip().startswith('<section id="callers"')


def test_callers_of_another_office_are_not_found(desk: dict[str, Any], signed_in: Any) -> None:
    client = signed_in(coordinator_of(desk["other"]))
    page = client.get(reverse("helpdesk:book-for-caller", args=["b"]), {"q": "Hilde"}).text
    assert "Hilde Hausmann" not in page


# --- step 2: topic and device ---


def test_picking_an_earlier_caller_ticks_their_topic_and_device_and_logs_the_look(
    desk: dict[str, Any], coordinator: Any
) -> None:
    page = coordinator.get(url("phone-desk-topic"), {"wie": desk["earlier"].pk}).text
    assert "Anrufende Person: Hilde Hausmann" in page
    assert re.search(rf'value="{desk["banking"].pk}" id="id_topic_\d+" checked', page)
    assert re.search(r'value="android" id="id_device_\d+" checked', page)
    entry = AuditLogEntry.objects.get()
    assert (entry.action, entry.booking) == (Action.BOOKING_VIEWED, desk["earlier"])


# --- step 3: fitting times ---


def test_only_times_of_a_volunteer_who_knows_topic_and_device_are_offered_with_the_first_name(
    desk: dict[str, Any], coordinator: Any
) -> None:
    page = coordinator.get(url("phone-desk-time"), {"topic": desk["banking"].pk, "device": "android"}).text
    assert f'value="{desk["helga_slot"].pk}"' in page
    assert f'value="{desk["otto_slot"].pk}"' not in page
    assert "10:00 · Helga · 1 Platz frei" in page
    assert "Hilfreich" not in page  # the first name only
    assert f'name="topic" value="{desk["banking"].pk}"' in page


def test_a_time_chosen_on_the_plan_is_ticked_in_the_picker(desk: dict[str, Any], coordinator: Any) -> None:
    slot = desk["helga_slot"]
    page = coordinator.get(url("phone-desk-time"), {"topic": desk["banking"].pk, "termin": slot.pk}).text
    assert f'value="{slot.pk}" id="termin-{slot.pk}" checked' in page


# --- step 4 and 5: details, booking, what to tell ---


def _details(desk: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {"topic": desk["banking"].pk, "device": "android", "termin": desk["helga_slot"].pk, **extra}


def test_the_details_of_an_earlier_caller_are_prefilled_and_addressed_to_the_coordinator(
    desk: dict[str, Any], coordinator: Any
) -> None:
    page = coordinator.get(url("phone-desk-details"), _details(desk, wie=desk["earlier"].pk)).text
    assert "Name der anrufenden Person" in page
    assert "Telefonnummer der anrufenden Person" in page
    assert 'value="Hilde Hausmann"' in page
    assert "Ihr Name" not in page
    assert "mit Helga" in page


def test_the_coordinator_books_by_phone_and_gets_the_text_to_read_aloud(desk: dict[str, Any], coordinator: Any) -> None:
    form = {**_details(desk), "name": "Walter Braun", "phone": "0631 123456", "consent": "on"}
    response = coordinator.post(url("phone-desk-details"), form)
    booking = Booking.objects.get(name="Walter Braun")
    assert response.status_code == 302
    assert response["Location"] == url("phone-desk-done", booking_id=booking.pk)
    assert (booking.channel, booking.booked_by) == (Channel.PHONE, desk["coordinator"])
    assert booking.slot == desk["helga_slot"]
    assert (booking.topic, booking.device, booking.phone) == (desk["banking"], "android", "+49631123456")
    done = coordinator.get(response["Location"]).text
    read_aloud = done.split('class="card read-aloud"')[1].split("</section>")[0]
    for words in ("10:00", "Kantstraße 59, 67663 Kaiserslautern", "Erdgeschoss", "Rampe", "Helga", "Ladegerät"):
        assert words in read_aloud
    assert "Sie können im Stadtteilbüro unter 0631 3654411 absagen" in read_aloud
    assert "http" not in read_aloud
    assert "Nächster Anruf" in done
    assert f"{reverse('helpdesk:office-plan', args=['a'])}?tag=" in done
    assert AuditLogEntry.objects.filter(action=Action.BOOKING_VIEWED, booking=booking).exists()


def test_someone_standing_at_the_desk_is_booked_as_walk_in(desk: dict[str, Any], coordinator: Any) -> None:
    form = {**_details(desk), "name": "Erna Engel", "phone": "0631 123456", "consent": "on", "channel": "walk_in"}
    assert coordinator.post(url("phone-desk-details"), form).status_code == 302
    assert Booking.objects.get(name="Erna Engel").channel == Channel.WALK_IN


def test_the_done_page_of_another_offices_booking_is_not_found(desk: dict[str, Any], signed_in: Any) -> None:
    other_coordinator = coordinator_of(desk["other"])
    response = signed_in(other_coordinator).get(reverse("helpdesk:phone-desk-done", args=["b", desk["earlier"].pk]))
    assert response.status_code == 404


def test_one_person_one_place_still_holds_at_the_phone_desk(desk: dict[str, Any], coordinator: Any) -> None:
    services.booking_create(
        slot=one_to_one(desk["office"], desk["otto"], starts_at=_at(2, 10)),
        name="Hilde Hausmann",
        phone="0631 424242",
        consent=True,
    )
    form = {**_details(desk), "name": "Hilde Hausmann", "phone": "0631/424242", "consent": "on"}
    page = coordinator.post(url("phone-desk-details"), form).text
    assert "Die anrufende Person hat zu dieser Zeit schon einen Termin." in page
    assert not Booking.objects.filter(slot=desk["helga_slot"]).exists()


def test_a_time_taken_meanwhile_sends_the_desk_back_to_the_picker_with_a_message(
    desk: dict[str, Any], coordinator: Any
) -> None:
    services.booking_create(slot=desk["helga_slot"], name="Jemand", phone="0631 777777", consent=True)
    response = coordinator.get(url("phone-desk-details"), _details(desk), follow=True)
    assert response.redirect_chain[-1][0].startswith(url("phone-desk-time"))
    assert "nicht mehr frei" in response.text


def test_a_time_that_does_not_fit_the_topic_is_refused_with_a_message(desk: dict[str, Any], coordinator: Any) -> None:
    response = coordinator.get(url("phone-desk-details"), _details(desk, termin=desk["otto_slot"].pk), follow=True)
    assert "nicht mehr frei" in response.text
    assert "hilft niemand" not in response.text


def test_without_a_time_the_details_step_asks_for_one(desk: dict[str, Any], coordinator: Any) -> None:
    response = coordinator.get(url("phone-desk-details"), {"topic": desk["banking"].pk}, follow=True)
    assert "Bitte wählen Sie eine Zeit" in response.text


def test_the_phone_desk_has_its_own_rate_limit(desk: dict[str, Any], coordinator: Any, settings: Any) -> None:
    settings.ABUSE_RATE_LIMITS = {**settings.ABUSE_RATE_LIMITS, "phone_booking": "1/h/user"}
    first = {**_details(desk), "name": "Walter Braun", "phone": "0631 123456", "consent": "on"}
    assert coordinator.post(url("phone-desk-details"), first).status_code == 302
    second = {**_details(desk, termin=desk["otto_slot"].pk, topic="", device="")}
    second.update(name="Erna Engel", phone="0631 654321", consent="on")
    assert coordinator.post(url("phone-desk-details"), second).status_code == 429


# --- wrong input into every field of every step ---

HOSTILE = ["abc", "-1", "0", "1e3", "99999999999999999999", "1.5", "x" * 300]


@pytest.mark.parametrize("step", STEPS)
@pytest.mark.parametrize("name", ["wie", "topic", "termin"])
@pytest.mark.parametrize("value", HOSTILE)
def test_a_tampered_id_in_the_query_string_is_a_400_that_names_it(
    desk: dict[str, Any], coordinator: Any, step: str, name: str, value: str
) -> None:
    query = _details(desk) if step == "phone-desk-details" else {}
    response = coordinator.get(url(step), {**query, name: value})
    assert response.status_code == 400
    assert name in response.text


@pytest.mark.parametrize("step", STEPS)
@pytest.mark.parametrize(("name", "value"), [("device", "toaster"), ("woche", "99"), ("woche", "-1"), ("woche", "x")])
def test_a_tampered_choice_in_the_query_string_is_a_400(
    desk: dict[str, Any], coordinator: Any, step: str, name: str, value: str
) -> None:
    query = _details(desk) if step == "phone-desk-details" else {}
    assert coordinator.get(url(step), {**query, name: value}).status_code == 400


@pytest.mark.parametrize("step", STEPS)
def test_ids_of_another_office_or_unknown_ids_are_a_400(desk: dict[str, Any], coordinator: Any, step: str) -> None:
    foreign = services.booking_create(
        slot=one_to_one(desk["other"], helper_at(desk["other"]), starts_at=_at(3, 10)),
        name="Fremde Person",
        phone="0631 111111",
        consent=True,
    )
    query = _details(desk) if step == "phone-desk-details" else {}
    assert coordinator.get(url(step), {**query, "wie": foreign.pk}).status_code == 400
    assert coordinator.get(url(step), {**query, "topic": 987654}).status_code == 400
    assert "Fremde Person" not in coordinator.get(url(step), {**query, "wie": foreign.pk}).text


def test_a_slot_of_another_office_is_a_400(desk: dict[str, Any], coordinator: Any) -> None:
    foreign = one_to_one(desk["other"], helper_at(desk["other"]), starts_at=_at(3, 10))
    assert coordinator.get(url("phone-desk-details"), _details(desk, termin=foreign.pk)).status_code == 400
    assert coordinator.post(url("phone-desk-details"), _details(desk, termin=foreign.pk)).status_code == 400


def test_a_search_term_that_is_too_long_is_a_400(desk: dict[str, Any], coordinator: Any) -> None:
    assert coordinator.get(url("book-for-caller"), {"q": "x" * 101}).status_code == 400
    assert coordinator.get(url("book-for-caller"), {"q": "a\x07b"}).status_code == 400


@pytest.mark.parametrize("name", ["wie", "topic", "termin", "device"])
def test_a_tampered_hidden_field_of_the_booking_form_is_a_400(
    desk: dict[str, Any], coordinator: Any, name: str
) -> None:
    form = {**_details(desk), "name": "Walter Braun", "phone": "0631 123456", "consent": "on", name: "abc"}
    assert coordinator.post(url("phone-desk-details"), form).status_code == 400
    assert not Booking.objects.filter(name="Walter Braun").exists()


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"name": ""}, "Dieses Feld ist zwingend erforderlich"),
        ({"name": "x" * 121}, "höchstens 120 Zeichen"),
        ({"phone": "abc"}, "Vorwahl"),
        ({"phone": "keine"}, "Vorwahl"),
        ({"phone": "", "email": ""}, "Telefonnummer oder E-Mail-Adresse der anrufenden Person"),
        ({"email": "kein-at"}, "vollständige E-Mail-Adresse"),
        ({"note": "x" * 1001}, "höchstens 1000 Zeichen"),
        ({"consent": ""}, "Dieses Feld ist zwingend erforderlich"),
        ({"channel": "online"}, "Bitte eine gültige Auswahl treffen"),
    ],
)
def test_wrong_details_are_shown_at_the_field_and_what_was_typed_stays(
    desk: dict[str, Any], coordinator: Any, fields: dict[str, str], message: str
) -> None:
    form = {**_details(desk), "name": "Walter Braun", "phone": "0631 123456", "consent": "on", **fields}
    response = coordinator.post(url("phone-desk-details"), form)
    assert response.status_code == 200
    assert message in response.text
    assert not Booking.objects.filter(slot=desk["helga_slot"]).exists()
    if fields.get("phone") == "abc":
        assert 'value="abc"' in response.text


def test_the_old_office_and_wrong_methods_are_refused(desk: dict[str, Any], coordinator: Any) -> None:
    assert coordinator.post(url("phone-desk-time")).status_code == 405
    assert coordinator.get(reverse("helpdesk:book-for-caller", args=["nirgends"])).status_code == 404


def test_the_phone_desk_reads_in_english_too(desk: dict[str, Any], coordinator: Any) -> None:
    coordinator.cookies["language"] = "en"
    page = coordinator.get(url("phone-desk-details"), _details(desk)).text
    assert "Name of the caller" in page
    assert "Phone number of the caller" in page
    assert "Name der anrufenden Person" not in page


def test_wrong_details_are_named_field_by_field_in_the_coordinators_words(
    desk: dict[str, Any], coordinator: Any
) -> None:
    form = {**_details(desk), "name": "", "phone": "abc", "email": "kein-at"}
    page = coordinator.post(url("phone-desk-details"), form).text
    assert "Bitte geben Sie eine vollständige E-Mail-Adresse an, z. B. name@example.org." in page
    assert "Gib " not in page  # Django's own German says "du"
    assert "in Ziffern" in page
    # Both contact fields are optional one by one; the page says one of them is needed before it is refused.
    page = coordinator.get(url("phone-desk-details"), _details(desk)).text
    assert "Eine Telefonnummer oder eine E-Mail-Adresse wird gebraucht." in page
    assert not Booking.objects.filter(slot=desk["helga_slot"]).exists()


def test_a_time_taken_while_the_details_were_typed_is_refused_with_a_message(
    desk: dict[str, Any], coordinator: Any
) -> None:
    services.booking_create(slot=desk["helga_slot"], name="Jemand", phone="0631 777777", consent=True)
    form = {**_details(desk), "name": "Walter Braun", "phone": "0631 123456", "consent": "on"}
    response = coordinator.post(url("phone-desk-details"), form, follow=True)
    assert "nicht mehr frei" in response.text
    assert not Booking.objects.filter(name="Walter Braun").exists()


def test_a_caller_booked_on_the_phone_is_not_called_back_only_to_confirm(
    desk: dict[str, Any], coordinator: Any
) -> None:
    # Walter Braun has a landline only: the office calls him for his reminder, but he heard the confirmation
    # read aloud while booking, so today's call list does not ask for a second call about it.
    form = {**_details(desk), "name": "Walter Braun", "phone": "0631 123456", "consent": "on"}
    assert coordinator.post(url("phone-desk-details"), form).status_code == 302
    today = coordinator.get(url("call-list")).text
    assert "Walter Braun" not in today
    assert "Hilde Hausmann" in today  # booked online-style by the service: her confirmation call stays
    reminder_day = (timezone.localdate() + dt.timedelta(days=1)).isoformat()
    assert "Walter Braun" in coordinator.get(url("call-list"), {"tag": reminder_day}).text


def test_with_a_caller_on_the_line_the_cursor_starts_in_the_search_and_in_the_name(
    desk: dict[str, Any], coordinator: Any
) -> None:
    # Keyboard only: without this the search field was the 20th stop of the Tab key.
    search = coordinator.get(url("book-for-caller")).text
    assert re.search(r'<input type="search" id="caller-q"[^>]* autofocus>', search)
    topic = coordinator.get(url("phone-desk-topic")).text
    assert topic.count(" autofocus>") == 1
    assert re.search(r'<input type="radio" name="topic"[^>]* autofocus>', topic)
    times = coordinator.get(url("phone-desk-time"), {"topic": desk["banking"].pk, "device": "android"}).text
    assert times.count(" autofocus>") == 1
    assert re.search(r'<input type="radio" name="termin"[^>]* autofocus>', times)
    details = coordinator.get(url("phone-desk-details"), _details(desk)).text
    assert re.search(r'<input type="text" name="name"[^>]*autofocus', details)
