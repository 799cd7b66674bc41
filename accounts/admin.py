from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _
from rest_framework.authtoken.models import TokenProxy

from accounts.models import User


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    # Roles for projects and offices are managed where they live (the wings' admins)
    # and on the administrators' roles page.
    ordering = ["email"]
    list_display = ["email", "display_name", "is_superuser", "is_active", "date_joined"]
    list_filter = ["is_superuser", "is_active"]
    search_fields = ["email", "display_name", "phone"]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Profile"), {"fields": ("display_name", "phone", "preferred_language")}),
        (_("Administrator"), {"fields": ("is_active", "is_staff", "is_superuser")}),
        (_("Dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "password1", "password2")}),)


# An app's token signs in as its person: administrators must not read them in the admin.
# Revoke a token by signing the app out (DELETE /api/auth/token/) or by deactivating the account.
admin.site.unregister(TokenProxy)
