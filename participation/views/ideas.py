"""Ideas: the list with filters, an idea's page, supporting, submitting online and entering ideas from paper."""

from __future__ import annotations

import json
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from django_htmx.http import HttpResponseClientRedirect

from core import honeypot, http_cache, params, ratelimit
from core.chrome import url as chrome_url
from core.paging import page_of
from participation import permissions, rendering, rules, selectors, services
from participation.filters import IdeaListQuery
from participation.follow_up import follow_up_context
from participation.forms import (
    CommentForm,
    IdeaForm,
    PaperIdeaForm,
)
from participation.models import Idea, Project
from participation.views.common import (
    HiddenIdea,
    HtmxHttpRequest,
    abilities,
    apply_errors,
    apply_idea_errors,
    idea_or_404,
    idea_page_or_404,
    map_settings,
    phase_refused,
    project_or_404,
    public_idea_list_stamp,
    public_idea_stamp,
)

IDEAS_PER_PAGE = 20


@require_safe
@http_cache.public_for_anonymous(stamp=public_idea_list_stamp)
def idea_list(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    user = request.user
    # A signed-in person's list asks for the phase ("may submit"); an anonymous visitor's only when
    # support counts hide while rating (and their project row comes from the validator anyway).
    project = project_or_404(request, slug, phases=bool(user.is_authenticated), categories=True)
    categories = selectors.categories_of(project)
    query = IdeaListQuery.parse(request.GET, category_ids={c.pk for c in categories})
    page = page_of(query.rows(user, project), number=request.GET.get("page"), size=IDEAS_PER_PAGE)
    flags = abilities(request, project)
    total = selectors.idea_list_total(
        user, project, lambda: query.apply(selectors.ideas_for(user, project)), narrowed=query.is_filtered
    )
    params = request.GET.copy()
    params.pop("page", None)
    action = reverse("participation:idea-list", args=[project.slug])
    context = {
        "project": project,
        "filters": rendering.filter_form(query, categories, action=action, moderator=flags["can_moderate"]),
        "page": page,
        "ideas": page.items,
        "cards": rendering.idea_cards(
            page.items, project=project, categories=categories, shows_supports=flags["shows_supports"]
        ),
        "total": total,
        "capped": total > selectors.COUNT_CAP,
        "cap": selectors.COUNT_CAP,
        "query": params.urlencode(),
        **flags,
    }
    template = "participation/idea_list.html"
    if request.htmx and not request.htmx.boosted:
        template += "#results"
    return render(request, template, context)


@require_safe
@http_cache.public_for_anonymous(stamp=public_idea_stamp)
def idea_detail(request: HtmxHttpRequest, slug: str, pk: int) -> HttpResponse:
    try:
        project, idea = idea_page_or_404(request, slug, pk)
    except HiddenIdea as hidden:
        project = hidden.idea.project
        return render(request, "participation/idea_hidden.html", {"project": project, "idea": hidden.idea}, status=410)
    return render(request, "participation/idea_detail.html", detail_context(request, project, idea))


def detail_context(
    request: HtmxHttpRequest,
    project: Project,
    idea: Idea,
    comment_form: CommentForm | None = None,
    *,
    page: Any = None,
    reply_to: Any = None,
    reply_form: CommentForm | None = None,
) -> dict[str, Any]:
    """The idea page: shared text and comment bodies, with this person's forms and actions around them."""
    user = request.user
    rights = permissions.CommentRights.of(user, idea)
    threads = selectors.comment_threads(idea, page=page or request.GET.get("page"))
    reply = reply_to if reply_to is not None else params.object_id(request.GET, "reply_to", default=None)
    replying = int(reply) if reply is not None else None
    return {
        "project": project,
        "idea": idea,
        "idea_text": rendering.idea_text(idea),
        "threads": threads,
        "entries": rendering.comment_threads(threads, idea=idea, rights=rights, reply_to=replying),
        "reply_to": replying,
        # The forms (with their honeypot) only where they are shown: a visitor who may not comment sees neither.
        "comment_form": comment_form or (CommentForm() if rights.may_comment else None),
        "reply_form": reply_form or (CommentForm() if rights.may_comment else None),
        "can_support": permissions.can_support(user, idea),
        **follow_up_context(user, idea),
        "can_comment": rights.may_comment,
        "can_report": permissions.can_report(user, author_id=idea.author_id),
        "comment_url": reverse("participation:comment-create", args=[project.slug, idea.pk]),
        "idea_url": idea.get_absolute_url(),
        # The project's list once per process (core.chrome.url), not a {% url %} per page.
        "list_url": chrome_url("participation:idea-list", project.slug),
        "map": map_settings(),
        **abilities(request, project),
    }


@login_required
@require_POST
def idea_support(request: HtmxHttpRequest, slug: str, pk: int) -> HttpResponse:
    project = project_or_404(request, slug)
    idea = idea_or_404(request, project, pk)
    user: Any = request.user
    if not permissions.can_support(user, idea):
        raise PermissionDenied
    services.support_toggle(idea=idea, user=user)
    if request.htmx:
        idea = idea_or_404(request, project, pk)
        return render(request, "participation/idea_detail.html#support", detail_context(request, project, idea))
    return redirect(f"{idea.get_absolute_url()}#support")


@require_http_methods(["GET", "POST"])
def idea_create(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    project = project_or_404(request, slug)
    user: Any = request.user
    # The phase rule first: signing in would not help outside the idea collection.
    phase_rule = rules.submit_refusal(user, project)
    if phase_rule is not None:
        return phase_refused(request, project, heading=_("Ideas cannot be submitted right now"), message=phase_rule)
    if not user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not permissions.can_submit_idea(user, project):
        raise PermissionDenied
    form = IdeaForm(request.POST or None, request.FILES or None, project=project)
    if request.method == "POST":
        refusal = honeypot.guard(request, action="idea", form=form)
        if refusal is not None:
            return refusal
    if request.method == "POST" and form.is_valid():
        too_many = ratelimit.hit(request, "idea")
        if too_many is not None:
            return too_many
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
            apply_idea_errors(form, error)
        else:
            if idea.status == Idea.Status.SUBMITTED:
                messages.success(request, _("Thank you! Your idea will appear once a moderator has checked it."))
            else:
                messages.success(request, _("Thank you! Your idea is published."))
            if request.htmx:
                return HttpResponseClientRedirect(idea.get_absolute_url())
            return redirect(idea)
    context = {"project": project, "form": form, "map": map_settings(), "area_json": json.dumps(project.area)}
    if request.htmx and request.method == "POST":
        return render(request, "participation/idea_form.html#form", context)
    return render(request, "participation/idea_form.html", context, status=400 if form.errors else 200)


@require_safe
def idea_similar(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    project = project_or_404(request, slug)
    title = params.text(request.GET, "title", default="", max_length=Idea._meta.get_field("title").max_length or 150)
    ideas = selectors.similar_ideas(request.user, project, title)
    return render(request, "participation/idea_form.html#similar", {"project": project, "similar": ideas})


@login_required
@require_http_methods(["GET", "POST"])
def paper_entry(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    project = project_or_404(request, slug)
    user: Any = request.user
    if not permissions.can_enter_paper_ideas(user, project):
        raise PermissionDenied
    # The previous card's source, date and category, kept for the next one.
    kept = {
        "source": params.choice(request.GET, "source", Idea.Source, default=None),
        "submitted_on": params.date(request.GET, "submitted_on", default=None),
        "category": params.object_id(request.GET, "category", default=None),
    }
    initial = {key: value for key, value in kept.items() if value is not None}
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
            apply_errors(form, error)
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
