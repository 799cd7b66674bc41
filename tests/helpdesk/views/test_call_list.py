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
from tests.office_people import client_for, person, row

pytestmark = pytest.mark.django_db


@pytest.fixture
def office_a() -> Any:
    return OfficeFactory(name="Grübentälchen", slug="gruebentaelchen")


@pytest.fixture
def office_b() -> Any:
    return OfficeFactory(name="Innenstadt West", slug="innenstadt-west")


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
    [
        ("anonymous", 302),
        ("citizen", 403),
        ("volunteer of A", 403),
        ("coordinator of A", 200),
        ("coordinator of B", 403),
        ("moderator", 403),
        ("administrator", 200),
    ],
)
def test_the_call_list_of_an_office_is_for_its_coordinators_and_administrators(
    role: str, expected: int, signed_in: Any, client: Client, office_a: Any, office_b: Any
) -> None:
    call(office_a, recipient_name="Gisela Anruf")
    call(office_b, recipient_name="Horst Anderswo")

    response = client_for(role, signed_in, client, office_a, office_b).get(
        reverse("helpdesk:call-list", args=[office_a.slug])
    )

    assert response.status_code == expected
    if expected == 200:
        page = response.content.decode()
        assert "Gisela Anruf" in page
        assert "Termin morgen um 10 Uhr" in page
        assert "Horst Anderswo" not in page


def test_the_call_list_start_leads_a_coordinator_to_their_office(signed_in: Any, office_a: Any, office_b: Any) -> None:
    start = reverse("helpdesk:call-list-start")

    response = signed_in(coordinator_of(office_a)).get(start)

    assert response.status_code == 302
    assert response["Location"] == reverse("helpdesk:call-list", args=[office_a.slug])


def test_the_call_list_start_lets_an_administrator_choose_the_office(
    signed_in: Any, office_a: Any, office_b: Any
) -> None:
    response = signed_in(person("administrator", office_a, office_b)).get(reverse("helpdesk:call-list-start"))

    assert response.status_code == 200
    assert office_a.name in response.content.decode()
    assert office_b.name in response.content.decode()


@pytest.mark.parametrize("role", ["anonymous", "citizen", "volunteer of A", "moderator"])
def test_the_call_list_start_is_closed_to_people_without_an_office_to_manage(
    role: str, signed_in: Any, client: Client, office_a: Any, office_b: Any
) -> None:
    response = client_for(role, signed_in, client, office_a, office_b).get(reverse("helpdesk:call-list-start"))

    assert response.status_code == (302 if role == "anonymous" else 403)


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
    assert "Carla Coordinator" in today
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

    # session, user, roles and TOTP check (one query for all role providers), office, audit log entry, open calls,
    # calls made
    with django_assert_num_queries(7):
        response = client.get(url)
    assert response.status_code == 200


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("anonymous", 302),
        ("citizen", 403),
        ("volunteer of A", 403),
        ("coordinator of A", 302),
        ("coordinator of B", 403),
        ("moderator", 403),
        ("administrator", 302),
    ],
)
def test_ticking_called_marks_the_message_sent_by_whom_and_when(
    role: str, expected: int, signed_in: Any, client: Client, office_a: Any, office_b: Any
) -> None:
    message = call(office_a)

    response = client_for(role, signed_in, client, office_a, office_b).post(
        reverse("helpdesk:mark-called", args=[message.pk])
    )

    assert response.status_code == expected
    message.refresh_from_db()
    if expected == 302 and role != "anonymous":
        assert response["Location"] == reverse("helpdesk:call-list", args=[office_a.slug])
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
    assert "Carla Coordinator" in page
    assert "<form" not in page


def test_ticking_a_call_twice_changes_nothing(signed_in: Any, office_a: Any) -> None:
    message = call(office_a, status=Status.SENT, sent_at=timezone.now() - dt.timedelta(hours=1))
    before = message.sent_at

    signed_in(coordinator_of(office_a)).post(reverse("helpdesk:mark-called", args=[message.pk]))

    message.refresh_from_db()
    assert message.sent_at == before
    assert message.sent_by is None
