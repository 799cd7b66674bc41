"""What volunteers, seniors and coordinators receive during a substitute search, read in both languages."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.conf import settings
from django.utils import timezone

from helpdesk import services
from helpdesk.models import SubstituteInvite
from notifications import channels, registry
from notifications.models import Channel, OutboxMessage
from tests.factories import OfficeFactory, coordinator_of
from tests.helpdesk.factories import TopicFactory, helper_at, one_to_one

pytestmark = pytest.mark.django_db
LEFTOVER = re.compile(r"\{\{|\}\}|\{%|%\}")
LINK = re.compile(r"https?://\S+")


@pytest.fixture
def search():
    office = OfficeFactory.create(
        name="Stadtteilbüro Grübentälchen", address="Kantstraße 59\n67663 Kaiserslautern", phone="0631 365-4411"
    )
    topic = TopicFactory.create(name="Online-Banking")
    anna = helper_at(office, topics=[topic], display_name="Anna App")
    helper_at(office, topics=[topic], display_name="Bernd Brandt", phone="0160 1234567")
    coordinator_of(office, display_name="Karin Koordinatorin")
    slot = one_to_one(office, anna, starts_at=timezone.now() + dt.timedelta(days=5))
    booking = services.booking_create(
        slot=slot, name="Hilde Hausmann", phone="0631 424242", topic=topic, device="android", consent=True
    )
    return services.substitute_search_start(booking=booking, volunteer=anna, reason="Grippe")


def read(message: OutboxMessage, language: str) -> dict[str, str]:
    message.language = language
    kind = registry.get(message.kind)
    assert kind is not None
    context = kind.build_context(message)
    assert context is not None, f"{message.kind} does not apply"
    rendered = channels.render(message, kind, context)
    return {part: rendered.get(part) or "" for part in ("subject", "text", "sms", "call")}


def check_readable(parts: dict[str, str]) -> None:
    for name, text in parts.items():
        assert not LEFTOVER.search(text), f"template syntax left in {name}: {text}"
        for link in LINK.findall(text):
            assert link.startswith(settings.SITE_URL), link


@pytest.mark.parametrize("language", ["de", "en"])
def test_the_colleague_is_asked_with_time_place_wish_and_a_one_click_link(search, language):
    invite = SubstituteInvite.objects.get(request=search, volunteer__display_name="Bernd Brandt")
    message = OutboxMessage.objects.get(kind="substitute_request", recipient_name="Bernd Brandt")
    assert message.channel == Channel.SMS

    parts = read(message, language)

    check_readable(parts)
    assert f"/hilfe/vertretung/{invite.token}/" in parts["sms"]
    assert "Online-Banking" in parts["sms"]
    assert "Stadtteilbüro Grübentälchen" in parts["sms"]
    assert "Kantstraße 59, 67663 Kaiserslautern" in parts["text"]
    assert "Hilde" in parts["text"]
    assert "Hausmann" not in parts["text"] + parts["sms"]  # colleagues learn the first name only
    assert "0631 424242" not in parts["text"] + parts["sms"]
    assert "Grippe" not in parts["text"] + parts["sms"]  # the reason is for the coordinator
    if language == "de":
        assert parts["subject"].startswith("Können Sie übernehmen?")
        assert "„Übernehme ich“" in parts["text"]


@pytest.mark.parametrize("language", ["de", "en"])
def test_the_senior_hears_the_appointment_stays_and_who_helps_now(search, language):
    services.substitute_accept(
        invite=SubstituteInvite.objects.get(request=search, volunteer__display_name="Bernd Brandt")
    )
    message = OutboxMessage.objects.get(kind="helper_changed")
    assert message.channel == Channel.CALL  # a landline: read out by the office

    parts = read(message, language)

    check_readable(parts)
    assert "Bernd" in parts["call"]
    assert "Brandt" not in parts["call"] + parts["text"]
    assert "http" not in parts["call"]  # nobody reads a web address out on the phone
    assert "Kantstraße 59, 67663 Kaiserslautern" in parts["text"]
    if language == "de":
        assert "Ihr Termin am" in parts["call"]
        assert "bleibt bestehen" in parts["call"]
        assert "Diesmal hilft Ihnen Bernd." in parts["call"]
    else:
        assert "stays as it is" in parts["call"]


@pytest.mark.parametrize("language", ["de", "en"])
def test_the_coordinator_is_told_when_nobody_took_over(search, language):
    services.substitutes_expire(now=search.deadline + dt.timedelta(minutes=1))
    message = OutboxMessage.objects.get(kind="substitute_none")

    parts = read(message, language)

    check_readable(parts)
    assert "Hilde Hausmann" in parts["text"]
    assert "0631 424242" in parts["text"]
    assert "Anna App" in parts["text"]
    assert "Grippe" in parts["text"]
    assert "/hilfe/buero/" in parts["text"]
    assert "Kantstraße 59, 67663 Kaiserslautern" in parts["text"]


def test_a_request_that_is_no_longer_open_is_not_sent(search):
    services.booking_cancel(booking=search.booking)
    message = OutboxMessage.objects.filter(kind="substitute_request").first()
    assert message is not None
    kind = registry.get("substitute_request")
    assert kind is not None
    assert kind.build_context(message) is None
