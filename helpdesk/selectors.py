"""Reads of the helpdesk. List pages fetch everything in a fixed number of queries."""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass
from itertools import groupby
from typing import Any, cast

from django.db import connection
from django.db.models import (
    BooleanField,
    Count,
    F,
    Max,
    Prefetch,
    Q,
    QuerySet,
)
from django.db.models.expressions import RawSQL
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from accounts.models import User
from core import phones, rawread
from helpdesk import hours
from helpdesk.models import (
    Booking,
    BookingStatus,
    Closure,
    Office,
    OfficeStaff,
    Slot,
    SlotKind,
    StaffRole,
    Topic,
    Volunteer,
    WaitlistEntry,
    WaitlistNote,
    WaitlistStatus,
    WalkInVisit,
)
from helpdesk.opening import public_holidays
from helpdesk.scopes import office_scope
from notifications.models import Channel as MessageChannel
from notifications.models import OutboxMessage, Status

# How far ahead free slots are checked against the public holidays (slots are made weeks ahead, not years).
HOLIDAY_HORIZON_DAYS = 400


def offices() -> QuerySet[Office]:
    return Office.objects.order_by("name")


def office_by_slug(slug: str) -> Office | None:
    """The office, by one fixed statement (``core.rawread``): every office page asks it first."""
    return rawread.first(Office, 'WHERE "helpdesk_office"."slug" = %s', [slug])


def offices_changed(request: Any) -> dt.datetime | None:
    """When anything on the start page last changed: the newest change stamp of all offices."""
    changed: dt.datetime | None = Office.objects.aggregate(changed=Max("plan_changed_at"))["changed"]
    return changed


def office_changed(request: Any, slug: str) -> dt.datetime | None:
    """When the office's page last changed (its hours, closures, details); None for no such office."""
    return Office.objects.filter(slug=slug).values_list("plan_changed_at", flat=True).first()


def free_times_changed(request: Any, slug: str) -> dt.datetime | None:
    """When the office's free times last changed: its change stamp, or the start of the slot that
    began last (a time that has begun is no longer offered), whichever is later.

    Asked for every anonymous request of the free-time pages (the validator), so it is one short SQL
    statement; the newest begun slot comes from the (office, starts_at) index, not from scanning the past.
    The statement reads the whole office row: the page that follows takes it from the request
    (``office_of_request``) instead of asking for it again.
    """
    with connection.cursor() as cursor:
        now = connection.ops.adapt_datetimefield_value(timezone.now())
        cursor.execute(_free_times_changed_sql(connection.vendor), [now, slug])
        found = cursor.fetchone()
    if found is None:
        return None
    office = rawread.build(Office, found)
    setattr(request, _REQUEST_OFFICE, office)
    changed, last_start = office.plan_changed_at, found[-1]
    return max(changed, _aware(last_start)) if last_start else changed


# Where ``free_times_changed`` leaves the office it read, for the rest of the same request.
_REQUEST_OFFICE = "_helpdesk_office"


def office_of_request(request: Any, slug: str) -> Office | None:
    """The office by slug, read once per request: taken from the validator's read when it ran."""
    office: Office | None = getattr(request, _REQUEST_OFFICE, None)
    if office is not None and office.slug == slug:
        return office
    return office_by_slug(slug)


@functools.cache
def _free_times_changed_sql(vendor: str) -> str:
    """Written once per database kind, like the plan's query."""
    q = connection.ops.quote_name
    office, slot = q(Office._meta.db_table), q(Slot._meta.db_table)
    return (
        f"SELECT {rawread.columns(Office, 'o')}, (SELECT s.starts_at FROM {slot} s"  # noqa: S608
        f" WHERE s.office_id = o.id AND s.starts_at <= %s ORDER BY s.starts_at DESC LIMIT 1)"
        f" FROM {office} o WHERE o.slug = %s"
    )


def coming_closures(office: Office, *, weeks: int = 8) -> list[Closure]:
    """Closures of the coming weeks, for the office page ("Geschlossen 24.12.–1.1.: Weihnachtsferien")."""
    today = timezone.localdate()
    return list(
        Closure.objects.filter(office=office, ends_on__gte=today, starts_on__lte=today + dt.timedelta(weeks=weeks))
    )


def topics() -> QuerySet[Topic]:
    return Topic.objects.order_by("position", "name")


def day_bounds(day: dt.date) -> tuple[dt.datetime, dt.datetime]:
    start = timezone.make_aware(dt.datetime.combine(day, dt.time()))
    end = timezone.make_aware(dt.datetime.combine(day + dt.timedelta(days=1), dt.time()))
    return start, end


def next_planned_day(*, office: Office, after: dt.date, days: int = 60) -> dt.date | None:
    """The first day after ``after`` (within ``days``) on which the office has anything planned."""
    _start, end = day_bounds(after)
    first = (
        Slot.objects.filter(office=office, starts_at__gte=end, starts_at__lt=end + dt.timedelta(days=days))
        .order_by("starts_at")
        .values_list("starts_at", flat=True)
        .first()
    )
    return timezone.localtime(first).date() if first else None


def _fits(*, topic: Topic | None, device: str) -> RawSQL:
    """Someone in the slot helps with this topic and device, as one SQL condition on the slot row.

    A workshop fits a topic it lists, or any topic when it lists none (and every topic when
    none was chosen); a one-to-one slot fits when one of its volunteers has a profile that
    knows the topic and the device. The same rule as ``services.booking.slot_fits``, written
    out because the free-times page that everybody opens spent a millisecond per request
    building it from subquery expressions (``tests/helpdesk/test_selectors.py`` checks that
    both agree).
    """
    sql = _fits_sql(topic=topic is not None, device=bool(device))
    # Only fixed SQL text and placeholders; every value goes in as a parameter.
    return RawSQL(sql, _fits_params(topic=topic, device=device), output_field=BooleanField())  # noqa: S611


@functools.cache
def _fits_sql(*, topic: bool, device: bool) -> str:
    """The text of ``_fits``: its parameters are ``_fits_params``, in this order."""
    workshop = _WORKSHOP_TAKES_TOPIC if topic else "1 = 1"
    helper, conditions = _HELPER, ["sv.slot_id = helpdesk_slot.id"]
    if topic:
        helper += " JOIN helpdesk_volunteer_topics vt ON vt.volunteer_id = v.id"
        conditions.append("vt.topic_id = %s")
    if device:
        conditions.append("v.devices LIKE %s")
    return (
        "(helpdesk_slot.kind = %s AND (" + workshop + ")) OR "
        "(helpdesk_slot.kind = %s AND EXISTS (" + helper + " WHERE " + " AND ".join(conditions) + "))"
    )


def _fits_params(*, topic: Topic | None, device: str) -> list[object]:
    params: list[object] = [SlotKind.WORKSHOP.value]
    if topic is not None:
        params.append(topic.pk)
    params.append(SlotKind.ONE_TO_ONE.value)
    if topic is not None:
        params.append(topic.pk)
    if device:
        params.append(f"%,{device},%")
    return params


_WORKSHOP_TAKES_TOPIC = (
    "NOT EXISTS (SELECT 1 FROM helpdesk_slot_topics st WHERE st.slot_id = helpdesk_slot.id) OR EXISTS "
    "(SELECT 1 FROM helpdesk_slot_topics st WHERE st.slot_id = helpdesk_slot.id AND st.topic_id = %s)"
)
_HELPER = "SELECT 1 FROM helpdesk_slot_volunteers sv JOIN helpdesk_volunteer v ON v.user_id = sv.user_id"
_IN_CLOSURE = (
    "EXISTS (SELECT 1 FROM helpdesk_closure c WHERE c.office_id = helpdesk_slot.office_id "
    "AND c.begins_at <= helpdesk_slot.starts_at AND helpdesk_slot.starts_at < c.ends_before)"
)


def _closed(*, first: dt.date, last: dt.date) -> Q:
    """Slots on days an office is closed: public holidays between ``first`` and ``last``, and closures.

    Slots are not made on closed days, but one made before a closure was entered (or by
    hand) must not be offered either. Both checks compare ``starts_at`` with instants, so
    they cost the database an index range or a small lookup and cost Python nothing to build.
    """
    closed = Q(RawSQL(_IN_CLOSURE, [], output_field=BooleanField()))  # noqa: S611 - fixed SQL text
    for day in public_holidays(first, last):
        closed |= Q(starts_at__range=_day_range(day, day))
    return closed


def _day_range(first: dt.date, last: dt.date) -> tuple[dt.datetime, dt.datetime]:
    start, _first_end = day_bounds(first)
    _last_start, end = day_bounds(last)
    return start, end - dt.timedelta(microseconds=1)


def open_calendar_slots(
    *, office: Office | None = None, start: dt.datetime | None = None, end: dt.datetime | None = None
) -> QuerySet[Slot]:
    """Slots (of ``office``, from ``start`` to ``end``) on days the office is open."""
    first = timezone.localdate(start) if start is not None else timezone.localdate()
    last = timezone.localdate(end) if end is not None else first + dt.timedelta(days=HOLIDAY_HORIZON_DAYS)
    slots = Slot.objects.all() if office is None else Slot.objects.filter(office=office)
    return slots.exclude(_closed(first=first, last=last))


FREE = Q(kind__in=[SlotKind.ONE_TO_ONE, SlotKind.WORKSHOP], capacity__gt=F("booked_count") + F("held_count"))


def free_slots(
    *,
    office: Office | None = None,
    topic: Topic | None = None,
    device: str = "",
    day: dt.date | None = None,
    start: dt.datetime | None = None,
    end: dt.datetime | None = None,
    override: bool = False,
) -> QuerySet[Slot]:
    """Bookable slots with a free place, offered only where a volunteer knows the topic and device.

    Never on a day the office is closed (``open_calendar_slots``).
    """
    if day is not None:
        start, end = day_bounds(day)
    qs = open_calendar_slots(office=office, start=start, end=end).filter(
        FREE, starts_at__gt=timezone.now(), conflict=False
    )
    if start is not None:
        qs = qs.filter(starts_at__gte=start)
    if end is not None:
        qs = qs.filter(starts_at__lt=end)
    if not override:
        qs = qs.filter(_fits(topic=topic, device=device))
    return qs.select_related("office").order_by("starts_at", "pk")


def week_slots(
    *,
    office: Office,
    start: dt.datetime,
    end: dt.datetime,
    topic: Topic | None = None,
    device: str = "",
    override: bool = False,
) -> QuerySet[Slot]:
    """The free slots and the open consultation hours of a week at one office, in one query.

    The rule as a queryset; the time picker reads it by ``week_rows`` (the same rule in fixed SQL,
    ``tests/helpdesk/test_selectors.py`` checks that both agree).
    """
    free = FREE if override else FREE & _fits(topic=topic, device=device)
    return open_calendar_slots(office=office, start=start, end=end).filter(
        free | Q(kind=SlotKind.OPEN_HOUR),
        starts_at__gt=timezone.now(),
        starts_at__gte=start,
        starts_at__lt=end,
        conflict=False,
    )


WEEK_COLUMNS = ("pk", "starts_at", "ends_at", "kind", "title", "capacity", "booked_count", "held_count")


def week_rows(
    *,
    office: Office,
    start: dt.datetime,
    end: dt.datetime,
    topic: Topic | None = None,
    device: str = "",
    override: bool = False,
    not_at: dt.datetime | None = None,
) -> list[tuple[Any, ...]]:
    """``week_slots`` as plain rows (``WEEK_COLUMNS``, times aware), ordered by start, end, kind, title and id.

    ``not_at``: leave out every slot that starts then (the time of a booking being moved). The
    free times are the page everybody opens: the ORM spent longer building and compiling this
    query than PostgreSQL spent answering it, so its text is written once per shape
    (``_week_sql``) and only the values change.
    """
    adapt = connection.ops.adapt_datetimefield_value
    holidays = public_holidays(timezone.localdate(start), timezone.localdate(end))
    params: list[Any] = [office.pk, adapt(timezone.now()), adapt(start), adapt(end)]
    for day in holidays:
        params += [adapt(moment) for moment in _day_range(day, day)]
    params += [SlotKind.ONE_TO_ONE.value, SlotKind.WORKSHOP.value]
    if not override:
        params += _fits_params(topic=topic, device=device)
    params.append(SlotKind.OPEN_HOUR.value)
    if not_at is not None:
        params.append(adapt(not_at))
    sql = _week_sql(
        topic=topic is not None,
        device=bool(device),
        override=override,
        holidays=len(holidays),
        not_at=not_at is not None,
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        found = cursor.fetchall()
    if connection.vendor == "postgresql":
        return found  # PostgreSQL answers with aware datetimes already
    return [(row[0], _aware(row[1]), _aware(row[2]), *row[3:]) for row in found]


@functools.cache
def _week_sql(*, topic: bool, device: bool, override: bool, holidays: int, not_at: bool) -> str:
    """The text of ``week_rows``' query for one shape: which filters were chosen, how many public holidays."""
    closed = " OR ".join([_IN_CLOSURE, *["helpdesk_slot.starts_at BETWEEN %s AND %s"] * holidays])
    fits = "" if override else f" AND ({_fits_sql(topic=topic, device=device)})"
    moved = " AND helpdesk_slot.starts_at <> %s" if not_at else ""
    columns = ", ".join(f"helpdesk_slot.{name}" for name in ("id", *WEEK_COLUMNS[1:]))
    order = ", ".join(f"helpdesk_slot.{name}" for name in ("starts_at", "ends_at", "kind", "title", "id"))
    # Only fixed text goes into the string; every value is a parameter.
    return (
        f"SELECT {columns} FROM helpdesk_slot WHERE helpdesk_slot.office_id = %s AND helpdesk_slot.starts_at > %s"  # noqa: S608
        " AND helpdesk_slot.starts_at >= %s AND helpdesk_slot.starts_at < %s AND NOT helpdesk_slot.conflict"
        f" AND NOT ({closed}) AND ((helpdesk_slot.kind IN (%s, %s)"
        f" AND helpdesk_slot.capacity > helpdesk_slot.booked_count + helpdesk_slot.held_count{fits})"
        f" OR helpdesk_slot.kind = %s){moved} ORDER BY {order}"
    )


def move_choices(booking: Booking, *, weeks: int = 9) -> QuerySet[Slot]:
    """Where a booking may move: free times for its topic and device at its office, not its own time."""
    return free_slots(
        office=booking.slot.office,
        topic=booking.topic,
        device=booking.device,
        end=timezone.now() + dt.timedelta(weeks=weeks),
    ).exclude(starts_at=booking.slot.starts_at)


def bookings_of(user: Any, *, past_limit: int = 20) -> tuple[list[Booking], list[Booking]]:
    """A signed-in person's own bookings: (coming active ones, soonest first; the rest, newest first)."""
    now = timezone.now()
    mine = Booking.objects.filter(user=user.pk).select_related("slot__office", "topic")
    upcoming = list(mine.filter(status=BookingStatus.ACTIVE, slot__ends_at__gt=now).order_by("slot__starts_at", "pk"))
    past = list(
        mine.exclude(status=BookingStatus.ACTIVE, slot__ends_at__gt=now).order_by("-slot__starts_at", "-pk")[
            :past_limit
        ]
    )
    return upcoming, past


def plan_slots(*, office: Office, start: dt.datetime, end: dt.datetime) -> QuerySet[Slot]:
    """Everything the coordinator needs for the plan and day list, in three queries."""
    bookings = Booking.objects.filter(status__in=[BookingStatus.ACTIVE, BookingStatus.ATTENDED, BookingStatus.NO_SHOW])
    return (
        Slot.objects.filter(office=office, starts_at__gte=start, starts_at__lt=end)
        .prefetch_related(
            Prefetch("bookings", queryset=bookings.select_related("topic").order_by("id"), to_attr="active_bookings"),
            "volunteers",
        )
        .order_by("starts_at", "pk")
    )


# Separators inside the volunteers' text of a plan row (never typed into a name or an e-mail address).
PLAN_NAME_SEP = "\x1f"
PLAN_PERSON_SEP = "\x1e"
PLAN_COLUMNS = (
    "pk",
    "starts_at",
    "ends_at",
    "kind",
    "title",
    "capacity",
    "booked_count",
    "held_count",
    "conflict",
    "conflict_note",
    "volunteers_text",
    "visitors",
    "booking_id",
    "booking_name",
    "booking_phone",
    "booking_phone_normalised",
    "booking_status",
    "booking_token",
    "booking_topic",
    "booking_device",
    "booking_note",
    "booking_loan",
    "conflicts",
)


@functools.cache
def _plan_sql(vendor: str, *, conflicts: bool) -> str:
    """The plan's query, written once per database kind (the ORM would build and compile it per request)."""
    q = connection.ops.quote_name
    slot, booking, topic = Slot._meta.db_table, Booking._meta.db_table, Topic._meta.db_table
    through, user = Slot.volunteers.through._meta.db_table, User._meta.db_table
    walk_in = WalkInVisit._meta.db_table
    joined = "string_agg" if vendor == "postgresql" else "group_concat"
    # Not correlated with the row (the office is a parameter), so PostgreSQL counts once per query.
    counted = f"(SELECT COUNT(*) FROM {q(slot)} c WHERE c.office_id = %s AND c.conflict AND c.starts_at >= %s)"  # noqa: S608
    # Only table names from the models and fixed text go into the string; every value is a parameter.
    conflicts_sql = counted if conflicts else "0"
    return f"""
        SELECT s.id, s.starts_at, s.ends_at, s.kind, s.title, s.capacity, s.booked_count, s.held_count,
               s.conflict, s.conflict_note,
               (SELECT {joined}(u.email || %s || COALESCE(NULLIF(u.display_name, ''), u.email), %s)
                  FROM {q(through)} v JOIN {q(user)} u ON u.id = v.user_id WHERE v.slot_id = s.id),
               (SELECT SUM(w.{q("count")}) FROM {q(walk_in)} w WHERE w.slot_id = s.id),
               b.id, b.name, b.phone, b.phone_normalised, b.status, b.token, t.name, b.device, b.note,
               b.needs_loan_device,
               {conflicts_sql}
          FROM {q(slot)} s
          LEFT JOIN {q(booking)} b ON b.slot_id = s.id AND b.status IN (%s, %s, %s)
          LEFT JOIN {q(topic)} t ON t.id = b.topic_id
         WHERE s.office_id = %s AND s.starts_at >= %s AND s.starts_at < %s
         ORDER BY s.starts_at, s.id, b.id
    """  # noqa: S608


def _aware(value: Any) -> dt.datetime:
    """A datetime read by raw SQL, aware: PostgreSQL answers with aware datetimes, SQLite with naive ones (or
    text) in UTC."""
    if isinstance(value, str):
        parsed = parse_datetime(value)
        if parsed is None:
            raise ValueError(value)
        value = parsed
    moment = cast(dt.datetime, value)
    return moment if timezone.is_aware(moment) else moment.replace(tzinfo=dt.UTC)


def plan_rows(
    *, office: Office, start: dt.datetime, end: dt.datetime, conflicts_from: dt.datetime | None = None
) -> list[dict[str, Any]]:
    """The plan and the day list in one query: one row per slot and booking it shows (``PLAN_COLUMNS``).

    A slot without bookings is one row with ``booking_id`` None; a slot with bookings repeats its
    columns on each (in booking order). ``volunteers_text`` holds "email<US>name" of each volunteer,
    joined by RS (in no order: ``helpdesk.plan`` sorts them by e-mail as the plan always did);
    ``visitors`` is the number of walk-ins of an open hour. Cancelled bookings are left out.
    ``conflicts`` (on every row) counts the office's slots from ``conflicts_from`` on that need the
    coordinator, so the plan asks no second question when the days have slots (``plan_conflicts``).
    """
    adapt = connection.ops.adapt_datetimefield_value
    params: list[Any] = [
        PLAN_NAME_SEP,
        PLAN_PERSON_SEP,
        *([office.pk, adapt(conflicts_from)] if conflicts_from is not None else []),
        BookingStatus.ACTIVE.value,
        BookingStatus.ATTENDED.value,
        BookingStatus.NO_SHOW.value,
        office.pk,
        adapt(start),
        adapt(end),
    ]
    with connection.cursor() as cursor:
        cursor.execute(_plan_sql(connection.vendor, conflicts=conflicts_from is not None), params)
        found = [dict(zip(PLAN_COLUMNS, row, strict=True)) for row in cursor.fetchall()]
    for row in found:
        row["starts_at"], row["ends_at"] = _aware(row["starts_at"]), _aware(row["ends_at"])
        row["conflict"], row["booking_loan"] = bool(row["conflict"]), bool(row["booking_loan"])
    return found


def plan_conflicts(*, office: Office, rows: list[dict[str, Any]], since: dt.datetime) -> int:
    """How many of the office's slots from ``since`` on need the coordinator: from the plan's rows when it has any."""
    if rows:
        return int(rows[0]["conflicts"])
    return Slot.objects.filter(office=office, conflict=True, starts_at__gte=since).count()


def volunteer_slots(*, user: User, start: dt.datetime, end: dt.datetime | None = None) -> QuerySet[Slot]:
    qs = Slot.objects.filter(volunteers=user, ends_at__gte=start)
    if end is not None:
        qs = qs.filter(starts_at__lt=end)
    return (
        qs.select_related("office")
        .prefetch_related(
            Prefetch(
                "bookings",
                queryset=Booking.objects.exclude(status=BookingStatus.CANCELLED).select_related("topic").order_by("id"),
            )
        )
        .order_by("starts_at", "pk")
    )


def callers(*, office: Office, query: str) -> list[Booking]:
    """Earlier callers of this office, newest booking per phone number first."""
    query = query.strip()
    if len(query) < 2:
        return []
    match = Q(name__icontains=query)
    digits = phones.search_digits(query)
    if len(digits) >= 3:
        match |= Q(phone_normalised__contains=digits)
    rows = (
        Booking.objects.filter(match, slot__office=office)
        .exclude(name="–")
        .select_related("topic", "slot")
        .order_by("-created_at")[:50]
    )
    seen: set[str] = set()
    result = []
    for booking in rows:
        key = booking.phone_normalised or booking.name.lower()
        if key not in seen:
            seen.add(key)
            result.append(booking)
    return result[:10]


@dataclass
class OfficeStatistics:
    by_topic: list[tuple[str, int]]
    by_device: list[tuple[str, int]]
    attended: int
    no_show: int
    no_show_rate: float
    volunteer_hours: list[tuple[str, float]]
    waitlist_length: int

    @property
    def max_topic(self) -> int:
        return max([n for _label, n in self.by_topic] or [1])

    @property
    def max_device(self) -> int:
        return max([n for _label, n in self.by_device] or [1])

    @property
    def max_hours(self) -> float:
        return max([h for _label, h in self.volunteer_hours] or [1.0])


def office_statistics(*, office: Office, start: dt.datetime, end: dt.datetime) -> OfficeStatistics:
    bookings = Booking.objects.filter(slot__office=office, slot__starts_at__gte=start, slot__starts_at__lt=end).exclude(
        status=BookingStatus.CANCELLED
    )
    by_topic = [
        (row["topic__name"] or str(_("no topic given")), row["n"])
        for row in bookings.values("topic__name").annotate(n=Count("id")).order_by("-n", "topic__name")
    ]
    from helpdesk.models import Device

    labels = dict(Device.choices)
    by_device = [
        (str(labels.get(row["device"], _("no device given"))), row["n"])
        for row in bookings.values("device").annotate(n=Count("id")).order_by("-n", "device")
    ]
    counts = dict(bookings.values_list("status").annotate(n=Count("id")).values_list("status", "n"))
    attended = counts.get(BookingStatus.ATTENDED, 0)
    no_show = counts.get(BookingStatus.NO_SHOW, 0)
    rate = no_show / (attended + no_show) if attended + no_show else 0.0
    # The same rules as the volunteers' own lists and confirmations (helpdesk.hours).
    period = hours.Period(timezone.localtime(start).date(), timezone.localtime(end).date())
    per_volunteer = hours.by_volunteer(hours.entries(period=period, office_ids=[office.pk]))
    names = {user.pk: str(user) for user in User.objects.filter(pk__in=per_volunteer)}
    waitlist = WaitlistEntry.objects.filter(
        office=office, status__in=[WaitlistStatus.WAITING, WaitlistStatus.OFFERED]
    ).count()
    return OfficeStatistics(
        by_topic=by_topic,
        by_device=by_device,
        attended=attended,
        no_show=no_show,
        no_show_rate=rate,
        volunteer_hours=sorted(
            ((names[uid], totals.total_hours) for uid, totals in per_volunteer.items()), key=lambda r: -r[1]
        ),
        waitlist_length=waitlist,
    )


def office_volunteers(*, office: Office) -> list[tuple[User, Volunteer | None]]:
    ids = OfficeStaff.objects.filter(office=office, role=StaffRole.VOLUNTEER).values_list("user_id", flat=True)
    users = list(User.objects.filter(pk__in=ids).order_by("display_name", "email"))
    profiles = {p.user_id: p for p in Volunteer.objects.filter(user_id__in=ids).prefetch_related("topics")}
    return [(user, profiles.get(user.pk)) for user in users]


def coordinated_offices(user: Any) -> QuerySet[Office]:
    from helpdesk.permissions import coordinated_office_ids

    ids = coordinated_office_ids(user)
    offices = Office.objects.order_by("name")
    return offices if ids is None else offices.filter(pk__in=ids)


def volunteer_offices(user: Any) -> QuerySet[Office]:
    return Office.objects.filter(staff__user=user, staff__role=StaffRole.VOLUNTEER).order_by("name")


def calls_open(*, office: Office, day: dt.date) -> QuerySet[OutboxMessage]:
    """Calls to make on ``day``: due that day or earlier and not yet made."""
    _start, end = day_bounds(day)
    return OutboxMessage.objects.filter(
        scope=office_scope(office),
        channel=MessageChannel.CALL,
        status__in=(Status.PENDING, Status.TO_CALL),
        due_at__lt=end,
    ).order_by("due_at", "id")


def calls_made(*, office: Office, day: dt.date) -> QuerySet[OutboxMessage]:
    start, end = day_bounds(day)
    return (
        OutboxMessage.objects.filter(
            scope=office_scope(office),
            channel=MessageChannel.CALL,
            status=Status.SENT,
            sent_at__gte=start,
            sent_at__lt=end,
        )
        .select_related("sent_by")
        .order_by("sent_at", "id")
    )


def office_waitlist(*, office: Office, first_day: dt.date, days: int = 28) -> list[tuple[dt.date, list[WaitlistEntry]]]:
    """The office's waitlist per day from ``first_day`` on, with what the office did about each entry."""
    entries = (
        WaitlistEntry.objects.filter(office=office, day__gte=first_day, day__lt=first_day + dt.timedelta(days=days))
        .select_related("topic", "offered_slot", "booking__slot")
        .prefetch_related(Prefetch("notes", queryset=WaitlistNote.objects.select_related("by")))
        .order_by("day", "created_at", "id")
    )
    return [(day, list(items)) for day, items in groupby(entries, key=lambda entry: entry.day)]


def waitlist_entry_of(*, office: Office, pk: int) -> WaitlistEntry | None:
    return WaitlistEntry.objects.select_related("topic", "offered_slot", "office").filter(office=office, pk=pk).first()


def waitlist_free_times(*, entry: WaitlistEntry, days: int = 7, only_fitting: bool = True) -> list[Slot]:
    """Free times of the entry's office that fit its topic and device: the wished day and the week after.

    A place already held for this person comes first: it is not free for anyone else, but theirs to book.
    """
    start, _end = day_bounds(entry.day)
    found = list(
        free_slots(
            office=entry.office,
            topic=entry.topic,
            device=entry.device,
            start=max(start, timezone.now()),
            end=start + dt.timedelta(days=days + 1),
            override=not only_fitting,
        )
    )
    held = entry.offered_slot if entry.status == WaitlistStatus.OFFERED else None
    if held is not None and held.starts_at > timezone.now():
        found = [held, *(slot for slot in found if slot.pk != held.pk)]
    return found
