from typing import cast

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ParticipationConfig(AppConfig):
    name = "participation"
    verbose_name = _("Participation")

    def ready(self) -> None:
        from accounts import privacy as account_privacy
        from accounts import roles as role_registry
        from core import navigation
        from notifications import registry
        from participation import outbox, permissions, privacy
        from participation.roles import ProjectRoles

        registry.register(
            "idea_published", label=cast(str, _("Idea published")), build_context=outbox.idea_published_context
        )
        registry.register(
            "idea_answered", label=cast(str, _("Idea answered")), build_context=outbox.idea_answered_context
        )
        registry.register(
            "idea_status_changed",
            label=cast(str, _("Status of an idea changed")),
            build_context=outbox.idea_status_changed_context,
        )
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
                "moderation", _("Moderation"), "participation:moderation", order=50, visible=permissions.is_moderator
            )
        )
