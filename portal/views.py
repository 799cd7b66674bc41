from __future__ import annotations

from typing import Any

from django.apps import apps
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.views.decorators.http import require_safe

from portal import selectors, text
from portal.models import SitePage


@require_safe
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


@require_safe
def site_page(request: HttpRequest, slug: str) -> HttpResponse:
    if slug not in SitePage.Slug.values:
        raise Http404
    if slug == SitePage.Slug.LEICHTE_SPRACHE:
        # Leichte Sprache has its own pages now, one per thing people do here.
        return redirect("portal:easy", permanent=True)
    page = selectors.site_page(slug)
    context = {"page": page, "slug": slug, "blocks": text.blocks(page.body) if page else []}
    return render(request, "portal/site_page.html", context)


# Pages in Leichte Sprache (German) and Easy Read (English), one per half of the site.
EASY_TOPICS = {"mitwirkung": "participation", "digitale-hilfe": "helpdesk"}


def _easy_language() -> str:
    return "en" if (get_language() or "de").startswith("en") else "de"


@require_safe
def easy_read(request: HttpRequest) -> HttpResponse:
    topics = [topic for topic, app in EASY_TOPICS.items() if apps.is_installed(app)]
    return render(request, f"portal/easy/overview.{_easy_language()}.html", {"topics": topics})


@require_safe
def easy_read_topic(request: HttpRequest, topic: str) -> HttpResponse:
    app = EASY_TOPICS.get(topic)
    if app is None or not apps.is_installed(app):
        raise Http404
    context: dict[str, Any] = {"offices": []}
    if app == "helpdesk":
        from helpdesk.selectors import offices

        context["offices"] = list(offices())
    template = f"portal/easy/{topic.replace('-', '_')}.{_easy_language()}.html"
    return render(request, template, context)
