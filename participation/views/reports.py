"""Reporting an idea or a comment to the moderators."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from core import honeypot, ratelimit
from participation import permissions, services
from participation.forms import (
    ReportForm,
)
from participation.models import Comment, Idea, Project
from participation.views.common import (
    HtmxHttpRequest,
    comment_or_404,
    idea_or_404,
    project_or_404,
)


@login_required
@require_http_methods(["GET", "POST"])
def idea_report(request: HtmxHttpRequest, slug: str, pk: int) -> HttpResponse:
    project = project_or_404(request, slug)
    idea = idea_or_404(request, project, pk)
    return _report(request, project, idea=idea, comment=None)


@login_required
@require_http_methods(["GET", "POST"])
def comment_report(request: HtmxHttpRequest, slug: str, pk: int) -> HttpResponse:
    project = project_or_404(request, slug)
    comment = comment_or_404(request, project, pk)
    if not comment.is_visible:
        raise Http404
    return _report(request, project, idea=None, comment=comment)


def _report(request: HtmxHttpRequest, project: Project, *, idea: Idea | None, comment: Comment | None) -> HttpResponse:
    user: Any = request.user
    target: Idea | Comment = idea if idea is not None else comment  # type: ignore[assignment]
    if not permissions.can_report(user, author_id=target.author_id):
        raise PermissionDenied
    back = idea.get_absolute_url() if idea is not None else comment.idea.get_absolute_url()  # type: ignore[union-attr]
    form = ReportForm(request.POST or None)
    if request.method == "POST":
        refusal = honeypot.guard(request, action="report")
        if refusal is not None:
            return refusal
    if request.method == "POST" and form.is_valid():
        too_many = ratelimit.hit(request, "report")
        if too_many is not None:
            return too_many
        services.report_create(reporter=user, reason=form.cleaned_data["reason"], idea=idea, comment=comment)
        messages.success(request, _("Thank you. A moderator will look at it."))
        return redirect(back)
    return render(
        request,
        "participation/report_form.html",
        {"project": project, "form": form, "idea": idea, "comment": comment, "back": back},
    )
