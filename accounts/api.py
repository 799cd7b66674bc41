"""Tokens for the city's apps: sign in once with e-mail, password and, for staff, the second factor.

An app sends ``Authorization: Token <key>`` with every request. Tokens expire after
``API_TOKEN_DAYS``; signing in again gives a new one, signing out (DELETE) ends it.
Staff roles see other people's data, so they get a token only with a current code from
their authenticator app (or a recovery code), as on the website.
"""

from __future__ import annotations

from typing import Any

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP
from django.contrib.auth import authenticate
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, permissions, serializers, status
from rest_framework.authtoken.models import Token
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.api_auth import ExpiringTokenAuthentication, token_lifetime
from accounts.permissions import has_staff_role
from core import ratelimit

SIGN_IN_ACTION = "api_token"


class TokenRequestSerializer(serializers.Serializer[Any]):
    email = serializers.EmailField(label=gettext_lazy("E-mail address"))
    password = serializers.CharField(label=gettext_lazy("Password"), trim_whitespace=False, max_length=200)
    code = serializers.CharField(
        label=gettext_lazy("Code of the authenticator app or a recovery code"),
        required=False,
        allow_blank=True,
        max_length=40,
        help_text="Needed for accounts with a staff role (moderators, coordinators, administrators).",
    )


class TokenSerializer(serializers.Serializer[Any]):
    token = serializers.CharField(help_text="Send as `Authorization: Token <token>`.")
    expires_at = serializers.DateTimeField()


def _second_factor_ok(user: Any, code: str) -> bool:
    code = code.strip().replace(" ", "")
    if not code:
        return False
    totp = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
    if totp is not None and TOTP(totp).validate_code(code):
        return True
    recovery = Authenticator.objects.filter(user=user, type=Authenticator.Type.RECOVERY_CODES).first()
    return recovery is not None and RecoveryCodes(recovery).validate_code(code)


class TokenView(APIView):
    """Sign in an app (POST) or sign it out again (DELETE)."""

    # Tokens only: a session would ask for a CSRF token that an app does not have.
    authentication_classes = [ExpiringTokenAuthentication]
    permission_classes = [permissions.AllowAny]
    rate_limited_actions = frozenset({"post"})
    # The refusals each method can give, for the OpenAPI schema (config.api_schema).
    api_errors = {"post": ("400", "401", "403", "429"), "delete": ("401",)}

    def get_permissions(self) -> Any:
        if self.request.method == "DELETE":
            return [permissions.IsAuthenticated()]
        return super().get_permissions()

    @extend_schema(request=TokenRequestSerializer, responses={201: TokenSerializer}, auth=[])
    def post(self, request: Request) -> Response:
        # Every attempt counts, before the password is checked: guessing stays slow however it is spread.
        ratelimit.throttle(request, SIGN_IN_ACTION)
        data = TokenRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        credentials = data.validated_data
        user = authenticate(request._request, email=credentials["email"], password=credentials["password"])
        if user is None or not user.is_active:
            raise exceptions.AuthenticationFailed(_("The e-mail address or the password is not right."))
        if not EmailAddress.objects.filter(user=user, verified=True).exists():
            raise exceptions.PermissionDenied(_("Please confirm your e-mail address first, with the link we sent you."))
        if has_staff_role(user):
            if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
                raise exceptions.PermissionDenied(
                    _("Your account has a staff role: please set up two-factor authentication on the website first.")
                )
            if not _second_factor_ok(user, credentials.get("code", "")):
                raise exceptions.AuthenticationFailed(
                    _("Please also send the current code of your authenticator app (field “code”).")
                )
        with transaction.atomic():
            token = Token.objects.select_for_update().filter(user=user).first()
            if token is not None and token.created < timezone.now() - token_lifetime():
                token.delete()
                token = None
            if token is None:
                token = Token.objects.create(user=user)
        body = {"token": token.key, "expires_at": token.created + token_lifetime()}
        return Response(TokenSerializer(body).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses={204: None})
    def delete(self, request: Request) -> Response:
        Token.objects.filter(user_id=request.user.pk or 0).delete()
        return Response(status=status.HTTP_204_NO_CONTENT)
