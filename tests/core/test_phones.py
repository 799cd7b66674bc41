"""Phone numbers as seniors type them: parsed, checked and stored in E.164."""

from __future__ import annotations

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.utils import translation

from core import phones


@pytest.mark.parametrize(
    "typed",
    ["0631 52417", "0631/52417", "(0631) 52417", "0631-52417", "+49 631 52417", "0049 631 52417", " 0631 52 417 "],
)
def test_one_number_typed_in_any_usual_way_is_stored_the_same(typed: str) -> None:
    assert phones.parse(typed) == "+4963152417"


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("abc", "phone_not_digits"),
        ("hallo", "phone_not_digits"),
        ("keine", "phone_not_digits"),
        ("n/a", "phone_not_digits"),
        ("0800-FLOWERS", "phone_not_digits"),
        ("52417", "phone_no_area_code"),
        ("631 52417", "phone_no_area_code"),
        ("0631 5241712345678", "phone_too_long"),
        ("0152 9876543", "phone_invalid"),
    ],
)
def test_what_is_no_phone_number_is_refused_with_its_reason(typed: str, code: str) -> None:
    with pytest.raises(ValidationError) as caught:
        phones.parse(typed)
    assert caught.value.code == code


def test_the_refusal_says_in_german_what_to_type() -> None:
    with pytest.raises(ValidationError) as caught:
        phones.parse("52417")
    with translation.override("de"):
        assert caught.value.messages == ["Bitte geben Sie eine Telefonnummer mit Vorwahl an, z. B. 0631 123456."]
    with pytest.raises(ValidationError) as caught:
        phones.parse("abc")
    with translation.override("en"):
        assert caught.value.messages == [
            "Please enter your phone number in digits, with the area code, for example 0631 123456."
        ]


def test_an_empty_number_is_empty_and_whether_it_is_needed_is_the_callers_rule() -> None:
    assert phones.parse("  ") == ""
    assert phones.normalise("abc") == ""


@pytest.mark.parametrize(
    ("number", "mobile"),
    [("0171 2345678", True), ("0152 29876543", True), ("0631 52417", False), ("0800 1234567", False), ("", False)],
)
def test_mobile_or_landline_comes_from_the_numbering_plan(number: str, mobile: bool) -> None:
    assert phones.is_mobile(phones.normalise(number)) is mobile


def test_stored_numbers_are_shown_the_way_people_write_them() -> None:
    assert phones.display("+4963152417") == "0631 52417"
    assert phones.display("+431234567") == "+43 1 234567"
    assert phones.display("old text") == "old text"
    assert phones.tel_uri("0631 365-4411") == "tel:+496313654411"
    assert phones.tel_uri("keine") == ""


def test_a_search_for_part_of_a_number_finds_the_stored_form() -> None:
    assert phones.search_digits("0631 524") in "+4963152417"
    assert phones.search_digits("52417") in "+4963152417"
    assert phones.search_digits("0049 631") in "+4963152417"


class _Form(forms.Form):
    phone = phones.PhoneField(label="Telefon")


def test_the_form_field_shows_the_number_pad_and_keeps_what_was_typed() -> None:
    form = _Form({"phone": "abc"})
    assert not form.is_valid()
    html = str(form["phone"])
    assert 'type="tel"' in html and 'autocomplete="tel"' in html and 'inputmode="tel"' in html
    assert 'value="abc"' in html
    typed = _Form({"phone": "0631 / 52417"})
    assert typed.is_valid()
    assert typed.cleaned_data == {"phone": "+4963152417"}


def test_a_stored_number_is_offered_for_editing_in_the_national_form() -> None:
    assert 'value="0631 52417"' in str(_Form(initial={"phone": "+4963152417"})["phone"])


@pytest.mark.parametrize("typed", ["0631 52417", "0171 1234567", "030 1234567", "+43 1 234567", "+1 202 555 0123"])
def test_a_valid_stored_number_reads_the_same_without_being_checked_again(typed: str) -> None:
    stored = phones.normalise(typed)
    assert phones.display_valid(stored) == phones.display(stored)
