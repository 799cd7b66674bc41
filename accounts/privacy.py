"""Data export and account deletion, extended by each app.

Apps register an exporter (returns a JSON-ready section about the person) and an
eraser (anonymises or removes what belongs to the person) in their ``AppConfig.ready``.
Deletion runs every eraser and then removes the account, all in one transaction.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import transaction

from accounts.models import User

Exporter = Callable[[User], Any]
Eraser = Callable[[User], None]

_exporters: dict[str, Exporter] = {}
_erasers: dict[str, Eraser] = {}


def register(section: str, *, exporter: Exporter | None = None, eraser: Eraser | None = None) -> None:
    if exporter is not None:
        _exporters[section] = exporter
    if eraser is not None:
        _erasers[section] = eraser


def export_account(user: User) -> dict[str, Any]:
    from allauth.account.models import EmailAddress

    from accounts.selectors import role_grants

    data: dict[str, Any] = {
        "account": {
            "email": user.email,
            "display_name": user.display_name,
            "phone": user.phone,
            "preferred_language": user.preferred_language,
            "date_joined": user.date_joined.isoformat(),
            "email_addresses": [
                {"email": a.email, "verified": a.verified, "primary": a.primary}
                for a in EmailAddress.objects.filter(user=user).order_by("email")
            ],
            "roles": [{"role": row.role_label, "for": row.scope_label} for row in role_grants(user=user)],
        }
    }
    for section, exporter in sorted(_exporters.items()):
        data[section] = exporter(user)
    return data


@transaction.atomic
def delete_account(user: User) -> None:
    for _section, eraser in sorted(_erasers.items()):
        eraser(user)
    user.delete()
