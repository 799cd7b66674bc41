"""The map of ideas and its data."""

from __future__ import annotations

import json

from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.gzip import gzip_page
from django.views.decorators.http import require_GET

from participation import selectors
from participation.views.common import (
    HtmxHttpRequest,
    map_settings,
    project_or_404,
)


@require_GET
def idea_map(request: HtmxHttpRequest, slug: str) -> HttpResponse:
    project = project_or_404(request, slug)
    ideas = list(selectors.ideas_for(request.user, project).filter(location_lat__isnull=False).order_by("-created_at"))
    context = {"project": project, "ideas": ideas, "map": map_settings(), "area_json": json.dumps(project.area)}
    return render(request, "participation/idea_map.html", context)


@require_GET
@gzip_page  # 10,000 ideas are 2.9 MB of JSON, 0.2 MB compressed; it holds nothing secret (BREACH)
def idea_geojson(request: HtmxHttpRequest, slug: str) -> JsonResponse:
    project = project_or_404(request, slug)
    response = JsonResponse(selectors.geojson_for(request.user, project))
    response["Content-Type"] = "application/geo+json"
    return response
