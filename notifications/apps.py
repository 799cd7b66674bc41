from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = _("Notifications")

    def ready(self) -> None:
        from accounts import privacy as account_privacy
        from accounts import profile_links
        from core import navigation
        from notifications import kinds, permissions, privacy

        kinds.register()
        account_privacy.register("notifications", exporter=privacy.export, eraser=privacy.erase)
        profile_links.register(
            profile_links.ProfileLink("notification-settings", _("E-mail notifications"), "notifications:settings", 50)
        )
        navigation.register(
            navigation.Entry(
                key="outbox",
                label=_("Messages"),
                url_name="notifications:outbox",
                order=70,
                visible=permissions.can_view_outbox,
                section_prefix="/benachrichtigungen/",
            )
        )
