from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.middleware.csp import get_nonce

from core import navigation
from core.chrome import chrome, htmx_script


def site(request: HttpRequest) -> dict[str, Any]:
    # Error pages may render before the authentication middleware ran.
    user: Any = getattr(request, "user", None)
    return {
        "SITE_NAME": settings.SITE_NAME,
        "chrome": chrome(),
        "nav_items": lambda: navigation.items_html(user, request.path),
        "htmx_script": lambda: htmx_script(get_nonce(request)),
    }
