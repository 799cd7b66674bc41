from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from notifications import outbox
from notifications.models import OutboxMessage


@admin.register(OutboxMessage)
class OutboxMessageAdmin(admin.ModelAdmin[OutboxMessage]):
    list_display = ["kind", "channel", "recipient_email", "recipient_phone", "status", "due_at", "sent_at", "attempts"]
    list_filter = ["status", "channel", "kind"]
    search_fields = ["key", "recipient_email", "recipient_phone", "recipient_name"]
    readonly_fields = [
        "status",
        "claimed_at",
        "claim_token",
        "next_attempt_at",
        "send_started_at",
        "sent_key",
        "sent_at",
        "sent_by",
        "attempts",
        "last_error",
        "rendered_text",
        "created_at",
    ]
    actions = ["resend"]

    @admin.action(description=_("Send the chosen messages again"))
    def resend(self, request: HttpRequest, queryset: QuerySet[OutboxMessage]) -> None:
        done = sum(1 for message in queryset if outbox.message_resend(message=message))
        self.message_user(
            request,
            ngettext("%(count)d message will be sent again.", "%(count)d messages will be sent again.", done)
            % {"count": done},
            messages.SUCCESS,
        )
