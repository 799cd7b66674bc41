from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop


class CoreConfig(AppConfig):
    """Infrastructure only: cache, rate limits, input guards, mail backend, health check, navigation registry.

    Imports no other app of the project.
    """

    name = "core"
    verbose_name = _("Infrastructure")

    def ready(self) -> None:
        from django.core.signals import got_request_exception
        from django.db.models import fields

        from core import outage, security_store

        # allauth's rate limits and used TOTP codes are kept in the database, not in Redis.
        security_store.route_allauth()
        got_request_exception.connect(outage.note_database_error, dispatch_uid="core-database-outage")
        # Django 6.1's empty choice "- Select an option -" has no German translation yet; Django
        # asks projects that want their own label to set it here. Every select of the site uses it.
        fields.BLANK_CHOICE_LABEL = _("– Please choose –")
        # The same for the admin's action button "Run": extracted here so that our catalogue translates it.
        gettext_noop("Run")
