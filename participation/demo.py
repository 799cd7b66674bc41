"""Demo data of the participation half: the Pfalztheater square."""

from __future__ import annotations

from accounts.models import Role, User
from accounts.services import membership_grant
from participation.models import Project


def seed(users: dict[str, User]) -> None:
    project, _ = Project.objects.get_or_create(
        slug="platz-vor-dem-pfalztheater",
        defaults={
            "title": "Platz vor dem Pfalztheater",
            "summary": "Wie soll der Platz vor dem Pfalztheater künftig aussehen? Sammeln Sie mit uns Ideen.",
            "visibility": Project.Visibility.PUBLIC,
        },
    )
    membership_grant(user=users["moderation@demo.kl"], role=Role.MODERATOR, project=project)
