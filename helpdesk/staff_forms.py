"""Forms of an office's working day: open-hour visitors, hours periods, substitutes, the calendar feed."""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from helpdesk import selectors
from helpdesk.hours import Period
from helpdesk.models import Device
from helpdesk.services.walk_ins import MAX_GROUP

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
# A confirmation covers at most this long: enough for "the last two years", small enough to stay one page.
LONGEST_PERIOD = dt.timedelta(days=3 * 366)


class WalkInForm(forms.Form):
    count = forms.IntegerField(
        label=_("How many people?"),
        min_value=1,
        max_value=MAX_GROUP,
        initial=1,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    topic = forms.ModelChoiceField(
        label=_("What did they need help with?"), queryset=selectors.topics().none(), required=False
    )
    device = forms.ChoiceField(
        label=_("Device"), choices=[("", _("– Please choose –")), *Device.choices], required=False
    )
    first_name = forms.CharField(
        label=_("First name"),
        max_length=60,
        required=False,
        help_text=_("Only if the person agrees. Leave it empty for a group."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.ModelChoiceField, self.fields["topic"])
        field.queryset = selectors.topics()


class PeriodForm(forms.Form):
    """The days a list of hours or a confirmation covers; read from the address (GET)."""

    von = forms.DateField(label=_("From"), widget=DATE_INPUT)
    bis = forms.DateField(label=_("Until"), widget=DATE_INPUT)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        first, last = data.get("von"), data.get("bis")
        if first and last:
            if last < first:
                self.add_error("bis", _("The last day must not be before the first day."))
            elif last - first > LONGEST_PERIOD:
                self.add_error("bis", _("Please choose at most three years."))
        return data

    def period(self) -> Period:
        """The chosen period, or this year so far when nothing (valid) was chosen."""
        if self.is_bound and self.is_valid():
            return Period(self.cleaned_data["von"], self.cleaned_data["bis"])
        return Period.this_year()


def period_form(params: Any) -> PeriodForm:
    """Bound when the address names a period; otherwise showing this year so far."""
    if "von" in params or "bis" in params:
        return PeriodForm(params)
    default = Period.this_year(timezone.localdate())
    return PeriodForm(initial={"von": default.first_day, "bis": default.last_day})


class SubstituteSearchForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (for the coordinator)"),
        max_length=300,
        required=False,
        help_text=_("For example: ill, family matter. Other volunteers do not see it."),
    )


class AssignForm(forms.Form):
    volunteer = forms.ModelChoiceField(label=_("Volunteer"), queryset=User.objects.none())

    def __init__(self, *args: Any, volunteers: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.ModelChoiceField, self.fields["volunteer"])
        field.queryset = volunteers


class FeedForm(forms.Form):
    feed_free_slots = forms.BooleanField(
        label=_("Show times at which nobody has booked yet, marked as “free”"), required=False
    )
