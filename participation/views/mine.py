"""What a person does with their own ideas: "My ideas", changing and withdrawing an idea, following ideas."""

from __future__ import annotations

import json
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from core import params, redirects
from participation import authoring, following, my_ideas, permissions
from participation.forms import IdeaEditForm, WithdrawForm
from participation.views.common import (
    HtmxHttpRequest,
    apply_errors,
    apply_idea_errors,
    idea_or_404,
    map_settings,
    project_or_404,
)


@login_required
@require_safe
def my_ideas_page(request: HtmxHttpRequest) -> HttpResponse:
    user: Any = request.user
    context = {"mine": my_ideas.own_ideas(user), "followed": my_ideas.followed_ideas(user)}
    return render(request, "participation/my_ideas.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def idea_edit(request: HtmxHttpRequest, slug: str, pk: int) -> HttpResponse:
    project = project_or_404(request, slug)
    idea = idea_or_404(request, project, pk)
    user: Any = request.user
    if not permissions.can_edit_idea(user, idea):
        raise PermissionDenied
    form = IdeaEditForm(request.POST or None, request.FILES or None, idea=idea)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        upload = data.get("image")
        try:
            change = authoring.idea_edit(
                idea=idea,
                user=user,
                title=data["title"],
                description=data["description"],
                category=data["category"],
                location_text=data["location_text"],
                location_lat=data["location_lat"],
                location_lon=data["location_lon"],
                image=upload or None,
                image_size=upload.size if upload else None,
                remove_image=bool(data.get("remove_image")),
            )
        except ValidationError as error:
            apply_idea_errors(form, error)
        else:
            messages.success(request, _("Your changes are saved.") if change else _("Nothing was changed."))
            return redirect("participation:my-ideas")
    context = {
        "project": project,
        "idea": idea,
        "form": form,
        "map": map_settings(),
        "area_json": json.dumps(project.area),
        "editing": True,
    }
    return render(request, "participation/idea_form.html", context, status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def idea_withdraw(request: HtmxHttpRequest, slug: str, pk: int) -> HttpResponse:
    project = project_or_404(request, slug)
    idea = idea_or_404(request, project, pk)
    user: Any = request.user
    if not permissions.can_withdraw_idea(user, idea):
        raise PermissionDenied
    form = WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            authoring.idea_withdraw(idea=idea, user=user, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Your idea is withdrawn. It is no longer shown in the lists and on the map."))
            return redirect("participation:my-ideas")
    context = {"project": project, "idea": idea, "form": form}
    return render(request, "participation/idea_withdraw.html", context, status=400 if form.errors else 200)


@login_required
@require_POST
def idea_follow(request: HtmxHttpRequest, slug: str, pk: int) -> HttpResponse:
    project = project_or_404(request, slug)
    idea = idea_or_404(request, project, pk)
    user: Any = request.user
    if params.choice(request.POST, "action", ["follow", "unfollow"], default="follow") == "unfollow":
        following.idea_unfollow(idea=idea, user=user)
        messages.success(request, _("You no longer follow this idea."))
    else:
        following.idea_follow(idea=idea, user=user)
        messages.success(request, _("You now follow this idea. We will tell you about its status and answers."))
    return redirects.redirect_next(request, fallback=idea.get_absolute_url())
