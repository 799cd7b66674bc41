"""The coordinators' waitlist page: who may open it, what it shows, what each action does with wrong input."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from helpdesk import services
from helpdesk.models import AuditLogEntry, Booking, Channel, WaitlistNote, WaitlistStatus
from tests.helpdesk.factories import TopicFactory, helper_at, one_to_one
from tests.world import PEOPLE, World, access, client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def line(world: World) -> dict:
    """Hilde Hausmann waits for a WhatsApp appointment at the shared world's office A, where a time is free."""
    topic = TopicFactory.create(name="WhatsApp")
    helper = helper_at(world.office_a, topics=[topic], devices=["android", "iphone"])
    soon = timezone.localtime(timezone.now() + dt.timedelta(days=3))
    start = soon.replace(hour=10, minute=0, second=0, microsecond=0)
    slot = one_to_one(world.office_a, helper, starts_at=start)
    day = timezone.localtime(start).date()
    entry = services.waitlist_join(
        office=world.office_a,
        day=day,
        name="Hilde Hausmann",
        phone="0631 424242",
        topic=topic,
        device="android",
        consent=True,
    )
    return {"a": world.office_a, "slot": slot, "entry": entry, "day": day, "people": world.people, "b": world.office_b}


def page(line):
    return reverse("helpdesk:office-waitlist", args=[line["a"].slug])


def action_url(line):
    return reverse("helpdesk:office-waitlist-entry", args=[line["a"].slug, line["entry"].pk])


def offer_url(line):
    return reverse("helpdesk:office-waitlist-offer", args=[line["a"].slug, line["entry"].pk])


WAITLIST_ACCESS = access(403, people=PEOPLE, anonymous=302, guest=302, coordinator_a=200, administrator=200)


@pytest.mark.parametrize(("role", "status"), WAITLIST_ACCESS.items())
def test_only_the_offices_coordinators_and_administrators_see_its_waitlist(world, line, role, status):
    browser = client_for(world, role)
    for url in (page(line), offer_url(line)):
        response = browser.get(url)
        assert response.status_code == status, url
        if status != 200:
            assert b"0631 424242" not in response.content
    answer = browser.post(action_url(line), {"action": "note", "text": "x"})
    assert answer.status_code == (302 if status in (200, 302) else 403)
    if status != 200:
        assert not WaitlistNote.objects.exists()


def test_the_waitlist_shows_each_day_with_phone_wish_since_and_status_and_is_logged(line, signed_in):
    coordinator = line["people"]["coordinator_a"]
    response = signed_in(coordinator).get(page(line))
    text = response.content.decode()
    assert "Hilde Hausmann" in text
    assert 'href="tel:+49631424242"' in text
    assert "0631 424242" in text
    assert "WhatsApp" in text
    assert "Android" in text  # the device's label, never its code
    assert "android" not in text.replace("Android", "")
    assert "wartet" in text
    entry = AuditLogEntry.objects.get(action=AuditLogEntry.Action.WAITLIST_VIEWED)
    assert (entry.user, entry.office) == (coordinator, line["a"])


def test_a_wrong_day_parameter_is_answered_with_400(line, signed_in):
    browser = signed_in(line["people"]["coordinator_a"])
    for value in ("gestern", "2026-02-30", "1900-01-01"):
        assert browser.get(page(line), {"ab": value}).status_code == 400


def test_a_call_with_a_note_is_written_down_and_shown(line, signed_in):
    browser = signed_in(line["people"]["coordinator_a"])
    response = browser.post(action_url(line), {"action": "call", "text": "Nicht erreicht"}, follow=True)
    assert "Der Anruf bei Hilde Hausmann wurde notiert." in response.content.decode()
    assert "Nicht erreicht" in response.content.decode()
    line["entry"].refresh_from_db()
    assert line["entry"].called_at is not None


@pytest.mark.parametrize(
    ("data", "status"),
    [
        ({"action": "löschen"}, 400),
        ({}, 400),
        ({"action": "note", "text": ""}, 302),
        ({"action": "note", "text": "x" * 501}, 302),
        ({"action": "remove", "reason": ""}, 302),
        ({"action": "call", "text": "y" * 501}, 302),
    ],
)
def test_wrong_input_into_every_action_changes_nothing(line, signed_in, data, status):
    browser = signed_in(line["people"]["coordinator_a"])
    response = browser.post(action_url(line), data)
    assert response.status_code == status
    line["entry"].refresh_from_db()
    assert line["entry"].status == WaitlistStatus.WAITING
    assert line["entry"].called_at is None
    assert not WaitlistNote.objects.exists()


def test_removing_needs_a_reason_and_then_takes_the_person_off(line, signed_in):
    browser = signed_in(line["people"]["coordinator_a"])
    browser.post(action_url(line), {"action": "remove", "reason": "Hat anderswo einen Termin"})
    line["entry"].refresh_from_db()
    assert line["entry"].status == WaitlistStatus.REMOVED
    assert line["entry"].removed_reason == "Hat anderswo einen Termin"
    # A removed person has no actions any more.
    again = browser.post(action_url(line), {"action": "remove", "reason": "noch mal"}, follow=True)
    assert "nicht mehr auf der Warteliste" in again.content.decode()


def test_an_entry_of_another_office_is_not_found(line, signed_in):
    entry = services.waitlist_join(office=line["b"], day=line["day"], name="Fremd", phone="0631 999999", consent=True)
    browser = signed_in(line["people"]["coordinator_a"])
    url = reverse("helpdesk:office-waitlist-entry", args=[line["a"].slug, entry.pk])
    assert browser.post(url, {"action": "note", "text": "x"}).status_code == 404
    assert browser.get(reverse("helpdesk:office-waitlist-offer", args=[line["a"].slug, entry.pk])).status_code == 404


def test_the_offer_page_lists_the_fitting_free_times_and_books_after_a_call(line, signed_in):
    coordinator = line["people"]["coordinator_a"]
    browser = signed_in(coordinator)
    response = browser.get(offer_url(line))
    text = response.content.decode()
    assert "nur telefonisch erreichbar" in text
    assert f'value="{line["slot"].pk}"' in text
    answer = browser.post(offer_url(line), {"slot": line["slot"].pk, "how": "book"})
    assert answer.status_code == 302
    booking = Booking.objects.get(name="Hilde Hausmann")
    assert (booking.slot, booking.channel, booking.booked_by) == (line["slot"], Channel.PHONE, coordinator)
    line["entry"].refresh_from_db()
    assert line["entry"].status == WaitlistStatus.BOOKED


def test_the_offer_page_sends_an_offer_that_holds_the_place(line, signed_in):
    browser = signed_in(line["people"]["coordinator_a"])
    browser.post(offer_url(line), {"slot": line["slot"].pk, "how": "offer"})
    line["entry"].refresh_from_db()
    line["slot"].refresh_from_db()
    assert line["entry"].status == WaitlistStatus.OFFERED
    assert line["slot"].held_count == 1
    listing = browser.get(page(line)).content.decode()
    assert "angeboten bis" in listing


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"slot": "", "how": "book"},
        {"slot": "abc", "how": "book"},
        {"slot": "999999", "how": "book"},
        {"how": "book"},
        {"slot": "SLOT", "how": "verschenken"},
        {"slot": "SLOT"},
    ],
)
def test_wrong_input_into_the_offer_form_is_shown_and_changes_nothing(line, signed_in, data):
    browser = signed_in(line["people"]["coordinator_a"])
    data = {key: (str(line["slot"].pk) if value == "SLOT" else value) for key, value in data.items()}
    response = browser.post(offer_url(line), data)
    assert response.status_code == 200
    assert 'class="errorlist' in response.content.decode()
    assert not Booking.objects.filter(name="Hilde Hausmann").exists()
    line["entry"].refresh_from_db()
    assert line["entry"].status == WaitlistStatus.WAITING


def test_the_office_plan_and_statistics_link_to_the_waitlist(line, signed_in):
    browser = signed_in(line["people"]["coordinator_a"])
    for name in ("helpdesk:office-plan", "helpdesk:office-stats"):
        assert page(line) in browser.get(reverse(name, args=[line["a"].slug])).content.decode()


def test_the_waitlist_page_costs_the_same_queries_for_one_or_many_entries(line, signed_in):
    coordinator = line["people"]["coordinator_a"]
    browser = signed_in(coordinator)
    browser.get(page(line))  # sessions, roles and the audit window settle

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert browser.get(page(line)).status_code == 200
        return len(queries)

    one = count()
    for n in range(12):
        entry = services.waitlist_join(
            office=line["a"],
            day=line["day"] + dt.timedelta(days=n % 3),
            name=f"Person {n}",
            phone=f"0631 {500000 + n}",
            consent=True,
        )
        services.waitlist_note(entry=entry, by=coordinator, text="angerufen", called=True)
    assert count() == one


def test_the_coordinator_may_see_every_free_time_not_only_the_fitting_ones(line, signed_in):
    other_topic = TopicFactory.create(name="Online-Banking")
    stranger = helper_at(line["a"], topics=[other_topic], devices=["windows"])
    unfitting = one_to_one(line["a"], stranger, starts_at=line["slot"].starts_at + dt.timedelta(hours=2))
    browser = signed_in(line["people"]["coordinator_a"])
    fitting_only = browser.get(offer_url(line)).content.decode()
    assert f'value="{unfitting.pk}"' not in fitting_only
    everything = browser.get(offer_url(line), {"alle": "1"}).content.decode()
    assert f'value="{unfitting.pk}"' in everything
    assert browser.get(offer_url(line), {"alle": "ja"}).status_code == 400
    browser.post(offer_url(line) + "?alle=1", {"slot": unfitting.pk, "how": "book"})
    assert Booking.objects.get(name="Hilde Hausmann").slot == unfitting
