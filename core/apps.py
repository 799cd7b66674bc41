from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """Infrastructure only: cache, rate limits, input guards, mail backend, health check, navigation registry.

    Imports no other app of the project.
    """

    name = "core"
    verbose_name = _("Infrastructure")
