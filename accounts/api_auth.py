"""Token sign-in for the API, kept apart from the views: DRF imports it while setting itself up."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication
from rest_framework.authtoken.models import Token


def token_lifetime() -> dt.timedelta:
    return dt.timedelta(days=int(getattr(settings, "API_TOKEN_DAYS", 90)))


class ExpiringTokenAuthentication(TokenAuthentication):
    """DRF's tokens, refused once they are older than ``API_TOKEN_DAYS``."""

    def authenticate_credentials(self, key: str) -> tuple[Any, Token]:
        user, token = super().authenticate_credentials(key)
        if token.created < timezone.now() - token_lifetime():
            raise exceptions.AuthenticationFailed(_("Your sign-in has expired. Please sign in again."))
        return user, token
