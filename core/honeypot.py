"""A form field people never see: a bot that fills in every field gives itself away.

Add ``HoneypotMixin`` to a public form, render the field with
``{% include "core/_honeypot.html" with field=form.website %}`` and, in the view,
answer ``honeypot_response(request)`` when ``form.is_spam()`` is true, before
anything is saved. The refusal is a 400 with a plain message, so a person whose
browser filled the field in by mistake knows what to do.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.ratelimit import refused_response

HONEYPOT_FIELD = "website"


class HoneypotMixin(forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields[HONEYPOT_FIELD] = forms.CharField(
            label=gettext_lazy("Please leave this field empty"), required=False, max_length=200
        )

    def is_spam(self) -> bool:
        return bool(self.is_bound and str(self.data.get(HONEYPOT_FIELD, "")).strip())


def honeypot_response(request: HttpRequest) -> HttpResponse:
    return refused_response(
        request,
        heading=_("Your entry was not accepted"),
        message=_(
            "Our spam filter stopped this entry because a hidden field was filled in. If you are a person, "
            "please go back, reload the page and send your entry again."
        ),
        status=400,
    )


def has_verified_email(user: Any) -> bool:
    """New accounts may post only once they confirmed their e-mail address (allauth's EmailAddress)."""
    from allauth.account.models import EmailAddress

    return bool(
        getattr(user, "is_authenticated", False) and EmailAddress.objects.filter(user=user, verified=True).exists()
    )


def unverified_message() -> str:
    return _(
        "Please confirm your e-mail address first: open the link in the e-mail we sent you. "
        "You can send the e-mail again on the page “E-mail addresses” of your account."
    )


def unverified_response(request: HttpRequest) -> HttpResponse:
    return refused_response(
        request, heading=_("Please confirm your e-mail address"), message=unverified_message(), status=403
    )


def guard(
    request: HttpRequest, *, action: str, form: HoneypotMixin | None = None, require_verified: bool = True
) -> HttpResponse | None:
    """The refusal for a spam-suspicious POST, or None when it may go ahead.

    In this order: a filled-in honeypot (400), an unconfirmed e-mail address (403;
    not asked of guests who book without an account). The rate limit is counted later,
    with ``ratelimit.hit`` once the form is valid, so that typing mistakes cost nothing.
    """
    if form is not None and form.is_spam():
        return honeypot_response(request)
    if require_verified and not has_verified_email(request.user):
        return unverified_response(request)
    return None
