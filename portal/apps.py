from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    """The site's own pages on top of everything: start page, footer pages, demo data."""

    name = "portal"
    verbose_name = _("Site pages")
