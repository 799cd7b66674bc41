"""The confirmation of a volunteer's hours for the Ehrenamtskarte, as a PDF.

Written with fpdf2 in the PDF's own core font (Helvetica, Windows-1252): no font file
ships with the site and nothing is fetched while rendering. Letters outside that
character set lose their accents rather than the text ("Łukasz" prints as "Lukasz").
The letterhead comes from the settings (``HELPDESK_LETTERHEAD``) and the issuing office.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import dataclass

from django.conf import settings
from django.utils import formats
from django.utils.translation import gettext as _
from fpdf import FPDF
from fpdf.enums import XPos, YPos
from fpdf.fonts import FontFace

from accounts.models import User
from helpdesk import hours
from helpdesk.models import Office

ENCODING = "windows-1252"
FONT = "Helvetica"


@dataclass
class Confirmation:
    volunteer: User
    period: hours.Period
    office: Office
    signer: str
    months: list[tuple[dt.date, hours.Totals]]
    offices: list[tuple[str, hours.Totals]]
    total: hours.Totals
    issued_on: dt.date


def build(
    *, volunteer: User, period: hours.Period, found: list[hours.Entry], office: Office, signer: str, today: dt.date
) -> Confirmation:
    names = dict(Office.objects.filter(pk__in={e.office_id for e in found}).values_list("pk", "name"))
    return Confirmation(
        volunteer=volunteer,
        period=period,
        office=office,
        signer=signer,
        months=hours.by_month(found),
        offices=sorted((names[pk], totals) for pk, totals in hours.by_office(found).items()),
        total=hours.total(found),
        issued_on=today,
    )


def printable(text: str) -> str:
    """``text`` in the core font's character set: accents dropped where a letter is missing, never an error."""
    try:
        text.encode(ENCODING)
        return text
    except UnicodeEncodeError:
        pass
    plain = []
    for char in text:
        try:
            char.encode(ENCODING)
            plain.append(char)
        except UnicodeEncodeError:
            base = "".join(c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c))
            plain.append(base if base and base.isascii() else {"ł": "l", "Ł": "L", "đ": "d", "Đ": "D"}.get(char, "?"))
    return "".join(plain)


def _hours(value: float) -> str:
    return formats.number_format(round(value, 1), 1)


def _date(value: dt.date) -> str:
    return formats.date_format(value, "DATE_FORMAT")


class _Letter(FPDF):
    footer_text = ""

    def footer(self) -> None:
        self.set_y(-15)
        self.set_font(FONT, size=8)
        self.set_text_color(90, 90, 90)
        self.cell(0, 5, self.footer_text, align="C")


def render(confirmation: Confirmation) -> bytes:
    """The PDF's bytes, in the active language."""
    c = confirmation
    pdf = _Letter(format="A4")
    pdf.core_fonts_encoding = ENCODING
    pdf.set_margins(20, 18, 20)
    pdf.set_auto_page_break(auto=True, margin=20)
    pdf.footer_text = printable(
        _("Created on %(date)s with %(site)s") % {"date": _date(c.issued_on), "site": settings.SITE_NAME}
    )
    title = _("Confirmation of volunteer work")
    pdf.set_title(printable(title))
    pdf.set_author(printable(", ".join(settings.HELPDESK_LETTERHEAD)))
    pdf.add_page()
    _letterhead(pdf, c.office)

    pdf.set_font(FONT, "B", 15)
    pdf.multi_cell(0, 8, printable(title), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(3)
    pdf.set_font(FONT, size=11)
    organisation = settings.HELPDESK_LETTERHEAD[0] if settings.HELPDESK_LETTERHEAD else settings.SITE_NAME
    intro = _(
        "We confirm that %(name)s worked as a volunteer in the digital help of %(organisation)s from "
        "%(first)s to %(last)s without pay: helping older people to use smartphones, tablets and computers "
        "in one-to-one appointments, workshops and open consultation hours."
    ) % {
        "name": c.volunteer.get_full_name(),
        "organisation": organisation,
        "first": _date(c.period.first_day),
        "last": _date(c.period.last_day),
    }
    pdf.multi_cell(0, 6, printable(intro), align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(4)

    headings = [_("Month"), _("Hours"), *(str(label) for label in hours.KIND_LABELS.values())]
    rows = [
        [formats.date_format(month, "F Y"), _hours(totals.total_hours), *map(str, totals.counts())]
        for month, totals in c.months
    ]
    rows.append([_("Total"), _hours(c.total.total_hours), *map(str, c.total.counts())])
    _table(pdf, headings, rows, widths=(36, 22, 26, 32, 26, 28), total_row=True)

    if len(c.offices) > 1:
        pdf.ln(4)
        _table(
            pdf,
            [_("Office"), _("Hours")],
            [[name, _hours(totals.total_hours)] for name, totals in c.offices],
            widths=(120, 50),
        )
    pdf.ln(5)
    summary = _("In all: %(hours)s hours, on average %(per_week)s hours a week.") % {
        "hours": _hours(c.total.total_hours),
        "per_week": _hours(c.total.total_hours / c.period.weeks if c.period.weeks else 0),
    }
    pdf.set_font(FONT, "B", 11)
    pdf.multi_cell(0, 6, printable(summary), align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font(FONT, size=10)
    explained = _(
        "Counted is the full time of each appointment at which the person came or was waited for, "
        "of each workshop held and of each open consultation hour on duty."
    )
    pdf.multi_cell(0, 5, printable(explained), align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    _signature(pdf, c)
    return bytes(pdf.output())


def _letterhead(pdf: FPDF, office: Office) -> None:
    lines = list(settings.HELPDESK_LETTERHEAD)
    pdf.set_font(FONT, "B", 12)
    if lines:
        pdf.cell(0, 6, printable(lines[0]), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font(FONT, size=10)
    for line in lines[1:]:
        pdf.cell(0, 5, printable(line), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    office_lines = [office.name, *office.address.splitlines()]
    if office.phone:
        office_lines.append(_("Phone %(number)s") % {"number": office.phone})
    pdf.ln(2)
    pdf.set_text_color(60, 60, 60)
    pdf.multi_cell(0, 5, printable(" · ".join(line.strip() for line in office_lines if line.strip())), align="L")
    pdf.set_text_color(0, 0, 0)
    pdf.set_draw_color(120, 120, 120)
    pdf.line(pdf.l_margin, pdf.get_y() + 2, pdf.w - pdf.r_margin, pdf.get_y() + 2)
    pdf.ln(8)


def _table(
    pdf: FPDF, headings: list[str], rows: list[list[str]], *, widths: tuple[int, ...], total_row: bool = False
) -> None:
    """A ruled table with bold headings (and a bold last row when it is the total)."""
    pdf.set_font(FONT, size=10)
    bold = FontFace(emphasis="BOLD")
    with pdf.table(col_widths=widths, text_align="LEFT", line_height=5.5, first_row_as_headings=True) as table:
        for number, cells in enumerate([headings, *rows]):
            row = table.row()
            style = bold if total_row and number == len(rows) else None
            for cell in cells:
                row.cell(printable(cell), style=style)


def _signature(pdf: FPDF, c: Confirmation) -> None:
    pdf.ln(14)
    pdf.set_font(FONT, size=11)
    place = settings.HELPDESK_LETTER_PLACE
    pdf.cell(0, 6, printable(f"{place}, {_date(c.issued_on)}"), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(16)
    pdf.line(pdf.l_margin, pdf.get_y(), pdf.l_margin + 80, pdf.get_y())
    pdf.ln(1)
    pdf.cell(0, 6, printable(c.signer or " "), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font(FONT, size=10)
    role = _("Coordination, %(office)s") % {"office": c.office.name}
    pdf.cell(0, 5, printable(role), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
