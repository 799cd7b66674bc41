from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HelpdeskConfig(AppConfig):
    name = "helpdesk"
    verbose_name = _("Digital help")

    def ready(self) -> None:
        from accounts import privacy
        from accounts import roles as role_registry
        from core import navigation
        from helpdesk import notify, permissions, scopes, substitute_messages
        from helpdesk import privacy as helpdesk_privacy
        from helpdesk.roles import OfficeRoles

        notify.register_kinds()
        substitute_messages.register_kinds()
        privacy.register("helpdesk", exporter=helpdesk_privacy.export, eraser=helpdesk_privacy.erase)
        role_registry.register(OfficeRoles())
        scopes.register()
        for entry in (
            navigation.Entry("book-help", _("Book help"), "helpdesk:start", order=20, section_prefix="/hilfe/"),
            navigation.Entry(
                "my-appointments",
                _("My appointments"),
                "helpdesk:my-appointments",
                order=30,
                visible=permissions.is_volunteer,
            ),
            navigation.Entry(
                "office-plan", _("Office plan"), "helpdesk:office-home", order=40, visible=permissions.is_coordinator
            ),
            navigation.Entry(
                "call-list", _("Call list"), "helpdesk:call-list-start", order=60, visible=permissions.is_coordinator
            ),
            navigation.Entry(
                "audit-log", _("Audit log"), "helpdesk:audit-log", order=90, visible=permissions.can_read_audit_log
            ),
        ):
            navigation.register(entry)
