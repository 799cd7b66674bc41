from __future__ import annotations

from typing import Any

from django.apps import apps
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from portal import selectors
from portal.models import SitePage


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    # The start page shows the halves that are installed; each can run without the other.
    context: dict[str, Any] = {
        "has_participation": apps.is_installed("participation"),
        "has_helpdesk": apps.is_installed("helpdesk"),
        "projects": [],
    }
    if context["has_participation"]:
        from participation.selectors import public_projects

        context["projects"] = list(public_projects()[:6])
    return render(request, "portal/home.html", context)


@require_GET
def site_page(request: HttpRequest, slug: str) -> HttpResponse:
    if slug not in SitePage.Slug.values:
        raise Http404
    page = selectors.site_page(slug)
    return render(request, "portal/site_page.html", {"page": page, "slug": slug})
