from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HelpdeskConfig(AppConfig):
    name = "helpdesk"
    verbose_name = _("Digital help")

    def ready(self) -> None:
        from accounts import privacy
        from helpdesk import notify
        from helpdesk import privacy as helpdesk_privacy

        notify.register_kinds()
        privacy.register("helpdesk", exporter=helpdesk_privacy.export, eraser=helpdesk_privacy.erase)
