"""The site's URLs plus a page and a DRF endpoint that read parameters through core/params.py."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.urls import path
from rest_framework.decorators import api_view, permission_classes
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response

from config.urls import urlpatterns as site_urlpatterns
from core import params


def day_page(request: HttpRequest) -> HttpResponse:
    day = params.date(request.GET, "tag")
    week = params.integer(request.GET, "woche", default=0, minimum=0, maximum=8)
    return HttpResponse(f"{day.isoformat()} {week}")


@api_view(["GET"])
@permission_classes([AllowAny])
def idea_api(request: Request) -> Response:
    return Response({"id": params.object_id(request.query_params, "idea")})


urlpatterns = [
    path("test-params/", day_page),
    path("api/test-params/", idea_api),
    *site_urlpatterns,
]
