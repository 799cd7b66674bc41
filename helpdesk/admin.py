from collections.abc import Sequence
from typing import Any

from django.contrib import admin
from django.contrib.admin.widgets import AutocompleteSelect
from django.db.models import Model
from django.http import HttpRequest
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from core.admin_looks import LooksRecordedAdmin
from helpdesk import audit, permissions, services
from helpdesk.models import (
    Absence,
    AuditLogEntry,
    Availability,
    Booking,
    Closure,
    ExtraDate,
    Office,
    OfficeStaff,
    OpeningHours,
    Slot,
    Topic,
    Volunteer,
    WaitlistEntry,
    WaitlistNote,
    WorkshopSchedule,
)


class OpeningHoursInline(admin.TabularInline[OpeningHours, Office]):
    model = OpeningHours
    extra = 1


class ClosureInline(admin.TabularInline[Closure, Office]):
    model = Closure
    extra = 0
    exclude = ["created_by"]


class ExtraDateInline(admin.TabularInline[ExtraDate, Office]):
    model = ExtraDate
    extra = 0


@admin.register(Office)
class OfficeAdmin(admin.ModelAdmin[Office]):
    list_display = ["name", "phone", "contact_person"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ("name",)}
    inlines = [OpeningHoursInline, ClosureInline, ExtraDateInline]

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        # Hours, closures or extra dates may have changed: the slots follow at once, not at 3 a.m.
        services.slots_generate(office=form.instance)


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin[Topic]):
    list_display = ["name", "position"]
    prepopulated_fields = {"slug": ("name",)}


def berlin_time(value: Any) -> str:
    """A moment as the office sees it (Europe/Berlin), in the reader's date format."""
    return date_format(timezone.localtime(value), "SHORT_DATETIME_FORMAT") if value else "–"


@admin.register(Volunteer)
class VolunteerAdmin(admin.ModelAdmin[Volunteer]):
    list_display = ["user", "device_names"]
    filter_horizontal = ["topics"]
    exclude = ["calendar_token", "devices"]
    readonly_fields = ["device_names"]

    @admin.display(description=_("devices"))
    def device_names(self, obj: Volunteer) -> str:
        return ", ".join(obj.device_labels) or "–"


@admin.register(Availability)
class AvailabilityAdmin(admin.ModelAdmin[Availability]):
    list_display = ["volunteer", "office", "weekday", "start_time", "end_time"]
    list_filter = ["office", "weekday"]


@admin.register(Absence)
class AbsenceAdmin(admin.ModelAdmin[Absence]):
    list_display = ["volunteer", "starts_on", "ends_on"]


@admin.register(WorkshopSchedule)
class WorkshopScheduleAdmin(admin.ModelAdmin[WorkshopSchedule]):
    list_display = ["title", "office", "weekday", "start_time", "end_time", "capacity", "active"]
    list_filter = ["office", "kind"]


@admin.register(Slot)
class SlotAdmin(admin.ModelAdmin[Slot]):
    list_display = ["office", "kind", "begins", "ends", "capacity", "booked_count", "conflict"]
    list_filter = ["office", "kind", "conflict"]
    list_select_related = ["office"]
    # The counters are kept by the booking service; editing them here would break the guarantees.
    readonly_fields = ["booked_count", "held_count"]

    @admin.display(description=_("starts at"), ordering="starts_at")
    def begins(self, obj: Slot) -> str:
        return berlin_time(obj.starts_at)

    @admin.display(description=_("ends at"), ordering="ends_at")
    def ends(self, obj: Slot) -> str:
        return berlin_time(obj.ends_at)


class RecordsLooksAdmin[M: Model](LooksRecordedAdmin[M]):
    """Admin pages of seniors' data (names, phone numbers): each opening is written to the audit log."""

    def record_list(self, request: HttpRequest, shown: Sequence[M]) -> None:
        audit.record(request, action=audit.Action.ADMIN_VIEWED, detail=self.model._meta.label)

    def record_one(self, request: HttpRequest, found: M | None, object_id: str) -> None:
        booking = found if isinstance(found, Booking) else None
        office = found.office if isinstance(found, WaitlistEntry) else None
        detail = f"{self.model._meta.label} {object_id}"
        audit.record(request, action=audit.Action.ADMIN_VIEWED, booking=booking, office=office, detail=detail)


@admin.register(Booking)
class BookingAdmin(RecordsLooksAdmin[Booking]):
    list_display = ["name", "office", "appointment", "status", "channel", "booked_at"]
    list_filter = ["status", "channel", "slot__office"]
    list_select_related = ["slot__office"]
    readonly_fields = ["slot", "appointment", "status"]
    search_fields = ["name"]

    @admin.display(description=_("office"), ordering="slot__office__name")
    def office(self, obj: Booking) -> str:
        return obj.slot.office.name

    @admin.display(description=_("appointment"), ordering="slot__starts_at")
    def appointment(self, obj: Booking) -> str:
        return berlin_time(obj.slot.starts_at)

    @admin.display(description=_("booked at"), ordering="created_at")
    def booked_at(self, obj: Booking) -> str:
        return berlin_time(obj.created_at)


class WaitlistNoteInline(admin.TabularInline[WaitlistNote, WaitlistEntry]):
    model = WaitlistNote
    extra = 0
    fields = ["at", "kind", "text", "by"]
    readonly_fields = ["at", "by"]


@admin.register(WaitlistEntry)
class WaitlistEntryAdmin(RecordsLooksAdmin[WaitlistEntry]):
    list_display = ["name", "office", "day", "status", "offer_until"]
    list_filter = ["office", "status"]
    list_select_related = ["office"]
    inlines = [WaitlistNoteInline]

    @admin.display(description=_("offer valid until"), ordering="offer_expires_at")
    def offer_until(self, obj: WaitlistEntry) -> str:
        return berlin_time(obj.offer_expires_at)


class KnownIdAutocomplete(AutocompleteSelect):
    """Django's autocomplete widget looks up what was sent to show it again, and a value that is no
    id ("abc") made that a server error; such values are shown as nothing chosen (the form says why)."""

    def optgroups(self, name: str, value: Any, attr: Any = None) -> Any:
        ids = [v for v in value if str(v).isascii() and str(v).isdigit() and len(str(v)) <= 18]
        return super().optgroups(name, ids, attr)


@admin.register(OfficeStaff)
class OfficeStaffAdmin(admin.ModelAdmin[OfficeStaff]):
    list_display = ["user", "role", "office", "created_at"]
    list_filter = ["role", "office"]
    search_fields = ["user__email", "user__display_name"]
    autocomplete_fields = ["user", "office"]

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = KnownIdAutocomplete(db_field, self.admin_site, using=kwargs.get("using"))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(AuditLogEntry)
class AuditLogEntryAdmin(admin.ModelAdmin[AuditLogEntry]):
    """Read only: nobody may write, change or delete the record of who looked at what."""

    list_display = ["at", "user_label", "action", "office", "booking", "detail"]
    list_filter = ["action", "office"]
    search_fields = ["user_label", "detail"]
    date_hierarchy = "at"
    list_select_related = ["office", "booking__slot"]

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return permissions.can_read_audit_log(request.user)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
