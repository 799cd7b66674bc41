"""Demo accounts for every role, printed by ``make run``."""

from __future__ import annotations

from dataclasses import dataclass

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP

from accounts.models import User

DEMO_PASSWORD = "demo-passwort-2026"  # noqa: S105 - printed on purpose for the demo
# Fixed so that a demo staff login can be set up in an authenticator app; with
# DEBUG on, the bypass code printed by seed_demo works as well.
DEMO_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"  # noqa: S105 - demo only


@dataclass(frozen=True)
class DemoUser:
    email: str
    name: str
    role: str
    staff: bool = False
    administrator: bool = False


DEMO_USERS = [
    DemoUser("admin@demo.kl", "Alex Admin", "administrator", staff=True, administrator=True),
    DemoUser("moderation@demo.kl", "Mona Moderatorin", "moderator", staff=True),
    DemoUser("koordination.gruebentaelchen@demo.kl", "Karin Koordinatorin", "coordinator", staff=True),
    DemoUser("koordination.innenstadt@demo.kl", "Kemal Koordinator", "coordinator", staff=True),
    DemoUser("ehrenamt@demo.kl", "Erika Ehrenamt", "volunteer"),
    DemoUser("buergerin@demo.kl", "Brigitte Bürgerin", "citizen"),
    DemoUser("senior@demo.kl", "Siegfried Senior", "citizen"),
]


def seed_users() -> dict[str, User]:
    users: dict[str, User] = {}
    for demo in DEMO_USERS:
        user = User.objects.filter(email=demo.email).first()
        if user is None:
            user = User.objects.create_user(demo.email, DEMO_PASSWORD, display_name=demo.name)
        if demo.administrator and not user.is_superuser:
            user.is_superuser = user.is_staff = True
            user.save(update_fields=["is_superuser", "is_staff"])
        EmailAddress.objects.get_or_create(user=user, email=demo.email, defaults={"verified": True, "primary": True})
        if demo.staff and not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
            TOTP.activate(user, DEMO_TOTP_SECRET)
        users[demo.email] = user
    return users
