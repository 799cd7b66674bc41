"""The hours confirmation for the Ehrenamtskarte: read back from the PDF as a person (or an office) would."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.test import override_settings
from django.utils import timezone, translation
from pypdf import PdfReader

from helpdesk import hours, hours_pdf
from helpdesk.models import BookingStatus, SlotKind
from tests.factories import BookingFactory, OfficeFactory, SlotFactory
from tests.helpdesk.factories import helper_at

pytestmark = pytest.mark.django_db
LETTERHEAD = ["Stadtverwaltung Kaiserslautern", "Digitale Hilfe · herzlich digital"]


def text_of(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    return "\n".join(page.extract_text() for page in reader.pages)


def one_line(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture
def confirmation_parts():
    office = OfficeFactory.create(
        name="Stadtteilbüro Grübentälchen", address="Kantstraße 59\n67663 Kaiserslautern", phone="0631 365-4411"
    )
    other = OfficeFactory.create(name="Stadtteilbüro Innenstadt West")
    volunteer = helper_at(office, display_name="Jürgen Übermuth")
    march = dt.date(2026, 3, 10)
    april = dt.date(2026, 4, 14)

    def slot(office, day, hour, minutes, kind=SlotKind.ONE_TO_ONE):
        start = timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))
        made = SlotFactory.create(
            office=office, kind=kind, capacity=8, starts_at=start, ends_at=start + dt.timedelta(minutes=minutes)
        )
        made.volunteers.add(volunteer)
        return made

    BookingFactory.create(slot=slot(office, march, 10, 60), status=BookingStatus.ATTENDED)
    BookingFactory.create(slot=slot(office, march, 11, 60), status=BookingStatus.NO_SHOW)
    slot(other, april, 14, 120, kind=SlotKind.OPEN_HOUR)
    period = hours.Period(dt.date(2026, 1, 1), dt.date(2026, 4, 30))
    found = hours.entries(period=period, volunteer_ids=[volunteer.pk])
    return {"volunteer": volunteer, "office": office, "period": period, "found": found}


def render(parts, *, language="de", signer="Karin Koordinatorin"):
    with translation.override(language), override_settings(HELPDESK_LETTERHEAD=LETTERHEAD):
        confirmation = hours_pdf.build(**parts, signer=signer, today=dt.date(2026, 5, 4))
        return hours_pdf.render(confirmation)


def test_the_german_confirmation_names_person_period_hours_office_and_signer(confirmation_parts):
    pdf = render(confirmation_parts)
    assert pdf.startswith(b"%PDF-")
    text = one_line(text_of(pdf))

    assert "Stadtverwaltung Kaiserslautern" in text
    assert "Stadtteilbüro Grübentälchen · Kantstraße 59 · 67663 Kaiserslautern · Telefon 0631 365-4411" in text
    assert "Bestätigung über ehrenamtliche Tätigkeit" in text
    assert "Jürgen Übermuth" in text
    assert "vom 1. Januar 2026 bis 30. April 2026" in text
    assert "März 2026 2,0 1 1 0 0" in text  # one appointment, one no-show waited for: two hours
    assert "April 2026 2,0 0 0 0 1" in text  # an open hour on duty at the other office
    assert "Summe 4,0 1 1 0 1" in text
    assert "Stadtteilbüro Innenstadt West 2,0" in text  # hours per office when there are several
    assert "Insgesamt 4,0 Stunden, im Durchschnitt 0,2 Stunden pro Woche." in text
    assert "Kaiserslautern, 4. Mai 2026" in text
    assert "Karin Koordinatorin" in text
    assert "Koordination, Stadtteilbüro Grübentälchen" in text
    assert "{{" not in text and "{%" not in text


def test_the_english_confirmation_is_complete(confirmation_parts):
    text = one_line(text_of(render(confirmation_parts, language="en")))

    assert "Confirmation of volunteer work" in text
    assert "from Jan. 1, 2026 to April 30, 2026" in text
    assert "March 2026 2.0 1 1 0 0" in text
    assert "Total 4.0 1 1 0 1" in text
    assert "Coordination, Stadtteilbüro Grübentälchen" in text


def test_letters_the_pdf_font_lacks_lose_their_accent_not_the_name(confirmation_parts):
    confirmation_parts["volunteer"].display_name = "Łukasz Wąsik"
    text = one_line(text_of(render(confirmation_parts, signer="Zoë Ğülşen")))

    assert "Lukasz Wasik" in text
    assert "Zoë Gülsen" in text


def test_an_empty_period_still_gives_a_confirmation_with_zero_hours(confirmation_parts):
    confirmation_parts["period"] = hours.Period(dt.date(2025, 1, 1), dt.date(2025, 12, 31))
    confirmation_parts["found"] = []
    text = one_line(text_of(render(confirmation_parts)))

    assert "Summe 0,0 0 0 0 0" in text
    assert "Insgesamt 0,0 Stunden" in text
