"""The office's calendar: slots made from volunteers' weekly times and workshop schedules, absences,
opening hours, closures and extra dates.

Slots are only made inside the office's opening hours and never on a public holiday of
Rheinland-Pfalz or a closure (``helpdesk.opening``). Slot generation is idempotent and
never moves or deletes a booked slot: what no longer fits is flagged for the coordinator
instead, and a closure that hits bookings lists them on the conflicts page. Times are
Berlin wall-clock times, so a slot stays at 10:00 across the DST changes.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from helpdesk.models import (
    CLOSED_PREFIX,
    Absence,
    Availability,
    Closure,
    ExtraDate,
    Office,
    OfficeStaff,
    OpeningHours,
    Slot,
    SlotKind,
    StaffRole,
    Topic,
    WaitlistEntry,
    WorkshopSchedule,
    touch_plan,
)
from helpdesk.opening import OfficeDays, office_days


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


def _group_slot(
    *,
    key: str,
    day: dt.date,
    opens: dt.time,
    closes: dt.time,
    source: WorkshopSchedule | ExtraDate,
    volunteer_ids: list[int] | None = None,
    topic_ids: list[int] | None = None,
) -> list[dict[str, Any]]:
    """The wanted slot of a workshop or open hour on ``day`` (none when a DST gap swallows its time)."""
    starts_at, ends_at = local_datetime(day, opens), local_datetime(day, closes)
    if not (starts_at and ends_at and ends_at > starts_at):
        return []
    return [
        {
            "key": key,
            "kind": source.kind,
            "starts_at": starts_at,
            "ends_at": ends_at,
            "capacity": source.capacity,
            "volunteer_ids": volunteer_ids or [],
            "topic_ids": topic_ids or [],
            "title": source.title,
            "availability": None,
            "workshop": source if isinstance(source, WorkshopSchedule) else None,
            "extra_date": source if isinstance(source, ExtraDate) else None,
        }
    ]


@dataclass
class GenerationResult:
    created: int = 0
    deleted: int = 0
    flagged: int = 0
    kept: int = 0
    keys: set[str] = field(default_factory=set)


def _wanted_slots(
    *, office: Office, first_day: dt.date, last_day: dt.date, calendar: OfficeDays
) -> list[dict[str, Any]]:
    wanted: list[dict[str, Any]] = []
    days = [first_day + dt.timedelta(days=i) for i in range((last_day - first_day).days + 1)]
    availabilities = list(Availability.objects.filter(office=office).select_related("volunteer"))
    workshops = list(
        WorkshopSchedule.objects.filter(office=office, active=True).prefetch_related("volunteers", "topics")
    )
    extra_dates: dict[dt.date, list[ExtraDate]] = {}
    for extra in ExtraDate.objects.filter(office=office, day__gte=first_day, day__lte=last_day):
        extra_dates.setdefault(extra.day, []).append(extra)
    for day in days:
        if calendar.closed_reason(day) is not None:
            continue
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
            if workshop.weekday == day.weekday():
                wanted += _group_slot(
                    key=f"w{workshop.pk}:{day:%Y-%m-%d}",
                    day=day,
                    opens=workshop.start_time,
                    closes=workshop.end_time,
                    source=workshop,
                    volunteer_ids=[v.pk for v in workshop.volunteers.all()],
                    topic_ids=[t.pk for t in workshop.topics.all()],
                )
        for extra in extra_dates.get(day, []):
            wanted += _group_slot(
                key=f"x{extra.pk}:{day:%Y-%m-%d}", day=day, opens=extra.opens, closes=extra.closes, source=extra
            )
    # Only what lies inside the opening hours of its day (extra dates open their own time).
    return [item for item in wanted if calendar.fits(item["starts_at"], item["ends_at"])]


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
    calendar = office_days(office, first_day, last_day)
    wanted = _wanted_slots(office=office, first_day=first_day, last_day=last_day, calendar=calendar)
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
            extra_date=item.get("extra_date"),
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
            reason = calendar.closed_reason(timezone.localdate(slot.starts_at))
            _flag(slot, "schedule_changed" if reason is None else CLOSED_PREFIX + reason)
            result.flagged += 1
    result.flagged += _apply_absences(office=office, first_day=first_day, last_day=last_day, now=now)
    if result.created or result.deleted or result.flagged:
        touch_plan(office.pk)
    return result


def _flag(slot: Slot, note: str) -> None:
    Slot.objects.filter(pk=slot.pk).update(conflict=True, conflict_note=note[:200])
    slot.conflict, slot.conflict_note = True, note[:200]


def _apply_absences(*, office: Office | None, first_day: dt.date, last_day: dt.date, now: dt.datetime) -> int:
    """Free slots of absent volunteers go away; booked ones are flagged for the coordinator."""
    flagged = 0
    touched: set[int] = set()
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
            touched.add(slot.office_id)
            if slot.booked_count == 0 and slot.held_count == 0:
                WaitlistEntry.objects.filter(offered_slot=slot).update(offered_slot=None)
                slot.delete()
            elif not slot.conflict:
                _flag(slot, "absent")
                flagged += 1
    for office_id in touched:
        touch_plan(office_id)
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
    if not OfficeStaff.objects.filter(user=volunteer, role=StaffRole.VOLUNTEER, office=office).exists():
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


# --- opening hours, closures and extra dates (the coordinators' calendar page) ---------------


def _day_bounds(first: dt.date, last: dt.date) -> tuple[dt.datetime, dt.datetime]:
    start = timezone.make_aware(dt.datetime.combine(first, dt.time()))
    return start, timezone.make_aware(dt.datetime.combine(last + dt.timedelta(days=1), dt.time()))


@transaction.atomic
def opening_hours_add(*, office: Office, weekday: int, opens: dt.time, closes: dt.time) -> OpeningHours:
    """Add a range to a weekday; slots outside the hours go (or are flagged when booked)."""
    if closes <= opens:
        raise ValidationError(_("The office must close after it opens."), code="hours_order")
    overlapping = OpeningHours.objects.filter(office=office, weekday=weekday, opens__lt=closes, closes__gt=opens)
    if overlapping.exists():
        raise ValidationError(_("This time overlaps opening hours already entered for this day."), code="hours_overlap")
    hours = OpeningHours.objects.create(office=office, weekday=weekday, opens=opens, closes=closes)
    slots_generate(office=office)
    touch_plan(office.pk)
    return hours


@transaction.atomic
def opening_hours_delete(*, hours: OpeningHours) -> None:
    office = hours.office
    hours.delete()
    slots_generate(office=office)
    touch_plan(office.pk)


@dataclass
class ClosureResult:
    closure: Closure
    removed: int  # free slots that are gone
    affected: int  # slots with bookings, now on the conflicts page


@transaction.atomic
def closure_create(
    *, office: Office, starts_on: dt.date, ends_on: dt.date, reason: str, by: User | None = None
) -> ClosureResult:
    """Close an office for a day or a range ("Weihnachtsferien 23.12.–2.1.").

    Free slots on those days go at once; slots with bookings stay and are flagged, so the
    coordinator sees each booked person on the conflicts page and moves or cancels them:
    nothing is dropped silently.
    """
    reason = reason.strip()
    if ends_on < starts_on:
        raise ValidationError(_("The last day must not be before the first day."), code="closure_order")
    if not reason:
        raise ValidationError(_("Please give a reason, for example: Christmas holidays."), code="closure_reason")
    closure = Closure.objects.create(
        office=office, starts_on=starts_on, ends_on=ends_on, reason=reason[:120], created_by=by
    )
    start, end = _day_bounds(starts_on, ends_on)
    slots = Slot.objects.filter(office=office, starts_at__gte=max(start, timezone.now()), starts_at__lt=end)
    _total, per_model = slots.filter(booked_count=0, held_count=0).delete()
    removed = per_model.get(Slot._meta.label, 0)
    affected = slots.exclude(booked_count=0, held_count=0).update(
        conflict=True, conflict_note=(CLOSED_PREFIX + reason)[:200]
    )
    touch_plan(office.pk)
    return ClosureResult(closure=closure, removed=removed, affected=affected)


@transaction.atomic
def closure_delete(*, closure: Closure) -> None:
    """Open the days again: slots are made again, and booked slots flagged for this closure are cleared."""
    office = closure.office
    start, end = _day_bounds(closure.starts_on, closure.ends_on)
    closure.delete()
    calendar = office_days(office, closure.starts_on, closure.ends_on)
    for slot in Slot.objects.filter(
        office=office, conflict=True, conflict_note__startswith=CLOSED_PREFIX, starts_at__gte=start, starts_at__lt=end
    ):
        if calendar.closed_reason(timezone.localdate(slot.starts_at)) is None:
            Slot.objects.filter(pk=slot.pk).update(conflict=False, conflict_note="")
    slots_generate(office=office)
    touch_plan(office.pk)


@transaction.atomic
def extra_date_create(
    *,
    office: Office,
    day: dt.date,
    opens: dt.time,
    closes: dt.time,
    title: str,
    kind: str = SlotKind.OPEN_HOUR,
    capacity: int = 8,
) -> ExtraDate:
    """A one-off date: the office opens then and offers a workshop or an open consultation hour."""
    if closes <= opens:
        raise ValidationError(_("The end must be after the start."), code="extra_order")
    if day < timezone.localdate():
        raise ValidationError(_("Please choose a day from today on."), code="extra_past")
    extra = ExtraDate.objects.create(
        office=office,
        day=day,
        opens=opens,
        closes=closes,
        title=title.strip()[:160],
        kind=kind,
        capacity=max(capacity, 1),
    )
    slots_generate(office=office, weeks=max(4, (day - timezone.localdate()).days // 7 + 1))
    touch_plan(office.pk)
    return extra


@transaction.atomic
def extra_date_delete(*, extra: ExtraDate) -> None:
    office = extra.office
    weeks = max(4, (extra.day - timezone.localdate()).days // 7 + 1)
    extra.delete()
    slots_generate(office=office, weeks=weeks)
    touch_plan(office.pk)


@transaction.atomic
def slot_conflict_resolve(*, office: Office, slot_id: int) -> None:
    """The coordinator has dealt with a flagged slot.

    A slot on a day the office is closed that has no bookings left is removed rather than
    offered again; any other slot goes back to normal.
    """
    slot = Slot.objects.filter(office=office, pk=slot_id, conflict=True).first()
    if slot is None:
        return
    day = timezone.localdate(slot.starts_at)
    empty = slot.booked_count == 0 and slot.held_count == 0 and not slot.bookings.exists()
    if empty and office_days(office, day, day).closed_reason(day):
        # Only with no booking rows at all: cancelled bookings keep their slot for the statistics.
        slot.delete()
        touch_plan(office.pk)
        return
    Slot.objects.filter(pk=slot.pk).update(conflict=False, conflict_note="")
    touch_plan(office.pk)
