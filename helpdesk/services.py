"""Writes of the helpdesk: slot generation, booking, cancelling, waitlist.

Booking locks rows in one fixed order inside one transaction: the slot row,
then the slot's volunteers' user rows ordered by id, then the person (their
user row, or the ``CallerLock`` row of a guest's phone number). Everything that
decides "is there room, is anyone double-booked" is read after those locks, and
the ``slot_not_overbooked`` check constraint backs the counter up.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import BooleanField, Exists, ExpressionWrapper, F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Membership, Role, User
from helpdesk import notify, reminders
from helpdesk.models import (
    Absence,
    Availability,
    Booking,
    BookingStatus,
    CallerLock,
    Channel,
    Office,
    Slot,
    SlotKind,
    Topic,
    Volunteer,
    WaitlistEntry,
    WaitlistStatus,
    WorkshopSchedule,
    new_token,
    normalise_phone,
)

# How long a freed place is held for the first person on the waitlist.
WAITLIST_OFFER_DURATION = dt.timedelta(hours=4)
# A place that frees up later than this before the appointment is not offered any more.
WAITLIST_MIN_NOTICE = dt.timedelta(hours=2)


class BookingError(ValidationError):
    """A booking rule said no; ``code`` tells which one."""


def local_tz() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def local_datetime(day: dt.date, time: dt.time) -> dt.datetime | None:
    """The wall-clock time ``time`` on ``day`` in the site's zone, or None if it does not exist (spring DST gap)."""
    tz = local_tz()
    value = dt.datetime.combine(day, time, tzinfo=tz)
    round_trip = value.astimezone(dt.UTC).astimezone(tz)
    if round_trip.replace(tzinfo=None) != value.replace(tzinfo=None):
        return None
    return value


# --- slot generation ---------------------------------------------------------------------------


@dataclass
class GenerationResult:
    created: int = 0
    deleted: int = 0
    flagged: int = 0
    kept: int = 0
    keys: set[str] = field(default_factory=set)


def _wanted_slots(*, office: Office, first_day: dt.date, last_day: dt.date) -> list[dict[str, Any]]:
    wanted: list[dict[str, Any]] = []
    days = [first_day + dt.timedelta(days=i) for i in range((last_day - first_day).days + 1)]
    availabilities = list(Availability.objects.filter(office=office).select_related("volunteer"))
    workshops = list(
        WorkshopSchedule.objects.filter(office=office, active=True).prefetch_related("volunteers", "topics")
    )
    for day in days:
        for availability in availabilities:
            if availability.weekday != day.weekday():
                continue
            start = dt.datetime.combine(day, availability.start_time)
            end_of_day = dt.datetime.combine(day, availability.end_time)
            step = dt.timedelta(minutes=availability.slot_minutes)
            while start + step <= end_of_day:
                starts_at = local_datetime(day, start.time())
                # The length is kept in real time, so a slot across a DST change is still one hour.
                # (Adding to an aware datetime counts wall-clock time: go through UTC.)
                ends_at = (starts_at.astimezone(dt.UTC) + step).astimezone(starts_at.tzinfo) if starts_at else None
                if starts_at and ends_at:
                    wanted.append(
                        {
                            "key": f"a{availability.pk}:{start:%Y-%m-%dT%H:%M}",
                            "kind": SlotKind.ONE_TO_ONE,
                            "starts_at": starts_at,
                            "ends_at": ends_at,
                            "capacity": 1,
                            "volunteer_ids": [availability.volunteer_id],
                            "topic_ids": [],
                            "title": "",
                            "availability": availability,
                            "workshop": None,
                        }
                    )
                start += step
        for workshop in workshops:
            if workshop.weekday != day.weekday():
                continue
            starts_at = local_datetime(day, workshop.start_time)
            ends_at = local_datetime(day, workshop.end_time)
            if starts_at and ends_at and ends_at > starts_at:
                wanted.append(
                    {
                        "key": f"w{workshop.pk}:{day:%Y-%m-%d}",
                        "kind": workshop.kind,
                        "starts_at": starts_at,
                        "ends_at": ends_at,
                        "capacity": workshop.capacity,
                        "volunteer_ids": [v.pk for v in workshop.volunteers.all()],
                        "topic_ids": [t.pk for t in workshop.topics.all()],
                        "title": workshop.title,
                        "availability": None,
                        "workshop": workshop,
                    }
                )
    return wanted


def _absent(absences: dict[int, list[Absence]], user_id: int, starts_at: dt.datetime) -> bool:
    day = timezone.localtime(starts_at).date()
    return any(a.starts_on <= day <= a.ends_on for a in absences.get(user_id, []))


@transaction.atomic
def slots_generate(
    *, office: Office, weeks: int = 4, today: dt.date | None = None, now: dt.datetime | None = None
) -> GenerationResult:
    """Create the slots of the coming ``weeks`` from availabilities and workshop schedules.

    Running it again changes nothing that is already right. Free generated slots that
    no longer match a schedule are removed; booked ones are never deleted or moved,
    they are flagged for the coordinator instead.
    """
    now = now or timezone.now()
    first_day = today or timezone.localdate(now)
    last_day = first_day + dt.timedelta(days=7 * weeks - 1)
    result = GenerationResult()
    wanted = _wanted_slots(office=office, first_day=first_day, last_day=last_day)
    user_ids = {uid for item in wanted for uid in item["volunteer_ids"]}
    absences: dict[int, list[Absence]] = {}
    for absence in Absence.objects.filter(volunteer_id__in=user_ids, ends_on__gte=first_day, starts_on__lte=last_day):
        absences.setdefault(absence.volunteer_id, []).append(absence)
    existing = {
        slot.generated_key: slot
        for slot in Slot.objects.filter(office=office, generated_key__isnull=False, starts_at__gte=now)
    }
    # A volunteer's one-to-one slots must not overlap any other slot of theirs.
    busy: dict[int, list[tuple[dt.datetime, dt.datetime]]] = {}
    own_ids = {s.pk for s in existing.values()}
    for slot_id, starts_at, ends_at, user_id in Slot.volunteers.through.objects.filter(
        user_id__in=user_ids, slot__starts_at__lt=now + dt.timedelta(days=7 * weeks + 1), slot__ends_at__gt=now
    ).values_list("slot_id", "slot__starts_at", "slot__ends_at", "user_id"):
        if slot_id not in own_ids:
            busy.setdefault(user_id, []).append((starts_at, ends_at))
    wanted.sort(key=lambda item: (item["kind"] == SlotKind.ONE_TO_ONE, item["starts_at"]))
    for item in wanted:
        if item["starts_at"] <= now:
            continue
        volunteer_ids = [uid for uid in item["volunteer_ids"] if not _absent(absences, uid, item["starts_at"])]
        if item["kind"] == SlotKind.ONE_TO_ONE:
            if not volunteer_ids:
                # Still wanted by the schedule: an existing booked slot is flagged by the absence pass below.
                result.keys.add(item["key"])
                continue
            uid = volunteer_ids[0]
            if any(s < item["ends_at"] and item["starts_at"] < e for s, e in busy.get(uid, [])):
                continue
        for uid in volunteer_ids:
            busy.setdefault(uid, []).append((item["starts_at"], item["ends_at"]))
        result.keys.add(item["key"])
        slot = existing.get(item["key"])
        if slot is not None:
            result.kept += 1
            continue
        slot = Slot.objects.create(
            office=office,
            generated_key=item["key"],
            kind=item["kind"],
            starts_at=item["starts_at"],
            ends_at=item["ends_at"],
            capacity=item["capacity"],
            title=item["title"],
            availability=item["availability"],
            workshop=item["workshop"],
        )
        slot.volunteers.set(volunteer_ids)
        if item["topic_ids"]:
            slot.topics.set(item["topic_ids"])
        result.created += 1
    for key, slot in existing.items():
        if key in result.keys or slot.starts_at > timezone.make_aware(
            dt.datetime.combine(last_day + dt.timedelta(days=1), dt.time())
        ):
            continue
        if slot.booked_count == 0 and slot.held_count == 0:
            slot.delete()
            result.deleted += 1
        elif not slot.conflict:
            _flag(slot, "schedule_changed")
            result.flagged += 1
    result.flagged += _apply_absences(office=office, first_day=first_day, last_day=last_day, now=now)
    return result


def _flag(slot: Slot, note: str) -> None:
    Slot.objects.filter(pk=slot.pk).update(conflict=True, conflict_note=note[:200])
    slot.conflict, slot.conflict_note = True, note[:200]


def _apply_absences(*, office: Office | None, first_day: dt.date, last_day: dt.date, now: dt.datetime) -> int:
    """Free slots of absent volunteers go away; booked ones are flagged for the coordinator."""
    flagged = 0
    absences = Absence.objects.filter(ends_on__gte=first_day, starts_on__lte=last_day)
    for absence in absences:
        start = timezone.make_aware(dt.datetime.combine(absence.starts_on, dt.time()))
        end = timezone.make_aware(dt.datetime.combine(absence.ends_on + dt.timedelta(days=1), dt.time()))
        slots = Slot.objects.filter(
            volunteers=absence.volunteer_id, starts_at__gte=max(start, now), starts_at__lt=end
        ).prefetch_related("volunteers")
        if office is not None:
            slots = slots.filter(office=office)
        for slot in slots:
            others = [v for v in slot.volunteers.all() if v.pk != absence.volunteer_id]
            if slot.kind != SlotKind.ONE_TO_ONE and others:
                slot.volunteers.remove(absence.volunteer_id)
                continue
            if slot.booked_count == 0 and slot.held_count == 0:
                WaitlistEntry.objects.filter(offered_slot=slot).update(offered_slot=None)
                slot.delete()
            elif not slot.conflict:
                _flag(slot, "absent")
                flagged += 1
    return flagged


@transaction.atomic
def absence_create(*, volunteer: User, starts_on: dt.date, ends_on: dt.date, note: str = "") -> Absence:
    if ends_on < starts_on:
        raise ValidationError(_("The last day must not be before the first day."), code="absence_order")
    absence = Absence.objects.create(volunteer=volunteer, starts_on=starts_on, ends_on=ends_on, note=note)
    _apply_absences(office=None, first_day=starts_on, last_day=ends_on, now=timezone.now())
    return absence


def absence_delete(*, absence: Absence) -> None:
    absence.delete()


def availability_create(
    *,
    volunteer: User,
    office: Office,
    weekday: int,
    start_time: dt.time,
    end_time: dt.time,
    slot_minutes: int = 60,
) -> Availability:
    if not Membership.objects.filter(user=volunteer, role=Role.VOLUNTEER, office=office).exists():
        raise ValidationError(_("This person does not volunteer at this office."), code="not_volunteer")
    if end_time <= start_time:
        raise ValidationError(_("The end must be after the start."), code="availability_order")
    return Availability.objects.create(
        volunteer=volunteer,
        office=office,
        weekday=weekday,
        start_time=start_time,
        end_time=end_time,
        slot_minutes=slot_minutes,
    )


def availability_delete(*, availability: Availability) -> None:
    """Free future slots of this availability go at the next generation; booked ones stay."""
    availability.delete()


def workshop_schedule_create(
    *,
    office: Office,
    title: str,
    weekday: int,
    start_time: dt.time,
    end_time: dt.time,
    capacity: int,
    kind: str = SlotKind.WORKSHOP,
    topics: list[Topic] | None = None,
    volunteers: list[User] | None = None,
) -> WorkshopSchedule:
    if end_time <= start_time:
        raise ValidationError(_("The end must be after the start."), code="workshop_order")
    workshop = WorkshopSchedule.objects.create(
        office=office,
        title=title,
        weekday=weekday,
        start_time=start_time,
        end_time=end_time,
        capacity=max(capacity, 1),
        kind=kind,
    )
    workshop.topics.set(topics or [])
    workshop.volunteers.set(volunteers or [])
    return workshop


def volunteer_profile_update(*, user: User, topics: list[Topic], devices: list[str]) -> Volunteer:
    profile, _created = Volunteer.objects.get_or_create(user=user)
    profile.devices = Volunteer.encode_devices(devices)
    profile.save(update_fields=["devices"])
    profile.topics.set(topics)
    return profile


def calendar_token_renew(*, user: User) -> Volunteer:
    profile, _created = Volunteer.objects.get_or_create(user=user)
    profile.calendar_token = new_token()
    profile.save(update_fields=["calendar_token"])
    return profile


# --- booking -----------------------------------------------------------------------------------


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
        if by is not None and by.pk in locks.volunteer_ids.get(slot.pk, []):
            notify.volunteer_cancelled(booking, volunteer=by)
        waitlist_offer_next(slot=slot)
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
        waitlist_offer_next(slot=old)
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


# --- waitlist ----------------------------------------------------------------------------------


def waitlist_join(
    *,
    office: Office,
    day: dt.date,
    name: str,
    phone: str = "",
    email: str = "",
    topic: Topic | None = None,
    device: str = "",
    user: User | None = None,
    consent: bool,
) -> WaitlistEntry:
    if not consent:
        raise ValidationError(_("Please agree to the use of your data for the waitlist."), code="consent")
    if not name.strip() or not (phone.strip() or email.strip()):
        raise ValidationError(_("Please give your name and a phone number or e-mail address."), code="contact")
    return WaitlistEntry.objects.create(
        office=office,
        day=day,
        name=name.strip(),
        phone=phone.strip(),
        email=email.strip(),
        topic=topic,
        device=device,
        user=user,
        consent_at=timezone.now(),
    )


def waitlist_offer_next(*, slot: Slot, now: dt.datetime | None = None) -> WaitlistEntry | None:
    """Offer a freed place to the first in line for that office and day; holds it until the offer expires."""
    now = now or timezone.now()
    if slot.free_places <= 0 or not slot.is_bookable or slot.starts_at - now < WAITLIST_MIN_NOTICE:
        return None
    day = timezone.localtime(slot.starts_at).date()
    with transaction.atomic():
        candidates = (
            WaitlistEntry.objects.select_for_update(of=("self",))
            .filter(office_id=slot.office_id, day=day, status=WaitlistStatus.WAITING)
            .select_related("topic")
            .order_by("created_at", "id")
        )
        for entry in candidates:
            if not slot_fits(slot, topic=entry.topic, device=entry.device):
                continue
            expires = min(now + WAITLIST_OFFER_DURATION, slot.starts_at - dt.timedelta(hours=1))
            updated = Slot.objects.filter(pk=slot.pk, capacity__gt=F("booked_count") + F("held_count")).update(
                held_count=F("held_count") + 1
            )
            if not updated:
                return None
            entry.status = WaitlistStatus.OFFERED
            entry.offered_slot = slot
            entry.offer_expires_at = expires
            entry.save(update_fields=["status", "offered_slot", "offer_expires_at"])
            notify.waitlist_offer(entry)
            return entry
    return None


def waitlist_accept(*, entry: WaitlistEntry, consent: bool, user: User | None = None) -> Booking:
    with transaction.atomic():
        entry = WaitlistEntry.objects.select_for_update().get(pk=entry.pk)
        if (
            entry.status != WaitlistStatus.OFFERED
            or entry.offered_slot is None
            or (entry.offer_expires_at and entry.offer_expires_at <= timezone.now())
        ):
            raise BookingError(_("This offer is no longer valid."), code="offer_expired")
        booking = booking_create(
            slot=entry.offered_slot,
            user=entry.user or user,
            name=entry.name,
            phone=entry.phone,
            email=entry.email,
            topic=entry.topic,
            device=entry.device,
            consent=consent,
            override=True,
            use_hold=True,
        )
        entry.status = WaitlistStatus.BOOKED
        entry.booking = booking
        entry.save(update_fields=["status", "booking"])
    return booking


def _release_offer(entry: WaitlistEntry, status: str) -> Slot | None:
    slot = entry.offered_slot
    if slot is not None:
        Slot.objects.filter(pk=slot.pk, held_count__gt=0).update(held_count=F("held_count") - 1)
    entry.status = status
    entry.save(update_fields=["status"])
    if slot is not None:
        slot.refresh_from_db()
    return slot


def waitlist_decline(*, entry: WaitlistEntry) -> None:
    with transaction.atomic():
        entry = WaitlistEntry.objects.select_for_update().get(pk=entry.pk)
        if entry.status == WaitlistStatus.OFFERED:
            slot = _release_offer(entry, WaitlistStatus.CANCELLED)
            if slot is not None:
                waitlist_offer_next(slot=slot)
        elif entry.status == WaitlistStatus.WAITING:
            entry.status = WaitlistStatus.CANCELLED
            entry.save(update_fields=["status"])


def waitlist_expire_offers(*, now: dt.datetime | None = None) -> int:
    """Give expired offers back and offer the place to the next in line."""
    now = now or timezone.now()
    expired = 0
    ids = list(
        WaitlistEntry.objects.filter(status=WaitlistStatus.OFFERED, offer_expires_at__lte=now).values_list(
            "pk", flat=True
        )
    )
    for entry_id in ids:
        with transaction.atomic():
            entry = (
                WaitlistEntry.objects.select_for_update(skip_locked=True)
                .filter(pk=entry_id, status=WaitlistStatus.OFFERED)
                .first()
            )
            if entry is None:
                continue
            slot = _release_offer(entry, WaitlistStatus.EXPIRED)
            expired += 1
            if slot is not None:
                waitlist_offer_next(slot=slot, now=now)
    return expired


# --- retention -------------------------------------------------------------------------------


def guest_data_purge(*, now: dt.datetime | None = None) -> int:
    """Remove guests' personal data ``GUEST_DATA_RETENTION_DAYS`` after their appointment.

    The booking rows stay (anonymised, like after an account deletion), so the office
    statistics keep their counts. Waitlist entries of guests, the recipient details of
    their messages and the phone-number locks go too. Running it again changes nothing.
    """
    from notifications.models import OPEN_STATUSES, OutboxMessage

    now = now or timezone.now()
    cutoff = now - dt.timedelta(days=settings.GUEST_DATA_RETENTION_DAYS)
    due = Booking.objects.filter(user__isnull=True, slot__ends_at__lt=cutoff).exclude(
        name="–", phone="", phone_normalised="", email="", note="", outcome_note="", cancel_reason=""
    )
    with transaction.atomic():
        ids = list(due.values_list("pk", flat=True))
        Booking.objects.filter(pk__in=ids).update(
            name="–", phone="", phone_normalised="", email="", note="", outcome_note="", cancel_reason=""
        )
        WaitlistEntry.objects.filter(user__isnull=True, day__lt=timezone.localdate(cutoff)).exclude(
            name="–", phone="", email=""
        ).update(name="–", phone="", email="")
        if ids:
            OutboxMessage.objects.filter(payload__booking_id__in=ids).exclude(status__in=OPEN_STATUSES).update(
                recipient_name="", recipient_email="", recipient_phone=""
            )
        # A lock row is only needed while someone with that number is being booked.
        CallerLock.objects.exclude(
            phone_normalised__in=Booking.objects.exclude(phone_normalised="").values("phone_normalised")
        ).delete()
    return len(ids)
