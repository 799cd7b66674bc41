from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from core import navigation
from core.chrome import chrome


def site(request: HttpRequest) -> dict[str, Any]:
    # Error pages may render before the authentication middleware ran.
    user: Any = getattr(request, "user", None)
    return {
        "SITE_NAME": settings.SITE_NAME,
        "chrome": chrome(),
        "nav_items": lambda: navigation.items_html(user, request.path),
    }
