from __future__ import annotations

from types import SimpleNamespace
from typing import Any
from urllib.parse import urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import get_language

from accounts import permissions
from accounts import roles as role_registry
from accounts.emails import sender_address
from accounts.middleware import speak_preferred_language


def _on_site_url(value: str, request_host: str) -> str:
    """An address allauth built from the request, moved to ``SITE_URL`` (the address people know)."""
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or parts.netloc != request_host:
        return value
    tail = value[len(f"{parts.scheme}://{parts.netloc}") :]
    return f"{settings.SITE_URL}{tail}"


class AccountAdapter(DefaultAccountAdapter):
    def save_user(self, request: HttpRequest, user: Any, form: Any, commit: bool = True) -> Any:
        user = super().save_user(request, user, form, commit=False)
        user.display_name = form.cleaned_data.get("display_name", "").strip()
        language = (get_language() or "de")[:2]
        user.preferred_language = language if language in {"de", "en"} else "de"
        if commit:
            user.save()
        return user

    def login(self, request: HttpRequest, user: Any) -> None:
        super().login(request, user)
        # allauth writes "Successfully signed in" right after this: in the language the next page speaks.
        speak_preferred_language(request, user)

    def get_login_redirect_url(self, request: HttpRequest) -> str:
        """Without a ``next``, people with a role begin where their work is (a coordinator at the office's plan,
        a volunteer at their appointments, a moderator at the queue); everyone else at their profile."""
        held = frozenset(role for role, scopes in permissions.roles_of(request.user).scopes.items() if scopes)
        start = role_registry.start_url_for(held)
        return reverse(start) if start else super().get_login_redirect_url(request)

    def get_from_email(self) -> str:
        return sender_address()

    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        """allauth's e-mails as the city's: its name and address, links to ``SITE_URL``, the person's language.

        Without this, allauth greets with the host of the request ("Hallo von 127.0.0.1:8201!")
        and links to whatever address the request came in on.
        """
        request = self.request
        host = request.get_host() if request is not None else ""
        context = {
            key: _on_site_url(value, host) if isinstance(value, str) and host else value
            for key, value in context.items()
        }
        site_host = urlsplit(settings.SITE_URL).netloc
        context.update(
            {
                "site_name": settings.SITE_NAME,
                "site_url": settings.SITE_URL,
                "current_site": SimpleNamespace(name=settings.SITE_NAME, domain=site_host),
            }
        )
        user = context.get("user")
        language = getattr(user, "preferred_language", None) or get_language() or settings.LANGUAGE_CODE
        with translation.override(language):
            super().send_mail(template_prefix, email, context)
