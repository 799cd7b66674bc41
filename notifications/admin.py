from collections.abc import Sequence

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core.admin_looks import LooksRecordedAdmin
from notifications import outbox, scopes
from notifications.models import OutboxMessage


@admin.register(OutboxMessage)
class OutboxMessageAdmin(LooksRecordedAdmin[OutboxMessage]):
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

    # Recipients are often the helpdesk's seniors: the app owning a message's scope records each look.
    def record_list(self, request: HttpRequest, shown: Sequence[OutboxMessage]) -> None:
        scopes.record_look(request, (message.scope for message in shown))

    def record_one(self, request: HttpRequest, found: OutboxMessage | None, object_id: str) -> None:
        if found is not None:
            scopes.record_look(request, [found.scope])

    @admin.action(description=_("Send the chosen messages again"))
    def resend(self, request: HttpRequest, queryset: QuerySet[OutboxMessage]) -> None:
        done = sum(1 for message in queryset if outbox.message_resend(message=message))
        self.message_user(
            request,
            ngettext("%(count)d message will be sent again.", "%(count)d messages will be sent again.", done)
            % {"count": done},
            messages.SUCCESS,
        )
