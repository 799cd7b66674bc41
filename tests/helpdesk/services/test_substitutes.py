"""A volunteer cannot come: the right colleagues are asked, the first to accept takes over, else the coordinator."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from helpdesk import services
from helpdesk.models import (
    Absence,
    Booking,
    BookingStatus,
    Slot,
    SubstituteInvite,
    SubstituteRequest,
    SubstituteStatus,
)
from helpdesk.services import substitutes
from notifications.models import Channel, OutboxMessage
from tests.factories import OfficeFactory, coordinator_of
from tests.helpdesk.factories import TopicFactory, helper_at, one_to_one

pytestmark = pytest.mark.django_db


@pytest.fixture
def office_day():
    office = OfficeFactory.create(name="Stadtteilbüro Grübentälchen", address="Kantstraße 59\n67663 Kaiserslautern")
    banking = TopicFactory.create(name="Online-Banking")
    photos = TopicFactory.create(name="Fotos")
    anna = helper_at(office, topics=[banking], devices=["android"], display_name="Anna App", phone="0171 2345678")
    bernd = helper_at(office, topics=[banking], devices=["android", "iphone"], display_name="Bernd Brandt")
    carla = helper_at(office, topics=[banking], devices=["android"], display_name="Carla Can")
    photos_only = helper_at(office, topics=[photos], devices=["android"], display_name="Fritz Foto")
    iphone_only = helper_at(office, topics=[banking], devices=["iphone"], display_name="Ines Iphone")
    elsewhere = helper_at(OfficeFactory.create(), topics=[banking], devices=["android"], display_name="Otto Anderswo")
    coordinator = coordinator_of(office, display_name="Karin Koordinatorin")
    starts_at = timezone.now() + dt.timedelta(days=3)
    slot = one_to_one(office, anna, starts_at=starts_at)
    booking = services.booking_create(
        slot=slot, name="Hilde Hausmann", phone="0631 424242", topic=banking, device="android", consent=True
    )
    return {
        "office": office,
        "slot": slot,
        "booking": booking,
        "anna": anna,
        "bernd": bernd,
        "carla": carla,
        "photos_only": photos_only,
        "iphone_only": iphone_only,
        "elsewhere": elsewhere,
        "coordinator": coordinator,
    }


def asked(search: SubstituteRequest) -> set[str]:
    return {invite.volunteer.display_name for invite in search.invites.select_related("volunteer")}


def test_colleagues_of_the_office_who_know_topic_and_device_are_asked_and_the_booking_stays(office_day):
    search = services.substitute_search_start(
        booking=office_day["booking"], volunteer=office_day["anna"], reason="krank"
    )

    assert asked(search) == {"Bernd Brandt", "Carla Can"}
    office_day["booking"].refresh_from_db()
    assert office_day["booking"].status == BookingStatus.ACTIVE
    slot = Slot.objects.get(pk=office_day["slot"].pk)
    assert list(slot.volunteers.all()) == []
    assert (slot.conflict, slot.conflict_note) == (True, "substitute_search")
    messages = OutboxMessage.objects.filter(kind="substitute_request")
    assert {m.recipient_name for m in messages} == {"Bernd Brandt", "Carla Can"}
    assert {m.channel for m in messages} == {Channel.EMAIL}
    assert not OutboxMessage.objects.filter(kind="booking_cancelled").exists()


def test_colleagues_who_are_absent_or_busy_then_are_not_asked(office_day):
    day = timezone.localtime(office_day["slot"].starts_at).date()
    Absence.objects.create(volunteer=office_day["carla"], starts_on=day, ends_on=day)
    busy = one_to_one(office_day["office"], office_day["bernd"], starts_at=office_day["slot"].starts_at)
    services.booking_create(slot=busy, name="Gerd Gast", phone="0631 777777", consent=True, override=True)

    search = services.substitute_search_start(booking=office_day["booking"], volunteer=office_day["anna"])

    assert asked(search) == set()
    assert search.status == SubstituteStatus.EXPIRED  # nobody to ask: the coordinator decides at once
    assert Slot.objects.get(pk=office_day["slot"].pk).conflict_note == "no_substitute"
    (notice,) = OutboxMessage.objects.filter(kind="substitute_none")
    assert notice.recipient_email == office_day["coordinator"].email


def test_a_volunteer_with_a_mobile_number_is_asked_by_sms_the_others_by_email(office_day):
    office_day["bernd"].phone = "0151 11112222"
    office_day["bernd"].save()

    services.substitute_search_start(booking=office_day["booking"], volunteer=office_day["anna"])

    by_name = {m.recipient_name: m for m in OutboxMessage.objects.filter(kind="substitute_request")}
    assert (by_name["Bernd Brandt"].channel, by_name["Bernd Brandt"].recipient_phone) == (Channel.SMS, "0151 11112222")
    assert (by_name["Carla Can"].channel, by_name["Carla Can"].recipient_email) == (
        Channel.EMAIL,
        office_day["carla"].email,
    )


def test_asking_twice_asks_nobody_twice(office_day):
    first = services.substitute_search_start(booking=office_day["booking"], volunteer=office_day["anna"])
    again = services.substitute_search_start(booking=office_day["booking"], volunteer=office_day["anna"])

    assert again.pk == first.pk
    assert OutboxMessage.objects.filter(kind="substitute_request").count() == 2


def test_the_first_to_accept_takes_the_booking_over_and_the_senior_hears_only_the_new_name(office_day):
    search = services.substitute_search_start(booking=office_day["booking"], volunteer=office_day["anna"])
    bernd_invite = SubstituteInvite.objects.get(request=search, volunteer=office_day["bernd"])
    carla_invite = SubstituteInvite.objects.get(request=search, volunteer=office_day["carla"])

    services.substitute_accept(invite=bernd_invite)

    slot = Slot.objects.get(pk=office_day["slot"].pk)
    assert list(slot.volunteers.all()) == [office_day["bernd"]]
    assert (slot.conflict, slot.conflict_note) == (False, "")
    booking = Booking.objects.get(pk=office_day["booking"].pk)
    assert (booking.status, booking.slot_id) == (BookingStatus.ACTIVE, slot.pk)
    search.refresh_from_db()
    assert (search.status, search.taken_by) == (SubstituteStatus.TAKEN, office_day["bernd"])
    (told,) = OutboxMessage.objects.filter(kind="helper_changed")
    assert told.recipient_name == "Hilde Hausmann"
    assert told.channel == Channel.CALL  # a landline: the office calls
    with pytest.raises(services.SubstituteError) as refused:
        services.substitute_accept(invite=carla_invite)
    assert refused.value.code == "taken"
    assert services.substitute_accept(invite=bernd_invite).status == SubstituteStatus.TAKEN  # pressed twice: fine


def test_nobody_can_take_over_after_the_deadline_and_the_sweep_hands_it_to_the_coordinator(office_day):
    search = services.substitute_search_start(booking=office_day["booking"], volunteer=office_day["anna"])
    invite = SubstituteInvite.objects.get(request=search, volunteer=office_day["bernd"])
    later = search.deadline + dt.timedelta(minutes=1)

    with pytest.raises(services.SubstituteError) as refused:
        services.substitute_accept(invite=invite, now=later)
    assert refused.value.code == "expired"
    assert services.substitutes_expire(now=later) == 1
    assert services.substitutes_expire(now=later) == 0

    search.refresh_from_db()
    assert search.status == SubstituteStatus.EXPIRED
    assert Slot.objects.get(pk=office_day["slot"].pk).conflict_note == "no_substitute"
    (notice,) = OutboxMessage.objects.filter(kind="substitute_none")
    assert notice.recipient_email == office_day["coordinator"].email
    assert Booking.objects.get(pk=office_day["booking"].pk).status == BookingStatus.ACTIVE


def test_a_booking_cancelled_meanwhile_needs_nobody(office_day):
    search = services.substitute_search_start(booking=office_day["booking"], volunteer=office_day["anna"])
    services.booking_cancel(booking=office_day["booking"], reason="Enkel hilft")

    search.refresh_from_db()
    assert search.status == SubstituteStatus.CLOSED
    with pytest.raises(services.SubstituteError) as refused:
        services.substitute_accept(invite=search.invites.get(volunteer=office_day["bernd"]))
    assert refused.value.code == "closed"
    assert services.substitutes_expire(now=search.deadline + dt.timedelta(minutes=1)) == 0


def test_the_coordinator_assigns_someone_who_replaces_the_volunteer_and_ends_the_search(office_day):
    search = services.substitute_search_start(booking=office_day["booking"], volunteer=office_day["anna"])

    services.substitute_assign(slot=office_day["slot"], volunteer=office_day["iphone_only"])

    slot = Slot.objects.get(pk=office_day["slot"].pk)
    assert list(slot.volunteers.all()) == [office_day["iphone_only"]]
    assert not slot.conflict
    search.refresh_from_db()
    assert search.status == SubstituteStatus.RESOLVED
    assert OutboxMessage.objects.filter(kind="helper_changed").count() == 1


def test_the_coordinator_cannot_assign_a_volunteer_of_another_office_or_one_who_is_busy(office_day):
    with pytest.raises(services.SubstituteError) as refused:
        services.substitute_assign(slot=office_day["slot"], volunteer=office_day["elsewhere"])
    assert refused.value.code == "not_volunteer"
    busy = one_to_one(office_day["office"], office_day["carla"], starts_at=office_day["slot"].starts_at)
    services.booking_create(slot=busy, name="Gerd Gast", phone="0631 777777", consent=True, override=True)
    with pytest.raises(services.SubstituteError) as refused:
        services.substitute_assign(slot=office_day["slot"], volunteer=office_day["carla"])
    assert refused.value.code == "busy"


def test_an_absence_asks_for_substitutes_for_every_booked_appointment_in_it(office_day):
    day = timezone.localtime(office_day["slot"].starts_at).date()

    searches = services.absence_report(volunteer=office_day["anna"], starts_on=day, ends_on=day, note="Urlaub")

    assert [s.booking for s in searches] == [office_day["booking"]]
    assert searches[0].reason == "Urlaub"
    assert asked(searches[0]) == {"Bernd Brandt", "Carla Can"}


def test_only_the_volunteer_of_a_future_one_to_one_appointment_can_ask(office_day):
    with pytest.raises(services.SubstituteError) as refused:
        services.substitute_search_start(booking=office_day["booking"], volunteer=office_day["bernd"])
    assert refused.value.code == "not_on_slot"
    Slot.objects.filter(pk=office_day["slot"].pk).update(
        starts_at=timezone.now() - dt.timedelta(hours=1), ends_at=timezone.now()
    )
    with pytest.raises(services.SubstituteError) as refused:
        services.substitute_search_start(booking=office_day["booking"], volunteer=office_day["anna"])
    assert refused.value.code == "past"


@pytest.mark.parametrize(
    ("hours_ahead", "deadline_in_hours"),
    [
        (96, 24),  # far ahead: a day to answer
        (30, 6),  # answers end a day before, so the coordinator can still call the person
        (10, 2),  # but volunteers get at least two hours
        (1, 1),  # and never past the appointment itself
    ],
)
def test_the_answer_deadline_leaves_the_coordinator_time_to_decide(hours_ahead, deadline_in_hours):
    now = timezone.now()
    deadline = substitutes.answer_deadline(starts_at=now + dt.timedelta(hours=hours_ahead), now=now)
    assert deadline == now + dt.timedelta(hours=deadline_in_hours)


def test_a_volunteer_deleting_their_data_takes_the_reason_with_them(office_day):
    from helpdesk import privacy

    services.substitute_search_start(booking=office_day["booking"], volunteer=office_day["anna"], reason="Kur")
    assert privacy.export(office_day["anna"])["substitute_requests"][0]["reason"] == "Kur"

    privacy.erase(office_day["anna"])

    search = SubstituteRequest.objects.get()
    assert (search.reason, search.absent_volunteer) == ("", None)
