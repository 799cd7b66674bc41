from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from notifications.models import Channel, OutboxMessage, Status
from tests.factories import (
    OfficeFactory,
    coordinator_of,
)
from tests.notifications.factories import row
from tests.world import ROLES, World, access

pytestmark = pytest.mark.django_db


@pytest.fixture
def office_a() -> Any:
    return OfficeFactory(name="Grübentälchen", slug="gruebentaelchen")


@pytest.fixture
def office_b() -> Any:
    return OfficeFactory(name="Innenstadt West", slug="innenstadt-west")


def client_for(role: str, world: World, signed_in: Any, client: Client) -> Client:
    if world.people[role] is None:
        return client
    result: Client = signed_in(world.person(role))
    return result


def call(office: Any, **values: Any) -> OutboxMessage:
    defaults: dict[str, Any] = {
        "channel": Channel.CALL,
        "status": Status.TO_CALL,
        "recipient_phone": "0631 12345",
        "rendered_text": "Termin morgen um 10 Uhr",
        "due_at": timezone.now() - dt.timedelta(minutes=5),
    }
    defaults.update(values)
    return row(office, **defaults)


@pytest.mark.parametrize(
    ("role", "expected"),
    access(403, anonymous=302, guest=302, coordinator_a=200, administrator=200).items(),
)
def test_the_call_list_of_an_office_is_for_its_coordinators_and_administrators(
    role: str, expected: int, world: World, signed_in: Any, client: Client
) -> None:
    call(world.office_a, recipient_name="Gisela Anruf")
    call(world.office_b, recipient_name="Horst Anderswo")

    response = client_for(role, world, signed_in, client).get(reverse("helpdesk:call-list", args=[world.office_a.slug]))

    assert response.status_code == expected
    if expected == 200:
        page = response.content.decode()
        assert "Gisela Anruf" in page
        assert "Termin morgen um 10 Uhr" in page
        assert "Horst Anderswo" not in page
        assert reverse("helpdesk:office-waitlist", args=[world.office_a.slug]) in page


def test_the_call_list_start_leads_a_coordinator_to_their_office(signed_in: Any, office_a: Any, office_b: Any) -> None:
    start = reverse("helpdesk:call-list-start")

    response = signed_in(coordinator_of(office_a)).get(start)

    assert response.status_code == 302
    assert response["Location"] == reverse("helpdesk:call-list", args=[office_a.slug])


def test_the_call_list_start_lets_an_administrator_choose_the_office(world: World, signed_in: Any) -> None:
    response = signed_in(world.person("administrator")).get(reverse("helpdesk:call-list-start"))

    assert response.status_code == 200
    assert world.office_a.name in response.content.decode()
    assert world.office_b.name in response.content.decode()


@pytest.mark.parametrize(
    "role", [role for role in ROLES if role not in {"coordinator_a", "coordinator_b", "administrator"}]
)
def test_the_call_list_start_is_closed_to_people_without_an_office_to_manage(
    role: str, world: World, signed_in: Any, client: Client
) -> None:
    response = client_for(role, world, signed_in, client).get(reverse("helpdesk:call-list-start"))

    assert response.status_code == (302 if world.people[role] is None else 403)


def test_the_call_list_shows_a_chosen_day_and_the_calls_made_on_it(signed_in: Any, office_a: Any) -> None:
    tomorrow = timezone.now() + dt.timedelta(days=1)
    call(office_a, recipient_name="Morgen Martha", status=Status.PENDING, due_at=tomorrow, rendered_text="")
    caller = coordinator_of(office_a, display_name="Carla Coordinator")
    call(office_a, recipient_name="Erledigt Emil", status=Status.SENT, sent_at=timezone.now(), sent_by=caller)
    client = signed_in(caller)
    url = reverse("helpdesk:call-list", args=[office_a.slug])

    today = client.get(url).content.decode()
    later = client.get(url, {"tag": timezone.localtime(tomorrow).date().isoformat()}).content.decode()

    assert "Morgen Martha" not in today
    assert "Erledigt Emil" in today
    assert "angerufen von Carla um" in today
    assert "Morgen Martha" in later


@pytest.mark.parametrize("count", [5, 50])
def test_the_call_list_costs_the_same_queries_for_5_and_50_calls(
    count: int, signed_in: Any, office_a: Any, django_assert_num_queries: Any
) -> None:
    caller = coordinator_of(office_a)
    for _ in range(count):
        call(office_a)
        call(office_a, status=Status.SENT, sent_at=timezone.now(), sent_by=caller)
    client = signed_in(caller)
    url = reverse("helpdesk:call-list", args=[office_a.slug])
    client.get(url)

    # session (1), person and roles (1), office, audit log entry, open calls,
    # calls made
    with django_assert_num_queries(6):
        response = client.get(url)
    assert response.status_code == 200


@pytest.mark.parametrize(
    ("role", "expected"),
    access(403, anonymous=302, guest=302, coordinator_a=302, administrator=302).items(),
)
def test_ticking_called_marks_the_message_sent_by_whom_and_when(
    role: str, expected: int, world: World, signed_in: Any, client: Client
) -> None:
    message = call(world.office_a)

    response = client_for(role, world, signed_in, client).post(reverse("helpdesk:mark-called", args=[message.pk]))

    assert response.status_code == expected
    message.refresh_from_db()
    if expected == 302 and world.people[role] is not None:
        assert response["Location"] == reverse("helpdesk:call-list", args=[world.office_a.slug])
        assert message.status == Status.SENT
        assert message.sent_by is not None
        assert message.sent_at is not None
    else:
        assert message.status == Status.TO_CALL


def test_ticking_called_with_htmx_returns_the_updated_row(signed_in: Any, office_a: Any) -> None:
    message = call(office_a, recipient_name="Gisela Anruf")
    caller = coordinator_of(office_a, display_name="Carla Coordinator")

    response = signed_in(caller).post(
        reverse("helpdesk:mark-called", args=[message.pk]), headers={"HX-Request": "true"}
    )

    page = response.content.decode()
    assert f'id="call-{message.pk}"' in page
    message.refresh_from_db()
    assert f"angerufen von Carla um {timezone.localtime(message.sent_at):%H:%M}" in page
    assert "<form" not in page


def test_ticking_a_call_twice_changes_nothing(signed_in: Any, office_a: Any) -> None:
    message = call(office_a, status=Status.SENT, sent_at=timezone.now() - dt.timedelta(hours=1))
    before = message.sent_at

    signed_in(coordinator_of(office_a)).post(reverse("helpdesk:mark-called", args=[message.pk]))

    message.refresh_from_db()
    assert message.sent_at == before
    assert message.sent_by is None


# --- one row per person and day ---


def test_a_confirmation_and_a_reminder_for_the_same_person_are_one_row(signed_in: Any, office_a: Any) -> None:
    confirmation = call(
        office_a,
        kind="booking_confirmation",
        recipient_name="Gerda Weiß",
        recipient_phone="+4963152417",
        payload={"booking_id": 7},
        rendered_text="Ich rufe an, um Ihren Termin zu bestätigen. Wir rufen Sie noch einmal an.",
    )
    call(
        office_a,
        kind="booking_reminder",
        recipient_name="Gerda Weiß",
        recipient_phone="0631 52417",  # the same number, written as people write it
        payload={"booking_id": 7},
        rendered_text="Ich rufe an, um Sie an Ihren Termin zu erinnern.",
    )
    call(office_a, recipient_name="Otto Anders", recipient_phone="+4963199999")
    page = signed_in(coordinator_of(office_a)).get(reverse("helpdesk:call-list", args=[office_a.slug])).text

    assert page.count('class="card call-row') == 2
    assert page.count("Gerda Weiß") == 2  # the heading and the button's hidden name
    row = page.split(f'id="call-{confirmation.pk}"')[1].split("</li>")[0]
    assert "Terminbestätigung · Terminerinnerung" in row
    assert "Sie an Ihren Termin zu erinnern" in row
    assert "noch einmal an" not in row  # the reminder makes the confirmation's promise moot


def test_ticking_a_merged_row_marks_every_message_of_it_by_whom_and_when(signed_in: Any, office_a: Any) -> None:
    first = call(office_a, recipient_name="Gerda Weiß", recipient_phone="+4963152417", rendered_text="Eins")
    second = call(office_a, recipient_name="Gerda Weiß", recipient_phone="+4963152417", rendered_text="Zwei")
    stranger = call(office_a, recipient_name="Otto Anders", recipient_phone="+4963199999")
    caller = coordinator_of(office_a, display_name="Carla Coordinator")
    client = signed_in(caller)
    page = client.get(reverse("helpdesk:call-list", args=[office_a.slug])).text
    assert f'name="mit" value="{second.pk}"' in page

    # A tampered extra id of another person is left alone.
    response = client.post(
        reverse("helpdesk:mark-called", args=[first.pk]), {"mit": [second.pk, stranger.pk]}, HTTP_HX_REQUEST="true"
    )

    for message in (first, second, stranger):
        message.refresh_from_db()
    assert (first.status, second.status, stranger.status) == (Status.SENT, Status.SENT, Status.TO_CALL)
    assert first.sent_by == second.sent_by == caller
    assert first.sent_at == second.sent_at
    assert f"angerufen von Carla um {timezone.localtime(first.sent_at):%H:%M}" in response.text
    made = client.get(reverse("helpdesk:call-list", args=[office_a.slug])).text.split('id="done-heading"')[1]
    assert made.count("Gerda Weiß") == 1


@pytest.mark.parametrize("value", ["abc", "0", "-3", "1e3", "99999999999999999999"])
def test_a_tampered_merged_id_is_a_400(signed_in: Any, office_a: Any, value: str) -> None:
    message = call(office_a)
    response = signed_in(coordinator_of(office_a)).post(
        reverse("helpdesk:mark-called", args=[message.pk]), {"mit": value}
    )
    assert response.status_code == 400
    message.refresh_from_db()
    assert message.status == Status.TO_CALL


def test_too_many_merged_ids_are_a_400(signed_in: Any, office_a: Any) -> None:
    message = call(office_a)
    response = signed_in(coordinator_of(office_a)).post(
        reverse("helpdesk:mark-called", args=[message.pk]), {"mit": [str(n) for n in range(1, 30)]}
    )
    assert response.status_code == 400


def test_a_merged_id_of_another_office_is_not_ticked(signed_in: Any, office_a: Any, office_b: Any) -> None:
    message = call(office_a, recipient_phone="+4963152417")
    elsewhere = call(office_b, recipient_phone="+4963152417")
    signed_in(coordinator_of(office_a)).post(reverse("helpdesk:mark-called", args=[message.pk]), {"mit": elsewhere.pk})
    elsewhere.refresh_from_db()
    assert elsewhere.status == Status.TO_CALL


@pytest.mark.parametrize("value", ["gestern", "2026-02-30", "9999-12-31", "1"])
def test_a_tampered_day_is_a_400_that_names_it(signed_in: Any, office_a: Any, value: str) -> None:
    response = signed_in(coordinator_of(office_a)).get(
        reverse("helpdesk:call-list", args=[office_a.slug]), {"tag": value}
    )
    assert response.status_code == 400
    assert "tag" in response.text
