"""Builders for the councillors' records tests: an uploaded photograph."""

from __future__ import annotations

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image


def image(fmt: str = "PNG", size=(20, 20), name: str = "photo.png") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, "#1d70b8").save(buffer, fmt)
    return SimpleUploadedFile(name, buffer.getvalue())
