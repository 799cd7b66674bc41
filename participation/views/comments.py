"""Comments and replies on an idea: write, edit, delete, and hide as a moderator."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from core import honeypot, params, ratelimit
from participation import permissions, selectors, services
from participation.forms import (
    CommentEditForm,
    CommentForm,
    HideForm,
)
from participation.models import Comment
from participation.views.common import (
    HtmxHttpRequest,
    apply_errors,
    comment_or_404,
    idea_or_404,
    project_or_404,
)
from participation.views.ideas import detail_context


@login_required
@require_POST
def comment_create(request: HtmxHttpRequest, slug: str, pk: int) -> HttpResponse:
    project = project_or_404(request, slug)
    idea = idea_or_404(request, project, pk)
    user: Any = request.user
    if not permissions.can_comment(user, idea):
        raise PermissionDenied
    form = CommentForm(request.POST)
    refusal = honeypot.guard(request, action="comment", form=form)
    if refusal is not None:
        return refusal
    comment: Comment | None = None
    parent: Comment | None = None
    if form.is_valid():
        too_many = ratelimit.hit(request, "comment")
        if too_many is not None:
            return too_many
        if form.cleaned_data["parent"]:
            parent = get_object_or_404(Comment, pk=form.cleaned_data["parent"], idea=idea)
            parent.idea = idea
        try:
            comment = services.comment_create(idea=idea, author=user, text=form.cleaned_data["text"], parent=parent)
        except ValidationError as error:
            apply_errors(form, error)
    elif (parent_id := params.object_id(request.POST, "parent", default=None)) is not None:
        parent = Comment.objects.filter(pk=parent_id, idea=idea).first()
    if comment is not None:
        page = selectors.thread_page(comment)
        if not request.htmx:
            return redirect(f"{idea.get_absolute_url()}?page={page}#comment-{comment.pk}")
        idea = idea_or_404(request, project, pk)  # with the new count
        context = detail_context(request, project, idea, page=page)
        response = render(request, "participation/idea_detail.html#comments", context)
        # The address shows the page of the new comment, without the reply form that was asked for.
        response["HX-Push-Url"] = f"{idea.get_absolute_url()}?page={page}"
        return response
    # The form goes back with what was typed and the error: a reply below its comment.
    if parent is not None:
        page = selectors.thread_page(parent)
        context = detail_context(request, project, idea, page=page, reply_to=parent.pk, reply_form=form)
    else:
        context = detail_context(request, project, idea, comment_form=form)
    if request.htmx:
        return render(request, "participation/idea_detail.html#comments", context)
    return render(request, "participation/idea_detail.html", context, status=400)


@login_required
@require_http_methods(["GET", "POST"])
def comment_edit(request: HtmxHttpRequest, slug: str, pk: int) -> HttpResponse:
    project = project_or_404(request, slug)
    comment = comment_or_404(request, project, pk)
    user: Any = request.user
    if not permissions.can_edit_comment(user, comment):
        raise PermissionDenied
    form = CommentEditForm(request.POST or None, instance=comment)
    if request.method == "POST" and form.is_valid():
        services.comment_edit(comment=comment, user=user, text=form.cleaned_data["text"])
        messages.success(request, _("Your comment was changed."))
        return redirect(_location(comment))
    return render(request, "participation/comment_edit.html", {"project": project, "comment": comment, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def comment_delete(request: HtmxHttpRequest, slug: str, pk: int) -> HttpResponse:
    project = project_or_404(request, slug)
    comment = comment_or_404(request, project, pk)
    user: Any = request.user
    if not permissions.can_delete_comment(user, comment):
        raise PermissionDenied
    if request.method == "POST":
        services.comment_delete(comment=comment, user=user)
        messages.success(request, _("Your comment was deleted."))
        return redirect(_location(comment, anchor="comments"))
    return render(request, "participation/comment_delete.html", {"project": project, "comment": comment})


@login_required
@require_http_methods(["GET", "POST"])
def comment_hide(request: HtmxHttpRequest, slug: str, pk: int) -> HttpResponse:
    project = project_or_404(request, slug)
    comment = comment_or_404(request, project, pk)
    user: Any = request.user
    if not permissions.can_moderate(user, project):
        raise PermissionDenied
    form = HideForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.comment_hide(comment=comment, moderator=user, reason=form.cleaned_data["reason"])
        messages.success(request, _("The comment is hidden."))
        return redirect(_location(comment))
    return render(
        request,
        "participation/hide_form.html",
        {"project": project, "form": form, "target": comment, "idea": comment.idea, "is_comment": True},
    )


def _location(comment: Comment, *, anchor: str = "") -> str:
    """The comment on its page of the idea's threads."""
    page = selectors.thread_page(comment)
    return f"{comment.idea.get_absolute_url()}?page={page}#{anchor or f'comment-{comment.pk}'}"
