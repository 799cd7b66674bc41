from __future__ import annotations

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from helpdesk.models import Booking, BookingStatus
from tests.factories import OfficeFactory, UserFactory
from tests.helpdesk.factories import TopicFactory, helper_at, one_to_one, workshop
from tests.world import ROLES, SIGNED_IN_ROLES

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def setup():
    office = OfficeFactory.create(slug="gruebentaelchen")
    topic = TopicFactory.create(slug="whatsapp")
    volunteer = helper_at(office, topics=[topic], devices=["android"])
    slot = one_to_one(office, volunteer)
    return office, topic, volunteer, slot


def test_offices_and_topics_are_public(api, setup):
    assert api.get("/api/offices/").json()["results"][0]["slug"] == "gruebentaelchen"
    assert api.get("/api/topics/").json()["results"][0]["slug"] == "whatsapp"


def test_free_slots_filter_by_office_topic_device_and_date(api, setup):
    _office, _topic, _volunteer, slot = setup
    day = timezone.localtime(slot.starts_at).date().isoformat()
    found = api.get(
        "/api/free-slots/", {"office": "gruebentaelchen", "topic": "whatsapp", "device": "android", "date": day}
    )
    assert [s["id"] for s in found.json()["results"]] == [slot.pk]
    assert api.get("/api/free-slots/", {"device": "iphone", "topic": "whatsapp"}).json()["results"] == []
    assert api.get("/api/free-slots/", {"date": "gestern"}).status_code == 400


def test_guest_books_through_the_api_and_cancels_with_the_token(api, setup):
    _office, topic, _volunteer, slot = setup
    response = api.post(
        "/api/bookings/",
        {
            "slot": slot.pk,
            "name": "Hilde",
            "phone": "0631 311001",
            "topic": topic.pk,
            "device": "android",
            "consent": True,
        },
        format="json",
    )
    assert response.status_code == 201
    token = response.json()["token"]
    booking_id = response.json()["id"]
    assert api.post(f"/api/bookings/{booking_id}/cancel/", {"token": "wrong"}, format="json").status_code == 403
    cancelled = api.post(f"/api/bookings/{booking_id}/cancel/", {"token": token}, format="json")
    assert cancelled.status_code == 200
    assert cancelled.json()["status"] == BookingStatus.CANCELLED


def test_a_full_slot_answers_conflict(api, setup):
    _office, topic, _volunteer, slot = setup
    data = {
        "slot": slot.pk,
        "name": "Hilde",
        "phone": "0631 311001",
        "topic": topic.pk,
        "device": "android",
        "consent": True,
    }
    assert api.post("/api/bookings/", data, format="json").status_code == 201
    second = api.post("/api/bookings/", {**data, "phone": "0631 311002"}, format="json")
    assert second.status_code == 409
    assert second.json()["code"] == "full"


def test_signed_in_person_books_and_cancels_without_token(api, setup):
    office, _topic, _volunteer, _slot = setup
    slot = workshop(office)
    user = UserFactory.create()
    api.force_authenticate(user)
    response = api.post("/api/bookings/", {"slot": slot.pk, "consent": True}, format="json")
    assert response.status_code == 201
    booking = Booking.objects.get(pk=response.json()["id"])
    assert booking.user == user
    assert api.post(f"/api/bookings/{booking.pk}/cancel/", {}, format="json").status_code == 200


def test_volunteer_sees_only_their_own_appointments_without_phone(api, setup):
    office, topic, volunteer, slot = setup
    Booking.objects.create(slot=slot, name="Hilde Hausmann", phone="0631 424242", topic=topic, note="Brille")
    other = helper_at(office, topics=[topic])
    api.force_authenticate(volunteer)
    mine = api.get("/api/my-appointments/").json()["results"]
    assert [(a["first_name"], a["note"]) for a in mine] == [("Hilde", "Brille")]
    assert "phone" not in mine[0]
    api.force_authenticate(other)
    assert api.get("/api/my-appointments/").json()["results"] == []


@pytest.mark.parametrize("role", [role for role in ROLES if role != "volunteer"])
def test_my_appointments_is_refused_to_non_volunteers(api, world, role):
    if world.people[role] is not None:
        api.force_authenticate(world.people[role])
    # Not signed in is 401 (apps sign in with a token), signed in without the role 403.
    assert api.get("/api/my-appointments/").status_code == (403 if role in SIGNED_IN_ROLES else 401)


def test_the_schema_lists_the_helpdesk_endpoints(api, setup):
    schema = api.get("/api/schema/").content.decode()
    for path in ("/api/free-slots/", "/api/bookings/", "/api/my-appointments/", "/api/topics/"):
        assert path in schema
