from django.contrib import admin

from core.models import SitePage, WorkerHeartbeat


@admin.register(SitePage)
class SitePageAdmin(admin.ModelAdmin[SitePage]):
    list_display = ["slug", "title_de", "updated_at"]


@admin.register(WorkerHeartbeat)
class WorkerHeartbeatAdmin(admin.ModelAdmin[WorkerHeartbeat]):
    list_display = ["hostname", "seen_at"]
    readonly_fields = ["hostname", "seen_at"]
