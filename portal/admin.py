from django.contrib import admin

from portal.models import SitePage


@admin.register(SitePage)
class SitePageAdmin(admin.ModelAdmin[SitePage]):
    list_display = ["slug", "title_de", "updated_at"]
