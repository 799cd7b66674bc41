"""Forms of the coordinators' calendar page: opening hours, closures, extra dates."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from helpdesk.forms import WEEKDAYS
from helpdesk.models import SlotKind


def _date_input() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _time_input() -> forms.TimeInput:
    return forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


class _Ordered(forms.Form):
    """Checks that a range ends after it starts; ``first``/``last`` name the two fields."""

    first = "opens"
    last = "closes"
    message = _("The end must be after the start.")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get(self.first), data.get(self.last)
        if start is not None and end is not None and end <= start:
            self.add_error(self.last, self.message)
        return data


class OpeningHoursForm(_Ordered):
    weekday = forms.TypedChoiceField(label=_("Weekday"), choices=WEEKDAYS, coerce=int)
    opens = forms.TimeField(label=_("Opens at"), widget=_time_input())
    closes = forms.TimeField(label=_("Closes at"), widget=_time_input())


class ClosureForm(forms.Form):
    starts_on = forms.DateField(label=_("First closed day"), widget=_date_input())
    ends_on = forms.DateField(
        label=_("Last closed day"),
        required=False,
        widget=_date_input(),
        help_text=_("Leave empty to close a single day."),
    )
    reason = forms.CharField(
        label=_("Reason"), max_length=120, help_text=_("Shown to the public, for example: Christmas holidays.")
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        first: dt.date | None = data.get("starts_on")
        if first is not None:
            if first < timezone.localdate():
                self.add_error("starts_on", _("Please choose a day from today on."))
            data["ends_on"] = data.get("ends_on") or first
            if data["ends_on"] < first:
                self.add_error("ends_on", _("The last day must not be before the first day."))
        return data


class ExtraDateForm(_Ordered):
    day = forms.DateField(label=_("Day"), widget=_date_input())
    opens = forms.TimeField(label=_("From"), widget=_time_input())
    closes = forms.TimeField(label=_("Until"), widget=_time_input())
    title = forms.CharField(label=_("Title"), max_length=160, help_text=_("For example: Photo afternoon."))
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=[(SlotKind.OPEN_HOUR, SlotKind.OPEN_HOUR.label), (SlotKind.WORKSHOP, SlotKind.WORKSHOP.label)],
    )
    capacity = forms.IntegerField(label=_("Seats"), min_value=1, max_value=100, initial=8)

    def clean_day(self) -> dt.date:
        day: dt.date = self.cleaned_data["day"]
        if day < timezone.localdate():
            raise forms.ValidationError(_("Please choose a day from today on."))
        return day
