"""Uploaded pictures: checked by their content, re-encoded, stripped of metadata."""

from __future__ import annotations

import io
from typing import IO

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.crypto import get_random_string
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_UPLOAD_BYTES = 8 * 1024 * 1024
MAX_PIXELS = 40_000_000
MAX_EDGE = 1600
ACCEPTED_FORMATS = {"JPEG", "PNG", "WEBP", "GIF"}


def image_clean(upload: IO[bytes], *, size: int | None = None) -> ContentFile[bytes]:
    """Return a fresh JPEG of the upload or raise ``ValidationError``.

    Re-encoding drops EXIF (with GPS positions), ICC and comments, and defuses
    files that only pretend to be pictures.
    """
    if size is not None and size > MAX_UPLOAD_BYTES:
        raise ValidationError(_("The picture is too large. Please choose one smaller than 8 MB."), code="too_large")
    data = upload.read(MAX_UPLOAD_BYTES + 1)
    if len(data) > MAX_UPLOAD_BYTES:
        raise ValidationError(_("The picture is too large. Please choose one smaller than 8 MB."), code="too_large")
    try:
        with Image.open(io.BytesIO(data)) as probe:
            probe.verify()
        image: Image.Image = Image.open(io.BytesIO(data))
        if getattr(image, "format", None) not in ACCEPTED_FORMATS:
            raise ValidationError(_("Please choose a JPEG, PNG, WebP or GIF picture."), code="format")
        if image.width * image.height > MAX_PIXELS:
            raise ValidationError(_("The picture has too many pixels."), code="too_many_pixels")
        image = ImageOps.exif_transpose(image) or image
        image.thumbnail((MAX_EDGE, MAX_EDGE))
        clean = image.convert("RGB")
    except (UnidentifiedImageError, OSError, SyntaxError, Image.DecompressionBombError) as exc:
        raise ValidationError(_("This file is not a picture we can read."), code="invalid") from exc
    out = io.BytesIO()
    clean.save(out, format="JPEG", quality=85, optimize=True)
    return ContentFile(out.getvalue(), name=f"{get_random_string(16).lower()}.jpg")
