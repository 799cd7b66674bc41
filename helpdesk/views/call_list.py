"""The office's call list: people without e-mail or mobile phone whom staff ring with a message.

One row per person and day (``helpdesk.call_rows``): a confirmation and a reminder due for
the same person are one call, and ticking "angerufen" marks all of them, by whom and when.
"""

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
from core import params
from helpdesk import audit, call_rows, selectors
from helpdesk.models import Office
from helpdesk.scopes import office_id_of
from helpdesk.views.common import office_for_staff, office_or_choice
from notifications import outbox, permissions
from notifications.models import Channel, OutboxMessage
from notifications.views import back_to_next

# More messages than this for one person on one day would be a fault, not a call.
MAX_MERGED = 20


@login_required
@require_safe
def call_list_start(request: HttpRequest) -> HttpResponse:
    return office_or_choice(request, url_name="helpdesk:call-list", template="helpdesk/call_list_start.html")


@login_required
@require_safe
def call_list(request: HttpRequest, slug: str) -> HttpResponse:
    office = office_for_staff(request, slug)
    day = params.date(request.GET, "tag", default=timezone.localdate())
    audit.record(request, action=audit.Action.CALL_LIST_VIEWED, office=office, detail=day.isoformat())
    context = {
        "office": office,
        "day": day,
        "previous_day": day - dt.timedelta(days=1),
        "next_day": day + dt.timedelta(days=1),
        "is_today": day == timezone.localdate(),
        "open_rows": call_rows.rows(selectors.calls_open(office=office, day=day)),
        "made_rows": call_rows.rows(selectors.calls_made(office=office, day=day)),
    }
    return render(request, "helpdesk/call_list.html", context)


def _merged_ids(request: HttpRequest) -> list[int]:
    values = request.POST.getlist("mit")
    if len(values) > MAX_MERGED:
        raise params.ParameterError("mit", _("Too many calls at once."))
    return [params.object_id({"mit": value}, "mit") for value in values]


@login_required
@require_POST
def mark_called(request: HttpRequest, pk: int) -> HttpResponse:
    message = get_object_or_404(OutboxMessage, pk=pk)
    if not permissions.can_handle_message(request.user, message):
        raise PermissionDenied
    # Only calls to the same person at the same office are ticked along (a tampered id is left alone).
    candidates = OutboxMessage.objects.filter(pk__in=_merged_ids(request), scope=message.scope, channel=Channel.CALL)
    others = call_rows.same_person(message, candidates)
    user: User = request.user  # type: ignore[assignment]
    done = outbox.message_mark_called(message=message, user=user, others=others)
    if getattr(request, "htmx", False):
        merged = (
            OutboxMessage.objects.filter(pk__in=[pk, *others], scope=message.scope, channel=Channel.CALL)
            .select_related("sent_by")
            .order_by("due_at", "id")
        )
        row = next(row for row in call_rows.rows(merged) if pk in row.ids)
        return render(request, "helpdesk/call_list.html#call-row", {"row": row, "done": done})
    if done:
        messages.success(request, _("Marked as called."))
    else:
        messages.warning(request, _("This call was already ticked or is no longer needed."))
    office_id = office_id_of(message.scope)
    office = Office.objects.filter(pk=office_id).first() if office_id else None
    fallback = reverse("helpdesk:call-list", args=[office.slug]) if office else reverse("helpdesk:call-list-start")
    return back_to_next(request, fallback)
