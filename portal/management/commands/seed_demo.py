"""Load the Kaiserslautern demo data. Safe to run again: nothing is duplicated."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction

from accounts import demo as accounts_demo
from portal import demo as portal_demo


class Command(BaseCommand):
    help = "Load the Kaiserslautern demo data (idempotent)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--quiet-logins", action="store_true", help="Do not print the demo logins.")

    def handle(self, *args: Any, **options: Any) -> None:
        with transaction.atomic():
            portal_demo.seed_pages()
            users = accounts_demo.seed_users()
            # Each half brings its own demo; either may be installed alone.
            if apps.is_installed("participation"):
                from participation import demo as participation_demo

                participation_demo.seed(users)
            if apps.is_installed("helpdesk"):
                from helpdesk import demo as helpdesk_demo

                helpdesk_demo.seed(users)
        self.stdout.write(self.style.SUCCESS("Demo data is loaded."))
        if not options["quiet_logins"]:
            self.print_logins()

    def print_logins(self) -> None:
        bypass = getattr(settings, "MFA_TOTP_INSECURE_BYPASS_CODE", None)
        self.stdout.write("")
        self.stdout.write(f"Demo logins (password for all: {accounts_demo.DEMO_PASSWORD}):")
        for demo in accounts_demo.DEMO_USERS:
            self.stdout.write(f"  {demo.role:<14} {demo.email}")
        self.stdout.write(f"Staff roles use two-factor authentication. TOTP secret: {accounts_demo.DEMO_TOTP_SECRET}")
        if bypass:
            self.stdout.write(f"With DEBUG on, the code {bypass} is accepted as well.")
        self.stdout.write("")
