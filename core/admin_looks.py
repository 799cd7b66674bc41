"""An admin base for pages that show people's personal data: every opening is reported to a hook.

The app that owns the data decides what to record (the helpdesk writes its audit log); this module
only makes sure that no admin view of such a model is left out: the list, the change form, the
history and the delete confirmation.
"""

from collections.abc import Sequence
from typing import Any

from django.contrib import admin
from django.db.models import Model
from django.http import HttpRequest


class LooksRecordedAdmin[M: Model](admin.ModelAdmin[M]):
    def record_list(self, request: HttpRequest, shown: Sequence[M]) -> None:
        """The list page showed these rows."""
        raise NotImplementedError

    def record_one(self, request: HttpRequest, found: M | None, object_id: str) -> None:
        """A page about one row (change, history, delete) was opened; ``found`` is None for an unknown id."""
        raise NotImplementedError

    def _one(self, request: HttpRequest, object_id: str | None) -> None:
        if object_id:
            self.record_one(request, self.get_object(request, object_id), object_id)

    def changelist_view(self, request: HttpRequest, extra_context: dict[str, Any] | None = None) -> Any:
        response = super().changelist_view(request, extra_context)
        changelist = getattr(response, "context_data", {}).get("cl")
        if changelist is not None:
            self.record_list(request, list(changelist.result_list))
        return response

    def changeform_view(
        self,
        request: HttpRequest,
        object_id: str | None = None,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> Any:
        self._one(request, object_id)
        return super().changeform_view(request, object_id, form_url, extra_context)

    def history_view(self, request: HttpRequest, object_id: str, extra_context: dict[str, Any] | None = None) -> Any:
        self._one(request, object_id)
        return super().history_view(request, object_id, extra_context)

    def delete_view(self, request: HttpRequest, object_id: str, extra_context: dict[str, Any] | None = None) -> Any:
        self._one(request, object_id)
        return super().delete_view(request, object_id, extra_context)
