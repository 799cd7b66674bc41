from django.contrib import admin

from notifications.models import OutboxMessage


@admin.register(OutboxMessage)
class OutboxMessageAdmin(admin.ModelAdmin[OutboxMessage]):
    list_display = ["kind", "channel", "recipient_email", "recipient_phone", "status", "due_at", "sent_at", "attempts"]
    list_filter = ["status", "channel", "kind"]
    search_fields = ["key", "recipient_email", "recipient_phone", "recipient_name"]
