"""The Django admin of Digitale Hilfe: times as the office sees them, names in the reader's language."""

from __future__ import annotations

import datetime as dt

import pytest
from django.apps import apps
from django.urls import reverse
from django.utils import translation
from django.utils.functional import Promise

from helpdesk.models import OpeningHours, WaitlistEntry
from tests.factories import BookingFactory, OfficeFactory, SlotFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(signed_in):
    return signed_in(UserFactory.create(is_superuser=True, is_staff=True))


def test_slots_and_bookings_are_listed_in_berlin_time_with_german_names(admin_client):
    # 9:00 UTC in July is 11:00 in Kaiserslautern.
    starts = dt.datetime(2027, 7, 1, 9, 0, tzinfo=dt.UTC)
    slot = SlotFactory.create(starts_at=starts, ends_at=starts + dt.timedelta(hours=1))
    BookingFactory.create(slot=slot, name="Hilde Hausmann")
    slots = admin_client.get(reverse("admin:helpdesk_slot_changelist")).content.decode()
    assert "01.07.2027 11:00" in slots
    assert "12:00" in slots
    assert "Termine" in slots or "Zeit" in slots
    bookings = admin_client.get(reverse("admin:helpdesk_booking_changelist")).content.decode()
    assert "01.07.2027 11:00" in bookings
    assert "Buchungen" in bookings
    assert "Digitale Hilfe" in bookings


def test_the_opening_hours_in_the_admin_name_the_weekdays(admin_client):
    office = OfficeFactory.create()
    OpeningHours.objects.create(office=office, weekday=0, opens=dt.time(9), closes=dt.time(12))
    page = admin_client.get(reverse("admin:helpdesk_office_change", args=[office.pk])).content.decode()
    assert "Montag" in page
    with translation.override("de"):
        assert OpeningHours.objects.get().get_weekday_display() == "Montag"


def test_a_waitlist_entry_shows_its_notes_and_its_offer_in_berlin_time(admin_client):
    office = OfficeFactory.create()
    entry = WaitlistEntry.objects.create(
        office=office,
        day=dt.date(2027, 7, 1),
        name="Erna",
        phone="+4963152417",
        status="offered",
        offer_expires_at=dt.datetime(2027, 7, 1, 14, 0, tzinfo=dt.UTC),
    )
    entry.notes.create(kind="call", text="Nicht erreicht")
    listing = admin_client.get(reverse("admin:helpdesk_waitlistentry_changelist")).content.decode()
    assert "01.07.2027 16:00" in listing
    page = admin_client.get(reverse("admin:helpdesk_waitlistentry_change", args=[entry.pk])).content.decode()
    assert "Nicht erreicht" in page


def test_every_field_of_digital_help_has_a_translated_name():
    """The admin's column headings and form labels come from these: none may stay English on a German page."""
    internal = {"CallerLock"}  # never shown: a row to lock a guest's phone number while booking
    untranslated = [
        f"{model.__name__}.{field.name}"
        for model in apps.get_app_config("helpdesk").get_models()
        if model.__name__ not in internal
        for field in model._meta.get_fields()
        if field.concrete and field.name != "id" and not isinstance(field.verbose_name, Promise)
    ]
    assert untranslated == []
