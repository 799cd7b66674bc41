"""One API for the whole site; each installed half adds its viewsets from its ``api_urls``."""

from django.apps import apps
from django.urls import URLPattern, URLResolver, include, path

urlpatterns: list[URLPattern | URLResolver] = [
    path("", include(f"{app}.api_urls")) for app in ("participation", "helpdesk") if apps.is_installed(app)
]
