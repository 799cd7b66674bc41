"""One router for the whole API; each app registers its viewsets in ``api.py``."""

from django.urls import include, path

urlpatterns = [
    path("", include("participation.api_urls")),
    path("", include("helpdesk.api_urls")),
]
