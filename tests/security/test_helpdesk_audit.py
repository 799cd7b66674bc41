"""Every look by office staff at a senior's phone number and notes is recorded."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from helpdesk.models import AuditLogEntry
from tests.factories import BookingFactory, OfficeFactory, SlotFactory, coordinator_of

pytestmark = pytest.mark.django_db
Action = AuditLogEntry.Action


@pytest.fixture
def booking() -> Any:
    return BookingFactory.create(slot=SlotFactory.create(office=OfficeFactory.create()), note="Hört schlecht")


def _entry() -> AuditLogEntry:
    return AuditLogEntry.objects.get()


@pytest.mark.parametrize(
    ("url_name", "action"),
    [
        ("helpdesk:day-list", Action.DAY_LIST_VIEWED),
        ("helpdesk:office-plan", Action.PLAN_VIEWED),
    ],
)
def test_opening_an_office_list_with_phone_numbers_is_recorded(
    signed_in: Any, booking: Any, url_name: str, action: str
) -> None:
    office = booking.slot.office
    coordinator = coordinator_of(office)
    assert signed_in(coordinator).get(reverse(url_name, args=[office.slug])).status_code == 200
    entry = _entry()
    assert (entry.user, entry.action, entry.office) == (coordinator, action, office)


def test_a_caller_search_is_recorded_without_the_search_term(signed_in: Any, booking: Any) -> None:
    office = booking.slot.office
    client = signed_in(coordinator_of(office))
    client.get(reverse("helpdesk:book-for-caller", args=[office.slug]))
    assert not AuditLogEntry.objects.exists()  # no search, no look at anybody
    client.get(reverse("helpdesk:book-for-caller", args=[office.slug]), {"q": booking.phone})
    entry = _entry()
    assert (entry.action, entry.office) == (Action.CALLER_SEARCHED, office)
    assert booking.phone not in entry.detail
    assert booking.phone not in entry.path


def test_a_coordinator_opening_a_booking_is_recorded_with_the_booking(signed_in: Any, booking: Any) -> None:
    coordinator = coordinator_of(booking.slot.office)
    client = signed_in(coordinator)
    assert client.get(reverse("helpdesk:booking-detail", args=[booking.token])).status_code == 200
    assert client.get(reverse("helpdesk:staff-booking-cancel", args=[booking.pk])).status_code == 200
    entries = list(AuditLogEntry.objects.order_by("id"))
    assert [(e.action, e.booking, e.office) for e in entries] == [
        (Action.BOOKING_VIEWED, booking, booking.slot.office)
    ] * 2


def test_the_guest_looking_at_their_own_booking_is_not_recorded(client: Any, booking: Any) -> None:
    assert client.get(reverse("helpdesk:booking-detail", args=[booking.token])).status_code == 200
    assert not AuditLogEntry.objects.exists()


def test_a_coordinator_of_another_office_is_refused_and_nothing_is_recorded(signed_in: Any, booking: Any) -> None:
    client = signed_in(coordinator_of(OfficeFactory.create()))
    assert client.get(reverse("helpdesk:day-list", args=[booking.slot.office.slug])).status_code == 403
    assert not AuditLogEntry.objects.exists()


def test_the_outbox_page_records_a_look_per_office_whose_messages_it_shows(signed_in: Any, booking: Any) -> None:
    from notifications.models import Channel, OutboxMessage

    office = booking.slot.office
    OutboxMessage.objects.create(
        kind="helpdesk.reminder",
        key="audit-outbox",
        channel=Channel.CALL,
        recipient_name=booking.name,
        recipient_phone=booking.phone,
        scope=f"office:{office.pk}",
        due_at=booking.slot.starts_at,
    )
    coordinator = coordinator_of(office)
    assert booking.name in signed_in(coordinator).get(reverse("notifications:outbox")).text
    entry = _entry()
    assert (entry.user, entry.action, entry.office) == (coordinator, Action.MESSAGES_VIEWED, office)


def test_an_administrator_opening_a_booking_in_the_admin_is_recorded(signed_in: Any, booking: Any) -> None:
    from tests.factories import UserFactory

    admin = UserFactory.create(is_staff=True, is_superuser=True)
    client = signed_in(admin)
    assert client.get(reverse("admin:helpdesk_booking_change", args=[booking.pk])).status_code == 200
    entry = _entry()
    assert (entry.action, entry.booking, entry.office) == (Action.ADMIN_VIEWED, booking, booking.slot.office)
