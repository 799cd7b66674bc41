from django.contrib import admin

from helpdesk.models import (
    Absence,
    Availability,
    Booking,
    Office,
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


@admin.register(Volunteer)
class VolunteerAdmin(admin.ModelAdmin[Volunteer]):
    list_display = ["user", "devices"]
    filter_horizontal = ["topics"]
    exclude = ["calendar_token"]


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
    list_display = ["name", "slot", "status", "channel", "created_at"]
    list_filter = ["status", "channel"]
    list_select_related = ["slot__office"]
    readonly_fields = ["slot", "status"]


@admin.register(WaitlistEntry)
class WaitlistEntryAdmin(admin.ModelAdmin[WaitlistEntry]):
    list_display = ["name", "office", "day", "status", "offer_expires_at"]
    list_filter = ["office", "status"]
