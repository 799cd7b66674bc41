from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from accounts import privacy
from accounts.demo import seed_users
from helpdesk import demo, services
from helpdesk.models import Booking, Office, Slot, SlotKind, Volunteer, WaitlistEntry
from tests.factories import OfficeFactory, UserFactory, coordinator_of
from tests.helpdesk.factories import workshop

pytestmark = pytest.mark.django_db


def test_demo_seed_builds_three_offices_with_workshops_volunteers_slots_and_bookings_once():
    users = seed_users()
    demo.seed(users)
    counts = (Office.objects.count(), Slot.objects.count(), Booking.objects.count(), WaitlistEntry.objects.count())
    assert counts[0] == 3
    assert Volunteer.objects.count() >= 12
    assert Booking.objects.filter(email="").exists()
    assert WaitlistEntry.objects.count() == 1
    baennjerrueck = Slot.objects.filter(office__slug="baennjerrueck", kind=SlotKind.WORKSHOP).first()
    assert baennjerrueck is not None
    local = timezone.localtime(baennjerrueck.starts_at)
    assert (local.weekday(), local.hour, timezone.localtime(baennjerrueck.ends_at).hour) == (0, 10, 12)
    last = Slot.objects.order_by("-starts_at").first()
    assert last is not None and last.starts_at > timezone.now() + dt.timedelta(days=20)
    demo.seed(users)
    again = (Office.objects.count(), Slot.objects.count(), Booking.objects.count(), WaitlistEntry.objects.count())
    assert again == counts


def test_export_contains_the_persons_bookings():
    user = UserFactory.create()
    slot = workshop(OfficeFactory.create())
    services.booking_create(slot=slot, user=user, phone="0631 311001", note="Brille", consent=True)
    data = privacy.export_account(user)
    assert data["helpdesk"]["bookings"][0]["note"] == "Brille"


def test_deleting_the_account_anonymises_the_bookings_but_keeps_the_counts():
    user = UserFactory.create(display_name="Siegfried Senior")
    slot = workshop(OfficeFactory.create())
    booking = services.booking_create(slot=slot, user=user, phone="0631 311001", note="Brille", consent=True)
    privacy.delete_account(user)
    booking.refresh_from_db()
    assert booking.user is None
    assert (booking.name, booking.phone, booking.email, booking.note) == ("–", "", "", "")
    slot.refresh_from_db()
    assert slot.booked_count == 1


def test_the_offices_notes_about_a_person_on_the_waitlist_are_in_their_export_and_go_with_their_account():
    user = UserFactory.create()
    office = OfficeFactory.create()
    entry = services.waitlist_join(
        office=office,
        day=timezone.localdate() + dt.timedelta(days=3),
        name="Siegfried",
        email=user.email,
        user=user,
        consent=True,
    )
    services.waitlist_note(entry=entry, by=coordinator_of(office), text="Hört schlecht, laut sprechen", called=True)
    data = privacy.export_account(user)
    assert data["helpdesk"]["waitlist"][0]["notes"][0]["text"] == "Hört schlecht, laut sprechen"
    privacy.delete_account(user)
    entry.refresh_from_db()
    assert (entry.name, entry.email, entry.user) == ("–", "", None)
    assert list(entry.notes.values_list("text", flat=True)) == [""]
