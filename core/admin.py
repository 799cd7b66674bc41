from django.contrib import admin
from django.http import HttpRequest

from core.models import WorkerHeartbeat


@admin.register(WorkerHeartbeat)
class WorkerHeartbeatAdmin(admin.ModelAdmin[WorkerHeartbeat]):
    list_display = ["hostname", "seen_at"]
    readonly_fields = ["hostname", "seen_at"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # workers write their own heartbeat; an empty one cannot be saved
