"""The moderator role for ``accounts``' role registry."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import connection
from django.utils.translation import gettext_lazy as _

from accounts.roles import GrantRow, RoleKind
from participation.models import Project, ProjectModerator

if TYPE_CHECKING:
    from accounts.models import User

MODERATOR = "moderator"


class ProjectRoles:
    kinds = (
        RoleKind(
            key=MODERATOR,
            label=_("Moderator of a project"),
            scope_label=_("project"),
            staff=True,
            start_url="participation:moderation",
        ),
    )

    def scopes_of(self, user: Any) -> dict[str, frozenset[int]]:
        ids = ProjectModerator.objects.filter(user_id=user.pk).values_list("project_id", flat=True)
        return {MODERATOR: frozenset(ids)}

    def scope_sql(self) -> str:
        table = connection.ops.quote_name(ProjectModerator._meta.db_table)
        return f"SELECT '{MODERATOR}', project_id FROM {table} WHERE user_id = %s"  # noqa: S608 (a model's table)

    def scope_choices(self, role: str) -> list[tuple[int, str]]:
        return list(Project.objects.order_by("title").values_list("pk", "title"))

    def grants(self, *, user: User | None = None) -> list[GrantRow]:
        rows = ProjectModerator.objects.select_related("user", "project")
        if user is not None:
            rows = rows.filter(user=user)
        label = str(self.kinds[0].label)
        return [
            GrantRow(role=MODERATOR, role_label=label, pk=r.pk, user=r.user, scope_label=r.project.title) for r in rows
        ]

    def grant(self, *, user: User, role: str, scope_id: int) -> None:
        from participation.services import moderator_add

        project = Project.objects.filter(pk=scope_id).first()
        if project is None:
            raise ValueError(f"No project {scope_id}.")
        moderator_add(project=project, user=user)

    def revoke(self, *, role: str, pk: int) -> User | None:
        from participation.services import moderator_remove

        row = ProjectModerator.objects.select_related("user").filter(pk=pk).first()
        if row is None:
            return None
        moderator_remove(moderator=row)
        return row.user
