"""A volunteer cannot come: the office's other volunteers take over, first come, first served.

The senior keeps the booking; only the helper changes. The volunteer who cannot come
leaves the slot at once, the slot is flagged for the coordinator, and every other
volunteer of the office who knows the topic and the device, is not absent that day
and has no other appointment then is asked. The first "I'll take it" puts them on
the slot. When nobody has answered by the deadline, the coordinator decides on the
conflicts page (move, cancel or assign someone).

Locks are taken in the booking service's order (``helpdesk.services.booking``): the
slot row, then volunteers' user rows, then the request row. Two volunteers accepting
at the same moment queue on the slot row; the second finds the request taken.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from helpdesk import substitute_messages
from helpdesk.models import (
    Booking,
    BookingStatus,
    OfficeStaff,
    Slot,
    SlotKind,
    StaffRole,
    SubstituteInvite,
    SubstituteRequest,
    SubstituteStatus,
    Volunteer,
)
from helpdesk.services.calendar import absence_create

# Volunteers get at most a day to answer, and answers end a day before the appointment so that
# the coordinator can still reach the person; but volunteers always get two hours, unless the
# appointment is sooner than that.
ANSWER_TIME = dt.timedelta(hours=24)
DECISION_LEAD = dt.timedelta(hours=24)
MIN_ANSWER_TIME = dt.timedelta(hours=2)

SEARCHING = "substitute_search"
NOBODY = "no_substitute"


class SubstituteError(ValidationError):
    """Taking over was refused; ``code`` tells why."""


def answer_deadline(*, starts_at: dt.datetime, now: dt.datetime) -> dt.datetime:
    deadline = min(now + ANSWER_TIME, starts_at - DECISION_LEAD)
    return min(max(deadline, now + MIN_ANSWER_TIME), starts_at)


def _busy(slot: Slot) -> QuerySet[Slot]:
    """Booked slots overlapping ``slot`` of the volunteer in the outer query's ``user_id``."""
    return Slot.objects.filter(
        volunteers=OuterRef("user_id"), starts_at__lt=slot.ends_at, ends_at__gt=slot.starts_at, booked_count__gt=0
    ).exclude(pk=slot.pk)


def candidates(*, booking: Booking, slot: Slot | None = None) -> list[User]:
    """The office's volunteers who could take this booking over, by name."""
    slot = slot or booking.slot
    day = timezone.localtime(slot.starts_at).date()
    on_slot = Slot.volunteers.through.objects.filter(slot_id=slot.pk).values("user_id")
    staff = OfficeStaff.objects.filter(office_id=slot.office_id, role=StaffRole.VOLUNTEER).values("user_id")
    profiles = Volunteer.objects.filter(user_id__in=staff).exclude(user_id__in=on_slot)
    if booking.topic_id:
        profiles = profiles.filter(topics=booking.topic_id)
    if booking.device:
        profiles = profiles.filter(devices__contains=f",{booking.device},")
    profiles = profiles.exclude(user__absences__starts_on__lte=day, user__absences__ends_on__gte=day)
    profiles = profiles.exclude(Exists(_busy(slot)))
    return list(
        User.objects.filter(pk__in=profiles.values("user_id"), is_active=True).order_by("display_name", "email")
    )


def substitute_search_start(
    *, booking: Booking, volunteer: User, reason: str = "", now: dt.datetime | None = None
) -> SubstituteRequest:
    """``volunteer`` cannot come to ``booking``: take them off the slot and ask the others.

    Asking again while a search is open returns that search. With nobody to ask, the
    coordinator is told at once.
    """
    now = now or timezone.now()
    with transaction.atomic():
        slot = Slot.objects.select_for_update().select_related("office").get(pk=booking.slot_id)
        booking = Booking.objects.select_related("topic").get(pk=booking.pk)
        if booking.status != BookingStatus.ACTIVE or booking.slot_id != slot.pk:
            raise SubstituteError(_("This appointment has been cancelled or moved."), code="not_active")
        if slot.kind != SlotKind.ONE_TO_ONE:
            raise SubstituteError(
                _("Workshops and open hours are covered by their team; please tell the coordinator."),
                code="not_one_to_one",
            )
        if slot.starts_at <= now:
            raise SubstituteError(_("This appointment has already begun."), code="past")
        existing = SubstituteRequest.objects.filter(booking=booking, status=SubstituteStatus.OPEN).first()
        if existing is not None:
            return existing
        if not slot.volunteers.filter(pk=volunteer.pk).exists():
            raise SubstituteError(_("This person is not the volunteer of this appointment."), code="not_on_slot")
        # Asked before the volunteer leaves the slot: whoever is on it is not asked to take it over.
        asked = candidates(booking=booking, slot=slot)
        slot.volunteers.remove(volunteer)
        request = SubstituteRequest.objects.create(
            booking=booking,
            slot=slot,
            absent_volunteer=volunteer,
            reason=reason.strip()[:300],
            deadline=answer_deadline(starts_at=slot.starts_at, now=now),
            created_at=now,
        )
        invites = SubstituteInvite.objects.bulk_create(
            [SubstituteInvite(request=request, volunteer=person, created_at=now) for person in asked]
        )
        if invites:
            _flag(slot, SEARCHING)
            for invite in invites:
                substitute_messages.ask(invite)
        else:
            _give_to_coordinator(request, slot=slot, now=now)
    return request


def absence_report(
    *, volunteer: User, starts_on: dt.date, ends_on: dt.date, note: str = "", now: dt.datetime | None = None
) -> list[SubstituteRequest]:
    """Record an absence and look for substitutes for the volunteer's booked appointments in it."""
    now = now or timezone.now()
    with transaction.atomic():
        absence_create(volunteer=volunteer, starts_on=starts_on, ends_on=ends_on, note=note)
        start = timezone.make_aware(dt.datetime.combine(starts_on, dt.time()))
        end = timezone.make_aware(dt.datetime.combine(ends_on + dt.timedelta(days=1), dt.time()))
        bookings = Booking.objects.filter(
            status=BookingStatus.ACTIVE,
            slot__kind=SlotKind.ONE_TO_ONE,
            slot__volunteers=volunteer,
            slot__starts_at__gte=max(start, now),
            slot__starts_at__lt=end,
        ).order_by("slot__starts_at", "pk")
        return [
            substitute_search_start(booking=booking, volunteer=volunteer, reason=note, now=now) for booking in bookings
        ]


def substitute_accept(*, invite: SubstituteInvite, now: dt.datetime | None = None) -> SubstituteRequest:
    """The invited volunteer takes the appointment over, unless someone was faster or it is no longer needed."""
    now = now or timezone.now()
    with transaction.atomic():
        slot_id = SubstituteRequest.objects.values_list("slot_id", flat=True).get(pk=invite.request_id)
        slot = Slot.objects.select_for_update().get(pk=slot_id)
        list(User.objects.select_for_update().filter(pk=invite.volunteer_id).values_list("pk"))
        request = SubstituteRequest.objects.select_for_update().get(pk=invite.request_id)
        if request.status == SubstituteStatus.TAKEN:
            if request.taken_by_id == invite.volunteer_id:
                return request  # pressed twice
            raise SubstituteError(_("Someone else has already taken this appointment over. Thank you!"), code="taken")
        if request.status != SubstituteStatus.OPEN:
            raise SubstituteError(_("This appointment no longer needs anyone. Thank you!"), code="closed")
        booking = Booking.objects.get(pk=request.booking_id)
        if booking.status != BookingStatus.ACTIVE or booking.slot_id != slot.pk:
            _close(request, now=now)
            raise SubstituteError(_("This appointment no longer needs anyone. Thank you!"), code="closed")
        if request.deadline <= now:
            raise SubstituteError(
                _("The time to answer is over; the coordinator is arranging this appointment."), code="expired"
            )
        _check_free(slot, invite.volunteer_id, own=True)
        slot.volunteers.add(invite.volunteer_id)
        Slot.objects.filter(pk=slot.pk).update(conflict=False, conflict_note="")
        request.status = SubstituteStatus.TAKEN
        request.taken_by_id = invite.volunteer_id
        request.decided_at = now
        request.save(update_fields=["status", "taken_by", "decided_at"])
        substitute_messages.helper_changed(booking, helper=invite.volunteer)
    return request


def substitute_assign(*, slot: Slot, volunteer: User, now: dt.datetime | None = None) -> Slot:
    """The coordinator puts ``volunteer`` on a slot that needs one; any search for it ends.

    On a one-to-one slot the volunteer replaces whoever was on it; on a workshop or an
    open hour they join the team. People booked there are told who helps them now.
    """
    now = now or timezone.now()
    with transaction.atomic():
        slot = Slot.objects.select_for_update().get(pk=slot.pk)
        list(User.objects.select_for_update().filter(pk=volunteer.pk).values_list("pk"))
        if not OfficeStaff.objects.filter(office_id=slot.office_id, user=volunteer, role=StaffRole.VOLUNTEER).exists():
            raise SubstituteError(_("This person does not volunteer at this office."), code="not_volunteer")
        _check_free(slot, volunteer.pk, own=False)
        before = set(slot.volunteers.values_list("pk", flat=True))
        if slot.kind == SlotKind.ONE_TO_ONE:
            slot.volunteers.set([volunteer])
        else:
            slot.volunteers.add(volunteer)
        Slot.objects.filter(pk=slot.pk).update(conflict=False, conflict_note="")
        SubstituteRequest.objects.filter(
            slot=slot, status__in=[SubstituteStatus.OPEN, SubstituteStatus.EXPIRED]
        ).update(status=SubstituteStatus.RESOLVED, decided_at=now)
        if volunteer.pk not in before and slot.kind == SlotKind.ONE_TO_ONE:
            for booking in Booking.objects.filter(slot=slot, status=BookingStatus.ACTIVE):
                substitute_messages.helper_changed(booking, helper=volunteer)
    slot.refresh_from_db()
    return slot


def substitutes_close_for_booking(*, booking: Booking, now: dt.datetime | None = None) -> int:
    """The booking was cancelled: nobody needs to take it over any more."""
    now = now or timezone.now()
    return SubstituteRequest.objects.filter(
        booking=booking, status__in=[SubstituteStatus.OPEN, SubstituteStatus.EXPIRED]
    ).update(status=SubstituteStatus.CLOSED, decided_at=now)


def substitutes_expire(*, now: dt.datetime | None = None) -> int:
    """Searches past their deadline go to the coordinator (run by beat every minute)."""
    now = now or timezone.now()
    handed_over = 0
    due = SubstituteRequest.objects.filter(status=SubstituteStatus.OPEN, deadline__lte=now).values_list("pk", "slot_id")
    for request_id, slot_id in list(due[:100]):
        with transaction.atomic():
            slot = Slot.objects.select_for_update().get(pk=slot_id)
            request = SubstituteRequest.objects.select_for_update().get(pk=request_id)
            if request.status != SubstituteStatus.OPEN:
                continue
            booking = Booking.objects.get(pk=request.booking_id)
            if booking.status != BookingStatus.ACTIVE or booking.slot_id != slot.pk:
                _close(request, now=now)
                continue
            _give_to_coordinator(request, slot=slot, now=now)
            handed_over += 1
    return handed_over


def _check_free(slot: Slot, user_id: int, *, own: bool) -> None:
    """Refuse a volunteer who has another booked appointment then or is absent that day."""
    clash = Slot.objects.filter(
        volunteers=user_id, starts_at__lt=slot.ends_at, ends_at__gt=slot.starts_at, booked_count__gt=0
    ).exclude(pk=slot.pk)
    if clash.exists():
        message = (
            _("You have another appointment at this time.")
            if own
            else _("This volunteer has another appointment at this time.")
        )
        raise SubstituteError(message, code="busy")
    day = timezone.localtime(slot.starts_at).date()
    if User.objects.filter(pk=user_id, absences__starts_on__lte=day, absences__ends_on__gte=day).exists():
        message = _("You are marked as absent on this day.") if own else _("This volunteer is absent on this day.")
        raise SubstituteError(message, code="absent")


def _flag(slot: Slot, code: str) -> None:
    Slot.objects.filter(pk=slot.pk).update(conflict=True, conflict_note=code)
    slot.conflict, slot.conflict_note = True, code


def _close(request: SubstituteRequest, *, now: dt.datetime) -> None:
    request.status = SubstituteStatus.CLOSED
    request.decided_at = now
    request.save(update_fields=["status", "decided_at"])


def _give_to_coordinator(request: SubstituteRequest, *, slot: Slot, now: dt.datetime) -> None:
    request.status = SubstituteStatus.EXPIRED
    request.decided_at = now
    request.save(update_fields=["status", "decided_at"])
    _flag(slot, NOBODY)
    substitute_messages.nobody_took_over(request)
