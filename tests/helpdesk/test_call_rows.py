"""The call list's rows: one per person, everything to say once."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from helpdesk import call_rows
from notifications.models import Channel, OutboxMessage, Status
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def message(pk: int, **values: object) -> OutboxMessage:
    defaults: dict[str, object] = {
        "pk": pk,
        "kind": "booking_reminder",
        "channel": Channel.CALL,
        "status": Status.TO_CALL,
        "recipient_name": "Gerda Weiß",
        "recipient_phone": "+4963152417",
        "payload": {"booking_id": 1},
        "rendered_text": f"Skript {pk}",
        "due_at": timezone.now(),
    }
    defaults.update(values)
    return OutboxMessage(**defaults)


def test_messages_for_the_same_number_however_written_are_one_row() -> None:
    rows = call_rows.rows(
        [
            message(1, kind="booking_confirmation", payload={"booking_id": 1}),
            message(2, recipient_phone="0631 52417", payload={"booking_id": 1}),
            message(3, recipient_name="Otto", recipient_phone="+4963199999"),
        ]
    )
    assert [(row.pk, row.ids) for row in rows] == [(1, [1, 2]), (3, [3])]
    assert rows[0].other_ids == [2]
    assert rows[0].labels == ["Terminbestätigung", "Terminerinnerung"]
    assert rows[0].scripts == ["Skript 2"]  # the reminder makes the confirmation moot


def test_a_confirmation_of_another_booking_keeps_its_script_and_equal_scripts_are_said_once() -> None:
    rows = call_rows.rows(
        [
            message(1, kind="booking_confirmation", payload={"booking_id": 9}),
            message(2, rendered_text="Gleich"),
            message(3, rendered_text="Gleich"),
        ]
    )
    assert rows[0].scripts == ["Skript 1", "Gleich"]


def test_people_without_a_number_are_told_apart_by_name() -> None:
    rows = call_rows.rows([message(1, recipient_phone=""), message(2, recipient_phone="", recipient_name="Otto")])
    assert len(rows) == 2


def test_a_row_says_who_called_last_by_first_name() -> None:
    caller = UserFactory.create(display_name="Klaus Koordinator")
    called_at = timezone.now() - dt.timedelta(minutes=3)
    (row,) = call_rows.rows(
        [message(1, status=Status.SENT, sent_at=called_at, sent_by=caller), message(2, status=Status.SENT)]
    )
    assert (row.done, row.called_by, row.called_at) == (True, "Klaus", called_at)


def test_same_person_keeps_only_the_calls_to_that_person() -> None:
    first = message(1)
    assert call_rows.same_person(first, [message(2, recipient_phone="0631 52417"), message(3, recipient_phone="")]) == [
        2
    ]
