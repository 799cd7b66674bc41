from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, cast

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from core.honeypot import HoneypotMixin
from core.phones import PhoneField
from helpdesk import selectors
from helpdesk.models import Channel, Device, Office, Slot, SlotKind, Topic, Weekday

# Django's own German message says "du"; everything else here says "Sie".
EMAIL_ERRORS = {"invalid": _("Please enter a complete e-mail address, for example name@example.org.")}

# Someone must be able to reach the person: the office by phone, or the site by e-mail.
REACHABLE = _("Please give a phone number or an e-mail address, so that the office can reach you.")

WEEKDAYS = Weekday.choices


class ChooseForm(forms.Form):
    """Step 2: what do you need help with, on which device?"""

    topic = forms.ModelChoiceField(
        label=_("What do you need help with?"),
        queryset=Topic.objects.none(),
        widget=forms.RadioSelect,
        required=False,
        empty_label=None,
    )
    device = forms.ChoiceField(
        label=_("Which device do you use?"),
        choices=Device.choices,
        widget=forms.RadioSelect,
        required=False,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.ModelChoiceField, self.fields["topic"])
        field.queryset = selectors.topics()

    def option_groups(self) -> list[OptionGroup]:
        """Both questions as plain data, so the page writes its radio buttons in one loop.

        Django's widget templates render one template per radio button; on the free-times
        page, which everybody opens, that was most of the rendering time.
        """
        chosen = {name: str(self.data.get(name, "")) if self.is_bound else "" for name in ("topic", "device")}
        topic_field = cast(forms.ModelChoiceField, self.fields["topic"])
        topics = [(str(pk), name) for pk, name in selectors.topics().values_list("pk", "name")]
        return [
            OptionGroup.of("topic", str(topic_field.label), topics, chosen["topic"]),
            OptionGroup.of(
                "device", str(self.fields["device"].label), [(k, str(v)) for k, v in Device.choices], chosen["device"]
            ),
        ]


@dataclass(frozen=True)
class Option:
    value: str
    label: str
    checked: bool
    id: str


@dataclass(frozen=True)
class OptionGroup:
    name: str
    legend: str
    options: list[Option]

    @classmethod
    def of(cls, name: str, legend: str, choices: list[tuple[str, str]], chosen: str) -> OptionGroup:
        return cls(
            name=name,
            legend=legend,
            options=[
                Option(value=value, label=label, checked=value == chosen, id=f"id_{name}_{index}")
                for index, (value, label) in enumerate(choices)
            ],
        )


class DetailsForm(forms.Form):
    name = forms.CharField(label=_("Your name"), max_length=120, widget=forms.TextInput(attrs={"autocomplete": "name"}))
    phone = PhoneField(
        label=_("Your phone number"),
        required=False,
        help_text=_(
            "With the area code, for example 0631 123456. A mobile number gets a reminder by text message; "
            "on a landline the office calls you."
        ),
    )
    email = forms.EmailField(
        label=_("Your e-mail address"),
        required=False,
        error_messages=EMAIL_ERRORS,
        help_text=_("If you give one, you get the confirmation and a reminder by e-mail."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    note = forms.CharField(
        label=_("Anything we should know?"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For example: I bring my own phone."),
    )
    needs_loan_device = forms.BooleanField(
        label=_("I would like to borrow a tablet for the appointment"), required=False
    )
    consent = forms.BooleanField(
        label=_("I agree that the office stores my details to arrange this appointment."),
        help_text=_("They are deleted when no longer needed. You can ask for this at any time."),
    )

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # A signed-in person can always be reached through their account's e-mail address.
        self.has_account = bool(user is not None and user.is_authenticated)
        if self.has_account:
            self.fields["name"].initial = user.display_name
            self.fields["phone"].initial = user.phone
            self.fields["email"].initial = user.email

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not self.has_account and "phone" in data and "email" in data and not data["phone"] and not data["email"]:
            self.add_error("phone", REACHABLE)
        return data


class GuestDetailsForm(HoneypotMixin, DetailsForm):
    """The public booking form: with the honeypot field that people never see."""


class CallerDetailsForm(forms.Form):
    """The phone desk's last step: the caller's details, typed by office staff while on the phone."""

    name = forms.CharField(
        # The caller is on the line: the cursor waits in the first field.
        label=_("Name of the caller"),
        max_length=120,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autofocus": True}),
    )
    phone = PhoneField(
        label=_("Phone number of the caller"),
        required=False,
        help_text=_(
            "With the area code. A landline is reminded by a call from the office, a mobile by SMS. "
            "A phone number or an e-mail address is needed."
        ),
    )
    email = forms.EmailField(
        label=_("E-mail address of the caller"),
        required=False,
        error_messages=EMAIL_ERRORS,
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )
    note = forms.CharField(
        label=_("Note for the volunteer"), required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 3})
    )
    needs_loan_device = forms.BooleanField(label=_("The caller would like to borrow a tablet"), required=False)
    channel = forms.ChoiceField(
        label=_("The person booked"),
        choices=[(Channel.PHONE, Channel.PHONE.label), (Channel.WALK_IN, Channel.WALK_IN.label)],
        initial=Channel.PHONE,
        widget=forms.RadioSelect,
        required=False,  # on the phone, unless someone is standing at the desk
    )
    consent = forms.BooleanField(label=_("The caller agreed that we store these details for the appointment."))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if "phone" in data and "email" in data and not data["phone"] and not data["email"]:
            self.add_error("phone", _("Please give the caller's phone number or e-mail address."))
        return data


def slot_label(slot: Slot) -> str:
    start = timezone.localtime(slot.starts_at)
    label = f"{date_format(start, 'D d.m.Y')} {start:%H:%M}"
    if slot.kind == SlotKind.WORKSHOP:
        label += f" – {slot.title or slot.get_kind_display()} ({slot.free_places})"
    return label


class CancelForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), required=False, max_length=300)


class StaffCancelForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=300)


class MoveForm(forms.Form):
    slot = forms.ModelChoiceField(label=_("New appointment"), queryset=Slot.objects.none(), widget=forms.RadioSelect)

    def __init__(self, *args: Any, slots: QuerySet[Slot], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.ModelChoiceField, self.fields["slot"])
        field.queryset = slots
        field.label_from_instance = slot_label  # type: ignore[method-assign,assignment]


class WaitlistForm(HoneypotMixin, forms.Form):
    day = forms.DateField(
        label=_("Which day would suit you?"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    topic = forms.ModelChoiceField(label=_("Topic"), queryset=Topic.objects.none(), required=False)
    device = forms.ChoiceField(label=_("Device"), choices=[("", "–"), *Device.choices], required=False)
    name = forms.CharField(label=_("Your name"), max_length=120, widget=forms.TextInput(attrs={"autocomplete": "name"}))
    phone = PhoneField(
        label=_("Your phone number"),
        required=False,
        help_text=_(
            "With the area code, for example 0631 123456. We need a phone number or an e-mail address to tell you "
            "about a free place."
        ),
    )
    email = forms.EmailField(
        label=_("Your e-mail address"),
        required=False,
        error_messages=EMAIL_ERRORS,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    consent = forms.BooleanField(label=_("I agree that the office stores my details for the waitlist."))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.ModelChoiceField, self.fields["topic"])
        field.queryset = selectors.topics()

    def clean_day(self) -> dt.date:
        day: dt.date = self.cleaned_data["day"]
        if day < timezone.localdate():
            raise forms.ValidationError(_("Please choose a day from today on."))
        return day

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if "phone" in data and "email" in data and not data["phone"] and not data["email"]:
            self.add_error("phone", REACHABLE)
        return data


class OfferAcceptForm(forms.Form):
    consent = forms.BooleanField(label=_("I agree that the office stores my details to arrange this appointment."))


class OutcomeForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Did the person come?"),
        choices=[("attended", _("Yes, came")), ("no_show", _("No, did not come"))],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(label=_("Short note"), required=False, max_length=300)


class AvailabilityForm(forms.Form):
    office = forms.ModelChoiceField(label=_("Office"), queryset=Office.objects.none())
    weekday = forms.TypedChoiceField(label=_("Weekday"), choices=WEEKDAYS, coerce=int)
    start_time = forms.TimeField(label=_("From"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))
    end_time = forms.TimeField(label=_("Until"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))
    slot_minutes = forms.TypedChoiceField(
        label=_("Length of an appointment"),
        choices=[(30, _("30 minutes")), (45, _("45 minutes")), (60, _("60 minutes")), (90, _("90 minutes"))],
        coerce=int,
        initial=60,
    )

    def __init__(self, *args: Any, offices: QuerySet[Office], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.ModelChoiceField, self.fields["office"])
        field.queryset = offices

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start_time"), data.get("end_time")
        if start and end and end <= start:
            self.add_error("end_time", _("The end must be after the start."))
        return data


class StaffAvailabilityForm(AvailabilityForm):
    volunteer = forms.ModelChoiceField(label=_("Volunteer"), queryset=User.objects.none())
    field_order = ["volunteer", "office", "weekday", "start_time", "end_time", "slot_minutes"]

    def __init__(self, *args: Any, volunteers: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.ModelChoiceField, self.fields["volunteer"])
        field.queryset = volunteers
        self.fields["office"].widget = forms.HiddenInput()


class AbsenceForm(forms.Form):
    starts_on = forms.DateField(label=_("First day"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    ends_on = forms.DateField(label=_("Last day"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    note = forms.CharField(label=_("Note"), required=False, max_length=200)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("starts_on"), data.get("ends_on")
        if start and end and end < start:
            self.add_error("ends_on", _("The last day must not be before the first day."))
        return data


class VolunteerProfileForm(forms.Form):
    topics = forms.ModelMultipleChoiceField(
        label=_("Topics I help with"),
        queryset=Topic.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    devices = forms.MultipleChoiceField(
        label=_("Devices I know"), choices=Device.choices, widget=forms.CheckboxSelectMultiple, required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.ModelMultipleChoiceField, self.fields["topics"])
        field.queryset = selectors.topics()


class WorkshopForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=160)
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=[(SlotKind.WORKSHOP, SlotKind.WORKSHOP.label), (SlotKind.OPEN_HOUR, SlotKind.OPEN_HOUR.label)],
    )
    weekday = forms.TypedChoiceField(label=_("Weekday"), choices=WEEKDAYS, coerce=int)
    start_time = forms.TimeField(label=_("From"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))
    end_time = forms.TimeField(label=_("Until"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))
    capacity = forms.IntegerField(label=_("Seats"), min_value=1, max_value=100, initial=8)
    topics = forms.ModelMultipleChoiceField(
        label=_("Topics"), queryset=Topic.objects.none(), widget=forms.CheckboxSelectMultiple, required=False
    )
    volunteers = forms.ModelMultipleChoiceField(
        label=_("Volunteers"), queryset=User.objects.none(), widget=forms.CheckboxSelectMultiple, required=False
    )

    def __init__(self, *args: Any, volunteers: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        topics = cast(forms.ModelMultipleChoiceField, self.fields["topics"])
        topics.queryset = selectors.topics()
        people = cast(forms.ModelMultipleChoiceField, self.fields["volunteers"])
        people.queryset = volunteers

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start_time"), data.get("end_time")
        if start and end and end <= start:
            self.add_error("end_time", _("The end must be after the start."))
        return data
