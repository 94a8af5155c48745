"""Checking evidence a family (or a clerk) uploads, by what the file is rather than what it says
it is.

A file is accepted if its first bytes are those of a PDF, a JPEG or a PNG (the browser's declared
type and the file name are ignored: both are the uploader's to choose), it is not empty and not
larger than ``APPEALS_UPLOAD_MAX_BYTES``, and it opens as what it claims to be: a PDF that pypdf
can read, is not password-protected and runs nothing when opened (``democracy.pdf_safety``:
JavaScript, automatic actions, launch and submit actions, XFA); an image that Pillow can decode
in full, of a sensible size (a "decompression bomb" is refused). Every refusal names the file.
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError

from democracy import pdf_safety

PDF = "application/pdf"
JPEG = "image/jpeg"
PNG = "image/png"
SIGNATURES = ((b"%PDF-", PDF), (b"\xff\xd8\xff", JPEG), (b"\x89PNG\r\n\x1a\n", PNG))
MAX_IMAGE_PIXELS = 60_000_000  # a 60-megapixel photo is already far larger than any phone's


@dataclass(frozen=True)
class CheckedUpload:
    """An upload that passed every check: its bytes and what they are."""

    name: str
    data: bytes
    content_type: str
    sha256: str

    @property
    def size(self) -> int:
        return len(self.data)


def sniff(data: bytes) -> str | None:
    """The content type the bytes begin with, or None."""
    return next((kind for magic, kind in SIGNATURES if data.startswith(magic)), None)


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.0f} MB"


def check(name: str, data: bytes, *, field: str = "evidence") -> CheckedUpload:
    """``data`` as a ``CheckedUpload``, or a ``ValidationError`` on ``field`` naming the file."""
    label = name or "The file"
    limit = settings.APPEALS_UPLOAD_MAX_BYTES
    if not data:
        raise ValidationError({field: f"{label} is empty"})
    if len(data) > limit:
        raise ValidationError({field: f"{label} must be smaller than {_megabytes(limit)}"})
    content_type = sniff(data)
    if content_type is None:
        raise ValidationError({field: f"{label} must be a PDF, JPEG or PNG file"})
    if content_type == PDF:
        _check_pdf(label, data, field)
    else:
        _check_image(label, data, content_type, field)
    return CheckedUpload(
        name=name[:200],
        data=data,
        content_type=content_type,
        sha256=hashlib.sha256(data).hexdigest(),
    )


def check_file(uploaded, *, field: str = "evidence") -> CheckedUpload:
    """Check a Django ``UploadedFile``, reading no more than one byte past the limit."""
    data = uploaded.read(settings.APPEALS_UPLOAD_MAX_BYTES + 1)
    return check(uploaded.name or "", data, field=field)


def _check_pdf(label: str, data: bytes, field: str) -> None:
    from pypdf import PdfReader

    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            raise ValidationError(
                {field: f"{label} is protected by a password: upload a copy without one"}
            )
        if len(reader.pages) == 0:
            raise ValidationError({field: f"{label} has no pages"})
    except ValidationError:
        raise
    except Exception:  # pypdf raises many kinds of error for a damaged file
        raise ValidationError({field: f"{label} cannot be opened as a PDF"}) from None
    found = pdf_safety.active_content(data)
    if found:
        raise ValidationError({field: pdf_safety.refusal(label, found)})


def _check_image(label: str, data: bytes, content_type: str, field: str) -> None:
    from PIL import Image

    expected = {JPEG: "JPEG", PNG: "PNG"}[content_type]
    try:
        with Image.open(io.BytesIO(data)) as image:
            if image.format != expected:
                raise ValidationError({field: f"{label} is not the image it appears to be"})
            width, height = image.size
            if width * height > MAX_IMAGE_PIXELS:
                raise ValidationError({field: f"{label} is too large an image"})
            # Every chunk read and its checksum checked: a truncated or corrupt PNG fails here
            # even where WeasyPrint, on import, has told Pillow to accept truncated images.
            image.verify()
        if content_type == JPEG and not data.rstrip(b"\0").endswith(b"\xff\xd9"):
            raise ValueError("no end-of-image marker: the JPEG is cut short")
        with Image.open(io.BytesIO(data)) as image:
            image.load()  # decode every pixel: a corrupt image fails here
    except ValidationError:
        raise
    except Exception:  # Pillow raises many kinds of error for a damaged image
        raise ValidationError({field: f"{label} cannot be opened as an image"}) from None
