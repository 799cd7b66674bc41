"""One person, one place at a time: the same account, phone number or e-mail address is one person."""

from __future__ import annotations

import datetime as dt

import pytest

from helpdesk import services
from tests.factories import OfficeFactory, UserFactory
from tests.helpdesk.factories import helper_at, one_to_one, workshop

pytestmark = pytest.mark.django_db


@pytest.fixture
def office():
    return OfficeFactory.create()


def book(slot, **kwargs):
    return services.booking_create(slot=slot, consent=True, **{"name": "Hilde Gast", **kwargs})


def test_the_same_phone_number_typed_differently_cannot_take_a_second_seat_in_a_workshop(office):
    treff = workshop(office, capacity=8)
    first = book(treff, phone="0631 52417")
    with pytest.raises(services.BookingError) as refused:
        book(treff, phone="+49 (631) 524-17", name="H. Gast")
    assert refused.value.code == "person_busy"
    assert str(refused.value.messages[0]) == "Sie haben diesen Termin bereits gebucht."
    assert refused.value.existing == first
    treff.refresh_from_db()
    assert treff.booked_count == 1


def test_the_same_e_mail_address_in_other_letters_is_the_same_person(office):
    treff = workshop(office)
    book(treff, email="Hilde.Gast@Example.org")
    with pytest.raises(services.BookingError) as refused:
        book(treff, email="hilde.gast@example.org", phone="0631 311001")
    assert refused.value.code == "person_busy"


def test_a_signed_in_person_cannot_hold_two_overlapping_appointments(office):
    user = UserFactory.create()
    start = workshop(office).starts_at
    book(workshop(office, starts_at=start), user=user)
    overlapping = one_to_one(office, helper_at(office), starts_at=start + dt.timedelta(minutes=30))
    with pytest.raises(services.BookingError) as refused:
        book(overlapping, user=user, override=True)
    assert str(refused.value.messages[0]) == "Sie haben zu dieser Zeit schon einen Termin."


def test_different_people_in_one_workshop_are_fine(office):
    treff = workshop(office)
    book(treff, phone="0631 311001")
    book(treff, phone="0631 311002", name="Werner")
    book(treff, email="ingrid@example.org", name="Ingrid")
    treff.refresh_from_db()
    assert treff.booked_count == 3


def test_a_guest_must_be_reachable_by_phone_or_e_mail(office):
    with pytest.raises(services.BookingError) as refused:
        book(workshop(office))
    assert refused.value.code == "contact"
    assert book(workshop(office), email="nur-mail@example.org").phone == ""
