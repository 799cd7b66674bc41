from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from helpdesk import services
from helpdesk.models import BookingStatus, Slot, SlotKind, WaitlistStatus
from notifications import outbox
from notifications.models import Channel, OutboxMessage, Status
from tests.factories import BookingFactory, OfficeFactory, SlotFactory, UserFactory
from tests.helpdesk.factories import TopicFactory, helper_at, one_to_one, workshop

pytestmark = pytest.mark.django_db


@pytest.fixture
def office():
    return OfficeFactory.create(reminder_offsets_hours=[24])


@pytest.fixture
def topic():
    return TopicFactory.create()


@pytest.fixture
def slot(office, topic):
    return one_to_one(office, helper_at(office, topics=[topic], devices=["android"]))


def book(slot, **kwargs):
    defaults: dict[str, Any] = {
        "name": "Hilde Gast",
        "phone": "0631 123456",
        "topic": None,
        "device": "",
        "consent": True,
    }
    defaults.update(kwargs)
    return services.booking_create(slot=slot, **defaults)


def test_guest_books_with_name_and_phone_only(slot, topic):
    booking = book(slot, topic=topic, device="android")
    assert booking.status == BookingStatus.ACTIVE
    assert booking.email == ""
    assert booking.consent_at is not None
    slot.refresh_from_db()
    assert slot.booked_count == 1


def test_guest_without_phone_is_refused(slot, topic):
    with pytest.raises(services.BookingError) as exc:
        book(slot, topic=topic, device="android", phone="")
    assert exc.value.code == "contact"


def test_booking_without_consent_is_refused(slot, topic):
    with pytest.raises(services.BookingError) as exc:
        book(slot, topic=topic, device="android", consent=False)
    assert exc.value.code == "consent"


def test_second_booking_of_a_full_slot_is_refused(slot, topic):
    book(slot, topic=topic, device="android")
    with pytest.raises(services.BookingError) as exc:
        book(slot, topic=topic, device="android", phone="0631 999999", name="Otto")
    assert exc.value.code == "full"


def test_slot_of_a_volunteer_who_does_not_know_the_topic_is_refused(slot):
    with pytest.raises(services.BookingError) as exc:
        book(slot, topic=TopicFactory.create(), device="android")
    assert exc.value.code == "no_match"


def test_slot_of_a_volunteer_who_does_not_know_the_device_is_refused(slot, topic):
    with pytest.raises(services.BookingError) as exc:
        book(slot, topic=topic, device="iphone")
    assert exc.value.code == "no_match"


def test_coordinator_may_override_the_topic_and_device_match(slot):
    booking = book(slot, topic=TopicFactory.create(), device="windows", override=True)
    assert booking.is_active


def test_a_workshop_that_lists_topics_takes_only_those_and_one_without_takes_any(office, topic):
    listed = workshop(office)
    listed.topics.add(topic)
    with pytest.raises(services.BookingError) as exc:
        book(listed, topic=TopicFactory.create())
    assert exc.value.code == "no_match"
    assert book(listed, topic=topic, phone="0631 311002").is_active
    assert book(workshop(office), topic=TopicFactory.create(), phone="0631 311003").is_active


def test_a_slot_that_was_already_full_when_read_is_refused_without_touching_the_database(slot, topic):
    book(slot, topic=topic, device="android")
    slot.refresh_from_db()
    with CaptureQueriesContext(connection) as queries, pytest.raises(services.BookingError) as exc:
        book(slot, topic=topic, device="android", phone="0631 999999", name="Otto")
    assert exc.value.code == "full"
    assert len(queries) == 0


def test_one_person_is_not_booked_twice_at_one_time(office, topic):
    first = one_to_one(office, helper_at(office, topics=[topic]))
    second = one_to_one(office, helper_at(office, topics=[topic]), starts_at=first.starts_at + dt.timedelta(minutes=30))
    book(first, topic=topic, device="android", phone="+49 631 123456")
    with pytest.raises(services.BookingError) as exc:
        book(second, topic=topic, device="android", phone="0631/123456")
    assert exc.value.code == "person_busy"


def test_a_signed_in_person_is_not_booked_twice_at_one_time(office):
    user = UserFactory.create()
    first = workshop(office)
    second = workshop(office, starts_at=first.starts_at + dt.timedelta(hours=1))
    services.booking_create(slot=first, user=user, consent=True)
    with pytest.raises(services.BookingError) as exc:
        services.booking_create(slot=second, user=user, consent=True)
    assert exc.value.code == "person_busy"


def test_a_volunteer_is_never_booked_twice_at_one_time(office, topic):
    volunteer = helper_at(office, topics=[topic])
    first = one_to_one(office, volunteer)
    overlapping = one_to_one(office, volunteer, starts_at=first.starts_at + dt.timedelta(minutes=30))
    book(first, topic=topic, device="android")
    with pytest.raises(services.BookingError) as exc:
        book(overlapping, topic=topic, device="android", phone="0631 77777", name="Karl")
    assert exc.value.code == "volunteer_busy"


def test_open_consultation_hours_cannot_be_booked(office):
    slot = SlotFactory.create(office=office, kind=SlotKind.OPEN_HOUR, capacity=20)
    with pytest.raises(services.BookingError) as exc:
        book(slot)
    assert exc.value.code == "open_hour"


def test_an_appointment_in_the_past_cannot_be_booked(office):
    start = timezone.now() - dt.timedelta(hours=1)
    slot = workshop(office, starts_at=start)
    with pytest.raises(services.BookingError) as exc:
        book(slot)
    assert exc.value.code == "past"


def test_the_database_refuses_more_bookings_than_places(office):
    slot = workshop(office, capacity=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        Slot.objects.filter(pk=slot.pk).update(booked_count=2)


def test_the_database_refuses_a_slot_that_ends_before_it_starts(office):
    with pytest.raises(IntegrityError), transaction.atomic():
        SlotFactory.create(office=office, ends_at=timezone.now(), starts_at=timezone.now() + dt.timedelta(hours=1))


def test_cancelling_frees_the_place_at_once(slot, topic):
    booking = book(slot, topic=topic, device="android")
    services.booking_cancel(booking=booking, reason="krank")
    slot.refresh_from_db()
    assert slot.booked_count == 0
    again = book(slot, topic=topic, device="android", phone="0631 311001", name="Neu")
    assert again.is_active


def test_moving_a_booking_keeps_its_link_and_frees_the_old_place(office, topic, slot):
    booking = book(slot, topic=topic, device="android")
    later = one_to_one(office, helper_at(office, topics=[topic]), starts_at=slot.starts_at + dt.timedelta(days=1))
    moved = services.booking_move(booking=booking, slot=later)
    assert moved.token == booking.token
    assert moved.slot == later
    slot.refresh_from_db()
    later.refresh_from_db()
    assert (slot.booked_count, later.booked_count) == (0, 1)


def test_a_booking_sends_a_confirmation_by_email_with_the_right_channel(slot, topic):
    booking = book(slot, topic=topic, device="android", email="hilde@example.org")
    message = OutboxMessage.objects.get(key__startswith=f"booking:{booking.pk}:confirmation:")
    assert message.channel == Channel.EMAIL


def test_a_booking_wakes_a_worker_for_its_confirmation_after_the_commit(
    slot, topic, monkeypatch, django_capture_on_commit_callbacks
):
    woken: list[int] = []
    monkeypatch.setattr(outbox, "wake_up", woken.append)
    with django_capture_on_commit_callbacks(execute=True):
        booking = book(slot, topic=topic, device="android", email="hilde@example.org")
        assert woken == []  # not before the rows are visible to the worker
    confirmation = OutboxMessage.objects.get(key__startswith=f"booking:{booking.pk}:confirmation:")
    reminder = OutboxMessage.objects.get(key__startswith=f"booking:{booking.pk}:reminder:")
    assert (confirmation.status, reminder.status) == (Status.PENDING, Status.PENDING)
    assert reminder.due_at > timezone.now()
    # The reminder is due later: the sweep sends it then.
    assert woken == [confirmation.pk]


def test_a_landline_booking_puts_its_confirmation_on_the_call_list_without_waking_a_worker(
    slot, topic, monkeypatch, django_capture_on_commit_callbacks
):
    woken: list[int] = []
    monkeypatch.setattr(outbox, "wake_up", woken.append)
    with django_capture_on_commit_callbacks(execute=True):
        booking = book(slot, topic=topic, device="android", phone="0631 123456")
    confirmation = OutboxMessage.objects.get(key__startswith=f"booking:{booking.pk}:confirmation:")
    assert confirmation.channel == Channel.CALL
    assert woken == []


def test_waitlist_gets_the_freed_place_for_a_limited_time_then_the_next(office, topic, slot):
    booking = book(slot, topic=topic, device="android")
    day = timezone.localtime(slot.starts_at).date()
    first = services.waitlist_join(office=office, day=day, name="Erste", phone="0631 311002", topic=topic, consent=True)
    second = services.waitlist_join(
        office=office, day=day, name="Zweite", phone="0631 311003", topic=topic, consent=True
    )
    services.booking_cancel(booking=booking)
    first.refresh_from_db()
    assert first.status == WaitlistStatus.OFFERED
    assert first.offered_slot == slot
    assert first.offer_expires_at is not None
    slot.refresh_from_db()
    assert slot.free_places == 0  # held for the first in line
    assert OutboxMessage.objects.filter(kind="waitlist_offer", key__startswith=f"waitlist:{first.pk}:").exists()
    assert first.offer_expires_at
    services.waitlist_expire_offers(now=first.offer_expires_at + dt.timedelta(seconds=1))
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == WaitlistStatus.EXPIRED
    assert second.status == WaitlistStatus.OFFERED
    new_booking = services.waitlist_accept(entry=second, consent=True)
    slot.refresh_from_db()
    assert new_booking.slot == slot
    assert (slot.booked_count, slot.held_count) == (1, 0)


def test_an_expired_offer_cannot_be_accepted(office, topic, slot):
    booking = book(slot, topic=topic, device="android")
    day = timezone.localtime(slot.starts_at).date()
    entry = services.waitlist_join(office=office, day=day, name="Erste", phone="0631 311002", consent=True)
    services.booking_cancel(booking=booking)
    entry.refresh_from_db()
    assert entry.offer_expires_at
    services.waitlist_expire_offers(now=entry.offer_expires_at + dt.timedelta(seconds=1))
    with pytest.raises(services.BookingError):
        services.waitlist_accept(entry=entry, consent=True)


def test_volunteer_marks_attended_only_after_the_start(office):
    slot = workshop(office)
    booking = BookingFactory.create(slot=slot)
    with pytest.raises(services.BookingError):
        services.booking_record_outcome(booking=booking, attended=True)
    Slot.objects.filter(pk=slot.pk).update(
        starts_at=timezone.now() - dt.timedelta(hours=2), ends_at=timezone.now() - dt.timedelta(hours=1)
    )
    booking.refresh_from_db()
    assert services.booking_record_outcome(booking=booking, attended=False, note="nicht da").status == "no_show"


def test_volunteer_cancelling_tells_the_coordinator(office, topic, slot):
    from tests.factories import coordinator_of

    coordinator_of(office)
    booking = book(slot, topic=topic, device="android")
    volunteer = slot.volunteers.get()
    services.booking_cancel(booking=booking, reason="Ich bin krank", by=volunteer)
    notice = OutboxMessage.objects.get(kind="volunteer_cancelled_notice")
    assert notice.scope == f"office:{office.pk}"
    assert notice.status == Status.PENDING


def test_leaving_the_waitlist_with_an_offer_passes_the_place_on(office, topic, slot):
    booking = book(slot, topic=topic, device="android")
    day = timezone.localtime(slot.starts_at).date()
    first = services.waitlist_join(office=office, day=day, name="Erste", phone="0631 311002", consent=True)
    second = services.waitlist_join(office=office, day=day, name="Zweite", phone="0631 311003", consent=True)
    services.booking_cancel(booking=booking)
    first.refresh_from_db()
    services.waitlist_decline(entry=first)
    second.refresh_from_db()
    assert second.status == WaitlistStatus.OFFERED
    slot.refresh_from_db()
    assert slot.held_count == 1


def test_a_place_freed_shortly_before_the_appointment_is_not_offered(office):
    slot = workshop(office, capacity=1, starts_at=timezone.now() + dt.timedelta(minutes=90))
    booking = book(slot)
    day = timezone.localtime(slot.starts_at).date()
    entry = services.waitlist_join(office=office, day=day, name="Erste", phone="0631 311002", consent=True)
    services.booking_cancel(booking=booking)
    entry.refresh_from_db()
    assert entry.status == WaitlistStatus.WAITING


def test_factory_bookings_keep_the_counter_true():
    slot = SlotFactory.create()
    BookingFactory.create(slot=slot)
    BookingFactory.create(slot=slot)
    slot.refresh_from_db()
    assert (slot.booked_count, slot.capacity) == (2, 2)
