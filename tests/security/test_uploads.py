"""Uploaded pictures are checked by content, limited in size and pixels, re-encoded and stripped."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import ValidationError
from PIL import Image

from participation.images import MAX_PIXELS, MAX_UPLOAD_BYTES, image_clean


def _jpeg_with_metadata() -> bytes:
    exif = Image.Exif()
    exif[0x010F] = "Kamera GmbH"  # Make
    exif[0x8825] = {1: "N", 2: (49.0, 26.0, 40.0)}  # GPS position of the photographer
    out = io.BytesIO()
    Image.new("RGB", (2400, 1200), "seagreen").save(out, format="JPEG", exif=exif)
    return out.getvalue()


def test_a_photo_is_re_encoded_shrunk_and_stripped_of_its_metadata() -> None:
    original = _jpeg_with_metadata()
    assert Image.open(io.BytesIO(original)).getexif()
    cleaned = image_clean(io.BytesIO(original))
    result = Image.open(io.BytesIO(cleaned.read()))
    assert result.format == "JPEG"
    assert max(result.size) <= 1600
    assert not result.getexif()


def test_a_file_that_only_pretends_to_be_a_picture_is_refused() -> None:
    with pytest.raises(ValidationError) as error:
        image_clean(io.BytesIO(b"<?php echo 'hello'; ?>"))
    assert error.value.code == "invalid"


def test_a_picture_over_the_size_limit_is_refused_before_it_is_read() -> None:
    with pytest.raises(ValidationError) as error:
        image_clean(io.BytesIO(b"0" * 10), size=MAX_UPLOAD_BYTES + 1)
    assert error.value.code == "too_large"
    with pytest.raises(ValidationError) as error:
        image_clean(io.BytesIO(b"0" * (MAX_UPLOAD_BYTES + 1)))
    assert error.value.code == "too_large"


def test_a_picture_with_too_many_pixels_is_refused() -> None:
    # A one-bit PNG compresses to almost nothing but would take gigabytes once decoded.
    width = 8000
    height = MAX_PIXELS // width + 1
    out = io.BytesIO()
    Image.new("1", (width, height)).save(out, format="PNG")
    assert len(out.getvalue()) < MAX_UPLOAD_BYTES
    with pytest.raises(ValidationError) as error:
        image_clean(io.BytesIO(out.getvalue()))
    assert error.value.code == "too_many_pixels"
