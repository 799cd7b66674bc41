from __future__ import annotations

from typing import Any, cast

from allauth.account.forms import SignupForm as AllauthSignupForm
from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from accounts import roles as role_registry
from accounts.models import User
from core.phones import PhoneField


class SignupForm(AllauthSignupForm):
    display_name = forms.CharField(
        label=_("Your name as others will see it"),
        max_length=120,
        required=False,
        help_text=_("Optional. For example your first name."),
    )
    privacy_consent = forms.BooleanField(
        label=_("I have read the privacy notice and agree that my data is stored for my account."),
        required=True,
        error_messages={"required": _("Please agree to the privacy notice to create an account.")},
    )


class ProfileForm(forms.ModelForm[User]):
    class Meta:
        model = User
        fields = ["display_name", "phone", "preferred_language"]

    phone = PhoneField(
        label=_("Phone"),
        required=False,
        help_text=_(
            "Optional, with the area code, for example 0631 123456. Office staff may call you about your appointments."
        ),
    )
    preferred_language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES)


class RoleGrantForm(forms.Form):
    """Give a person a role for one project or office; the choices come from the wings' role providers."""

    email = forms.EmailField(label=_("E-mail address of the person"))
    grant = forms.ChoiceField(
        label=_("Role"),
        help_text=_("Moderators moderate one project; coordinators and volunteers work at one office."),
        error_messages={"required": _("Choose the role and the project or office.")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # One list, grouped by role, with "role:id" values: works without JavaScript and cannot mismatch.
        groups: list[tuple[str, list[tuple[str, str]]]] = [("", [("", "---------")])]
        for kind in role_registry.kinds():
            provider = role_registry.provider_for(kind.key)
            options = provider.scope_choices(kind.key) if provider else []
            groups.append((str(kind.label), [(f"{kind.key}:{pk}", label) for pk, label in options]))
        cast(forms.ChoiceField, self.fields["grant"]).choices = groups

    def clean_email(self) -> User:
        from accounts.selectors import user_by_email

        user = user_by_email(self.cleaned_data["email"])
        if user is None:
            raise forms.ValidationError(_("There is no account with this e-mail address."))
        return user

    def clean_grant(self) -> tuple[str, int]:
        role, _sep, scope_id = str(self.cleaned_data["grant"]).partition(":")
        return role, int(scope_id)


class AdministratorForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address of the person"))

    def clean_email(self) -> User:
        from accounts.selectors import user_by_email

        user = user_by_email(self.cleaned_data["email"])
        if user is None:
            raise forms.ValidationError(_("There is no account with this e-mail address."))
        return user


class AccountDeleteForm(forms.Form):
    password = forms.CharField(label=_("Your password"), widget=forms.PasswordInput)

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self) -> str:
        password: str = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("The password is not correct."))
        return password
