from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.middleware import AuthenticationMiddleware as DjangoAuthenticationMiddleware
from django.contrib.auth.middleware import auser
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _

from accounts import permissions, selectors, session_user

Handler = Callable[[HttpRequest], HttpResponse]


class AuthenticationMiddleware(DjangoAuthenticationMiddleware):
    """Django's, with the person read by one fixed statement (``accounts.session_user``, same rules).

    ``request.user`` stays lazy until something asks for it, as in Django, and is then replaced by
    the person itself: every later attribute read through Django's ``SimpleLazyObject`` costs a
    failed look-up, an exception and two calls, and a page reads the person about a hundred times
    (templates, permission predicates, the navigation). ``login`` and ``logout`` set a plain object
    there too, so nothing may rely on the wrapper.
    """

    def process_request(self, request: HttpRequest) -> None:
        def user() -> object:
            cached = request.__dict__.get("_cached_user")
            if cached is None:
                cached = request.__dict__["_cached_user"] = session_user.get_user(request)
            request.user = cached
            return cached

        request.user = SimpleLazyObject(user)  # type: ignore[assignment]
        request.auser = partial(auser, request)


class UserLanguageMiddleware:
    """Speak the signed-in person's preferred language unless they just chose another."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        speak_preferred_language(request, request.user)
        return self.get_response(request)


def speak_preferred_language(request: HttpRequest, user: Any) -> None:
    """Answer in the person's preferred language unless the browser's language cookie says otherwise.

    Also called at the moment of signing in (``accounts.adapter``), so the "signed in" message is
    already written in the language of the pages that follow.
    """
    if (
        user.is_authenticated
        and settings.LANGUAGE_COOKIE_NAME not in request.COOKIES
        and user.preferred_language in dict(settings.LANGUAGES)
    ):
        translation.activate(user.preferred_language)
        request.LANGUAGE_CODE = user.preferred_language


class RequireStaffMfaMiddleware:
    """Staff roles see other people's data: they must set up TOTP before anything else."""

    # Paths a person without MFA still needs: setting it up, leaving, and static files.
    allowed_prefixes = ("/konto/", "/static/", "/media/", "/i18n/", "/healthz", "/seite/")

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            user.is_authenticated
            and not request.path.startswith(self.allowed_prefixes)
            and permissions.has_staff_role(user)
            and not selectors.user_has_totp(user)
        ):
            messages.warning(
                request,
                _("Your role gives you access to other people's data. Please set up two-factor authentication first."),
            )
            return redirect(reverse("mfa_activate_totp"))
        return self.get_response(request)
