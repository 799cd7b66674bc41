from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from notifications.models import Channel, Status
from tests.factories import UserFactory
from tests.notifications.factories import row
from tests.world import World, access, client_for

pytestmark = pytest.mark.django_db

OUTBOX = reverse("notifications:outbox")


@pytest.mark.parametrize(
    ("role", "expected"),
    access(403, anonymous=302, guest=302, coordinator_a=200, coordinator_b=200, administrator=200).items(),
)
def test_the_messages_page_is_for_coordinators_and_administrators(role: str, expected: int, world: World) -> None:
    response = client_for(world, role).get(OUTBOX)

    assert response.status_code == expected
    if role in ("anonymous", "guest"):
        assert reverse("account_login") in response["Location"]


def test_a_coordinator_sees_only_the_messages_of_their_office(signed_in: Any, world: World) -> None:
    row(world.office_a, recipient_name="Anna Aus-A")
    row(world.office_b, recipient_name="Bernd Aus-B")
    row(None, recipient_name="Ohne Büro")

    page = signed_in(world.person("coordinator_a")).get(OUTBOX).content.decode()

    assert "Anna Aus-A" in page
    assert "Bernd Aus-B" not in page
    assert "Ohne Büro" not in page


def test_an_administrator_sees_every_message(signed_in: Any, world: World) -> None:
    row(world.office_a, recipient_name="Anna Aus-A")
    row(world.office_b, recipient_name="Bernd Aus-B")
    row(None, recipient_name="Ohne Büro")

    page = signed_in(world.person("administrator")).get(OUTBOX).content.decode()

    assert "Anna Aus-A" in page
    assert "Bernd Aus-B" in page
    assert "Ohne Büro" in page


def test_the_messages_can_be_filtered_by_status_kind_channel_and_day(signed_in: Any, world: World) -> None:
    yesterday = timezone.now() - dt.timedelta(days=3)
    row(world.office_a, recipient_name="Failed Fritz", status=Status.FAILED, last_error="SMTP down")
    row(world.office_a, recipient_name="Sent Sonja", status=Status.SENT, sent_at=timezone.now())
    row(world.office_a, recipient_name="Sms Susi", channel=Channel.SMS, status=Status.SKIPPED)
    row(world.office_a, recipient_name="Old Otto", due_at=yesterday)
    row(world.office_a, recipient_name="Other Olga", kind="test_message")
    client = signed_in(world.person("coordinator_a"))

    failed = client.get(OUTBOX, {"status": "failed"}).content.decode()
    assert "Failed Fritz" in failed
    assert "SMTP down" in failed
    assert "Sent Sonja" not in failed
    by_channel = client.get(OUTBOX, {"channel": "sms"}).content.decode()
    assert "Sms Susi" in by_channel
    assert "Failed Fritz" not in by_channel
    by_day = client.get(OUTBOX, {"day": timezone.localtime(yesterday).date().isoformat()}).content.decode()
    assert "Old Otto" in by_day
    assert "Sent Sonja" not in by_day
    by_kind = client.get(OUTBOX, {"kind": "test_message"}).content.decode()
    assert "Other Olga" in by_kind
    assert "Old Otto" not in by_kind


def test_an_htmx_filter_request_gets_only_the_results(signed_in: Any, world: World) -> None:
    row(world.office_a, recipient_name="Anna Aus-A")

    response = signed_in(world.person("coordinator_a")).get(OUTBOX, headers={"HX-Request": "true"})

    page = response.content.decode()
    assert 'id="results"' in page
    assert "Anna Aus-A" in page
    assert "<html" not in page


@pytest.mark.parametrize("count", [5, 50])
def test_the_messages_page_costs_the_same_queries_for_5_and_50_messages(
    count: int, signed_in: Any, world: World, django_assert_num_queries: Any
) -> None:
    for _ in range(count):
        row(world.office_a, status=Status.SENT, sent_at=timezone.now(), sent_by=UserFactory.create())
    client = signed_in(world.person("administrator"))
    client.get(OUTBOX)

    # session (1), person and roles (1), status
    # counts, scope choices, page count, page rows, names of the rows' scopes, and the audit entry for the look
    # at the recipients (their offices, the insert)
    with django_assert_num_queries(9):
        response = client.get(OUTBOX)
    assert response.status_code == 200


@pytest.mark.parametrize(
    ("role", "expected"),
    access(403, anonymous=302, guest=302, coordinator_a=302, administrator=302).items(),
)
def test_a_failed_message_can_be_resent_by_its_offices_coordinator_or_an_administrator(
    role: str, expected: int, world: World
) -> None:
    message = row(world.office_a, status=Status.FAILED, attempts=5, last_error="SMTP down")

    response = client_for(world, role).post(
        reverse("notifications:resend", args=[message.pk]), {"next": f"{OUTBOX}?status=failed"}
    )

    assert response.status_code == expected
    message.refresh_from_db()
    if expected == 302 and role not in ("anonymous", "guest"):
        assert response["Location"] == f"{OUTBOX}?status=failed"
        assert message.status == Status.PENDING
        assert message.attempts == 0
    else:
        assert message.status == Status.FAILED


def test_a_message_without_an_office_can_be_resent_only_by_an_administrator(signed_in: Any, world: World) -> None:
    message = row(None, status=Status.FAILED)

    assert (
        signed_in(world.person("coordinator_a")).post(reverse("notifications:resend", args=[message.pk])).status_code
        == 403
    )
    response = signed_in(world.person("administrator")).post(
        reverse("notifications:resend", args=[message.pk]), {"next": "https://evil.example.org/"}
    )
    assert response["Location"] == OUTBOX
    message.refresh_from_db()
    assert message.status == Status.PENDING


def test_resending_needs_a_post(signed_in: Any, world: World) -> None:
    message = row(world.office_a, status=Status.FAILED)

    response = signed_in(world.person("coordinator_a")).get(reverse("notifications:resend", args=[message.pk]))

    assert response.status_code == 405


def test_an_administrator_can_resend_failed_messages_from_the_django_admin(signed_in: Any, world: World) -> None:
    failed = row(world.office_a, status=Status.FAILED, attempts=5)
    waiting = row(world.office_a, status=Status.PENDING)
    client = signed_in(world.person("administrator"))

    response = client.post(
        reverse("admin:notifications_outboxmessage_changelist"),
        {"action": "resend", "_selected_action": [failed.pk, waiting.pk]},
    )

    assert response.status_code == 302
    failed.refresh_from_db()
    assert failed.status == Status.PENDING
    assert failed.attempts == 0
