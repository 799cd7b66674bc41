from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ParticipationConfig(AppConfig):
    name = "participation"
    verbose_name = _("Participation")

    def ready(self) -> None:
        from accounts import privacy as account_privacy
        from accounts import profile_links
        from accounts import roles as role_registry
        from accounts.permissions import is_signed_in
        from core import navigation
        from participation import notify, outbox, permissions, privacy
        from participation.roles import ProjectRoles

        outbox.register_kinds()
        notify.register_topics()
        account_privacy.register("participation", exporter=privacy.export, eraser=privacy.erase)
        role_registry.register(ProjectRoles())
        navigation.register(
            navigation.Entry(
                "have-your-say",
                _("Have your say"),
                "participation:project-list",
                order=10,
                section_prefix="/mitwirkung/",
            )
        )
        navigation.register(
            navigation.Entry(
                "my-ideas",
                _("My ideas"),
                "participation:my-ideas",
                order=15,
                visible=is_signed_in,
                section_prefix="/mitwirkung/meine-ideen/",
            )
        )
        profile_links.register(profile_links.ProfileLink("my-ideas", _("My ideas"), "participation:my-ideas", 10))
        navigation.register(
            navigation.Entry(
                "moderation", _("Moderation"), "participation:moderation", order=50, visible=permissions.is_moderator
            )
        )
