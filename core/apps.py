from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("Site")

    def ready(self) -> None:
        from django.core.signals import got_request_exception, request_finished, request_started
        from django.db.backends.signals import connection_created

        from core import outage, page_cache, security_store

        # allauth's rate limits and used TOTP codes are kept in the database, not in Redis.
        security_store.route_allauth()
        got_request_exception.connect(outage.note_database_error, dispatch_uid="core-database-outage")

        # Every database connection reports its writes, so cached pages are dropped on any change.
        connection_created.connect(page_cache.watch_connection, dispatch_uid="core-page-cache")
        request_started.connect(page_cache.request_started, dispatch_uid="core-page-cache-start")
        request_finished.connect(page_cache.request_finished, dispatch_uid="core-page-cache-finish")
