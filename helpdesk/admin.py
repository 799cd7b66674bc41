from django.contrib import admin

from helpdesk.models import Booking, Office, Slot


@admin.register(Office)
class OfficeAdmin(admin.ModelAdmin[Office]):
    list_display = ["name", "phone"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ("name",)}


@admin.register(Slot)
class SlotAdmin(admin.ModelAdmin[Slot]):
    list_display = ["office", "starts_at", "ends_at", "capacity"]
    list_filter = ["office"]


@admin.register(Booking)
class BookingAdmin(admin.ModelAdmin[Booking]):
    list_display = ["name", "slot", "created_at"]
    list_select_related = ["slot__office"]
