from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from accounts import audit
from accounts.models import AuditLogEntry, Membership, User


class MembershipInline(admin.TabularInline[Membership, User]):
    model = Membership
    extra = 0
    autocomplete_fields = ["project", "office"]


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    ordering = ["email"]
    list_display = ["email", "display_name", "is_superuser", "is_active", "date_joined"]
    list_filter = ["is_superuser", "is_active", "memberships__role"]
    search_fields = ["email", "display_name", "phone"]
    inlines = [MembershipInline]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Profile"), {"fields": ("display_name", "phone", "preferred_language")}),
        (_("Administrator"), {"fields": ("is_active", "is_staff", "is_superuser")}),
        (_("Dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "password1", "password2")}),)


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin[Membership]):
    list_display = ["user", "role", "project", "office"]
    list_filter = ["role"]
    search_fields = ["user__email", "user__display_name"]
    autocomplete_fields = ["user", "project", "office"]


@admin.register(AuditLogEntry)
class AuditLogEntryAdmin(admin.ModelAdmin[AuditLogEntry]):
    """Read only: nobody may write, change or delete the record of who looked at what."""

    list_display = ["at", "user_label", "action", "office", "booking", "detail"]
    list_filter = ["action", "office"]
    search_fields = ["user_label", "detail"]
    date_hierarchy = "at"
    list_select_related = ["office", "booking__slot"]

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return audit.can_read_log(request.user)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
