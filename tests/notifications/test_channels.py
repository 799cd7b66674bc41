"""Rendering for the channels: what a call script keeps when it is read out."""

from __future__ import annotations

from notifications.channels import spoken


def test_a_call_script_drops_the_lines_with_a_web_address() -> None:
    text = (
        "Guten Tag, Frau Weiß.\n"
        "Absagen: https://hilfe.example.org/hilfe/buchung/abc/absagen/\n"
        "Mehr unter www.example.org\n"
        "Sie können im Stadtteilbüro unter 0631 365-4411 absagen.\n"
    )
    assert spoken(text) == "Guten Tag, Frau Weiß.\nSie können im Stadtteilbüro unter 0631 365-4411 absagen."


def test_a_call_script_without_links_stays_as_it_is() -> None:
    assert spoken("  Eins.\nZwei.  ") == "Eins.\nZwei."
