"""Exports open safely in spreadsheet programs: text never runs as a formula."""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile

import pytest
from openpyxl import load_workbook  # type: ignore[import-untyped]

from core.exports import csv_response, safe_cell, xlsx_response

FORMULAS = ['=HYPERLINK("https://evil.example","Klick")', "+49 631 123", "-2+3", "@SUM(A1)", "\t=1", "\r=1", "\n=1"]


@pytest.mark.parametrize("text", FORMULAS)
def test_text_that_could_start_a_formula_gets_an_apostrophe(text: str) -> None:
    assert safe_cell(text) == "'" + text


def test_plain_text_numbers_and_empty_cells_pass_unchanged() -> None:
    assert [safe_cell(value) for value in ["Grübentälchen", "a=b", -2, 1.5, None, ""]] == [
        "Grübentälchen",
        "a=b",
        -2,
        1.5,
        None,
        "",
    ]


def test_the_csv_has_a_bom_semicolons_and_no_formula_cells() -> None:
    response = csv_response(["Name", "Stunden"], [[FORMULAS[0], "3,5"], ["Jürgen Weiß", 2]], filename="stunden.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="stunden.csv"'
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeffName;Stunden\r\n")
    rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff")), delimiter=";"))
    assert rows[1] == ["'" + FORMULAS[0], "3,5"]
    assert rows[2] == ["Jürgen Weiß", "2"]


def test_a_file_name_cannot_break_the_header() -> None:
    response = csv_response(["a"], [], filename='x"; filename=evil.exe\r\n.csv')
    assert response["Content-Disposition"] == 'attachment; filename="x---filename-evil.exe--.csv"'


def test_the_xlsx_stores_text_as_text_and_drops_characters_xml_cannot_hold() -> None:
    rows = [[FORMULAS[0], 3], ["Bell\x07 und Nul\x00", -1]]
    response = xlsx_response(["Name", "Anzahl"], rows, filename="export.xlsx", title="Ideen: [Entwurf]")
    content = response.content
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        assert "<f>" not in archive.read("xl/worksheets/sheet1.xml").decode()
    sheet = load_workbook(io.BytesIO(content)).active
    assert sheet.title == "Ideen   Entwurf "
    assert [[cell.value for cell in row] for row in sheet.iter_rows()] == [
        ["Name", "Anzahl"],
        [FORMULAS[0], 3],
        ["Bell und Nul", -1],
    ]
    assert sheet["A2"].data_type == "s"


def test_the_xlsx_opens_ready_with_real_dates_widths_filters_and_a_bold_frozen_header() -> None:
    rows = [[1, dt.datetime(2026, 10, 14, 9, 30), dt.date(2026, 10, 13), "kurz", "lang " * 40]]
    response = xlsx_response(["ID", "Zeit", "Tag", "Text", "Langtext"], rows, filename="x.xlsx", title="x")
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet["B2"].value == dt.datetime(2026, 10, 14, 9, 30) and sheet["B2"].number_format == "DD.MM.YYYY HH:MM"
    assert sheet["C2"].number_format == "DD.MM.YYYY"
    assert sheet.column_dimensions["A"].width < sheet.column_dimensions["E"].width == 60
    assert sheet["E2"].alignment.wrap_text
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref == "A1:E2"
    assert sheet["A1"].font.bold


def test_the_csv_writes_dates_as_iso_text() -> None:
    response = csv_response(["Zeit"], [[dt.datetime(2026, 3, 1, 8, 5)], [None]], filename="x.csv")
    assert response.content.decode("utf-8-sig").splitlines()[1:] == ["2026-03-01 08:05", '""']
