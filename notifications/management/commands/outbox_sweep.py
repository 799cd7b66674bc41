"""Run one outbox sweep now, the same one beat runs every minute."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from notifications import delivery


class Command(BaseCommand):
    help = "Send every outbox message that is due now (one sweep, as beat does every minute)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--stale-after",
            type=float,
            default=None,
            help="Take over rows left in 'sending' for this many seconds (default: NOTIFICATIONS_CLAIM_TIMEOUT). "
            "Only use a small value when you know no worker is sending.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        stale = options["stale_after"]
        result = delivery.messages_sweep(stale_after=None if stale is None else dt.timedelta(seconds=stale))
        summary = ", ".join(f"{status}: {count}" for status, count in sorted(result.by_status.items()))
        self.stdout.write(f"Claimed {result.claimed} message(s). {summary}".strip())
