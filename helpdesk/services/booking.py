"""Booking, moving and cancelling a place, safe against concurrent requests.

Booking locks rows in one fixed order inside one transaction: the slot row,
then the slot's volunteers' user rows ordered by id, then the person (their
user row, or the ``CallerLock`` row of a guest's phone number). Everything that
decides "is there room, is anyone double-booked" is read after those locks, and
the ``slot_not_overbooked`` check constraint backs the counter up.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import BooleanField, Exists, ExpressionWrapper, F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from helpdesk import notify, reminders
from helpdesk.models import (
    Booking,
    BookingStatus,
    CallerLock,
    Channel,
    Slot,
    SlotKind,
    Topic,
    Volunteer,
    normalise_phone,
)


class BookingError(ValidationError):
    """A booking rule said no; ``code`` tells which one."""


def _fit_condition(slot: Slot, *, topic: Topic | None, device: str) -> Q | Exists | None:
    """SQL that holds when someone at ``slot`` helps with this topic and device; None: anyone fits.

    A workshop fits a topic it lists, or any topic when it lists none; a one-to-one
    slot fits when one of its volunteers knows the topic and the device.
    """
    if slot.kind == SlotKind.WORKSHOP:
        if topic is None:
            return None
        listed = Slot.topics.through.objects.filter(slot_id=slot.pk)
        return ~Exists(listed) | Exists(listed.filter(topic_id=topic.pk))
    profiles = Volunteer.objects.filter(user__volunteer_slots=slot.pk)
    if topic is not None:
        profiles = profiles.filter(topics=topic)
    if device:
        profiles = profiles.filter(devices__contains=f",{device},")
    return Exists(profiles)


def slot_fits(slot: Slot, *, topic: Topic | None, device: str) -> bool:
    """Does someone in this slot help with this topic and device?"""
    condition = _fit_condition(slot, topic=topic, device=device)
    return condition is None or Slot.objects.filter(condition, pk=slot.pk).exists()


@dataclass
class _Locks:
    """What ``_lock_in_order`` holds: the fresh slot rows and, per slot, its volunteers' user ids."""

    slots: list[Slot]
    volunteer_ids: dict[int, list[int]]


def _lock_in_order(*, slot_ids: list[int], user: User | None, phone_normalised: str) -> _Locks:
    """Take the booking locks in the one fixed order: slots (by id), volunteers (by id), the person.

    One statement per step. The volunteers are read by the statement that locks them,
    after the slot locks, so a volunteer added to a slot meanwhile is locked too.
    """
    slots = list(
        Slot.objects.select_related("office")
        .select_for_update(of=("self",))
        .filter(pk__in=sorted(slot_ids))
        .order_by("pk")
    )
    volunteer_ids: dict[int, list[int]] = {}
    for user_id, slot_id in (
        User.objects.select_for_update(of=("self",))
        .filter(volunteer_slots__in=slot_ids)
        .order_by("pk")
        .values_list("pk", "volunteer_slots")
    ):
        volunteer_ids.setdefault(slot_id, []).append(user_id)
    if user is not None:
        list(User.objects.select_for_update().filter(pk=user.pk).values_list("pk"))
    if phone_normalised:
        # Insert the number's lock row or, when it exists, "update" it: either way the row is
        # locked until commit, in one statement (PostgreSQL: INSERT … ON CONFLICT DO UPDATE).
        CallerLock.objects.bulk_create(
            [CallerLock(phone_normalised=phone_normalised)],
            update_conflicts=True,
            unique_fields=["phone_normalised"],
            update_fields=["phone_normalised"],
        )
    return _Locks(slots=slots, volunteer_ids=volunteer_ids)


def _check_slot(slot: Slot, *, use_hold: bool) -> None:
    """The rules that need nothing but the slot row itself."""
    if not slot.is_bookable:
        raise BookingError(_("This is an open consultation hour: just drop in, no booking needed."), code="open_hour")
    if slot.starts_at <= timezone.now():
        raise BookingError(_("This appointment has already begun."), code="past")
    free = slot.capacity - slot.booked_count - slot.held_count + (1 if use_hold else 0)
    if free <= 0:
        raise BookingError(_("Sorry, this appointment has just been taken."), code="full")


def _check_rules(
    *,
    slot: Slot,
    volunteer_ids: list[int],
    user: User | None,
    phone_normalised: str,
    topic: Topic | None,
    device: str,
    override: bool,
    use_hold: bool,
    exclude_booking: Booking | None = None,
) -> None:
    """Refuse the booking unless every rule allows it; ``slot`` must be the locked, fresh row.

    Topic/device fit, "volunteer already booked then" and "person already booked then"
    are answered by one query with an EXISTS per rule; the refusal names the first
    rule that fails, in that order.
    """
    _check_slot(slot, use_hold=use_hold)
    checks: dict[str, Any] = {}
    fit = None if override else _fit_condition(slot, topic=topic, device=device)
    if fit is not None:
        checks["fits"] = ExpressionWrapper(fit, output_field=BooleanField())
    if volunteer_ids:
        clash = Slot.objects.filter(
            volunteers__in=volunteer_ids, starts_at__lt=slot.ends_at, ends_at__gt=slot.starts_at, booked_count__gt=0
        ).exclude(pk=slot.pk)
        if exclude_booking is not None:
            clash = clash.exclude(pk=exclude_booking.slot_id, booked_count=1)
        checks["volunteer_busy"] = Exists(clash)
    person = Q()
    if user is not None:
        person |= Q(user=user)
    if phone_normalised:
        person |= Q(phone_normalised=phone_normalised)
    if person:
        mine = Booking.objects.filter(
            person, status=BookingStatus.ACTIVE, slot__starts_at__lt=slot.ends_at, slot__ends_at__gt=slot.starts_at
        )
        if exclude_booking is not None:
            mine = mine.exclude(pk=exclude_booking.pk)
        checks["person_busy"] = Exists(mine)
    found = Slot.objects.filter(pk=slot.pk).values(**checks).get() if checks else {}
    if not found.get("fits", True):
        raise BookingError(_("Nobody at this appointment helps with this topic and device."), code="no_match")
    if found.get("volunteer_busy"):
        raise BookingError(_("The volunteer is already booked at this time."), code="volunteer_busy")
    if found.get("person_busy"):
        raise BookingError(_("You already have an appointment at this time."), code="person_busy")


def booking_create(
    *,
    slot: Slot,
    user: User | None = None,
    name: str = "",
    phone: str = "",
    email: str = "",
    topic: Topic | None = None,
    device: str = "",
    channel: str = Channel.ONLINE,
    note: str = "",
    needs_loan_device: bool = False,
    consent: bool,
    booked_by: User | None = None,
    override: bool = False,
    use_hold: bool = False,
) -> Booking:
    """Book one place. Raises ``BookingError`` when a rule says no.

    ``slot`` is the caller's copy, read in the same request. When that copy is
    already full (or past, or an open hour) the booking is refused without taking
    any lock: the answer is the same as if the request had come a moment earlier.
    Everything else is decided on the locked row.
    """
    name = (name or (user.display_name if user else "") or (user.email if user else "")).strip()
    phone = (phone or (user.phone if user else "")).strip()
    email = (email or (user.email if user else "")).strip()
    if not consent:
        raise BookingError(_("Please agree to the use of your data for this appointment."), code="consent")
    if user is None and (not name or not phone):
        raise BookingError(_("Please give a name and a phone number."), code="contact")
    _check_slot(slot, use_hold=use_hold)
    phone_normalised = normalise_phone(phone)
    with transaction.atomic():
        locks = _lock_in_order(slot_ids=[slot.pk], user=user, phone_normalised=phone_normalised)
        (locked,) = locks.slots
        _check_rules(
            slot=locked,
            volunteer_ids=locks.volunteer_ids.get(locked.pk, []),
            user=user,
            phone_normalised=phone_normalised,
            topic=topic,
            device=device,
            override=override,
            use_hold=use_hold,
        )
        if use_hold:
            Slot.objects.filter(pk=locked.pk).update(held_count=F("held_count") - 1, booked_count=F("booked_count") + 1)
        else:
            Slot.objects.filter(pk=locked.pk).update(booked_count=F("booked_count") + 1)
        booking = Booking.objects.create(
            slot=locked,
            user=user,
            name=name[:120],
            phone=phone,
            email=email,
            topic=topic,
            device=device,
            channel=channel,
            note=note,
            needs_loan_device=needs_loan_device,
            consent_at=timezone.now(),
            booked_by=booked_by,
        )
        notify.booking_created(booking)
    return booking


def _lock_booking(
    booking: Booking, *, also: list[int], user: User | None, phone_normalised: str
) -> tuple[Booking, _Locks]:
    """Lock a booking's current slot (plus ``also``) in the fixed order, then the booking row.

    The caller's object may be stale (moved in the meantime), so the slot is read
    from the database and checked again under the lock. The booking's slot comes
    first in the returned locks.
    """
    for _attempt in range(3):
        slot_id = Booking.objects.values_list("slot_id", flat=True).get(pk=booking.pk)
        locks = _lock_in_order(slot_ids=sorted({slot_id, *also}), user=user, phone_normalised=phone_normalised)
        locked = Booking.objects.select_for_update().get(pk=booking.pk)
        if locked.slot_id == slot_id:
            locks.slots.sort(key=lambda s: s.pk != slot_id)
            return locked, locks
    raise BookingError(_("This booking is being changed right now; please try again."), code="busy")


def booking_cancel(*, booking: Booking, reason: str = "", by: User | None = None) -> Booking:
    """Cancel and free the place at once; the first on the waitlist is offered it."""
    with transaction.atomic():
        booking, locks = _lock_booking(booking, also=[], user=None, phone_normalised="")
        (slot,) = locks.slots
        if booking.status != BookingStatus.ACTIVE:
            return booking
        booking.status = BookingStatus.CANCELLED
        booking.cancel_reason = reason[:300]
        booking.save(update_fields=["status", "cancel_reason", "updated_at"])
        Slot.objects.filter(pk=slot.pk).update(booked_count=F("booked_count") - 1)
        slot.refresh_from_db()
        reminders.cancel_for_booking(booking)
        notify.booking_cancelled(booking)
        _close_substitute_searches(booking)
        if by is not None and by.pk in locks.volunteer_ids.get(slot.pk, []):
            notify.volunteer_cancelled(booking, volunteer=by)
        _offer_freed_place(slot)
    return booking


def booking_move(*, booking: Booking, slot: Slot, override: bool = False) -> Booking:
    """Move a booking to another slot in one transaction (rebooking keeps the same link)."""
    if slot.pk == booking.slot_id:
        return booking
    with transaction.atomic():
        booking, locks = _lock_booking(
            booking, also=[slot.pk], user=booking.user, phone_normalised=booking.phone_normalised
        )
        if booking.slot_id == slot.pk:
            return booking
        new = next(s for s in locks.slots if s.pk == slot.pk)
        old = next(s for s in locks.slots if s.pk == booking.slot_id)
        old_starts_at = old.starts_at
        if booking.status != BookingStatus.ACTIVE:
            raise BookingError(_("This booking has been cancelled."), code="cancelled")
        if new.office_id != old.office_id and not override:
            raise BookingError(_("Please choose an appointment at the same office."), code="other_office")
        _check_rules(
            slot=new,
            volunteer_ids=locks.volunteer_ids.get(new.pk, []),
            user=booking.user,
            phone_normalised=booking.phone_normalised,
            topic=booking.topic,
            device=booking.device,
            override=override,
            use_hold=False,
            exclude_booking=booking,
        )
        Slot.objects.filter(pk=old.pk).update(booked_count=F("booked_count") - 1)
        Slot.objects.filter(pk=new.pk).update(booked_count=F("booked_count") + 1)
        booking.slot = new
        booking.save(update_fields=["slot", "updated_at"])
        reminders.reschedule_for_booking(booking, old_starts_at=old_starts_at)
        notify.booking_changed(booking)
        old.refresh_from_db()
        _offer_freed_place(old)
    return booking


def booking_record_outcome(*, booking: Booking, attended: bool, note: str = "") -> Booking:
    if booking.status not in (BookingStatus.ACTIVE, BookingStatus.ATTENDED, BookingStatus.NO_SHOW):
        raise BookingError(_("A cancelled booking has no outcome."), code="cancelled")
    if booking.slot.starts_at > timezone.now():
        raise BookingError(_("The appointment has not begun yet."), code="future")
    booking.status = BookingStatus.ATTENDED if attended else BookingStatus.NO_SHOW
    booking.outcome_note = note[:300]
    booking.save(update_fields=["status", "outcome_note", "updated_at"])
    return booking


def booking_anonymise(*, booking: Booking) -> None:
    Booking.objects.filter(pk=booking.pk).update(
        user=None, name="–", phone="", phone_normalised="", email="", note="", outcome_note="", cancel_reason=""
    )


def _close_substitute_searches(booking: Booking) -> None:
    # Imported here: the substitute search reads bookings through this package.
    from helpdesk.services.substitutes import substitutes_close_for_booking

    substitutes_close_for_booking(booking=booking)


def _offer_freed_place(slot: Slot) -> None:
    # Imported here: the waitlist books through this module, and a freed place is offered to it.
    from helpdesk.services.waitlist import waitlist_offer_next

    waitlist_offer_next(slot=slot)
