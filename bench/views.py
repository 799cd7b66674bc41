"""The ceiling: the cheapest page Django can serve through the same middleware and server."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse


def ceiling(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok\n", content_type="text/plain; charset=utf-8")
