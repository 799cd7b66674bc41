"""Who the site's e-mails come from: the site's name with the configured address."""

from __future__ import annotations

from email.utils import formataddr, parseaddr

from django.conf import settings


def sender_address() -> str:
    """``DEFAULT_FROM_EMAIL`` with ``SITE_NAME`` as the name people see, unless it already names someone."""
    name, address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    if name or not address:
        return str(settings.DEFAULT_FROM_EMAIL)
    return formataddr((str(settings.SITE_NAME), address))
