from __future__ import annotations

from typing import Any

from allauth.account.forms import SignupForm as AllauthSignupForm
from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from accounts.models import Role, User
from helpdesk.models import Office
from participation.models import Project


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
        help_texts = {
            "phone": _("Optional. Office staff may call you about your appointments."),
        }

    preferred_language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES)


class MembershipForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address of the person"))
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    project = forms.ModelChoiceField(
        label=_("Project (for moderators)"), queryset=Project.objects.all(), required=False
    )
    office = forms.ModelChoiceField(
        label=_("Office (for coordinators and volunteers)"), queryset=Office.objects.all(), required=False
    )

    def clean_email(self) -> User:
        from accounts.selectors import user_by_email

        user = user_by_email(self.cleaned_data["email"])
        if user is None:
            raise forms.ValidationError(_("There is no account with this e-mail address."))
        return user

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        role = data.get("role")
        if role == Role.MODERATOR and not data.get("project"):
            self.add_error("project", _("Choose the project this person moderates."))
        if role in (Role.COORDINATOR, Role.VOLUNTEER) and not data.get("office"):
            self.add_error("office", _("Choose the office for this role."))
        return data


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
