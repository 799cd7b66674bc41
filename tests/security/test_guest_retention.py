"""Guest booking data is removed a configurable number of days after the appointment; counts stay."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import override_settings
from django.utils import timezone

from helpdesk import selectors, services, tasks
from helpdesk.models import Booking, BookingStatus, CallerLock, Slot, WaitlistEntry
from notifications.models import Channel, OutboxMessage, Status
from tests.factories import BookingFactory, OfficeFactory, SlotFactory, UserFactory

pytestmark = pytest.mark.django_db


def _past_slot(office: Any, days_ago: int) -> Slot:
    start = timezone.now() - dt.timedelta(days=days_ago)
    return SlotFactory.create(office=office, starts_at=start, ends_at=start + dt.timedelta(hours=1))


def _guest_booking(slot: Slot, **extra: Any) -> Booking:
    booking = BookingFactory.create(
        slot=slot, name="Erna Beispiel", email="erna@example.org", note="Hört schlecht", **extra
    )
    CallerLock.objects.get_or_create(contact=booking.phone_normalised)
    return booking


def test_a_guest_booking_is_anonymised_90_days_after_the_appointment() -> None:
    office = OfficeFactory.create()
    old = _guest_booking(_past_slot(office, 91), status=BookingStatus.ATTENDED, outcome_note="Kam mit Enkel")
    recent = _guest_booking(_past_slot(office, 80))
    assert services.guest_data_purge() == 1
    old.refresh_from_db()
    recent.refresh_from_db()
    assert (old.name, old.phone, old.phone_normalised, old.email, old.note, old.outcome_note) == (
        "–",
        "",
        "",
        "",
        "",
        "",
    )
    assert old.status == BookingStatus.ATTENDED  # what happened stays for the statistics
    assert recent.name == "Erna Beispiel"
    assert recent.phone


def test_bookings_of_people_with_an_account_stay_until_they_delete_it() -> None:
    booking = BookingFactory.create(slot=_past_slot(OfficeFactory.create(), 200), user=UserFactory.create())
    assert services.guest_data_purge() == 0
    booking.refresh_from_db()
    assert booking.name != "–"


def test_the_statistics_keep_their_counts() -> None:
    office = OfficeFactory.create()
    for days in (95, 100, 120):
        _guest_booking(_past_slot(office, days), status=BookingStatus.ATTENDED)
    start, end = timezone.now() - dt.timedelta(days=365), timezone.now()
    before = selectors.office_statistics(office=office, start=start, end=end)
    services.guest_data_purge()
    after = selectors.office_statistics(office=office, start=start, end=end)
    assert (after.attended, after.by_topic, after.by_device) == (before.attended, before.by_topic, before.by_device)
    assert after.attended == 3


def test_waitlist_entries_messages_and_phone_locks_of_guests_go_too() -> None:
    office = OfficeFactory.create()
    booking = _guest_booking(_past_slot(office, 100))
    message = OutboxMessage.objects.create(
        kind="booking_reminder",
        key=f"booking:{booking.pk}:reminder",
        channel=Channel.SMS,
        recipient_name=booking.name,
        recipient_phone=booking.phone,
        due_at=booking.slot.starts_at,
        status=Status.SENT,
        payload={"booking_id": booking.pk},
    )
    entry = WaitlistEntry.objects.create(
        office=office, day=timezone.localdate() - dt.timedelta(days=100), name="Karl Muster", phone="0631 9"
    )
    services.guest_data_purge()
    message.refresh_from_db()
    entry.refresh_from_db()
    assert (message.recipient_name, message.recipient_phone) == ("", "")
    assert (entry.name, entry.phone) == ("–", "")
    assert not CallerLock.objects.filter(contact=booking.phone_normalised).exists()


def test_running_the_clean_up_again_changes_nothing() -> None:
    _guest_booking(_past_slot(OfficeFactory.create(), 100))
    assert services.guest_data_purge() == 1
    assert services.guest_data_purge() == 0


@override_settings(GUEST_DATA_RETENTION_DAYS=30)
def test_the_number_of_days_is_a_setting() -> None:
    booking = _guest_booking(_past_slot(OfficeFactory.create(), 31))
    assert tasks.purge_guest_data() == 1
    booking.refresh_from_db()
    assert booking.name == "–"


def test_the_clean_up_is_a_celery_task_that_beat_can_run() -> None:
    from celery_app import app

    assert "helpdesk.tasks.purge_guest_data" in app.tasks
    booking = _guest_booking(_past_slot(OfficeFactory.create(), 100))
    assert app.tasks["helpdesk.tasks.purge_guest_data"].apply().get() == 1
    booking.refresh_from_db()
    assert booking.name == "–"
