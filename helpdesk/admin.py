from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from helpdesk import permissions
from helpdesk.models import (
    Absence,
    AuditLogEntry,
    Availability,
    Booking,
    Office,
    OfficeStaff,
    Slot,
    Topic,
    Volunteer,
    WaitlistEntry,
    WorkshopSchedule,
)


@admin.register(Office)
class OfficeAdmin(admin.ModelAdmin[Office]):
    list_display = ["name", "phone", "contact_person"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ("name",)}


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
    list_display = ["office", "kind", "starts_at", "ends_at", "capacity", "booked_count", "conflict"]
    list_filter = ["office", "kind", "conflict"]
    # The counters are kept by the booking service; editing them here would break the guarantees.
    readonly_fields = ["booked_count", "held_count"]


@admin.register(Booking)
class BookingAdmin(admin.ModelAdmin[Booking]):
    list_display = ["name", "office", "appointment", "status", "channel", "created_at"]
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


@admin.register(WaitlistEntry)
class WaitlistEntryAdmin(admin.ModelAdmin[WaitlistEntry]):
    list_display = ["name", "office", "day", "status", "offer_expires_at"]
    list_filter = ["office", "status"]


@admin.register(OfficeStaff)
class OfficeStaffAdmin(admin.ModelAdmin[OfficeStaff]):
    list_display = ["user", "role", "office", "created_at"]
    list_filter = ["role", "office"]
    search_fields = ["user__email", "user__display_name"]
    autocomplete_fields = ["user", "office"]


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
