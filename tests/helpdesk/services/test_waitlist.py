"""The waitlist: offers that end within the office's hours, one active entry per person and day, no flooding."""

from __future__ import annotations

import datetime as dt
import threading
from concurrent.futures import ThreadPoolExecutor
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connections, transaction
from django.urls import reverse
from django.utils import timezone

from helpdesk import opening, selectors, services
from helpdesk.models import (
    Booking,
    Channel,
    OpeningHours,
    Slot,
    WaitlistEntry,
    WaitlistNote,
    WaitlistStatus,
)
from tests.factories import BookingFactory, OfficeFactory, UserFactory, coordinator_of
from tests.helpdesk.factories import helper_at, one_to_one

pytestmark = pytest.mark.django_db
BERLIN = ZoneInfo("Europe/Berlin")
LANDLINE = "0631 52417"
MOBILE = "0171 2345678"


def at(year: int, month: int, day: int, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=BERLIN)


@pytest.fixture
def office():
    """Open Monday to Thursday 9–16, Friday 9–12; closed at weekends."""
    office = OfficeFactory.create()
    OpeningHours.objects.bulk_create(
        [
            *(OpeningHours(office=office, weekday=day, opens=dt.time(9), closes=dt.time(16)) for day in range(4)),
            OpeningHours(office=office, weekday=4, opens=dt.time(9), closes=dt.time(12)),
        ]
    )
    return office


def deadline(office, now: dt.datetime, *, phone_only: bool = True, slot_at: dt.datetime | None = None) -> dt.datetime:
    slot_at = slot_at or now + dt.timedelta(days=14)
    return opening.offer_deadline(
        office,
        now=now,
        phone_only=phone_only,
        usual=now + services.WAITLIST_OFFER_DURATION,
        latest=slot_at - dt.timedelta(hours=1),
    )


# --- when an offer ends ----------------------------------------------------------------------


def test_an_offer_to_a_landline_made_in_the_evening_lasts_until_the_next_office_day_closes(office):
    # Tuesday 2 March 2027, 20:00: not four hours into the night, but Wednesday until 16:00.
    assert deadline(office, at(2027, 3, 2, 20)) == at(2027, 3, 3, 16)


def test_an_offer_to_a_landline_made_in_the_morning_still_gives_the_office_the_next_day(office):
    assert deadline(office, at(2027, 3, 2, 9, 30)) == at(2027, 3, 3, 16)


def test_an_offer_made_before_opening_time_lasts_until_that_day_closes(office):
    assert deadline(office, at(2027, 3, 2, 6, 30)) == at(2027, 3, 2, 16)
    # Saturday morning is no office day: Monday.
    assert deadline(office, at(2027, 3, 6, 6, 30)) == at(2027, 3, 8, 16)


def test_an_offer_made_on_friday_afternoon_lasts_across_the_weekend_until_monday_closes(office):
    assert deadline(office, at(2027, 3, 5, 14)) == at(2027, 3, 8, 16)


def test_a_public_holiday_moves_the_deadline_to_the_next_open_day(office):
    # Wednesday 5 May 2027; Thursday 6 May is Ascension Day: Friday closes at 12.
    assert deadline(office, at(2027, 5, 5, 15)) == at(2027, 5, 7, 12)


def test_a_weekend_and_a_holiday_together_move_the_deadline_to_tuesday(office):
    # Friday 14 May 2027; Monday 17 May is Whit Monday.
    assert deadline(office, at(2027, 5, 14, 11)) == at(2027, 5, 18, 16)
    # Thursday before Easter 2027: Good Friday, the weekend and Easter Monday lie between.
    assert deadline(office, at(2027, 3, 25, 18)) == at(2027, 3, 30, 16)


def test_a_closure_entered_by_the_office_counts_like_a_holiday(office):
    office.closures.create(starts_on=dt.date(2027, 3, 3), ends_on=dt.date(2027, 3, 4), reason="Umzug")
    assert deadline(office, at(2027, 3, 2, 20)) == at(2027, 3, 5, 12)


def test_an_online_offer_keeps_four_hours_inside_the_office_hours(office):
    assert deadline(office, at(2027, 3, 2, 9, 30), phone_only=False) == at(2027, 3, 2, 13, 30)


def test_an_online_offer_that_would_end_at_night_ends_when_the_next_office_day_closes(office):
    assert deadline(office, at(2027, 3, 2, 14), phone_only=False) == at(2027, 3, 3, 16)
    assert deadline(office, at(2027, 3, 5, 22), phone_only=False) == at(2027, 3, 8, 16)


def test_an_offer_ends_an_hour_before_the_appointment_at_the_latest(office):
    assert deadline(office, at(2027, 3, 2, 10), slot_at=at(2027, 3, 3, 11)) == at(2027, 3, 3, 10)


def test_a_cut_off_before_opening_time_moves_back_to_the_last_closing_time(office):
    # Monday 15:00 online, the appointment Tuesday 9:30: not at 8:30 in the morning, but Monday at 16:00.
    assert deadline(office, at(2027, 3, 1, 15), phone_only=False, slot_at=at(2027, 3, 2, 9, 30)) == at(2027, 3, 1, 16)


def test_an_office_without_opening_hours_counts_as_open_on_weekdays_until_four():
    office = OfficeFactory.create()
    assert deadline(office, at(2027, 3, 5, 20)) == at(2027, 3, 8, 16)


def test_a_freed_place_offered_to_a_landline_at_night_is_held_until_the_next_office_day(office):
    slot = one_to_one(office, helper_at(office), starts_at=at(2027, 3, 10, 10))
    booking = BookingFactory.create(slot=slot)
    entry = services.waitlist_join(office=office, day=dt.date(2027, 3, 10), name="Erna", phone=LANDLINE, consent=True)
    Booking.objects.filter(pk=booking.pk).update(status="cancelled")
    Slot.objects.filter(pk=slot.pk).update(booked_count=0)
    slot.refresh_from_db()
    services.waitlist_offer_next(slot=slot, now=at(2027, 3, 2, 21))
    entry.refresh_from_db()
    assert entry.status == WaitlistStatus.OFFERED
    assert entry.offer_expires_at == at(2027, 3, 3, 16)
    # A mobile number answers by SMS: four hours, moved into the office's hours.
    assert services.reached_only_by_phone(entry)
    entry.phone = "+491712345678"
    assert not services.reached_only_by_phone(entry)


# --- one active entry per person, office and day ------------------------------------------------


def join(office, day, **kwargs):
    values = {"name": "Erna Beispiel", "phone": LANDLINE, "consent": True, **kwargs}
    return services.waitlist_join(office=office, day=day, **values)


def test_the_same_phone_number_written_differently_is_one_person(office):
    day = dt.date(2027, 3, 10)
    join(office, day, phone="0631 / 52417")
    with pytest.raises(ValidationError) as refused:
        join(office, day, phone="+49 631 52417", name="Erna B.")
    assert refused.value.code == "already_waiting"
    assert "Sie stehen schon auf der Warteliste für Mittwoch, 10. März 2027" in refused.value.messages[0]
    assert WaitlistEntry.objects.count() == 1


def test_the_same_email_in_other_letters_is_one_person(office):
    day = dt.date(2027, 3, 10)
    join(office, day, phone="", email="erna@example.org")
    with pytest.raises(ValidationError):
        join(office, day, phone="", email="Erna@Example.org")


def test_another_day_or_another_office_is_a_new_entry(office):
    day = dt.date(2027, 3, 10)
    join(office, day)
    join(office, day + dt.timedelta(days=1))
    join(OfficeFactory.create(), day)
    assert WaitlistEntry.objects.count() == 3


def test_after_leaving_the_list_one_may_join_again(office):
    day = dt.date(2027, 3, 10)
    services.waitlist_decline(entry=join(office, day))
    join(office, day)
    assert WaitlistEntry.objects.filter(status=WaitlistStatus.WAITING).count() == 1


def test_the_database_refuses_a_second_active_entry_even_past_the_service(office):
    day = dt.date(2027, 3, 10)
    join(office, day)
    with pytest.raises(IntegrityError), transaction.atomic():
        WaitlistEntry.objects.create(office=office, day=day, name="Bot", phone="+4963152417")


def test_a_number_that_is_no_phone_number_is_refused(office):
    with pytest.raises(ValidationError):
        join(office, dt.date(2027, 3, 10), phone="abc")


# --- what coordinators do -----------------------------------------------------------------------


@pytest.fixture
def free_slot(office):
    return one_to_one(office, helper_at(office), starts_at=at(2027, 3, 10, 10))


def test_a_coordinator_books_a_landline_caller_who_said_yes_on_the_phone(office, free_slot):
    coordinator = coordinator_of(office)
    entry = join(office, dt.date(2027, 3, 10))
    booking = services.waitlist_book_by_phone(entry=entry, slot=free_slot, by=coordinator)
    entry.refresh_from_db()
    free_slot.refresh_from_db()
    assert (entry.status, entry.booking) == (WaitlistStatus.BOOKED, booking)
    assert (booking.channel, booking.booked_by, booking.phone) == (Channel.PHONE, coordinator, "+4963152417")
    assert (free_slot.booked_count, free_slot.held_count) == (1, 0)


def test_a_coordinator_offers_a_place_which_is_held_until_the_offer_ends(office, free_slot):
    coordinator = coordinator_of(office)
    entry = join(office, dt.date(2027, 3, 10), phone=MOBILE)
    services.waitlist_offer_place(entry=entry, slot=free_slot, by=coordinator, now=at(2027, 3, 2, 10))
    entry.refresh_from_db()
    free_slot.refresh_from_db()
    assert entry.status == WaitlistStatus.OFFERED
    assert entry.offer_expires_at == at(2027, 3, 2, 14)
    assert free_slot.free_places == 0
    # Taking up the offer books the held place.
    booking = services.waitlist_accept(entry=entry, consent=True)
    free_slot.refresh_from_db()
    assert booking.slot == free_slot
    assert (free_slot.booked_count, free_slot.held_count) == (1, 0)


def test_offering_a_full_time_is_refused_with_a_message(office, free_slot):
    BookingFactory.create(slot=free_slot)
    entry = join(office, dt.date(2027, 3, 10))
    with pytest.raises(services.WaitlistError):
        services.waitlist_offer_place(entry=entry, slot=free_slot, by=coordinator_of(office))


def test_removing_someone_with_an_offer_gives_the_place_to_the_next_in_line(office, free_slot):
    coordinator = coordinator_of(office)
    first = join(office, dt.date(2027, 3, 10), name="Erste", phone=MOBILE)
    second = join(office, dt.date(2027, 3, 10), name="Zweite", phone="0631 311003")
    services.waitlist_offer_place(entry=first, slot=free_slot, by=coordinator)
    with pytest.raises(services.WaitlistError):
        services.waitlist_remove(entry=first, by=coordinator, reason="  ")
    services.waitlist_remove(entry=first, by=coordinator, reason="Hat schon einen Termin")
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, first.removed_reason) == (WaitlistStatus.REMOVED, "Hat schon einen Termin")
    assert second.status == WaitlistStatus.OFFERED
    assert second.offered_slot == free_slot


def test_a_call_and_a_note_are_written_down(office):
    coordinator = coordinator_of(office)
    entry = join(office, dt.date(2027, 3, 10))
    services.waitlist_note(entry=entry, by=coordinator, text="Nicht erreicht", called=True)
    services.waitlist_note(entry=entry, by=coordinator, text="Hört schlecht")
    with pytest.raises(services.WaitlistError):
        services.waitlist_note(entry=entry, by=coordinator, text="")
    entry.refresh_from_db()
    assert entry.called_at is not None
    assert list(WaitlistNote.objects.values_list("kind", "text")) == [
        ("call", "Nicht erreicht"),
        ("note", "Hört schlecht"),
    ]


# --- flooding the public form ---------------------------------------------------------------------


def post_join(client, office, n: int, *, address: str = "203.0.113.7", phone: str | None = None):
    day = timezone.localdate() + dt.timedelta(days=1 + n)
    return client.post(
        reverse("helpdesk:waitlist-join", args=[office.slug]),
        {"day": day.isoformat(), "name": f"Flut {n}", "phone": phone or f"0631 {300000 + n}", "consent": "on"},
        REMOTE_ADDR=address,
    )


def test_the_21st_join_from_one_address_within_an_hour_is_refused(client, office):
    answers = [post_join(client, office, n).status_code for n in range(21)]
    assert answers[:20] == [302] * 20
    assert answers[20] == 429
    assert WaitlistEntry.objects.count() == 20


def test_one_phone_number_cannot_be_put_on_the_list_over_and_over_from_new_addresses(client, office):
    answers = [
        post_join(client, office, n, address=f"198.51.100.{n + 1}", phone=LANDLINE).status_code for n in range(6)
    ]
    assert answers == [302] * 5 + [429]


def test_a_filled_in_honeypot_is_refused_and_nothing_is_saved(client, office):
    day = timezone.localdate() + dt.timedelta(days=2)
    response = client.post(
        reverse("helpdesk:waitlist-join", args=[office.slug]),
        {"day": day.isoformat(), "name": "Bot", "phone": LANDLINE, "consent": "on", "website": "http://spam"},
    )
    assert response.status_code == 400
    assert not WaitlistEntry.objects.exists()


def test_an_account_is_the_same_person_as_its_phone_number(office):
    user = UserFactory.create()
    join(office, dt.date(2027, 3, 10), user=user, phone="", email=user.email)
    with pytest.raises(ValidationError):
        join(office, dt.date(2027, 3, 10), user=user, phone=MOBILE)


def test_the_offices_notes_about_a_guest_on_the_waitlist_go_with_their_other_data(office, settings):
    settings.GUEST_DATA_RETENTION_DAYS = 30
    long_ago = timezone.localdate() - dt.timedelta(days=40)
    entry = WaitlistEntry.objects.create(office=office, day=long_ago, name="Erna", phone="+4963152417")
    services.waitlist_note(entry=entry, by=coordinator_of(office), text="Tochter ruft zurück", called=True)
    WaitlistEntry.objects.filter(pk=entry.pk).update(status=WaitlistStatus.REMOVED, removed_reason="Umgezogen")
    services.guest_data_purge()
    entry.refresh_from_db()
    assert (entry.name, entry.phone, entry.removed_reason) == ("–", "", "")
    assert list(WaitlistNote.objects.values_list("text", flat=True)) == [""]


def test_a_place_offered_and_then_confirmed_on_the_phone_books_the_held_place(office, free_slot):
    coordinator = coordinator_of(office)
    entry = join(office, dt.date(2027, 3, 10))
    services.waitlist_offer_place(entry=entry, slot=free_slot, by=coordinator)
    entry.refresh_from_db()
    assert selectors.waitlist_free_times(entry=entry)[0] == free_slot  # held for her, still hers to book
    services.waitlist_book_by_phone(entry=entry, slot=free_slot, by=coordinator)
    free_slot.refresh_from_db()
    assert (free_slot.booked_count, free_slot.held_count) == (1, 0)


def test_offering_another_time_gives_the_first_one_back(office, free_slot):
    coordinator = coordinator_of(office)
    other = one_to_one(office, helper_at(office), starts_at=at(2027, 3, 10, 14))
    entry = join(office, dt.date(2027, 3, 10))
    services.waitlist_offer_place(entry=entry, slot=free_slot, by=coordinator)
    services.waitlist_offer_place(entry=entry, slot=other, by=coordinator)
    free_slot.refresh_from_db()
    other.refresh_from_db()
    entry.refresh_from_db()
    assert (free_slot.held_count, other.held_count, entry.offered_slot) == (0, 1, other)


def test_a_time_that_begins_within_the_hour_cannot_be_offered_only_booked_on_the_phone(office, free_slot):
    entry = join(office, dt.date(2027, 3, 10), phone=MOBILE)
    coordinator = coordinator_of(office)
    with pytest.raises(services.WaitlistError) as refused:
        services.waitlist_offer_place(entry=entry, slot=free_slot, by=coordinator, now=at(2027, 3, 10, 9, 30))
    assert refused.value.code == "too_soon"
    free_slot.refresh_from_db()
    assert free_slot.held_count == 0


@pytest.mark.django_db(transaction=True)
def test_a_coordinator_booking_while_another_booking_is_cancelled_neither_deadlocks_nor_overbooks():
    """Booking a waiting person (entry, then slot) while a cancellation offers its place (slot, then entries)."""
    office = OfficeFactory.create()
    helper = helper_at(office)
    start = timezone.now() + dt.timedelta(days=5)
    freed = one_to_one(office, helper, starts_at=start)
    wanted = one_to_one(office, helper, starts_at=start + dt.timedelta(hours=2))
    booking = BookingFactory.create(slot=freed)
    day = timezone.localtime(start).date()
    coordinator = coordinator_of(office)
    entries = [join(office, day, name=f"Person {n}", phone=f"0631 {410000 + n}") for n in range(4)]
    barrier = threading.Barrier(2)

    def book_first() -> str:
        try:
            barrier.wait(timeout=30)
            services.waitlist_book_by_phone(entry=entries[0], slot=wanted, by=coordinator)
            return "booked"
        finally:
            connections.close_all()

    def cancel() -> str:
        try:
            barrier.wait(timeout=30)
            services.booking_cancel(booking=Booking.objects.get(pk=booking.pk))
            return "cancelled"
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=2) as pool:
        results = [pool.submit(book_first), pool.submit(cancel)]
        assert sorted(future.result(timeout=60) for future in results) == ["booked", "cancelled"]
    freed.refresh_from_db()
    wanted.refresh_from_db()
    assert (wanted.booked_count, wanted.held_count) == (1, 0)
    assert freed.booked_count == 0
    assert freed.held_count == 1  # offered to one of the others still waiting
    offered = WaitlistEntry.objects.get(status=WaitlistStatus.OFFERED)
    assert offered.pk != entries[0].pk
