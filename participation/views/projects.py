"""The project list, a project's page with its timeline, following a project, and the results."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from core import fragments, http_cache, params
from participation import permissions, rendering, selectors, services
from participation.forms import (
    FollowForm,
)
from participation.phases import with_phases
from participation.views.common import (
    HtmxHttpRequest,
    abilities,
    project_or_404,
    public_project_stamp,
)


@require_safe
@http_cache.public_for_anonymous(stamp=lambda request: selectors.public_projects_stamp())
def project_list(request: HtmxHttpRequest) -> HttpResponse:
    projects = selectors.public_projects().prefetch_related("phases")
    return render(request, "participation/project_list.html", {"projects": projects})


@require_safe
@http_cache.public_for_anonymous(stamp=public_project_stamp)
def project_detail(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    project = with_phases(project_or_404(request, slug, phases=True))
    phase = permissions.active_phase(project)
    today = timezone.localdate()
    phases = list(project.phases.all())
    url = rendering.idea_urls(project)
    context = {
        "project": project,
        "phase": phase,
        "timeline": fragments.render_one(
            "participation/project_detail.html#timeline",
            key=(
                "timeline",
                project.pk,
                today,
                [(p.pk, p.kind, p.starts_on, p.ends_on, p.description) for p in phases],
            ),
            context={"phases": phases, "phase": phase, "today": today},
        ),
        "is_following": selectors.is_following(request.user, project),
        "follow_form": FollowForm(initial={"notify": True}),
        # The newest three the person may see, by the idea list's own fixed read.
        "recent_ideas": [(url(idea.pk), idea.title) for idea in selectors.ListedIdeas(request.user, project)[0:3]],
        **abilities(request, project),
    }
    return render(request, "participation/project_detail.html", context)


@login_required
@require_POST
def project_follow(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    project = project_or_404(request, slug)
    user: Any = request.user
    if params.choice(request.POST, "action", ["follow", "unfollow"], default="follow") == "unfollow":
        services.project_unfollow(project=project, user=user)
        messages.success(request, _("You no longer follow this project."))
    else:
        form = FollowForm(request.POST)
        notify = bool(form.is_valid() and form.cleaned_data["notify"])
        services.project_follow(project=project, user=user, notify=notify)
        messages.success(request, _("You now follow this project."))
    return redirect(project)


@require_safe
@http_cache.public_for_anonymous(stamp=public_project_stamp)
def project_results(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    project = project_or_404(request, slug)
    shows_supports = permissions.shows_support_counts(request.user, project)

    def figures() -> dict[str, Any]:
        results = selectors.project_results(project)
        charts = [
            {"key": key, "heading": heading, "column": column, "bars": bars, "height": len(bars) * 40 + 8}
            for key, heading, column, bars in [
                ("category", _("Ideas by category"), _("Category"), results.by_category),
                ("source", _("Ideas by source"), _("Source"), results.by_source),
                ("time", _("New ideas per week"), _("Week (Monday to Sunday)"), results.over_time),
            ]
        ]
        return {"results": results, "charts": charts, "shows_supports": shows_supports, "project": project}

    context = {
        "project": project,
        # Everything but the exports is the same for everyone and changes with the project's stamp.
        "figures": fragments.render_one(
            "participation/results.html#figures",
            key=("results", project.pk, project.content_changed_at, shows_supports),
            context=figures,
        ),
        "can_export": permissions.can_export(request.user, project),
    }
    return render(request, "participation/results.html", context)
