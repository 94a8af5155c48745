"""Fixtures shared by the meetings tests (the personas and the suite's own are in the root
conftest)."""

from __future__ import annotations

import pytest


@pytest.fixture
def media(settings, tmp_path):
    """Uploads and built packs under this test's own directory (returned)."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.PRIVATE_MEDIA_ROOT = None
    return tmp_path / "media"
