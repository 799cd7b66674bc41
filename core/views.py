from __future__ import annotations

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from core import selectors, services
from core.models import SitePage


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "core/home.html", {"projects": selectors.open_projects()[:6]})


@require_GET
def site_page(request: HttpRequest, slug: str) -> HttpResponse:
    if slug not in SitePage.Slug.values:
        raise Http404
    page = selectors.site_page(slug)
    return render(request, "core/site_page.html", {"page": page, "slug": slug})


@never_cache
@require_GET
def healthz(request: HttpRequest) -> HttpResponse:
    checks = {
        "database": services.database_is_up(),
        "broker": services.broker_is_up(
            url=settings.CELERY_BROKER_URL, transport_options=settings.CELERY_BROKER_TRANSPORT_OPTIONS
        ),
    }
    status = 200 if all(checks.values()) else 503
    return JsonResponse({name: "ok" if up else "down" for name, up in checks.items()}, status=status)
