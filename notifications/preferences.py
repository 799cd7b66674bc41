"""Topics people can hear about, and how often each person wants to.

An app registers a topic ("comments on my ideas") with a default frequency; each
person may choose immediately, once a day in a summary, or not at all, per topic
(``Preference`` rows; no row means the default). The outbox knows topics by name
only: what a topic means is the registering app's business.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django_stubs_ext import StrOrPromise

from core.navigation import everyone
from notifications.models import Frequency, Preference

# The daily summary is itself a topic of this app: unsubscribing from it turns off
# every topic the person had put into the summary.
DIGEST = "digest"


@dataclass(frozen=True)
class Topic:
    name: str
    label: StrOrPromise
    help_text: StrOrPromise = ""
    default: str = Frequency.IMMEDIATELY
    # Whether the person can receive this at all (for example: moderators only); others do not see it.
    visible: Callable[[Any], bool] = everyone
    order: int = 100


_topics: dict[str, Topic] = {}


def register(topic: Topic) -> None:
    _topics[topic.name] = topic


def get(name: str) -> Topic | None:
    return _topics.get(name)


def topics_for(user: Any) -> list[Topic]:
    return sorted((t for t in _topics.values() if t.visible(user)), key=lambda t: (t.order, t.name))


def frequencies_of(user: Any) -> dict[str, str]:
    """Every registered topic with this person's frequency (their choice, else the default)."""
    chosen = dict(Preference.objects.filter(user_id=user.pk).values_list("topic", "frequency"))
    return {name: chosen.get(name, topic.default) for name, topic in _topics.items()}


def frequency_of(user: Any, topic: str) -> str:
    registered = _topics.get(topic)
    if registered is None:
        raise LookupError(f"no topic {topic!r} is registered")
    chosen = Preference.objects.filter(user_id=user.pk, topic=topic).values_list("frequency", flat=True).first()
    return chosen or registered.default


@transaction.atomic
def preferences_set(*, user: Any, choices: dict[str, str]) -> None:
    """Store this person's choice per topic; unknown topics and frequencies are refused."""
    for topic, frequency in choices.items():
        if topic not in _topics or frequency not in Frequency.values:
            raise ValueError(f"unknown topic or frequency: {topic!r}={frequency!r}")
        Preference.objects.update_or_create(user_id=user.pk, topic=topic, defaults={"frequency": frequency})


def unsubscribe(*, user: Any, topic: str) -> list[str]:
    """Turn one topic off, or for ``DIGEST`` every topic that went into the daily summary; returns the topics."""
    if topic == DIGEST:
        current = frequencies_of(user)
        names = [topic.name for topic in topics_for(user) if current[topic.name] == Frequency.DAILY]
    elif topic in _topics:
        names = [topic]
    else:
        raise LookupError(f"no topic {topic!r} is registered")
    preferences_set(user=user, choices=dict.fromkeys(names, Frequency.OFF))
    return names
