"""Exports of a project's ideas and comments for the administration (CSV and XLSX)."""

from __future__ import annotations

import logging

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.utils import timezone
from django.views.decorators.http import require_safe

from core import params
from participation import exports, permissions
from participation.views.common import (
    HtmxHttpRequest,
    project_or_404,
)

logger = logging.getLogger(__name__)


@login_required
@require_safe
def export(request: HtmxHttpRequest, slug: str, what: str, fmt: str) -> HttpResponse:
    project = project_or_404(request, slug)
    if not permissions.can_export(request.user, project):
        raise PermissionDenied
    # Moderators' internal notes leave the site only when the exporter asks for them.
    with_notes = params.choice(request.GET, "notizen", ["0", "1"], default="0") == "1"
    if what == "ideen":
        table = exports.idea_rows(project, with_notes=with_notes)
    elif what == "kommentare":
        table = exports.comment_rows(project)
    else:
        raise Http404
    filename = f"{project.slug}-{what}-{timezone.localdate().isoformat()}"
    # Exports hold the names of paper submitters: the operations log says who took one.
    logger.info(
        "%s exported %s.%s of project %s%s",
        getattr(request.user, "email", "?"),
        what,
        fmt,
        project.slug,
        " with internal notes" if with_notes and what == "ideen" else "",
    )
    if fmt == "csv":
        return exports.csv_response(table, filename=f"{filename}.csv")
    if fmt == "xlsx":
        return exports.xlsx_response(table, filename=f"{filename}.xlsx", title=what)
    raise Http404
