from __future__ import annotations

import json
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.gzip import gzip_page
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRedirect
from django_htmx.middleware import HtmxDetails

from accounts import audit
from core import honeypot, page_cache, ratelimit
from participation import exports, permissions, selectors, services
from participation.filters import IdeaFilter
from participation.forms import (
    CommentEditForm,
    CommentForm,
    FollowForm,
    HideForm,
    IdeaForm,
    ModerateIdeaForm,
    PaperIdeaForm,
    ReportForm,
)
from participation.models import Comment, Idea, Project, Report

IDEAS_PER_PAGE = 20


class HtmxHttpRequest(HttpRequest):
    htmx: HtmxDetails


def _map_settings() -> dict[str, str]:
    from django.conf import settings

    return {
        "tile_url": getattr(settings, "MAP_TILE_URL", "https://tile.openstreetmap.org/{z}/{x}/{y}.png"),
        "tile_attribution": getattr(
            settings, "MAP_TILE_ATTRIBUTION", "© OpenStreetMap contributors (openstreetmap.org/copyright)"
        ),
    }


def _project(request: HtmxHttpRequest, slug: str) -> Project:
    project = selectors.project_for(request.user, slug)
    if project is None:
        raise Http404
    return project


class _HiddenIdea(Http404):
    """Raised for a hidden idea; the detail page shows its place, other views answer 404."""

    def __init__(self, idea: Idea) -> None:
        super().__init__()
        self.idea = idea


def _idea(request: HtmxHttpRequest, project: Project, pk: int) -> Idea:
    idea = selectors.idea_for(request.user, project, pk)
    if idea is None:
        # Hidden ideas show their place with the reason, like hidden comments.
        hidden = (
            Idea.objects.filter(project=project, pk=pk)
            .filter(Q(is_hidden=True) | Q(hidden_by_reports=True))
            .exclude(status=Idea.Status.SUBMITTED)
            .first()
        )
        if hidden is not None:
            raise _HiddenIdea(hidden)
        raise Http404
    idea.project = project
    return idea


def _comment(request: HtmxHttpRequest, project: Project, pk: int) -> Comment:
    comment = get_object_or_404(Comment.objects.select_related("idea", "author"), pk=pk, idea__project=project)
    if not permissions.can_view_idea(request.user, comment.idea):
        raise Http404
    comment.idea.project = project
    return comment


def _apply_errors(form: Form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def _abilities(request: HtmxHttpRequest, project: Project) -> dict[str, bool]:
    user = request.user
    return {
        "can_submit": permissions.can_submit_idea(user, project),
        "can_moderate": permissions.can_moderate(user, project),
        "can_follow": permissions.can_follow(user, project),
        "shows_supports": permissions.shows_support_counts(user, project),
    }


@require_GET
@page_cache.cached(page_cache.PARTICIPATION)
def project_list(request: HtmxHttpRequest) -> HttpResponse:
    projects = selectors.public_projects().prefetch_related("phases")
    return render(request, "participation/project_list.html", {"projects": projects})


@require_GET
@page_cache.cached(page_cache.PARTICIPATION)
def project_detail(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    project = _project(request, slug)
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
        **_abilities(request, project),
    }
    return render(request, "participation/project_detail.html", context)


@login_required
@require_POST
def project_follow(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    project = _project(request, slug)
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
@page_cache.cached(page_cache.PARTICIPATION)
def idea_list(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    project = _project(request, slug)
    ideas = selectors.ideas_for(request.user, project)
    idea_filter = IdeaFilter(request.GET or None, queryset=ideas, project=project)
    queryset = idea_filter.qs if idea_filter.is_bound else selectors.idea_sort(ideas, "newest")
    paginator = Paginator(queryset, IDEAS_PER_PAGE)
    page = paginator.get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    context = {
        "project": project,
        "filter": idea_filter,
        "page": page,
        "ideas": list(page.object_list),
        "query": params.urlencode(),
        **_abilities(request, project),
    }
    template = "participation/idea_list.html"
    if request.htmx and not request.htmx.boosted:
        template += "#results"
    return render(request, template, context)


@require_GET
@page_cache.cached(page_cache.PARTICIPATION)
def idea_detail(request: HtmxHttpRequest, slug: str, pk: int) -> HttpResponse:
    project = _project(request, slug)
    try:
        idea = _idea(request, project, pk)
    except _HiddenIdea as hidden:
        return render(request, "participation/idea_hidden.html", {"project": project, "idea": hidden.idea}, status=410)
    return render(request, "participation/idea_detail.html", _detail_context(request, project, idea))


def _detail_context(
    request: HtmxHttpRequest, project: Project, idea: Idea, comment_form: CommentForm | None = None
) -> dict[str, Any]:
    user = request.user
    threads = selectors.comment_threads(idea)
    for thread in threads:
        for comment in [thread.comment, *thread.replies]:
            comment.can_edit = permissions.can_edit_comment(user, comment)  # type: ignore[attr-defined]
            comment.can_delete = permissions.can_delete_comment(user, comment)  # type: ignore[attr-defined]
            comment.can_report = comment.is_visible and permissions.can_report(  # type: ignore[attr-defined]
                user, author_id=comment.author_id
            )
            comment.can_reply = permissions.can_reply(user, comment)  # type: ignore[attr-defined]
    return {
        "project": project,
        "idea": idea,
        "threads": threads,
        "comment_form": comment_form or CommentForm(),
        "can_support": permissions.can_support(user, idea),
        "can_comment": permissions.can_comment(user, idea),
        "can_report": permissions.can_report(user, author_id=idea.author_id),
        "map": _map_settings(),
        **_abilities(request, project),
    }


@login_required
@require_POST
def idea_support(request: HtmxHttpRequest, slug: str, pk: int) -> HttpResponse:
    project = _project(request, slug)
    idea = _idea(request, project, pk)
    user: Any = request.user
    if not permissions.can_support(user, idea):
        raise PermissionDenied
    services.support_toggle(idea=idea, user=user)
    if request.htmx:
        idea = _idea(request, project, pk)
        return render(request, "participation/idea_detail.html#support", _detail_context(request, project, idea))
    return redirect(f"{idea.get_absolute_url()}#support")


@login_required
@require_POST
def comment_create(request: HtmxHttpRequest, slug: str, pk: int) -> HttpResponse:
    project = _project(request, slug)
    idea = _idea(request, project, pk)
    user: Any = request.user
    if not permissions.can_comment(user, idea):
        raise PermissionDenied
    form = CommentForm(request.POST)
    refusal = honeypot.guard(request, action="comment", form=form)
    if refusal is not None:
        return refusal
    comment: Comment | None = None
    if form.is_valid():
        parent = None
        if form.cleaned_data["parent"]:
            parent = get_object_or_404(Comment, pk=form.cleaned_data["parent"], idea=idea)
            parent.idea = idea
        try:
            comment = services.comment_create(idea=idea, author=user, text=form.cleaned_data["text"], parent=parent)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            ratelimit.record(request, "comment")
    if comment is not None and not request.htmx:
        return redirect(f"{idea.get_absolute_url()}#comment-{comment.pk}")
    context = _detail_context(request, project, idea, comment_form=None if comment else form)
    if request.htmx:
        return render(request, "participation/idea_detail.html#comments", context)
    return render(request, "participation/idea_detail.html", context, status=400)


@login_required
@require_http_methods(["GET", "POST"])
def comment_edit(request: HtmxHttpRequest, slug: str, pk: int) -> HttpResponse:
    project = _project(request, slug)
    comment = _comment(request, project, pk)
    user: Any = request.user
    if not permissions.can_edit_comment(user, comment):
        raise PermissionDenied
    form = CommentEditForm(request.POST or None, instance=comment)
    if request.method == "POST" and form.is_valid():
        services.comment_edit(comment=comment, user=user, text=form.cleaned_data["text"])
        messages.success(request, _("Your comment was changed."))
        return redirect(f"{comment.idea.get_absolute_url()}#comment-{comment.pk}")
    return render(request, "participation/comment_edit.html", {"project": project, "comment": comment, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def comment_delete(request: HtmxHttpRequest, slug: str, pk: int) -> HttpResponse:
    project = _project(request, slug)
    comment = _comment(request, project, pk)
    user: Any = request.user
    if not permissions.can_delete_comment(user, comment):
        raise PermissionDenied
    if request.method == "POST":
        services.comment_delete(comment=comment, user=user)
        messages.success(request, _("Your comment was deleted."))
        return redirect(f"{comment.idea.get_absolute_url()}#comments")
    return render(request, "participation/comment_delete.html", {"project": project, "comment": comment})


@login_required
@require_http_methods(["GET", "POST"])
def comment_hide(request: HtmxHttpRequest, slug: str, pk: int) -> HttpResponse:
    project = _project(request, slug)
    comment = _comment(request, project, pk)
    user: Any = request.user
    if not permissions.can_moderate(user, project):
        raise PermissionDenied
    form = HideForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.comment_hide(comment=comment, moderator=user, reason=form.cleaned_data["reason"])
        messages.success(request, _("The comment is hidden."))
        return redirect(f"{comment.idea.get_absolute_url()}#comment-{comment.pk}")
    return render(
        request,
        "participation/hide_form.html",
        {"project": project, "form": form, "target": comment, "idea": comment.idea, "is_comment": True},
    )


@login_required
@require_http_methods(["GET", "POST"])
def idea_report(request: HtmxHttpRequest, slug: str, pk: int) -> HttpResponse:
    project = _project(request, slug)
    idea = _idea(request, project, pk)
    return _report(request, project, idea=idea, comment=None)


@login_required
@require_http_methods(["GET", "POST"])
def comment_report(request: HtmxHttpRequest, slug: str, pk: int) -> HttpResponse:
    project = _project(request, slug)
    comment = _comment(request, project, pk)
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
        services.report_create(reporter=user, reason=form.cleaned_data["reason"], idea=idea, comment=comment)
        ratelimit.record(request, "report")
        messages.success(request, _("Thank you. A moderator will look at it."))
        return redirect(back)
    return render(
        request,
        "participation/report_form.html",
        {"project": project, "form": form, "idea": idea, "comment": comment, "back": back},
    )


@login_required
@require_http_methods(["GET", "POST"])
def idea_create(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    project = _project(request, slug)
    user: Any = request.user
    if not permissions.can_submit_idea(user, project):
        raise PermissionDenied
    form = IdeaForm(request.POST or None, request.FILES or None, project=project)
    if request.method == "POST":
        refusal = honeypot.guard(request, action="idea", form=form)
        if refusal is not None:
            return refusal
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        upload = data.get("image")
        try:
            idea = services.idea_submit(
                project=project,
                author=user,
                title=data["title"],
                description=data["description"],
                category=data["category"],
                location_lat=data["location_lat"],
                location_lon=data["location_lon"],
                location_text=data["location_text"],
                image=upload or None,
                image_size=upload.size if upload else None,
            )
        except ValidationError as error:
            if getattr(error, "code", None) in {"too_large", "format", "too_many_pixels", "invalid"}:
                form.add_error("image", error)
            else:
                _apply_errors(form, error)
        else:
            ratelimit.record(request, "idea")
            if idea.status == Idea.Status.SUBMITTED:
                messages.success(request, _("Thank you! Your idea will appear once a moderator has checked it."))
            else:
                messages.success(request, _("Thank you! Your idea is published."))
            if request.htmx:
                return HttpResponseClientRedirect(idea.get_absolute_url())
            return redirect(idea)
    context = {"project": project, "form": form, "map": _map_settings(), "area_json": json.dumps(project.area)}
    if request.htmx and request.method == "POST":
        return render(request, "participation/idea_form.html#form", context)
    return render(request, "participation/idea_form.html", context, status=400 if form.errors else 200)


@require_GET
def idea_similar(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    project = _project(request, slug)
    title = request.GET.get("title", "")[:150]
    ideas = selectors.similar_ideas(request.user, project, title)
    return render(request, "participation/idea_form.html#similar", {"project": project, "similar": ideas})


@login_required
@require_http_methods(["GET", "POST"])
def paper_entry(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    project = _project(request, slug)
    user: Any = request.user
    if not permissions.can_enter_paper_ideas(user, project):
        raise PermissionDenied
    initial = {key: request.GET[key] for key in ("source", "submitted_on", "category") if key in request.GET}
    form = PaperIdeaForm(request.POST or None, project=project, initial=initial)
    # The next card usually has the same source and date: start typing at the name.
    form.fields["submitter_name" if "source" in initial else "source"].widget.attrs["autofocus"] = True
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            idea = services.idea_enter_from_paper(
                project=project,
                entered_by=user,
                source=data["source"],
                submitted_on=data["submitted_on"],
                submitter_name=data["submitter_name"],
                title=data["title"],
                description=data["description"],
                category=data["category"],
                location_text=data["location_text"],
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("Saved: “%(title)s”. You can type in the next card.") % {"title": idea.title})
            keep = {"source": data["source"], "submitted_on": data["submitted_on"].isoformat()}
            if data["category"]:
                keep["category"] = str(data["category"].pk)
            return HttpResponseRedirect(f"{reverse('participation:paper-entry', args=[slug])}?{urlencode(keep)}")
    recent = list(
        Idea.objects.filter(project=project, entered_by=user).exclude(source=Idea.Source.ONLINE).order_by("-id")[:5]
    )
    return render(request, "participation/paper_entry.html", {"project": project, "form": form, "recent": recent})


@require_GET
@page_cache.cached(page_cache.PARTICIPATION)
def idea_map(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    project = _project(request, slug)
    ideas = list(selectors.ideas_for(request.user, project).filter(location_lat__isnull=False).order_by("-created_at"))
    context = {"project": project, "ideas": ideas, "map": _map_settings(), "area_json": json.dumps(project.area)}
    return render(request, "participation/idea_map.html", context)


@require_GET
@page_cache.cached(page_cache.PARTICIPATION)
@gzip_page  # 10,000 ideas are 2.9 MB of JSON, 0.2 MB compressed; it holds nothing secret (BREACH)
def idea_geojson(request: HtmxHttpRequest, slug: str) -> JsonResponse:
    project = _project(request, slug)
    response = JsonResponse(selectors.geojson_for(request.user, project))
    response["Content-Type"] = "application/geo+json"
    return response


@require_GET
@page_cache.cached(page_cache.PARTICIPATION)
def project_results(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    project = _project(request, slug)
    results = selectors.project_results(project)
    charts = [
        {"key": key, "heading": heading, "column": column, "bars": bars, "height": len(bars) * 40 + 8}
        for key, heading, column, bars in [
            ("category", _("Ideas by category"), _("Category"), results.by_category),
            ("source", _("Ideas by source"), _("Source"), results.by_source),
            ("time", _("New ideas per calendar week"), _("Calendar week"), results.over_time),
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


@login_required
@require_GET
def export(request: HtmxHttpRequest, slug: str, what: str, fmt: str) -> HttpResponse:
    project = _project(request, slug)
    if not permissions.can_export(request.user, project):
        raise PermissionDenied
    if what == "ideen":
        header, rows = exports.idea_rows(project)
    elif what == "kommentare":
        header, rows = exports.comment_rows(project)
    else:
        raise Http404
    filename = f"{project.slug}-{what}-{timezone.localdate().isoformat()}"
    audit.record(request, action=audit.Action.EXPORTED, detail=f"{project.title}: {what}.{fmt}")
    if fmt == "csv":
        return exports.csv_response(header, rows, filename=f"{filename}.csv")
    if fmt == "xlsx":
        return exports.xlsx_response(header, rows, filename=f"{filename}.xlsx", title=what)
    raise Http404


@login_required
@require_GET
def moderation_queue(request: HtmxHttpRequest) -> HttpResponse:
    user: Any = request.user
    if not permissions.can_use_moderation_queue(user):
        raise PermissionDenied
    projects = selectors.moderated_projects(user)
    context = {
        "projects": list(projects.order_by("title")),
        "ideas": list(selectors.ideas_awaiting_approval(projects)),
        "reports": list(selectors.open_reports(projects)),
        "hide_form": HideForm(),
    }
    return render(request, "participation/moderation_queue.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def idea_moderate(request: HtmxHttpRequest, slug: str, pk: int) -> HttpResponse:
    project = _project(request, slug)
    user: Any = request.user
    if not permissions.can_moderate(user, project):
        raise PermissionDenied
    idea = get_object_or_404(Idea.objects.select_related("author", "category"), pk=pk, project=project)
    idea.project = project
    action = request.POST.get("action", "save")
    if request.method == "POST" and action in {"approve", "reject", "unhide", "hide"}:
        if action == "approve":
            services.idea_approve(idea=idea, moderator=user)
            messages.success(request, _("The idea is published."))
        elif action == "reject":
            services.idea_reject(idea=idea, moderator=user, feedback=request.POST.get("feedback", ""))
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
        target = request.POST.get("next", "")
        if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
            target = reverse("participation:moderation")
        return redirect(target)
    form = ModerateIdeaForm(
        request.POST or None,
        project=project,
        initial={
            "status": idea.status,
            "category": idea.category,
            "feedback": idea.feedback,
            "moderator_notes": idea.moderator_notes,
        },
    )
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
    return render(
        request,
        "participation/idea_moderate.html",
        {"project": project, "idea": idea, "form": form, "hide_form": HideForm()},
    )


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
    uphold = request.POST.get("decision") == "uphold"
    services.report_decide(report=report, moderator=user, uphold=uphold, reason=request.POST.get("reason", ""))
    messages.success(request, _("The content is hidden.") if uphold else _("The report is dismissed."))
    return redirect("participation:moderation")
