"""The office roles (coordinator, volunteer) for ``accounts``' role registry."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import connection
from django.utils.translation import gettext_lazy as _

from accounts.roles import GrantRow, RoleKind
from helpdesk.models import Office, OfficeStaff, StaffRole

if TYPE_CHECKING:
    from accounts.models import User


class OfficeRoles:
    kinds = (
        RoleKind(
            key=StaffRole.COORDINATOR,
            label=StaffRole.COORDINATOR.label,
            scope_label=_("office"),
            staff=True,
            start_url="helpdesk:office-home",
        ),
        # Volunteers see only their own appointments; many are seniors themselves, so no MFA is forced.
        RoleKind(
            key=StaffRole.VOLUNTEER,
            label=StaffRole.VOLUNTEER.label,
            scope_label=_("office"),
            staff=False,
            start_url="helpdesk:my-appointments",
        ),
    )

    def scopes_of(self, user: Any) -> dict[str, frozenset[int]]:
        found: dict[str, set[int]] = {StaffRole.COORDINATOR: set(), StaffRole.VOLUNTEER: set()}
        for role, office_id in OfficeStaff.objects.filter(user_id=user.pk).values_list("role", "office_id"):
            found.setdefault(role, set()).add(office_id)
        return {role: frozenset(ids) for role, ids in found.items()}

    def scope_sql(self) -> str:
        table = connection.ops.quote_name(OfficeStaff._meta.db_table)
        return f"SELECT role, office_id FROM {table} WHERE user_id = %s"  # noqa: S608 (a model's table)

    def scope_choices(self, role: str) -> list[tuple[int, str]]:
        return list(Office.objects.order_by("name").values_list("pk", "name"))

    def grants(self, *, user: User | None = None) -> list[GrantRow]:
        rows = OfficeStaff.objects.select_related("user", "office")
        if user is not None:
            rows = rows.filter(user=user)
        return [
            GrantRow(role=r.role, role_label=r.get_role_display(), pk=r.pk, user=r.user, scope_label=r.office.name)
            for r in rows
        ]

    def grant(self, *, user: User, role: str, scope_id: int) -> None:
        from helpdesk.services import office_staff_add

        office = Office.objects.filter(pk=scope_id).first()
        if office is None:
            raise ValueError(f"No office {scope_id}.")
        office_staff_add(office=office, user=user, role=role)

    def revoke(self, *, role: str, pk: int) -> User | None:
        from helpdesk.services import office_staff_remove

        staff = OfficeStaff.objects.select_related("user").filter(pk=pk, role=role).first()
        if staff is None:
            return None
        office_staff_remove(staff=staff)
        return staff.user
