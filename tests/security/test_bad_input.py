"""Bad input gets a 4xx with a message in the person's language, never a server error."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.test import Client
from django.urls import reverse

from tests.factories import BookingFactory, UserFactory


def test_a_nul_character_in_an_api_filter_is_a_400_not_a_server_error(client: Client, db: Any) -> None:
    response = client.get("/api/free-slots/", {"topic": "a\x00b"})
    assert response.status_code == 400
    assert "unzulässiges Zeichen" in response.json()["detail"]


def test_a_nul_character_in_a_booking_link_is_a_400(client: Client, db: Any) -> None:
    booking = BookingFactory.create()
    response = client.get(reverse("helpdesk:booking-detail", args=[booking.token + "\x00"]))
    assert response.status_code == 400
    assert "unzulässiges Zeichen" in response.content.decode()


def test_a_nul_character_in_a_form_field_is_a_400_in_the_persons_language(client: Client, db: Any) -> None:
    client.force_login(UserFactory.create(preferred_language="en"))
    response = client.post(reverse("accounts:profile"), {"display_name": "Nora\x00", "preferred_language": "en"})
    assert response.status_code == 400
    assert "a character that is not allowed" in response.content.decode()


def test_a_day_past_the_year_9999_on_the_office_plan_is_a_400_naming_the_parameter(signed_in: Any, db: Any) -> None:
    from tests.factories import OfficeFactory, coordinator_of

    office = OfficeFactory.create()
    client = signed_in(coordinator_of(office, preferred_language="en"))
    response = client.get(reverse("helpdesk:office-plan", args=[office.slug]), {"tag": "9999-12-31"})
    assert response.status_code == 400
    assert "“tag” must be a date" in response.content.decode()


def test_a_far_day_for_the_free_slots_api_is_a_400_for_that_parameter(client: Client, db: Any) -> None:
    response = client.get("/api/free-slots/", {"date": "9999-12-31"})
    assert response.status_code == 400 and response.json()["parameter"] == "date"


def test_digits_that_are_no_number_as_a_comments_parent_are_a_400(signed_in: Any, db: Any) -> None:
    from participation.models import Phase
    from tests.factories import ProjectFactory
    from tests.participation.factories import IdeaFactory

    idea = IdeaFactory.create(project=ProjectFactory.create(phase=Phase.Kind.COLLECTION))
    url = reverse("participation:comment-create", args=[idea.project.slug, idea.pk])
    response = signed_in(UserFactory.create()).post(url, {"text": "", "parent": "²"})
    assert response.status_code == 400


def test_a_removed_time_never_sends_the_volunteer_to_another_site(signed_in: Any, db: Any) -> None:
    from helpdesk.models import Availability
    from tests.factories import OfficeFactory
    from tests.helpdesk.factories import helper_at

    office = OfficeFactory.create()
    volunteer = helper_at(office)
    availability = Availability.objects.create(
        volunteer=volunteer, office=office, weekday=1, start_time=dt.time(9), end_time=dt.time(11)
    )
    url = reverse("helpdesk:availability-delete", args=[availability.pk])
    response = signed_in(volunteer).post(url, {"next": "//evil.example/"})
    assert response.status_code == 302 and response["Location"] == reverse("helpdesk:my-availability")


def test_a_nul_character_in_an_api_json_body_is_a_400(client: Client, db: Any) -> None:
    client.force_login(UserFactory.create())
    body = '{"project": "a\\u0000b", "title": "Bank", "description": "Eine Bank."}'
    response = client.post("/api/ideas/", body, content_type="application/json")
    assert response.status_code == 400
    assert "unzulässiges Zeichen" in response.json()["detail"]
