"""Storage for files that must never be served by URL: full agenda packs, uploaded reports and
appendices (which may be exempt), rendered PDF parts. Pages serve them through views that check
who may read them; the web server must not publish the directory."""

from __future__ import annotations

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.utils.deconstruct import deconstructible


@deconstructible
class PrivateStorage(FileSystemStorage):
    """``PRIVATE_MEDIA_ROOT`` if set, else ``MEDIA_ROOT/private``."""

    # Read on every use (not cached) so that a changed setting, in tests, takes effect.
    @property
    def base_location(self):
        configured = getattr(settings, "PRIVATE_MEDIA_ROOT", None)
        return configured or os.path.join(settings.MEDIA_ROOT, "private")

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    def url(self, name):
        raise ValueError("Private files have no URL: serve them through a view that checks access.")


private_storage = PrivateStorage()
