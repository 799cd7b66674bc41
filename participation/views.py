from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from participation import selectors


@require_GET
def project_list(request: HttpRequest) -> HttpResponse:
    return render(request, "participation/project_list.html", {"projects": selectors.public_projects()})


@require_GET
def project_detail(request: HttpRequest, slug: str) -> HttpResponse:
    project = get_object_or_404(selectors.public_projects(), slug=slug)
    return render(request, "participation/project_detail.html", {"project": project})
