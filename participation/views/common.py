"""What the participation pages share: finding the project, idea or comment a person may see, and their abilities."""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django_htmx.middleware import HtmxDetails

from participation import permissions, selectors
from participation.models import Comment, Idea, Project


class HtmxHttpRequest(HttpRequest):
    htmx: HtmxDetails


def map_settings() -> dict[str, str]:
    from django.conf import settings

    return {
        "tile_url": getattr(settings, "MAP_TILE_URL", "https://tile.openstreetmap.org/{z}/{x}/{y}.png"),
        "tile_attribution": getattr(
            settings, "MAP_TILE_ATTRIBUTION", "© OpenStreetMap contributors (openstreetmap.org/copyright)"
        ),
    }


# Rows read by a page's validator (``core.http_cache``) are handed to the view once, so an
# anonymous page that is rendered after all does not read them a second time.
_HANDED_OVER = "_participation_rows"


def _hand_over(request: HttpRequest, key: tuple[Any, ...], row: Any) -> Any:
    request.__dict__.setdefault(_HANDED_OVER, {})[key] = row
    return row


def _take(request: HttpRequest, key: tuple[Any, ...]) -> Any:
    return request.__dict__.get(_HANDED_OVER, {}).pop(key, _MISSING)


_MISSING = object()


def _project_row(request: HttpRequest, slug: str, *, phases: bool = False, categories: bool = False) -> Project | None:
    return selectors.project_for(request.user, slug, phases=phases, categories=categories)


def project_or_404(request: HtmxHttpRequest, slug: str, *, phases: bool = False, categories: bool = False) -> Project:
    """The project this person may see. Its phases are read when a page asks for them
    (``permissions.active_phase``, the timeline), or with the project (one statement instead of
    two) when the page says it will ask (``phases``, likewise ``categories``); a validator's row
    comes with what its page asks for (``public_idea_list_stamp``) or without either."""
    project = _take(request, ("project", slug))
    if project is _MISSING:
        project = _project_row(request, slug, phases=phases, categories=categories)
    if project is None:
        raise Http404
    return cast(Project, project)


def public_project_stamp(request: HttpRequest, slug: str, **kwargs: Any) -> dt.datetime | None:
    """The validator of a public project's pages: its change stamp (see ``participation.stamps``)."""
    return _stamp_of(_hand_over(request, ("project", slug), _project_row(request, slug)))


def public_idea_list_stamp(request: HttpRequest, slug: str, **kwargs: Any) -> dt.datetime | None:
    """The idea list's validator: the project's stamp, read with the categories that the list shows."""
    return _stamp_of(_hand_over(request, ("project", slug), _project_row(request, slug, categories=True)))


def _stamp_of(project: Project | None) -> dt.datetime | None:
    if project is None or project.visibility != Project.Visibility.PUBLIC:
        return None
    return project.content_changed_at


def public_idea_stamp(request: HttpRequest, slug: str, pk: int) -> dt.datetime | None:
    """The validator of a public idea's page: the idea's stamp, which its comments and supports move.

    The project, its phases and the idea are read in one statement and handed to the page.
    """
    project, idea = selectors.idea_page(request.user, slug, pk)
    _hand_over(request, ("project", slug), project)
    if project is None or project.visibility != Project.Visibility.PUBLIC:
        return None
    _hand_over(request, ("idea", pk), idea)
    if idea is None or not idea.is_public:
        return None
    return idea.updated_at


class HiddenIdea(Http404):
    """Raised for a hidden or withdrawn idea; the detail page shows its place, other views answer 404."""

    def __init__(self, idea: Idea) -> None:
        super().__init__()
        self.idea = idea


def idea_or_404(request: HtmxHttpRequest, project: Project, pk: int) -> Idea:
    idea = _take(request, ("idea", pk))
    if idea is _MISSING:
        idea = selectors.idea_for(request.user, project, pk)
    return _shown(project, pk, idea)


def idea_page_or_404(request: HtmxHttpRequest, slug: str, pk: int) -> tuple[Project, Idea]:
    """An idea page's project and idea: handed over by the validator, else read together (``selectors.idea_page``)."""
    project, idea = _take(request, ("project", slug)), _take(request, ("idea", pk))
    if project is _MISSING:
        project, idea = selectors.idea_page(request.user, slug, pk)
    if project is None:
        raise Http404
    if idea is _MISSING:  # a draft's validator did not look at the idea
        idea = selectors.idea_for(request.user, project, pk)
    return project, _shown(project, pk, idea)


def _shown(project: Project, pk: int, idea: Idea | None) -> Idea:
    if idea is None:
        # Hidden and withdrawn ideas show their place with the reason, like hidden comments.
        hidden = (
            Idea.objects.filter(project=project, pk=pk)
            .filter(Q(is_hidden=True) | Q(hidden_by_reports=True) | Q(status=Idea.Status.WITHDRAWN))
            .exclude(status=Idea.Status.SUBMITTED)
            .first()
        )
        if hidden is not None:
            hidden.project = project
            raise HiddenIdea(hidden)
        raise Http404
    idea.project = project
    return idea


def comment_or_404(request: HtmxHttpRequest, project: Project, pk: int) -> Comment:
    comment = get_object_or_404(Comment.objects.select_related("idea", "author"), pk=pk, idea__project=project)
    if not permissions.can_view_idea(request.user, comment.idea):
        raise Http404
    comment.idea.project = project
    return comment


def apply_errors(form: Form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


# A picture the services refuse (too big, not an image, …) is the picture field's error.
IMAGE_ERRORS = frozenset({"too_large", "format", "too_many_pixels", "invalid"})


def apply_idea_errors(form: Form, error: ValidationError) -> None:
    """An idea form's refusal: a picture's problem at the picture, the rest as ``apply_errors`` places it."""
    if getattr(error, "code", None) in IMAGE_ERRORS:
        form.add_error("image", error)
    else:
        apply_errors(form, error)


def abilities(request: HtmxHttpRequest, project: Project) -> dict[str, bool]:
    user = request.user
    return {
        "can_submit": permissions.can_submit_idea(user, project),
        "can_moderate": permissions.can_moderate(user, project),
        "can_follow": permissions.can_follow(user, project),
        "shows_supports": permissions.shows_support_counts(user, project),
    }


def phase_refused(request: HtmxHttpRequest, project: Project, *, heading: str, message: str) -> HttpResponse:
    """A 403 that says which phase rule applies and what one can do instead, with the way back to the project."""
    context = {"project": project, "heading": heading, "message": message}
    return render(request, "participation/phase_refused.html", context, status=403)
