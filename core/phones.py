"""Phone numbers: parsed and checked with ``phonenumbers``, stored in E.164 (``+4963152417``).

Seniors type numbers the way they know them ("0631 / 52417", "0171-2345678"); German
numbers need no country code, others start with "+" or "00". Everything that keeps a
number stores the E.164 form, so one caller is one number whatever way it was typed,
and "mobile or landline" (SMS or a call from the office) comes from the library's
numbering plan instead of guessed prefixes.
"""

from __future__ import annotations

import functools
import re
from typing import Any

import phonenumbers
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from phonenumbers import NumberParseException, PhoneNumberFormat, PhoneNumberType

REGION = "DE"
_OWN_CODE = phonenumbers.country_code_for_region(REGION)
_OWN_PREFIX = f"+{_OWN_CODE}"
EXAMPLE = "0631 123456"
# What people write between the digits; anything else (letters, "n/a", "keine") is not a number.
_ALLOWED = re.compile(r"^[\d\s+\-/().]*$")
_MOBILE_TYPES = {PhoneNumberType.MOBILE}

MESSAGES = {
    "not_digits": _("Please enter your phone number in digits, with the area code, for example 0631 123456."),
    "no_area_code": _("Please enter a phone number with the area code, for example 0631 123456."),
    "too_long": _("This phone number has too many digits. Please check it, for example 0631 123456."),
    "invalid": _(
        "This phone number does not exist in this form. Please check the area code and the number, "
        "for example 0631 123456."
    ),
}


def _error(code: str) -> ValidationError:
    return ValidationError(MESSAGES[code], code=f"phone_{code}")


def parse(text: str) -> str:
    """The number in E.164, or ``ValidationError`` saying in the reader's language what is wrong.

    An empty text gives "" (whether a number is required is the caller's rule).
    """
    text = (text or "").strip()
    if not text:
        return ""
    if not _ALLOWED.match(text) or not re.search(r"\d", text):
        raise _error("not_digits")
    digits = re.sub(r"\D", "", text)
    international = text.startswith("+") or digits.startswith("00")
    if not international and not digits.startswith("0"):
        # "52417" or "631 52417": a German number without its leading area code.
        raise _error("no_area_code")
    try:
        number = phonenumbers.parse(text, REGION)
    except NumberParseException as exc:
        raise _error("too_long" if exc.error_type == NumberParseException.TOO_LONG else "invalid") from exc
    if not phonenumbers.is_valid_number(number):
        reason = phonenumbers.is_possible_number_with_reason(number)
        if reason == phonenumbers.ValidationResult.TOO_LONG:
            raise _error("too_long")
        if reason == phonenumbers.ValidationResult.TOO_SHORT and not international and len(digits) <= 6:
            raise _error("no_area_code")
        raise _error("invalid")
    return phonenumbers.format_number(number, PhoneNumberFormat.E164)


def normalise(text: str) -> str:
    """E.164 for a valid number (however it was written), "" for anything else."""
    try:
        return parse(text)
    except ValidationError:
        return ""


def _parsed(text: str) -> phonenumbers.PhoneNumber | None:
    try:
        number = phonenumbers.parse(text or "", REGION)
    except NumberParseException:
        return None
    return number if phonenumbers.is_valid_number(number) else None


def is_mobile(text: str) -> bool:
    """A number that can receive SMS (German mobile numbers and foreign mobiles)."""
    number = _parsed(text)
    return number is not None and phonenumbers.number_type(number) in _MOBILE_TYPES


def display(text: str) -> str:
    """How people read the number: "0631 52417" for German numbers, "+43 1 234567" for others.

    Text that is no valid number (old data) is shown as it was stored.
    """
    number = _parsed(text)
    if number is None:
        return text or ""
    if phonenumbers.region_code_for_number(number) == REGION:
        return phonenumbers.format_number(number, PhoneNumberFormat.NATIONAL)
    return phonenumbers.format_number(number, PhoneNumberFormat.INTERNATIONAL)


@functools.lru_cache(maxsize=4096)
def display_valid(e164: str) -> str:
    """``display`` of a number known to be valid, in E.164 (a stored ``phone_normalised``): no validation.

    Pages that list many bookings (the coordinators' plan) show each number without parsing and
    checking it again; German numbers skip parsing altogether. Formatting still costs 25-40 µs per
    number (phonenumbers' patterns), so each process keeps the last few thousand numbers it formatted:
    the answer depends on the number alone.
    """
    if e164.startswith(_OWN_PREFIX) and e164[len(_OWN_PREFIX) :].isdigit():
        number = phonenumbers.PhoneNumber(country_code=_OWN_CODE, national_number=int(e164[len(_OWN_PREFIX) :]))
        return phonenumbers.format_number(number, PhoneNumberFormat.NATIONAL)
    return display(e164)


def tel_uri(text: str) -> str:
    """A ``tel:`` link target; empty when the text is no number."""
    number = _parsed(text)
    return "tel:" + phonenumbers.format_number(number, PhoneNumberFormat.E164) if number else ""


def search_digits(query: str) -> str:
    """Digits to look for inside stored E.164 numbers: "0631 524" -> "49631524", "+49 171" -> "49171"."""
    digits = re.sub(r"\D", "", query or "")
    if digits.startswith("00"):
        return digits[2:]
    if digits.startswith("0"):
        return "49" + digits[1:]
    return digits


class TelInput(forms.TextInput):
    """``type="tel"``: tablets and phones show the number pad; the browser may fill in the person's own number."""

    input_type = "tel"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__({"autocomplete": "tel", "inputmode": "tel", **(attrs or {})})


class PhoneField(forms.CharField):
    """A phone number typed by a person; ``cleaned_data`` holds it in E.164 (or "" when left empty)."""

    widget = TelInput

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 40)
        super().__init__(**kwargs)

    def prepare_value(self, value: Any) -> Any:
        # Stored numbers are shown the way people write them; what someone typed stays as typed.
        if isinstance(value, str) and value.startswith("+"):
            return display(value)
        return value

    def to_python(self, value: Any) -> str:
        return parse(str(super().to_python(value)))
