"""The project list, a project's page with its timeline, following a project, and the results."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from participation import permissions, selectors, services
from participation.forms import (
    FollowForm,
)
from participation.views.common import (
    HtmxHttpRequest,
    abilities,
    project_or_404,
)


@require_GET
def project_list(request: HtmxHttpRequest) -> HttpResponse:
    projects = selectors.public_projects().prefetch_related("phases")
    return render(request, "participation/project_list.html", {"projects": projects})


@require_GET
def project_detail(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    project = project_or_404(request, slug)
    phase = permissions.active_phase(project)
    today = timezone.localdate()
    context = {
        "project": project,
        "phase": phase,
        "phases": list(project.phases.all()),
        "today": today,
        "is_following": selectors.is_following(request.user, project),
        "follow_form": FollowForm(initial={"notify": True}),
        "recent_ideas": list(selectors.ideas_for(request.user, project).order_by("-created_at")[:3]),
        **abilities(request, project),
    }
    return render(request, "participation/project_detail.html", context)


@login_required
@require_POST
def project_follow(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    project = project_or_404(request, slug)
    user: Any = request.user
    if request.POST.get("action") == "unfollow":
        services.project_unfollow(project=project, user=user)
        messages.success(request, _("You no longer follow this project."))
    else:
        form = FollowForm(request.POST)
        notify = bool(form.is_valid() and form.cleaned_data["notify"])
        services.project_follow(project=project, user=user, notify=notify)
        messages.success(request, _("You now follow this project."))
    return redirect(project)


@require_GET
def project_results(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    project = project_or_404(request, slug)
    results = selectors.project_results(project)
    charts = [
        {"key": key, "heading": heading, "column": column, "bars": bars, "height": len(bars) * 40 + 8}
        for key, heading, column, bars in [
            ("category", _("Ideas by category"), _("Category"), results.by_category),
            ("source", _("Ideas by source"), _("Source"), results.by_source),
            ("time", _("New ideas per week"), _("Week (Monday to Sunday)"), results.over_time),
        ]
    ]
    context = {
        "project": project,
        "results": results,
        "charts": charts,
        "shows_supports": permissions.shows_support_counts(request.user, project),
        "can_export": permissions.can_export(request.user, project),
    }
    return render(request, "participation/results.html", context)
