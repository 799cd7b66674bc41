"""The coordinators' forms for the waitlist: a call, a note, removing someone, offering a freed place."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils import formats, timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from helpdesk.models import Slot


class WaitlistCallForm(forms.Form):
    text = forms.CharField(
        label=_("What was said (optional)"),
        required=False,
        max_length=500,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )


class WaitlistNoteForm(forms.Form):
    text = forms.CharField(label=_("Note"), max_length=500, widget=forms.TextInput(attrs={"autocomplete": "off"}))


class WaitlistRemoveForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for removing"),
        max_length=300,
        help_text=_("For example: found another appointment, asked to be removed, cannot be reached."),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )


class SlotChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        start = timezone.localtime(obj.starts_at)
        end = timezone.localtime(obj.ends_at)
        return f"{formats.date_format(start, gettext('l, j F Y'))}, {start:%H:%M}–{end:%H:%M}"


class WaitlistOfferForm(forms.Form):
    OFFER, BOOK = "offer", "book"

    slot = SlotChoiceField(
        label=_("Free time"), queryset=Slot.objects.none(), widget=forms.RadioSelect, empty_label=None
    )
    how = forms.ChoiceField(
        label=_("How"),
        widget=forms.RadioSelect,
        choices=[
            (BOOK, _("The person said yes on the phone: book now")),
            (OFFER, _("Send the offer: the place is held until the offer ends")),
        ],
    )

    def __init__(self, *args: Any, slots: list[Slot], phone_only: bool, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault("how", self.BOOK if phone_only else self.OFFER)
        super().__init__(*args, **kwargs)
        field = cast(forms.ModelChoiceField, self.fields["slot"])
        field.queryset = Slot.objects.filter(pk__in=[slot.pk for slot in slots]).order_by("starts_at", "pk")
