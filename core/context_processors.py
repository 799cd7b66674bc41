from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from accounts import permissions


def site(request: HttpRequest) -> dict[str, Any]:
    # Error pages may render before the authentication middleware ran.
    user: Any = getattr(request, "user", None)
    return {
        "SITE_NAME": settings.SITE_NAME,
        "nav_roles": {
            "administrator": permissions.is_administrator(user),
            "moderator": permissions.is_moderator(user),
            "coordinator": permissions.is_coordinator(user),
            "volunteer": permissions.is_volunteer(user),
        },
    }
