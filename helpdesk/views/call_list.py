"""The office's call list: people without e-mail or mobile phone whom staff ring with a message."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from accounts.models import User
from helpdesk import audit, selectors
from helpdesk.models import Office
from helpdesk.scopes import office_id_of
from helpdesk.views.common import day_param, office_for_staff, office_or_choice
from notifications import outbox, permissions, registry
from notifications.models import OutboxMessage
from notifications.views import back_to_next


@login_required
@require_safe
def call_list_start(request: HttpRequest) -> HttpResponse:
    return office_or_choice(request, url_name="helpdesk:call-list", template="helpdesk/call_list_start.html")


@login_required
@require_safe
def call_list(request: HttpRequest, slug: str) -> HttpResponse:
    office = office_for_staff(request, slug)
    day = day_param(request)
    audit.record(request, action=audit.Action.CALL_LIST_VIEWED, office=office, detail=day.isoformat())
    context = {
        "office": office,
        "day": day,
        "previous_day": day - dt.timedelta(days=1),
        "next_day": day + dt.timedelta(days=1),
        "is_today": day == timezone.localdate(),
        "open_calls": [(call, registry.label_of(call.kind)) for call in selectors.calls_open(office=office, day=day)],
        "made_calls": [(call, registry.label_of(call.kind)) for call in selectors.calls_made(office=office, day=day)],
    }
    return render(request, "helpdesk/call_list.html", context)


@login_required
@require_POST
def mark_called(request: HttpRequest, pk: int) -> HttpResponse:
    message = get_object_or_404(OutboxMessage, pk=pk)
    if not permissions.can_handle_message(request.user, message):
        raise PermissionDenied
    user: User = request.user  # type: ignore[assignment]
    done = outbox.message_mark_called(message=message, user=user)
    if getattr(request, "htmx", False):
        return render(
            request,
            "helpdesk/call_list.html#called-row",
            {"call": message, "label": registry.label_of(message.kind), "done": done},
        )
    if done:
        messages.success(request, _("Marked as called."))
    else:
        messages.warning(request, _("This call was already ticked or is no longer needed."))
    office_id = office_id_of(message.scope)
    office = Office.objects.filter(pk=office_id).first() if office_id else None
    fallback = reverse("helpdesk:call-list", args=[office.slug]) if office else reverse("helpdesk:call-list-start")
    return back_to_next(request, fallback)
