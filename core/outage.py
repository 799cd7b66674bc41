"""While the database cannot be reached, every page answers 503 with ``Retry-After``.

Django turns an exception into a 500 page inside whichever middleware it was raised in,
so a middleware around them only ever sees the 500. The ``got_request_exception`` signal
is sent while the exception is being handled: ``note_database_error`` marks the request
when that exception is a database ``OperationalError`` or ``InterfaceError`` (cannot
connect, connection lost, server shutting down), and ``DatabaseOutageMiddleware``, placed
just inside the security-header middleware and before the sessions, replaces the 500 of a
marked request by a friendly 503 page in the visitor's language. The page is rendered
without the request context: the base layout asks the database for the signed-in person
and their roles. Django still logs each error with its traceback, so operators see the
outage.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

RETRY_AFTER_SECONDS = 60
_MARK = "_database_unreachable"


def note_database_error(sender: Any, request: HttpRequest | None = None, **kwargs: Any) -> None:
    """Receiver of ``got_request_exception``: remember when the database failed this request."""
    if request is not None and isinstance(sys.exc_info()[1], OperationalError | InterfaceError):
        setattr(request, _MARK, True)


def outage_response(request: HttpRequest) -> HttpResponse:
    with translation.override(translation.get_language_from_request(request)):
        message = _(
            "The site is not available for a moment because of a technical fault. Please try again in a "
            "minute; if you were sending a form, please send it again then."
        )
        response: HttpResponse
        if request.path.startswith("/api/"):
            response = JsonResponse({"detail": message}, status=503)
        else:
            context = {"message": message, "SITE_NAME": settings.SITE_NAME}
            response = HttpResponse(render_to_string("503.html", context), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


class DatabaseOutageMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.status_code == 500 and getattr(request, _MARK, False):
            return outage_response(request)
        return response
