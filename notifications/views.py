"""The outbox page for coordinators and administrators: what was sent, what failed, send again."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from core import redirects
from notifications import outbox as outbox_api
from notifications import permissions, registry, scopes, selectors
from notifications.filters import OutboxFilter
from notifications.models import OutboxMessage

PAGE_SIZE = 50


def _is_htmx(request: HttpRequest) -> bool:
    return bool(getattr(request, "htmx", False))


def back_to_next(request: HttpRequest, fallback: str) -> HttpResponse:
    """Back to the page the button was on (a path on this site only), else ``fallback``."""
    return redirects.redirect_next(request, fallback=fallback)


@login_required
@require_safe
def outbox(request: HttpRequest) -> HttpResponse:
    if not permissions.can_view_outbox(request.user):
        raise PermissionDenied
    visible = selectors.outbox_messages_for(request.user)
    filterset = OutboxFilter(request.GET or None, queryset=visible, scopes=selectors.scope_choices(request.user))
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    shown_scopes = {message.scope for message in page if message.scope}
    names = scopes.names_of(shown_scopes)
    # The page shows recipients' names and numbers: the apps owning the scopes record the look.
    scopes.record_look(request, shown_scopes)
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "filter": filterset,
        "page": page,
        "rows": [(message, registry.label_of(message.kind), names.get(message.scope, "")) for message in page],
        "counts": selectors.status_counts(visible),
        "query": query.urlencode(),
    }
    template = "notifications/outbox.html#results" if _is_htmx(request) else "notifications/outbox.html"
    return render(request, template, context)


@login_required
@require_POST
def resend(request: HttpRequest, pk: int) -> HttpResponse:
    message = get_object_or_404(OutboxMessage, pk=pk)
    if not permissions.can_handle_message(request.user, message):
        raise PermissionDenied
    if outbox_api.message_resend(message=message):
        messages.success(request, _("The message will be sent again in a moment."))
    else:
        messages.warning(request, _("This message is still waiting to be sent; there is nothing to resend."))
    return back_to_next(request, reverse("notifications:outbox"))
