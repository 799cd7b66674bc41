"""One API for the whole site; each installed half adds its viewsets from its ``api_urls``."""

from django.apps import apps
from django.http import HttpRequest, JsonResponse
from django.urls import URLPattern, URLResolver, include, path, re_path
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt


# Nothing happens here, so the CSRF check would only turn a POST's 404 into an HTML 403.
@csrf_exempt
def not_found(request: HttpRequest) -> JsonResponse:
    """Apps get JSON for an address the API does not have, as the schema documents, not the site's HTML page."""
    return JsonResponse({"detail": _("Not found.")}, status=404)


urlpatterns: list[URLPattern | URLResolver] = [
    path("", include("accounts.api_urls")),
    path("", include("notifications.api_urls")),
    *(path("", include(f"{app}.api_urls")) for app in ("participation", "helpdesk") if apps.is_installed(app)),
    re_path(r"^", not_found, name="api-not-found"),
]
