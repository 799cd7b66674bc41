"""Operations pages: the outbox for coordinators and administrators, and the office call list."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts import audit
from accounts import permissions as account_permissions
from helpdesk.models import Office
from notifications import permissions, registry, selectors, services
from notifications.filters import OutboxFilter
from notifications.models import OutboxMessage

PAGE_SIZE = 50


def _is_htmx(request: HttpRequest) -> bool:
    return bool(getattr(request, "htmx", False))


def _back(request: HttpRequest, fallback: str) -> HttpResponse:
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return redirect(target)
    return redirect(fallback)


@login_required
@require_GET
def outbox(request: HttpRequest) -> HttpResponse:
    if not permissions.can_view_outbox(request.user):
        raise PermissionDenied
    visible = selectors.outbox_messages_for(request.user)
    filterset = OutboxFilter(request.GET or None, queryset=visible, offices=selectors.offices_managed_by(request.user))
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "filter": filterset,
        "page": page,
        "rows": [(message, registry.label_of(message.kind)) for message in page],
        "counts": selectors.status_counts(visible),
        "query": query.urlencode(),
    }
    template = "notifications/outbox.html#results" if _is_htmx(request) else "notifications/outbox.html"
    return render(request, template, context)


@login_required
@require_POST
def resend(request: HttpRequest, pk: int) -> HttpResponse:
    message = get_object_or_404(OutboxMessage.objects.select_related("office"), pk=pk)
    if not permissions.can_handle_message(request.user, message):
        raise PermissionDenied
    if services.message_resend(message=message):
        messages.success(request, _("The message will be sent again in a moment."))
    else:
        messages.warning(request, _("This message is still waiting to be sent; there is nothing to resend."))
    return _back(request, reverse("notifications:outbox"))


@login_required
@require_GET
def call_list_start(request: HttpRequest) -> HttpResponse:
    offices = list(selectors.offices_managed_by(request.user))
    if not offices:
        raise PermissionDenied
    if len(offices) == 1:
        return redirect("notifications:call-list", office=offices[0].slug)
    return render(request, "notifications/call_list_start.html", {"offices": offices})


def _day_from(request: HttpRequest) -> dt.date:
    try:
        return dt.date.fromisoformat(request.GET.get("day", ""))
    except ValueError:
        return timezone.localdate()


@login_required
@require_GET
def call_list(request: HttpRequest, office: str) -> HttpResponse:
    place = get_object_or_404(Office, slug=office)
    if not account_permissions.can_manage_office(request.user, place):
        raise PermissionDenied
    day = _day_from(request)
    audit.record(request, action=audit.Action.CALL_LIST_VIEWED, office=place, detail=day.isoformat())
    context = {
        "office": place,
        "day": day,
        "previous_day": day - dt.timedelta(days=1),
        "next_day": day + dt.timedelta(days=1),
        "is_today": day == timezone.localdate(),
        "open_calls": [(call, registry.label_of(call.kind)) for call in selectors.calls_open(office=place, day=day)],
        "made_calls": [(call, registry.label_of(call.kind)) for call in selectors.calls_made(office=place, day=day)],
    }
    return render(request, "notifications/call_list.html", context)


@login_required
@require_POST
def mark_called(request: HttpRequest, pk: int) -> HttpResponse:
    message = get_object_or_404(OutboxMessage.objects.select_related("office"), pk=pk)
    if not permissions.can_handle_message(request.user, message):
        raise PermissionDenied
    done = services.message_mark_called(message=message, user=request.user)  # type: ignore[arg-type]
    if _is_htmx(request):
        return render(
            request,
            "notifications/call_list.html#called-row",
            {"call": message, "label": registry.label_of(message.kind), "done": done},
        )
    if done:
        messages.success(request, _("Marked as called."))
    else:
        messages.warning(request, _("This call was already ticked or is no longer needed."))
    fallback = reverse("notifications:call-list", kwargs={"office": message.office.slug}) if message.office else "/"
    return _back(request, fallback)
