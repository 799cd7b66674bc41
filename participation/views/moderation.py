"""The moderators' queue, moderating an idea, and deciding on reports."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from core import params, redirects
from participation import duplicates, permissions, review, selectors, services
from participation.forms import (
    DuplicateForm,
    HideForm,
    ModerateIdeaForm,
)
from participation.models import Idea, Report
from participation.views.common import (
    HtmxHttpRequest,
    apply_errors,
    map_settings,
    project_or_404,
)

MODERATE_ACTIONS = ["save", "approve", "reject", "unhide", "hide", "duplicate", "not-duplicate"]


@login_required
@require_safe
def moderation_queue(request: HtmxHttpRequest) -> HttpResponse:
    user: Any = request.user
    if not permissions.can_use_moderation_queue(user):
        raise PermissionDenied
    projects = selectors.moderated_projects(user)
    ideas = list(selectors.ideas_awaiting_approval(projects))
    queue = reverse("participation:moderation")
    # After a decision the queue opens at the next idea, so the keyboard carries on where it was.
    after = [f"{queue}#idea-{later.pk}" for later in ideas[1:]] + [f"{queue}#ideas-heading"] * bool(ideas)
    context = {
        "projects": list(projects.order_by("title")),
        "cards": list(zip(ideas, after, review.other_idea_counts(ideas), strict=True)),
        "ideas": ideas,
        "reports": list(selectors.open_reports(projects)),
        "edited": review.recently_edited(projects),
        "hide_form": HideForm(),
        "map": map_settings(),
    }
    return render(request, "participation/moderation_queue.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def idea_moderate(request: HtmxHttpRequest, slug: str, pk: int) -> HttpResponse:
    project = project_or_404(request, slug)
    user: Any = request.user
    if not permissions.can_moderate(user, project):
        raise PermissionDenied
    idea = get_object_or_404(
        Idea.objects.select_related("author", "category", "duplicate_of__project"), pk=pk, project=project
    )
    idea.project = project
    action = params.choice(request.POST, "action", MODERATE_ACTIONS, default="save")
    if request.method == "POST" and action in {"duplicate", "not-duplicate"}:
        return _duplicate(request, idea, action)
    if request.method == "POST" and action in {"approve", "reject", "unhide", "hide"}:
        if action == "approve":
            services.idea_approve(idea=idea, moderator=user)
            messages.success(request, _("The idea is published."))
        elif action == "reject":
            services.idea_reject(
                idea=idea, moderator=user, feedback=params.text(request.POST, "feedback", default="", max_length=5000)
            )
            messages.success(request, _("The idea is rejected."))
        elif action == "unhide":
            services.idea_unhide(idea=idea, moderator=user)
            messages.success(request, _("The idea is visible again."))
        else:
            hide_form = HideForm(request.POST)
            if not hide_form.is_valid():
                messages.error(request, _("Please give a reason for hiding."))
                return redirect("participation:idea-moderate", slug=slug, pk=pk)
            services.idea_hide(idea=idea, moderator=user, reason=hide_form.cleaned_data["reason"])
            messages.success(request, _("The idea is hidden."))
        return redirects.redirect_next(request, fallback="participation:moderation")
    form = _moderate_form(idea, request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.idea_moderate(
            idea=idea,
            moderator=user,
            status=data["status"],
            feedback=data["feedback"],
            notes=data["moderator_notes"],
            category=data["category"],
        )
        messages.success(request, _("The changes are saved."))
        return redirect("participation:idea-moderate", slug=slug, pk=pk)
    return render(request, "participation/idea_moderate.html", _moderate_context(idea, form=form))


def _moderate_form(idea: Idea, data: Any = None) -> ModerateIdeaForm:
    initial = {
        "status": idea.status,
        "category": idea.category,
        "feedback": idea.feedback,
        "moderator_notes": idea.moderator_notes,
    }
    return ModerateIdeaForm(data, project=idea.project, initial=initial, current_status=idea.status)


def _moderate_context(idea: Idea, **extra: Any) -> dict[str, Any]:
    """Everything a moderator looks at before deciding: picture, place, the author's other ideas, look-alikes."""
    return {
        "project": idea.project,
        "idea": idea,
        "hide_form": HideForm(),
        "duplicate_form": DuplicateForm(idea=idea),
        "similar": review.similar_ideas(idea),
        "others": review.other_ideas_of_the_author(idea),
        "history": [(edit, review.changes_of(edit)) for edit in review.edit_history(idea)],
        "duplicates": duplicates.duplicates_of(idea),
        "supporters": duplicates.combined_supporters(idea),
        "map": map_settings(),
        **extra,
    }


def _duplicate(request: HtmxHttpRequest, idea: Idea, action: str) -> HttpResponse:
    user: Any = request.user
    if action == "not-duplicate":
        duplicates.idea_unmark_duplicate(idea=idea, moderator=user)
        messages.success(request, _("The idea is no longer marked as a duplicate."))
        return redirect("participation:idea-moderate", slug=idea.project.slug, pk=idea.pk)
    form = DuplicateForm(request.POST, idea=idea)
    if form.is_valid():
        try:
            duplicates.idea_mark_duplicate(idea=idea, original=form.cleaned_data["original"], moderator=user)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The idea is marked as a duplicate; its author is told."))
            return redirect("participation:idea-moderate", slug=idea.project.slug, pk=idea.pk)
    context = _moderate_context(idea, form=_moderate_form(idea), duplicate_form=form)
    return render(request, "participation/idea_moderate.html", context, status=400)


@login_required
@require_POST
def report_decide(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    user: Any = request.user
    report = get_object_or_404(
        Report.objects.select_related("idea__project", "comment__idea__project"), pk=pk, status=Report.Status.OPEN
    )
    project = report.idea.project if report.idea is not None else report.comment.idea.project  # type: ignore[union-attr]
    if not permissions.can_moderate(user, project):
        raise PermissionDenied
    uphold = params.choice(request.POST, "decision", ["uphold", "dismiss"]) == "uphold"
    reason = params.text(request.POST, "reason", default="", max_length=300)
    services.report_decide(report=report, moderator=user, uphold=uphold, reason=reason)
    messages.success(request, _("The content is hidden.") if uphold else _("The report is dismissed."))
    return redirect("participation:moderation")
