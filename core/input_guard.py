"""Refuse requests carrying NUL characters before they reach a view.

PostgreSQL text columns cannot hold a NUL byte, so a NUL in a query parameter,
a form field, a JSON body or a path segment that ends up in a database lookup would
become a server error. Forms already refuse it; this catches every other way in (API
filters, tokens in links, fields views read directly) with a 400 and a clear
message in the person's language.
"""

from __future__ import annotations

import json
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _

from core.ratelimit import refused_response

NUL = "\x00"


def _has_nul(request: HttpRequest) -> bool:
    if NUL in request.path:
        return True
    sources = [request.GET]
    if request.method == "POST" and request.content_type in (
        "application/x-www-form-urlencoded",
        "multipart/form-data",
    ):
        sources.append(request.POST)
    if any(NUL in key or any(NUL in value for value in values) for data in sources for key, values in data.lists()):
        return True
    return request.content_type == "application/json" and _json_has_nul(request)


def _json_has_nul(request: HttpRequest) -> bool:
    """A JSON body (the API's) with a NUL in any key or text: ``"\u0000"`` decodes to one."""
    if b"\\u0000" not in request.body and b"\x00" not in request.body:
        return False  # the cheap look first: most bodies hold neither
    try:
        data = json.loads(request.body)
    except ValueError:
        return False  # not JSON at all: the view's parser answers 400
    pending = [data]
    while pending:
        item = pending.pop()
        if isinstance(item, str) and NUL in item:
            return True
        if isinstance(item, dict):
            pending.extend(item.keys())
            pending.extend(item.values())
        elif isinstance(item, list):
            pending.extend(item)
    return False


class RejectNulBytesMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if _has_nul(request):
            message = _("The address or the form contained a character that is not allowed. Please check your entry.")
            if request.path.startswith("/api/"):
                return JsonResponse({"detail": message}, status=400)
            return refused_response(request, heading=_("Your entry was not accepted"), message=message, status=400)
        return self.get_response(request)
