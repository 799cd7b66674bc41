"""The ``Permissions-Policy`` header on every answer (settings ``PERMISSIONS_POLICY``).

Django sets the other security headers itself (CSP, HSTS, nosniff, referrer policy,
X-Frame-Options); this one switches off browser features the site never uses, so that
neither an injected script nor an embedded page can ask for the camera or a payment.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse


class PermissionsPolicyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response
