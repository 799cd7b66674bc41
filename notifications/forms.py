"""The form of a person's notification settings: one choice of frequency per topic."""

from __future__ import annotations

from typing import Any

from django import forms

from notifications import preferences
from notifications.models import Frequency


class PreferencesForm(forms.Form):
    def __init__(self, data: Any = None, *, user: Any, **kwargs: Any) -> None:
        current = preferences.frequencies_of(user)
        self.topics = preferences.topics_for(user)
        if data is not None:
            # A topic left out of the POST keeps its current frequency (and shows it again after an error).
            data = data.copy()
            for topic in self.topics:
                data.setdefault(topic.name, current[topic.name])
        super().__init__(data, **kwargs)
        for topic in self.topics:
            self.fields[topic.name] = forms.ChoiceField(
                label=topic.label,
                help_text=topic.help_text,
                choices=Frequency.choices,
                initial=current[topic.name],
                widget=forms.RadioSelect,
            )
