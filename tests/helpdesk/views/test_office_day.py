"""An office's working day as volunteers and coordinators use it: who may open what, and what they can do."""

from __future__ import annotations

import datetime as dt
import io
from types import SimpleNamespace

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar
from pypdf import PdfReader

from helpdesk import services
from helpdesk.models import (
    AuditLogEntry,
    Booking,
    BookingStatus,
    Slot,
    SlotKind,
    SubstituteInvite,
    SubstituteStatus,
    Volunteer,
    WalkInVisit,
)
from tests.factories import (
    BookingFactory,
    SlotFactory,
)
from tests.helpdesk.factories import TopicFactory, one_to_one
from tests.world import ROLES, World, access, client_for

pytestmark = pytest.mark.django_db
Action = AuditLogEntry.Action
# The people and offices are the shared world's (tests/world.py), named for the day's story: Anna App is the
# volunteer, Bernd Brandt the colleague, Karin Koordinatorin coordinates office A, the Stadtteilbüro
# Grübentälchen. Hilde Hausmann's appointment and the open hour running now are this file's.
PEOPLE = (*ROLES, "colleague", "volunteer_b")


@pytest.fixture(autouse=True)
def day(world: World) -> SimpleNamespace:
    office = world.office_a
    office.name, office.address = "Stadtteilbüro Grübentälchen", "Kantstraße 59"
    office.save()
    topic = TopicFactory.create(name="Online-Banking")
    for role, name in (
        ("volunteer", "Anna App"),
        ("colleague", "Bernd Brandt"),
        ("coordinator_a", "Karin Koordinatorin"),
    ):
        person = world.person(role)
        person.display_name = name
        person.save(update_fields=["display_name"])
    for role in ("volunteer", "colleague", "volunteer_b"):
        world.person(role).volunteer_profile.topics.add(topic)
    slot = one_to_one(office, world.person("volunteer"), starts_at=timezone.now() + dt.timedelta(days=3))
    booking = services.booking_create(
        slot=slot, name="Hilde Hausmann", phone="0631 424242", topic=topic, device="android", consent=True
    )
    open_hour = SlotFactory.create(
        office=office,
        kind=SlotKind.OPEN_HOUR,
        capacity=20,
        title="Offene Sprechstunde",
        starts_at=timezone.now() - dt.timedelta(minutes=30),
        ends_at=timezone.now() + dt.timedelta(minutes=90),
    )
    open_hour.volunteers.add(world.person("volunteer"))
    return SimpleNamespace(
        topic=topic,
        slot=slot,
        booking=booking,
        open_hour=open_hour,
        # The world's audit log already holds an entry; these tests read what comes after.
        audit_before=AuditLogEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0,
    )


def statuses(default: int, **overrides: int) -> dict[str, int]:
    """Who may open a page: nobody signed in (a guest neither) is sent to the login page unless told."""
    return access(default, people=PEOPLE, **{"anonymous": 302, "guest": 302, **overrides})


# --- who may open the new pages ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "expected"),
    statuses(403, anonymous=302, volunteer=200, coordinator_a=200, administrator=200).items(),
)
def test_the_visitors_of_an_open_hour_are_for_the_volunteers_on_duty_and_the_offices_coordinators(
    world, day, role, expected
):
    url = reverse("helpdesk:open-hour", args=[day.open_hour.pk])
    assert client_for(world, role).get(url).status_code == expected


def test_a_slot_that_is_not_an_open_hour_has_no_visitors_page(world, day, signed_in):
    url = reverse("helpdesk:open-hour", args=[day.slot.pk])
    assert signed_in(world.person("coordinator_a")).get(url).status_code == 404


@pytest.mark.parametrize(
    ("role", "expected"),
    statuses(403, anonymous=302, volunteer=200, colleague=200, volunteer_b=200).items(),
)
def test_every_volunteer_downloads_their_own_confirmation_and_nobody_elses(world, role, expected):
    response = client_for(world, role).get(reverse("helpdesk:my-hours-pdf"))
    assert response.status_code == expected
    if expected == 200:
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"].startswith("attachment;")


@pytest.mark.parametrize("page", ["helpdesk:volunteer-hours", "helpdesk:volunteer-hours-pdf"])
@pytest.mark.parametrize(
    ("role", "expected"), statuses(403, anonymous=302, coordinator_a=200, administrator=200).items()
)
def test_a_volunteers_hours_are_for_the_coordinators_of_their_office(world, page, role, expected):
    url = reverse(page, args=[world.office_a.slug, world.person("volunteer").pk])
    assert client_for(world, role).get(url).status_code == expected


def test_a_coordinator_finds_no_hours_of_a_volunteer_of_another_office(world, signed_in):
    url = reverse("helpdesk:volunteer-hours", args=[world.office_a.slug, world.person("volunteer_b").pk])
    assert signed_in(world.person("coordinator_a")).get(url).status_code == 404


@pytest.mark.parametrize(
    ("role", "expected"),
    statuses(403, anonymous=302, volunteer=200, coordinator_a=200, administrator=200).items(),
)
def test_only_the_appointments_volunteer_and_the_offices_coordinators_ask_for_a_substitute(world, day, role, expected):
    url = reverse("helpdesk:substitute-search", args=[day.booking.pk])
    assert client_for(world, role).get(url).status_code == expected


@pytest.mark.parametrize("role", PEOPLE)
def test_the_take_over_page_opens_with_the_personal_link_only(world, day, role):
    search = services.substitute_search_start(booking=day.booking, volunteer=world.person("volunteer"))
    invite = search.invites.get()
    browser = client_for(world, role)
    assert browser.get(reverse("helpdesk:substitute-invite", args=[invite.token])).status_code == 200
    assert browser.get(reverse("helpdesk:substitute-invite", args=["made-up-" + invite.token])).status_code == 404


@pytest.mark.parametrize(
    ("role", "expected"), statuses(403, anonymous=302, coordinator_a=302, administrator=302).items()
)
def test_only_the_offices_coordinators_assign_a_volunteer(world, day, role, expected):
    services.substitute_search_start(booking=day.booking, volunteer=world.person("volunteer"))
    url = reverse("helpdesk:conflict-assign", args=[world.office_a.slug, day.slot.pk])
    browser = client_for(world, role)
    response = browser.post(url, {"volunteer": world.person("colleague").pk})
    assert response.status_code == expected
    assigned = list(Slot.objects.get(pk=day.slot.pk).volunteers.all()) == [world.person("colleague")]
    assert assigned == (role in {"coordinator_a", "administrator"})
    if role not in ("anonymous", "guest"):
        assert browser.get(url).status_code == 405


# --- what is recorded in the audit log -----------------------------------------------------------


def test_opening_an_open_hours_visitors_is_recorded(world, day, signed_in):
    signed_in(world.person("volunteer")).get(reverse("helpdesk:open-hour", args=[day.open_hour.pk]))
    entry = AuditLogEntry.objects.filter(pk__gt=day.audit_before).get()
    assert (entry.user, entry.action, entry.office) == (
        world.person("volunteer"),
        Action.OPEN_HOUR_VIEWED,
        world.office_a,
    )


def test_opening_the_conflicts_and_the_substitute_pages_is_recorded(world, day, client, signed_in):
    search = services.substitute_search_start(booking=day.booking, volunteer=world.person("volunteer"))
    coordinator = signed_in(world.person("coordinator_a"))
    coordinator.get(reverse("helpdesk:office-conflicts", args=[world.office_a.slug]))
    coordinator.get(reverse("helpdesk:substitute-search", args=[day.booking.pk]))
    coordinator.logout()
    invite = search.invites.get()
    client.get(reverse("helpdesk:substitute-invite", args=[invite.token]))  # the colleague's link, not signed in

    entries = [
        (e.user, e.action, e.booking) for e in AuditLogEntry.objects.filter(pk__gt=day.audit_before).order_by("id")
    ]
    assert entries == [
        (world.person("coordinator_a"), Action.CONFLICTS_VIEWED, None),
        (world.person("coordinator_a"), Action.BOOKING_VIEWED, day.booking),
        (world.person("colleague"), Action.SUBSTITUTE_VIEWED, day.booking),
    ]


# --- open hours ----------------------------------------------------------------------------------


def test_the_volunteer_on_duty_writes_down_walk_ins_and_the_plan_and_statistics_count_them(world, day, signed_in):
    volunteer = signed_in(world.person("volunteer"))
    url = reverse("helpdesk:open-hour", args=[day.open_hour.pk])
    form = {"action": "add", "count": "3", "topic": day.topic.pk, "device": "iphone", "first_name": ""}
    assert volunteer.post(url, form).status_code == 302
    volunteer.post(url, {"action": "add", "count": "1", "device": "android", "first_name": "Erna"})

    assert list(WalkInVisit.objects.values_list("count", "first_name")) == [(3, ""), (1, "Erna")]
    page = volunteer.get(url).text
    assert "4 Besucher bisher" in page
    assert "Erna" in page
    coordinator = signed_in(world.person("coordinator_a"))
    day = timezone.localdate(day.open_hour.starts_at).isoformat()
    assert (
        "4 Besucher" in coordinator.get(reverse("helpdesk:office-plan", args=[world.office_a.slug]), {"tag": day}).text
    )
    stats = coordinator.get(reverse("helpdesk:office-stats", args=[world.office_a.slug])).text
    assert "Besucher der offenen Sprechstunden" in stats
    assert "Online-Banking (3)" in stats


def test_a_wrong_number_of_visitors_is_explained_and_the_form_keeps_what_was_typed(world, day, signed_in):
    url = reverse("helpdesk:open-hour", args=[day.open_hour.pk])
    response = signed_in(world.person("volunteer")).post(url, {"action": "add", "count": "0", "first_name": "Erna"})
    assert response.status_code == 200
    assert "Dieser Wert muss größer oder gleich 1 sein." in response.text
    assert 'value="Erna"' in response.text
    assert not WalkInVisit.objects.exists()


def test_walk_ins_of_an_open_hour_that_has_not_begun_are_refused(world, signed_in):
    future = SlotFactory.create(
        office=world.office_a, kind=SlotKind.OPEN_HOUR, capacity=20, starts_at=timezone.now() + dt.timedelta(days=6)
    )
    future.volunteers.add(world.person("volunteer"))
    url = reverse("helpdesk:open-hour", args=[future.pk])
    page = signed_in(world.person("volunteer")).post(url, {"action": "add", "count": "1"}).text
    assert "ab Beginn der Sprechstunde" in page
    assert not WalkInVisit.objects.exists()


# --- substitutes ---------------------------------------------------------------------------------


def test_a_volunteer_who_cannot_come_hands_over_and_a_colleague_takes_it_from_my_appointments(world, day, signed_in):
    booking = day.booking
    anna = signed_in(world.person("volunteer"))
    page = anna.get(reverse("helpdesk:substitute-search", args=[booking.pk])).text
    assert "Bernd Brandt" in page  # who will be asked
    response = anna.post(reverse("helpdesk:substitute-search", args=[booking.pk]), {"reason": "krank"}, follow=True)
    assert "1 andere ehrenamtliche Person wird gefragt" in response.text
    assert Booking.objects.get(pk=booking.pk).status == BookingStatus.ACTIVE

    bernd = signed_in(world.person("colleague"))
    appointments = bernd.get(reverse("helpdesk:my-appointments")).text
    assert "Können Sie übernehmen?" in appointments
    # (the world's colleague is asked about the world's booking, too: this is the invite for Hilde's)
    invite = SubstituteInvite.objects.get(volunteer=world.person("colleague"), request__booking=booking)
    assert reverse("helpdesk:substitute-invite", args=[invite.token]) in appointments
    accepted = bernd.post(reverse("helpdesk:substitute-invite", args=[invite.token]), follow=True)
    assert "Der Termin gehört jetzt Ihnen" in accepted.text
    assert list(Slot.objects.get(pk=booking.slot_id).volunteers.all()) == [world.person("colleague")]
    assert "Hilde" in bernd.get(reverse("helpdesk:my-appointments")).text


def test_the_coordinator_sees_who_cannot_come_who_is_asked_and_assigns_someone(world, day, signed_in):
    services.substitute_search_start(booking=day.booking, volunteer=world.person("volunteer"), reason="Arzttermin")
    coordinator = signed_in(world.person("coordinator_a"))
    page = coordinator.get(reverse("helpdesk:office-conflicts", args=[world.office_a.slug])).text
    assert "Anna App kann nicht kommen." in page
    assert "Arzttermin" in page
    assert "Bernd Brandt" in page
    assert "Hilde Hausmann" in page

    response = coordinator.post(
        reverse("helpdesk:conflict-assign", args=[world.office_a.slug, day.slot.pk]),
        {"volunteer": world.person("colleague").pk},
        follow=True,
    )
    assert "Bernd Brandt hilft jetzt bei diesem Termin" in response.text
    assert day.booking.substitute_requests.get().status == SubstituteStatus.RESOLVED
    assert "Keine Konflikte." in response.text


def test_an_absence_asks_colleagues_to_take_over_the_booked_appointments_in_it(world, day, signed_in):
    day = timezone.localdate(day.slot.starts_at)
    response = signed_in(world.person("volunteer")).post(
        reverse("helpdesk:my-availability"),
        {"action": "absence", "starts_on": day.isoformat(), "ends_on": day.isoformat(), "note": "Kur"},
        follow=True,
    )
    assert "andere Ehrenamtliche werden gefragt" in response.text
    assert SubstituteInvite.objects.exclude(pk=world.substitute_invite.pk).get().volunteer == world.person("colleague")


# --- hours ---------------------------------------------------------------------------------------


def past_appointment(world, status):
    start = timezone.now() - dt.timedelta(days=2)
    slot = SlotFactory.create(office=world.office_a, starts_at=start, ends_at=start + dt.timedelta(minutes=90))
    slot.volunteers.add(world.person("volunteer"))
    return BookingFactory.create(slot=slot, status=status, name="Gerda Gast")


def test_the_volunteer_chooses_a_period_and_downloads_the_confirmation(world, signed_in):
    past_appointment(world, BookingStatus.NO_SHOW)
    client = signed_in(world.person("volunteer"))
    first = timezone.localdate() - dt.timedelta(days=30)
    last = timezone.localdate()
    page = client.get(reverse("helpdesk:my-hours"), {"von": first.isoformat(), "bis": last.isoformat()}).text
    assert "1,5" in page
    query = f"von={first.isoformat()}&amp;bis={last.isoformat()}"
    assert f'href="{reverse("helpdesk:my-hours-pdf")}?{query}"' in page

    pdf = client.get(reverse("helpdesk:my-hours-pdf"), {"von": first.isoformat(), "bis": last.isoformat()})
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages).split())
    assert "Anna App" in text
    assert "Insgesamt 1,5 Stunden" in text
    assert "Karin Koordinatorin" in text  # the office's coordinator signs
    assert "Gerda" not in text  # seniors are not named in a volunteer's confirmation


def test_a_period_that_ends_before_it_begins_is_explained(world, signed_in):
    page = signed_in(world.person("volunteer")).get(
        reverse("helpdesk:my-hours"), {"von": "2026-05-01", "bis": "2026-04-01"}
    )
    assert page.status_code == 200
    assert "Der letzte Tag darf nicht vor dem ersten Tag liegen." in page.text
    assert 'value="2026-05-01"' in page.text


def test_the_coordinator_prints_the_confirmation_signed_with_their_own_name(world, signed_in):
    past_appointment(world, BookingStatus.ATTENDED)
    client = signed_in(world.person("coordinator_a"))
    page = client.get(reverse("helpdesk:office-volunteers", args=[world.office_a.slug])).text
    url = reverse("helpdesk:volunteer-hours", args=[world.office_a.slug, world.person("volunteer").pk])
    assert url in page
    assert "1,5" in client.get(url).text
    pdf = client.get(reverse("helpdesk:volunteer-hours-pdf", args=[world.office_a.slug, world.person("volunteer").pk]))
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages).split())
    assert "Karin Koordinatorin Koordination, Stadtteilbüro Grübentälchen" in text


# --- calendar feed -------------------------------------------------------------------------------


def feed_events(client, volunteer):
    token = Volunteer.objects.get(user=volunteer).calendar_token
    body = client.get(reverse("helpdesk:calendar-feed", args=[token])).content
    return [c for c in Calendar.from_ical(body).walk() if c.name == "VEVENT"]


def test_the_calendar_feed_says_whom_the_volunteer_helps_with_what_and_marks_free_times(world, day, client):
    volunteer = world.person("volunteer")
    free_slot = one_to_one(world.office_a, volunteer, starts_at=timezone.now() + dt.timedelta(days=4))
    events = {str(e["uid"]): e for e in feed_events(client, volunteer)}

    booked = events[f"slot-{day.slot.pk}@mitwirkung"]
    assert (
        str(booked["summary"])
        == "Hilde – Online-Banking – Android-Smartphone oder -Tablet · Stadtteilbüro Grübentälchen"
    )
    assert "Hausmann" not in str(booked["description"])
    free = {uid: e for uid, e in events.items() if str(e["summary"]).startswith("Frei")}
    # this free slot and the world's one; the booked ones and the open hours are not free
    assert sorted(free) == sorted(f"slot-{slot.pk}@mitwirkung" for slot in (free_slot, world.free_slot))
    assert all(str(e["transp"]) == "TRANSPARENT" for e in free.values())

    Volunteer.objects.filter(user=volunteer).update(feed_free_slots=False)
    assert not [e for e in feed_events(client, volunteer) if str(e["summary"]).startswith("Frei")]


def test_the_volunteer_subscribes_with_one_click_or_copies_the_address_and_chooses_about_free_times(world, signed_in):
    client = signed_in(world.person("volunteer"))
    page = client.get(reverse("helpdesk:my-availability")).text
    token = Volunteer.objects.get(user=world.person("volunteer")).calendar_token
    assert f'href="webcal://testserver/hilfe/kalender/{token}.ics"' in page
    assert f'value="http://testserver/hilfe/kalender/{token}.ics" readonly' in page
    client.post(reverse("helpdesk:my-availability"), {"action": "feed"})
    assert not Volunteer.objects.get(user=world.person("volunteer")).feed_free_slots


# --- labels --------------------------------------------------------------------------------------


def test_devices_and_empty_choices_are_named_in_the_readers_language(world, signed_in):
    coordinator = signed_in(world.person("coordinator_a"))
    volunteers = coordinator.get(reverse("helpdesk:office-volunteers", args=[world.office_a.slug])).text
    assert "Android-Smartphone oder -Tablet" in volunteers
    assert "android," not in volunteers
    for url in [
        reverse("helpdesk:office-volunteers", args=[world.office_a.slug]),
        reverse("helpdesk:book-for-caller", args=[world.office_a.slug]),
    ]:
        page = coordinator.get(url).text
        assert "Select an option" not in page
        assert "---------" not in page
    coordinator.cookies["language"] = "en"
    english = coordinator.get(reverse("helpdesk:book-for-caller", args=[world.office_a.slug])).text
    assert "– Please choose –" in english
    assert "Select an option" not in english


def test_the_admin_shows_appointments_in_berlin_time_with_translated_labels(world, day, signed_in):
    admin = signed_in(world.person("administrator"))
    page = admin.get(reverse("admin:helpdesk_booking_changelist")).text
    berlin = timezone.localtime(day.slot.starts_at).strftime("%d.%m.%Y %H:%M")
    assert berlin in page
    assert "Termin" in page and "Stadtteilbüro" in page
    assert "Ausführen" in page  # the action button, which Django itself does not translate yet
    volunteers = admin.get(reverse("admin:helpdesk_volunteer_changelist")).text
    assert "Android-Smartphone oder -Tablet" in volunteers
    assert ",android," not in volunteers
    availability = admin.get(reverse("admin:helpdesk_availability_add")).text
    assert "Montag" in availability
