from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from notifications import outbox, scopes
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

    # Recipients are often the helpdesk's seniors: the app owning a message's scope records each look.
    def changelist_view(self, request: HttpRequest, extra_context: dict[str, Any] | None = None) -> Any:
        response = super().changelist_view(request, extra_context)
        changelist = getattr(response, "context_data", {}).get("cl")
        if changelist is not None:
            scopes.record_look(request, (message.scope for message in changelist.result_list))
        return response

    def _record_one(self, request: HttpRequest, object_id: str | None) -> None:
        message = self.get_object(request, object_id) if object_id else None
        if message is not None:
            scopes.record_look(request, [message.scope])

    def changeform_view(
        self,
        request: HttpRequest,
        object_id: str | None = None,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> Any:
        self._record_one(request, object_id)
        return super().changeform_view(request, object_id, form_url, extra_context)

    def history_view(self, request: HttpRequest, object_id: str, extra_context: dict[str, Any] | None = None) -> Any:
        self._record_one(request, object_id)
        return super().history_view(request, object_id, extra_context)

    def delete_view(self, request: HttpRequest, object_id: str, extra_context: dict[str, Any] | None = None) -> Any:
        self._record_one(request, object_id)
        return super().delete_view(request, object_id, extra_context)

    @admin.action(description=_("Send the chosen messages again"))
    def resend(self, request: HttpRequest, queryset: QuerySet[OutboxMessage]) -> None:
        done = sum(1 for message in queryset if outbox.message_resend(message=message))
        self.message_user(
            request,
            ngettext("%(count)d message will be sent again.", "%(count)d messages will be sent again.", done)
            % {"count": done},
            messages.SUCCESS,
        )
