from __future__ import annotations

import datetime as dt
import secrets
from typing import Any

from django.conf import settings
from django.db import models, transaction
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.dates import WEEKDAYS
from django.utils.translation import gettext_lazy as _

from core import phones


def new_token() -> str:
    return secrets.token_urlsafe(24)


def normalise_phone(phone: str) -> str:
    """The number in E.164, "" when it is none: one caller is one number however it was typed."""
    return phones.normalise(phone)


class Device(models.TextChoices):
    ANDROID = "android", _("Android smartphone or tablet")
    IPHONE = "iphone", _("iPhone or iPad")
    WINDOWS = "windows", _("Windows computer")
    MAC = "mac", _("Mac computer")
    OTHER = "other", _("Other device")


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("Monday")
    TUESDAY = 1, _("Tuesday")
    WEDNESDAY = 2, _("Wednesday")
    THURSDAY = 3, _("Thursday")
    FRIDAY = 4, _("Friday")
    SATURDAY = 5, _("Saturday")
    SUNDAY = 6, _("Sunday")


def device_labels(codes: list[str]) -> list[str]:
    """The devices' names in the reader's language, in the order of ``Device``."""
    labels = dict(Device.choices)
    return [str(labels[code]) for code in Device.values if code in set(codes)]


class Office(models.Model):
    """A district office (Stadtteilbüro) where volunteers help seniors."""

    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("short name in the address"), max_length=80, unique=True)
    address = models.TextField(_("address"), blank=True)
    room = models.CharField(
        _("floor and room"), max_length=200, blank=True, help_text=_("For example: ground floor, room 0.12.")
    )
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    accessibility_notes = models.TextField(
        _("accessibility"), blank=True, help_text=_("For example: step-free access, lift, accessible toilet.")
    )
    contact_person = models.CharField(_("contact person"), max_length=120, blank=True)
    loan_devices = models.JSONField(
        _("loan devices"), default=dict, blank=True, help_text=_('Number of loan devices by type, e.g. {"android": 2}.')
    )
    reminder_offsets_hours = models.JSONField(
        _("reminders (hours before)"), default=list, blank=True, help_text=_("For example [24] or [24, 2].")
    )
    # The change stamp of everything the public pages show about this office: its facts, its
    # calendar and its free places. Touched by the services that change them (``touch_plan``);
    # public pages take their ETag and Last-Modified from it.
    plan_changed_at = models.DateTimeField(_("plan last changed"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("office")
        verbose_name_plural = _("offices")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        # Name, address or notes edited (admin, demo): the public pages show something new.
        self.plan_changed_at = timezone.now()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "plan_changed_at"}
        super().save(*args, **kwargs)

    @property
    def reminder_offsets(self) -> list[int]:
        offsets = self.reminder_offsets_hours if isinstance(self.reminder_offsets_hours, list) else []
        return sorted({int(h) for h in offsets if int(h) > 0}, reverse=True) or [24]

    def weekly_hours(self) -> list[tuple[str, list[tuple[dt.time, dt.time]]]]:
        """(weekday name, ranges), Monday first, closed days left out; uses prefetched rows."""
        by_day: dict[int, list[tuple[dt.time, dt.time]]] = {}
        for row in self.opening_hours.all():
            by_day.setdefault(row.weekday, []).append((row.opens, row.closes))
        return [(str(WEEKDAYS[day]), sorted(by_day[day])) for day in sorted(by_day)]

    def loan_device_list(self) -> list[tuple[str, int]]:
        labels = dict(Device.choices)
        data = self.loan_devices if isinstance(self.loan_devices, dict) else {}
        return [(str(labels.get(key, key)), int(count)) for key, count in sorted(data.items()) if int(count) > 0]


def touch_plan(office_id: int) -> None:
    """Mark what the public pages show about an office as changed (one UPDATE, no read)."""
    Office.objects.filter(pk=office_id).update(plan_changed_at=timezone.now())


def touch_plan_on_commit(office_id: int) -> None:
    """``touch_plan`` once the booking's transaction has committed.

    Not inside it: the UPDATE would lock the office row until commit and so make every
    booking at that office wait for the one before. ``robust``: when the database goes away
    right after the commit (a restart), the booking is stored and is answered as such; the
    error is logged and the stamp moves with the office's next change.
    """
    transaction.on_commit(lambda: touch_plan(office_id), robust=True)


class OpeningHours(models.Model):
    """One range of a weekday when an office is open; several per day for a lunch break.

    Slots are only generated inside these ranges. An office without any rows is not
    restricted (until its coordinator enters the hours).
    """

    office = models.ForeignKey(Office, on_delete=models.CASCADE, related_name="opening_hours", verbose_name=_("office"))
    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=Weekday.choices)
    opens = models.TimeField(_("opens"))
    closes = models.TimeField(_("closes"))

    class Meta:
        verbose_name = _("opening hours")
        verbose_name_plural = _("opening hours")
        ordering = ["office", "weekday", "opens"]
        constraints = [
            models.CheckConstraint(name="opening_hours_close_after_open", condition=Q(closes__gt=F("opens"))),
            models.CheckConstraint(name="opening_hours_weekday_range", condition=Q(weekday__lte=6)),
        ]

    def __str__(self) -> str:
        return f"{self.office} {self.weekday} {self.opens:%H:%M}-{self.closes:%H:%M}"


class Closure(models.Model):
    """Days an office is closed besides the public holidays: a single day or a range."""

    office = models.ForeignKey(Office, on_delete=models.CASCADE, related_name="closures", verbose_name=_("office"))
    starts_on = models.DateField(_("first day"))
    ends_on = models.DateField(_("last day"))
    reason = models.CharField(_("reason"), max_length=120, help_text=_("For example: Christmas holidays."))
    # The same days as instants (start of the first day, start of the day after the last), kept by
    # save(): "is this slot in a closure?" is then a plain comparison with the slot's starts_at.
    begins_at = models.DateTimeField(_("begins at"), editable=False)
    ends_before = models.DateTimeField(_("ends before"), editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("entered by"),
    )
    created_at = models.DateTimeField(_("entered at"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("closure")
        verbose_name_plural = _("closures")
        ordering = ["office", "starts_on"]
        constraints = [
            models.CheckConstraint(name="closure_ends_after_start", condition=Q(ends_on__gte=F("starts_on"))),
        ]

    def __str__(self) -> str:
        return f"{self.office} {self.starts_on}–{self.ends_on}: {self.reason}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.begins_at = timezone.make_aware(dt.datetime.combine(self.starts_on, dt.time()))
        self.ends_before = timezone.make_aware(dt.datetime.combine(self.ends_on + dt.timedelta(days=1), dt.time()))
        super().save(*args, **kwargs)


class ExtraDate(models.Model):
    """A one-off date: the office opens at this time on this day and offers a workshop or open hour.

    The time also counts as opening hours of that day, so volunteers' weekly times that
    fall inside it give one-to-one appointments too.
    """

    office = models.ForeignKey(Office, on_delete=models.CASCADE, related_name="extra_dates", verbose_name=_("office"))
    day = models.DateField(_("day"))
    opens = models.TimeField(_("from"))
    closes = models.TimeField(_("until"))
    title = models.CharField(_("title"), max_length=160)
    kind = models.CharField(
        _("kind"),
        max_length=12,
        choices=[("workshop", _("group workshop")), ("open_hour", _("open consultation hour"))],
        default="open_hour",
    )
    capacity = models.PositiveSmallIntegerField(_("seats"), default=8)

    class Meta:
        verbose_name = _("extra date")
        verbose_name_plural = _("extra dates")
        ordering = ["office", "day", "opens"]
        constraints = [
            models.CheckConstraint(name="extra_date_close_after_open", condition=Q(closes__gt=F("opens"))),
            models.CheckConstraint(name="extra_date_capacity_min", condition=Q(capacity__gte=1)),
        ]

    def __str__(self) -> str:
        return f"{self.office} {self.day} {self.title}"


class StaffRole(models.TextChoices):
    COORDINATOR = "coordinator", _("Coordinator of an office")
    VOLUNTEER = "volunteer", _("Volunteer at an office")


class OfficeStaff(models.Model):
    """A person's role at one office: coordinator (runs the plan) or volunteer (helps seniors)."""

    office = models.ForeignKey(Office, on_delete=models.CASCADE, related_name="staff", verbose_name=_("office"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="office_roles", verbose_name=_("person")
    )
    role = models.CharField(_("role"), max_length=20, choices=StaffRole.choices)
    created_at = models.DateTimeField(_("since"), default=timezone.now)

    class Meta:
        verbose_name = _("office role")
        verbose_name_plural = _("office roles")
        ordering = ["office", "role", "user__email"]
        constraints = [models.UniqueConstraint(fields=["user", "role", "office"], name="office_staff_once")]

    def __str__(self) -> str:
        return f"{self.user}: {self.get_role_display()} ({self.office})"


class Topic(models.Model):
    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("short name"), max_length=80, unique=True)
    description = models.TextField(_("description"), blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        super().save(*args, **kwargs)
        # Every office's public pages list the topics (rare: topics are edited in the admin).
        Office.objects.update(plan_changed_at=timezone.now())


class Volunteer(models.Model):
    """What a volunteer helps with; the offices come from their OfficeStaff rows."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="volunteer_profile", verbose_name=_("person")
    )
    topics = models.ManyToManyField(Topic, blank=True, related_name="volunteers", verbose_name=_("topics"))
    # Stored as ",android,iphone," so that "knows this device" is a portable LIKE query.
    devices = models.CharField(_("devices"), max_length=120, blank=True)
    calendar_token = models.CharField(_("calendar link key"), max_length=64, unique=True, default=new_token)
    feed_free_slots = models.BooleanField(
        _("show free times in my calendar"),
        default=True,
        help_text=_("Times at which nobody has booked yet appear as “free” in your calendar."),
    )

    class Meta:
        verbose_name = _("volunteer")
        verbose_name_plural = _("volunteers")

    def __str__(self) -> str:
        return str(self.user)

    @property
    def device_list(self) -> list[str]:
        return [code for code in self.devices.split(",") if code]

    @property
    def device_labels(self) -> list[str]:
        return device_labels(self.device_list)

    @staticmethod
    def encode_devices(codes: list[str]) -> str:
        valid = [code for code in Device.values if code in set(codes)]
        return "," + ",".join(valid) + "," if valid else ""


class Availability(models.Model):
    """A weekly time a volunteer is at an office, cut into one-to-one slots."""

    volunteer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="availabilities", verbose_name=_("volunteer")
    )
    office = models.ForeignKey(
        Office, on_delete=models.CASCADE, related_name="availabilities", verbose_name=_("office")
    )
    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=Weekday.choices)
    start_time = models.TimeField(_("from"))
    end_time = models.TimeField(_("until"))
    slot_minutes = models.PositiveSmallIntegerField(_("minutes per appointment"), default=60)

    class Meta:
        verbose_name = _("availability")
        verbose_name_plural = _("availabilities")
        ordering = ["weekday", "start_time"]
        constraints = [
            models.CheckConstraint(name="availability_ends_after_start", condition=Q(end_time__gt=F("start_time"))),
            models.CheckConstraint(name="availability_weekday_range", condition=Q(weekday__lte=6)),
            models.CheckConstraint(name="availability_slot_minutes_min", condition=Q(slot_minutes__gte=15)),
        ]

    def __str__(self) -> str:
        return f"{self.volunteer} {self.weekday} {self.start_time:%H:%M}-{self.end_time:%H:%M}"


class Absence(models.Model):
    volunteer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="absences", verbose_name=_("volunteer")
    )
    starts_on = models.DateField(_("first day"))
    ends_on = models.DateField(_("last day"))
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("absence")
        verbose_name_plural = _("absences")
        ordering = ["starts_on"]
        constraints = [
            models.CheckConstraint(name="absence_ends_after_start", condition=Q(ends_on__gte=F("starts_on"))),
        ]

    def __str__(self) -> str:
        return f"{self.volunteer} {self.starts_on}–{self.ends_on}"


class SlotKind(models.TextChoices):
    ONE_TO_ONE = "one_to_one", _("one-to-one appointment")
    WORKSHOP = "workshop", _("group workshop")
    OPEN_HOUR = "open_hour", _("open consultation hour")


class WorkshopSchedule(models.Model):
    """A recurring group workshop or open consultation hour."""

    office = models.ForeignKey(Office, on_delete=models.CASCADE, related_name="workshops", verbose_name=_("office"))
    title = models.CharField(_("title"), max_length=160)
    kind = models.CharField(
        _("kind"),
        max_length=12,
        choices=[(SlotKind.WORKSHOP, SlotKind.WORKSHOP.label), (SlotKind.OPEN_HOUR, SlotKind.OPEN_HOUR.label)],
        default=SlotKind.WORKSHOP,
    )
    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=Weekday.choices)
    start_time = models.TimeField(_("from"))
    end_time = models.TimeField(_("until"))
    capacity = models.PositiveSmallIntegerField(_("seats"), default=8)
    topics = models.ManyToManyField(Topic, blank=True, related_name="workshops", verbose_name=_("topics"))
    volunteers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="workshop_schedules", verbose_name=_("volunteers")
    )
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("workshop schedule")
        verbose_name_plural = _("workshop schedules")
        ordering = ["weekday", "start_time"]
        constraints = [
            models.CheckConstraint(name="workshop_ends_after_start", condition=Q(end_time__gt=F("start_time"))),
            models.CheckConstraint(name="workshop_capacity_min", condition=Q(capacity__gte=1)),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.office})"


CONFLICT_MESSAGES = {
    "absent": _("The volunteer is absent on this day."),
    "schedule_changed": _("The schedule of this slot changed; please check it."),
    "substitute_search": _("The volunteer cannot come; other volunteers are being asked to take over."),
    "no_substitute": _("The volunteer cannot come and nobody has taken over: please move, cancel or assign someone."),
    "closed": _("The office is closed on this day."),
}
# A slot on a day the office closed stores "closed:<reason>", e.g. "closed:Christmas holidays".
CLOSED_PREFIX = "closed:"


def conflict_message(note: str) -> str:
    """A slot's conflict in the reader's language; ``conflict_note`` stores a code (or a typed note)."""
    if note.startswith(CLOSED_PREFIX):
        reason = note.removeprefix(CLOSED_PREFIX)
        if reason:
            return str(_("The office is closed on this day: %(reason)s.") % {"reason": reason})
        return str(CONFLICT_MESSAGES["closed"])
    return str(CONFLICT_MESSAGES.get(note, note))


class Slot(models.Model):
    """A time at an office when help can be booked.

    ``booked_count`` counts active bookings and ``held_count`` places offered to
    the waitlist; the database refuses more than ``capacity`` of both together.
    """

    office = models.ForeignKey(Office, on_delete=models.PROTECT, related_name="slots", verbose_name=_("office"))
    starts_at = models.DateTimeField(_("starts at"), db_index=True)
    ends_at = models.DateTimeField(_("ends at"))
    capacity = models.PositiveSmallIntegerField(_("capacity"), default=1)
    volunteers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="volunteer_slots", verbose_name=_("volunteers")
    )
    kind = models.CharField(_("kind"), max_length=12, choices=SlotKind.choices, default=SlotKind.ONE_TO_ONE)
    title = models.CharField(_("title"), max_length=160, blank=True)
    topics = models.ManyToManyField(Topic, blank=True, related_name="slots", verbose_name=_("topics"))
    booked_count = models.PositiveSmallIntegerField(_("booked places"), default=0)
    held_count = models.PositiveSmallIntegerField(_("places offered to the waitlist"), default=0)
    generated_key = models.CharField(
        _("generated from"), max_length=120, unique=True, null=True, blank=True, editable=False
    )
    availability = models.ForeignKey(
        Availability,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="slots",
        verbose_name=_("weekly time"),
    )
    workshop = models.ForeignKey(
        WorkshopSchedule,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="slots",
        verbose_name=_("workshop schedule"),
    )
    extra_date = models.ForeignKey(
        ExtraDate,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="slots",
        verbose_name=_("extra date"),
    )
    conflict = models.BooleanField(_("needs the coordinator"), default=False)
    conflict_note = models.CharField(_("conflict"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("slot")
        verbose_name_plural = _("slots")
        ordering = ["starts_at"]
        # An office's week (free times, plan, day list) is one range of this index. The few slots that
        # need the coordinator have their own small index: the plan counts them on every request, which
        # otherwise reads every coming slot of the office (thousands of rows for a count of one or two).
        indexes = [
            models.Index(fields=["office", "starts_at"], name="slot_office_starts_at"),
            models.Index(fields=["office", "starts_at"], name="slot_office_conflict", condition=Q(conflict=True)),
        ]
        constraints = [
            models.CheckConstraint(name="slot_ends_after_start", condition=Q(ends_at__gt=F("starts_at"))),
            models.CheckConstraint(name="slot_capacity_min", condition=Q(capacity__gte=1)),
            models.CheckConstraint(
                name="slot_not_overbooked", condition=Q(booked_count__lte=F("capacity") - F("held_count"))
            ),
        ]

    def __str__(self) -> str:
        # In the site's zone: the admin and every other place that prints a slot shows Berlin time.
        return f"{self.office} {timezone.localtime(self.starts_at):%d.%m.%Y %H:%M}"

    @property
    def conflict_message(self) -> str:
        return conflict_message(self.conflict_note)

    @property
    def free_places(self) -> int:
        return max(self.capacity - self.booked_count - self.held_count, 0)

    @property
    def is_bookable(self) -> bool:
        return self.kind != SlotKind.OPEN_HOUR

    @property
    def duration(self) -> dt.timedelta:
        return self.ends_at - self.starts_at


class Channel(models.TextChoices):
    ONLINE = "online", _("online")
    PHONE = "phone", _("by phone")
    WALK_IN = "walk_in", _("in person at the office")


class BookingStatus(models.TextChoices):
    ACTIVE = "active", _("booked")
    CANCELLED = "cancelled", _("cancelled")
    ATTENDED = "attended", _("attended")
    NO_SHOW = "no_show", _("did not come")


class Booking(models.Model):
    """A place in a slot for one person, with or without an account."""

    slot = models.ForeignKey(Slot, on_delete=models.PROTECT, related_name="bookings", verbose_name=_("slot"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="bookings",
        verbose_name=_("account"),
    )
    name = models.CharField(_("name"), max_length=120)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    phone_normalised = models.CharField(
        _("phone (digits only)"), max_length=40, blank=True, db_index=True, editable=False
    )
    email = models.EmailField(_("e-mail address"), blank=True)
    topic = models.ForeignKey(
        Topic, on_delete=models.SET_NULL, null=True, blank=True, related_name="bookings", verbose_name=_("topic")
    )
    device = models.CharField(_("device"), max_length=12, choices=Device.choices, blank=True)
    channel = models.CharField(_("booked"), max_length=10, choices=Channel.choices, default=Channel.ONLINE)
    note = models.TextField(_("note"), blank=True)
    needs_loan_device = models.BooleanField(_("needs a loan tablet"), default=False)
    consent_at = models.DateTimeField(_("consent given"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=BookingStatus.choices, default=BookingStatus.ACTIVE)
    cancel_reason = models.CharField(_("reason for cancelling"), max_length=300, blank=True)
    outcome_note = models.CharField(_("note after the appointment"), max_length=300, blank=True)
    token = models.CharField(_("link key"), max_length=64, unique=True, default=new_token, editable=False)
    booked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="bookings_made_for_others",
        verbose_name=_("booked by"),
    )
    created_at = models.DateTimeField(_("booked at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    class Meta:
        verbose_name = _("booking")
        verbose_name_plural = _("bookings")
        ordering = ["slot__starts_at", "id"]
        # "Does this person hold another booking then?" looks a person up by number or by address.
        indexes = [
            models.Index(fields=["status", "phone_normalised"], name="booking_status_phone"),
            models.Index(fields=["status", "email"], name="booking_status_email"),
        ]

    def __str__(self) -> str:
        # Without the name: bookings are named in logs, admin titles and choice lists, where a
        # senior's name would be shown without the look being recorded.
        return f"#{self.pk} – {self.slot}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        # Whoever writes a booking (form, API, admin, import), a valid number is kept in E.164 and the
        # address in small letters, so that one person is found by a plain (indexed) comparison.
        self.phone_normalised = normalise_phone(self.phone)
        self.phone = self.phone_normalised or self.phone
        self.email = (self.email or "").strip().lower()
        super().save(*args, **kwargs)

    @property
    def is_active(self) -> bool:
        return self.status == BookingStatus.ACTIVE

    @property
    def first_name(self) -> str:
        return (self.name or "").split(" ")[0]


class CallerLock(models.Model):
    """One row per way of reaching a guest, locked while that person is being booked.

    Guests have no account row to lock; these rows ("+4963152417", "mail:name@example.org")
    let two bookings for the same phone number or e-mail address serialise just like
    two bookings for the same account.
    """

    contact = models.CharField(max_length=260, unique=True)

    def __str__(self) -> str:
        return self.contact


class WaitlistStatus(models.TextChoices):
    WAITING = "waiting", _("waiting")
    OFFERED = "offered", _("place offered")
    BOOKED = "booked", _("booked")
    EXPIRED = "expired", _("offer expired")
    CANCELLED = "cancelled", _("left the waitlist")
    REMOVED = "removed", _("removed by the office")


ACTIVE_WAITLIST = ("waiting", "offered")


class WaitlistEntry(models.Model):
    office = models.ForeignKey(Office, on_delete=models.CASCADE, related_name="waitlist", verbose_name=_("office"))
    topic = models.ForeignKey(
        Topic, on_delete=models.SET_NULL, null=True, blank=True, related_name="waitlist", verbose_name=_("topic")
    )
    device = models.CharField(_("device"), max_length=12, choices=Device.choices, blank=True)
    day = models.DateField(_("day"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="waitlist_entries",
        verbose_name=_("account"),
    )
    name = models.CharField(_("name"), max_length=120)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail address"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=WaitlistStatus.choices, default=WaitlistStatus.WAITING
    )
    offered_slot = models.ForeignKey(
        Slot,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="waitlist_offers",
        verbose_name=_("offered appointment"),
    )
    offer_expires_at = models.DateTimeField(_("offer valid until"), null=True, blank=True)
    booking = models.ForeignKey(
        Booking, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("booking")
    )
    token = models.CharField(_("link key"), max_length=64, unique=True, default=new_token, editable=False)
    consent_at = models.DateTimeField(_("consent given"), null=True, blank=True)
    created_at = models.DateTimeField(_("joined at"), auto_now_add=True)
    called_at = models.DateTimeField(_("last called"), null=True, blank=True)
    removed_reason = models.CharField(_("reason for removing"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("waitlist entry")
        verbose_name_plural = _("waitlist entries")
        ordering = ["created_at", "id"]
        constraints = [
            # One active entry per person, office and day, also when two joins arrive at once.
            models.UniqueConstraint(
                fields=["office", "day", "phone"],
                condition=models.Q(status__in=ACTIVE_WAITLIST) & ~models.Q(phone=""),
                name="waitlist_one_active_per_phone",
            ),
            models.UniqueConstraint(
                Lower("email"),
                "office",
                "day",
                condition=models.Q(status__in=ACTIVE_WAITLIST) & ~models.Q(email=""),
                name="waitlist_one_active_per_email",
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} – {self.office} {self.day}"  # without the name, as a booking


class WaitlistNote(models.Model):
    """What the office did about a waitlist entry: a call (with what was said) or a note."""

    class Kind(models.TextChoices):
        CALL = "call", _("called")
        NOTE = "note", _("note")
        REMOVED = "removed", _("removed")
        OFFER = "offer", _("place offered")

    entry = models.ForeignKey(
        WaitlistEntry, on_delete=models.CASCADE, related_name="notes", verbose_name=_("waitlist entry")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    text = models.CharField(_("note"), max_length=500, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        verbose_name = _("waitlist note")
        verbose_name_plural = _("waitlist notes")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.text[:40]}"


class AuditLogEntry(models.Model):
    """One look by staff at a senior's personal data: who, when, what, which booking or office.

    Written by ``helpdesk.audit.record``; only administrators can read the log. The
    name of the person is kept as text too, so an entry stays readable after the
    account is deleted.
    """

    class Action(models.TextChoices):
        BOOKING_VIEWED = "booking_viewed", _("Opened a booking with phone number and note")
        PLAN_VIEWED = "plan_viewed", _("Opened the plan of an office with names and phone numbers")
        DAY_LIST_VIEWED = "day_list_viewed", _("Opened the day list of an office")
        CALLER_SEARCHED = "caller_searched", _("Searched for a caller")
        CALL_LIST_VIEWED = "call_list_viewed", _("Opened the call list of an office")
        EXPORTED = "exported", _("Exported personal data")
        CONFLICTS_VIEWED = "conflicts_viewed", _("Opened the conflicts of an office with names and phone numbers")
        OPEN_HOUR_VIEWED = "open_hour_viewed", _("Opened the visitors of an open consultation hour")
        SUBSTITUTE_VIEWED = "substitute_viewed", _("Opened a request to take over an appointment")
        WAITLIST_VIEWED = "waitlist_viewed", _("Opened the waitlist of an office with names and phone numbers")
        MESSAGES_VIEWED = "messages_viewed", _("Opened the messages of an office with names and phone numbers")
        ADMIN_VIEWED = "admin_viewed", _("Opened bookings, the waitlist or messages in the administration")

    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="audit_entries",
    )
    user_label = models.CharField(_("who (as text)"), max_length=254)
    action = models.CharField(_("what"), max_length=30, choices=Action.choices)
    office = models.ForeignKey(
        Office, verbose_name=_("office"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    booking = models.ForeignKey(
        Booking, verbose_name=_("booking"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    detail = models.CharField(_("details"), max_length=300, blank=True)
    path = models.CharField(_("page"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("audit log entry")
        verbose_name_plural = _("audit log")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["office", "-at"], name="helpdesk_audit_office_at")]

    def __str__(self) -> str:
        return f"{timezone.localtime(self.at):%d.%m.%Y %H:%M} {self.user_label}: {self.get_action_display()}"


class WalkInVisit(models.Model):
    """People who dropped in at an open consultation hour: counted, not booked.

    One row per visit or group of visitors with the same wish; a first name is
    optional and the only personal detail kept.
    """

    slot = models.ForeignKey(
        Slot, on_delete=models.CASCADE, related_name="walk_ins", verbose_name=_("open consultation hour")
    )
    count = models.PositiveSmallIntegerField(_("number of people"), default=1)
    topic = models.ForeignKey(
        Topic, on_delete=models.SET_NULL, null=True, blank=True, related_name="walk_ins", verbose_name=_("topic")
    )
    device = models.CharField(_("device"), max_length=12, choices=Device.choices, blank=True)
    first_name = models.CharField(_("first name"), max_length=60, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    created_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    class Meta:
        verbose_name = _("walk-in visit")
        verbose_name_plural = _("walk-in visits")
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(name="walk_in_count_range", condition=Q(count__gte=1) & Q(count__lte=50)),
        ]

    def __str__(self) -> str:
        return f"{self.count} × {self.slot}"


class SubstituteStatus(models.TextChoices):
    OPEN = "open", _("other volunteers are being asked")
    TAKEN = "taken", _("taken over")
    EXPIRED = "expired", _("nobody took over: the coordinator decides")
    RESOLVED = "resolved", _("decided by the coordinator")
    CLOSED = "closed", _("no longer needed")


class SubstituteRequest(models.Model):
    """A volunteer cannot come to a booked appointment: the office's other volunteers are asked to take over.

    The first to accept becomes the slot's volunteer; the booking stays as it is.
    Until ``deadline`` the request is open; after that the coordinator decides.
    """

    booking = models.ForeignKey(
        Booking, on_delete=models.CASCADE, related_name="substitute_requests", verbose_name=_("booking")
    )
    # The slot when the request was made: a booking moved meanwhile is not taken over at its new time.
    slot = models.ForeignKey(Slot, on_delete=models.CASCADE, related_name="substitute_requests", verbose_name=_("slot"))
    absent_volunteer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("volunteer who cannot come"),
    )
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=SubstituteStatus.choices, default=SubstituteStatus.OPEN
    )
    deadline = models.DateTimeField(_("answers until"))
    taken_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("taken over by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    created_at = models.DateTimeField(_("asked at"), default=timezone.now)

    class Meta:
        verbose_name = _("substitute request")
        verbose_name_plural = _("substitute requests")
        ordering = ["deadline", "id"]
        constraints = [
            # One open search per booking: asking twice would send everybody two messages.
            models.UniqueConstraint(
                fields=["booking"], condition=Q(status="open"), name="substitute_one_open_request_per_booking"
            ),
        ]
        indexes = [models.Index(fields=["status", "deadline"], name="substitute_status_deadline")]

    def __str__(self) -> str:
        return f"{self.slot}: {self.get_status_display()}"

    @property
    def is_open(self) -> bool:
        return self.status == SubstituteStatus.OPEN


class SubstituteInvite(models.Model):
    """One volunteer asked to take over; the token is their one-click link."""

    request = models.ForeignKey(
        SubstituteRequest, on_delete=models.CASCADE, related_name="invites", verbose_name=_("substitute request")
    )
    volunteer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="substitute_invites",
        verbose_name=_("volunteer"),
    )
    token = models.CharField(_("link key"), max_length=64, unique=True, default=new_token, editable=False)
    created_at = models.DateTimeField(_("asked at"), default=timezone.now)

    class Meta:
        verbose_name = _("volunteer asked to take over")
        verbose_name_plural = _("volunteers asked to take over")
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["request", "volunteer"], name="substitute_invite_once")]

    def __str__(self) -> str:
        return f"{self.volunteer} – {self.request}"
