"""The audit log page: administrators read who looked at which senior's data."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from helpdesk import audit, permissions

ENTRIES_PER_PAGE = 50


@login_required
@require_safe
def audit_log(request: HttpRequest) -> HttpResponse:
    if not permissions.can_read_audit_log(request.user):
        raise PermissionDenied
    paginator = Paginator(audit.entries(), ENTRIES_PER_PAGE)
    page = paginator.get_page(request.GET.get("page"))
    return render(request, "helpdesk/audit_log.html", {"page": page, "entries": list(page.object_list)})
