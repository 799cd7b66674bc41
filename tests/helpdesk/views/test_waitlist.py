"""Joining a waitlist on the public page: every field with wrong input, a second try, the offer link."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from helpdesk.models import WaitlistEntry
from tests.factories import OfficeFactory
from tests.helpdesk.factories import TopicFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def office():
    return OfficeFactory.create(name="Stadtteilbüro Grübentälchen")


def good(**changes):
    data = {
        "day": (timezone.localdate() + dt.timedelta(days=4)).isoformat(),
        "name": "Erna Beispiel",
        "phone": "0631 52417",
        "email": "",
        "topic": "",
        "device": "android",
        "consent": "on",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def post(client, office, data):
    return client.post(reverse("helpdesk:waitlist-join", args=[office.slug]), data)


@pytest.mark.parametrize(
    ("changes", "says"),
    [
        ({"day": ""}, "Dieses Feld ist zwingend erforderlich."),
        ({"day": "morgen"}, "Bitte ein gültiges Datum eingeben."),
        ({"day": "2020-01-01"}, "Bitte wählen Sie einen Tag ab heute."),
        ({"name": ""}, "Dieses Feld ist zwingend erforderlich."),
        ({"name": "x" * 121}, "höchstens 120 Zeichen"),
        ({"phone": "abc"}, "Bitte geben Sie Ihre Telefonnummer in Ziffern"),
        ({"phone": "52417"}, "mit Vorwahl"),
        ({"phone": "", "email": ""}, "Telefonnummer oder eine E-Mail-Adresse"),
        ({"email": "erna@"}, "vollständige E-Mail-Adresse"),
        ({"topic": "99999"}, "Bitte eine gültige Auswahl treffen"),
        ({"device": "android, iphone"}, "Bitte eine gültige Auswahl treffen"),
        ({"consent": None}, "Dieses Feld ist zwingend erforderlich."),
    ],
)
def test_wrong_input_into_each_field_is_refused_with_a_message_and_nothing_is_saved(client, office, changes, says):
    response = post(client, office, good(**changes))
    assert response.status_code == 200
    assert says in response.content.decode()
    assert not WaitlistEntry.objects.exists()


def test_a_wrong_phone_number_is_kept_as_typed_so_it_can_be_corrected(client, office):
    response = post(client, office, good(phone="abc 0631"))
    assert 'value="abc 0631"' in response.content.decode()
    assert 'type="tel"' in response.content.decode()


def test_a_second_try_for_the_same_day_gets_a_friendly_answer(client, office):
    assert post(client, office, good()).status_code == 302
    again = post(client, office, good(phone="+49 631 52417", name="Erna B."))
    text = again.content.decode()
    assert again.status_code == 200
    assert "Sie stehen schon auf der Warteliste für" in text
    assert "Stadtteilbüro Grübentälchen" in text
    assert WaitlistEntry.objects.count() == 1


def test_devices_are_offered_with_their_names_in_german(client, office):
    TopicFactory.create(name="WhatsApp")
    text = client.get(reverse("helpdesk:waitlist-join", args=[office.slug])).content.decode()
    assert "Android-Smartphone" in text
    assert "iPhone" in text
    assert "Select an option" not in text
    assert "---------" not in text


@pytest.mark.parametrize(
    ("contact", "says"),
    [
        (
            {"phone": "0631 52417"},
            "Wird ein Platz frei, ruft Sie das Büro während der Öffnungszeiten unter 0631 52417 an.",
        ),
        ({"phone": "0151 23456789"}, "Wird ein Platz frei, bekommen Sie eine SMS auf Ihr Handy 01512 3456789."),
        (
            {"phone": "", "email": "erna@example.org"},
            "Wird ein Platz frei, schicken wir Ihnen eine E-Mail an erna@example.org.",
        ),
    ],
)
def test_the_waiting_page_says_how_the_person_will_hear_of_a_free_place(client, office, contact, says):
    office.phone = "0631 365-4411"
    office.save()
    response = post(client, office, good(**contact))
    page = client.get(response["Location"]).content.decode()
    assert "Sie stehen auf der Liste." in page
    assert says in page
    assert "per E-Mail, SMS oder Telefon" not in page
    assert "Rufen Sie das Büro an: 0631 3654411." in page


def test_the_form_says_before_sending_that_a_phone_number_or_an_e_mail_address_is_needed(client, office):
    page = client.get(reverse("helpdesk:waitlist-join", args=[office.slug])).content.decode()
    assert "brauchen wir eine Telefonnummer oder eine E-Mail-Adresse" in page
