"""Issue 11, item 8: the minutes PDF (public, and the officers' copy of the public version) and
``mgConvert2PDF.aspx?ID=`` rendered on every request. They are now rendered once per version,
like a pack's parts (``democracy.pdf.render_pdf_once``): asked for again, the same file is read;
changed, a new one is rendered.

The renderer is the real one; the test only counts its calls."""

from __future__ import annotations

import pytest

from democracy import pdf
from meetings import public as public_data
from meetings.models import MinutesEntry
from meetings.tests.factories_public import PublicScene

pytestmark = pytest.mark.django_db


@pytest.fixture
def renders(monkeypatch) -> list[str]:
    """The title of every PDF the real renderer draws."""
    drawn: list[str] = []
    real = pdf.render_pdf

    def counting(html: str, **kwargs) -> bytes:
        drawn.append(kwargs["title"])
        return real(html, **kwargs)

    monkeypatch.setattr(pdf, "render_pdf", counting)
    return drawn


@pytest.fixture
def scene(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    return PublicScene()


def test_the_public_minutes_pdf_is_rendered_once_per_version(client, officer, scene, renders):
    url = f"/meetings/{scene.meeting.pk}/minutes.pdf"
    first = client.get(url)
    second = client.get(url)
    assert first.status_code == second.status_code == 200
    assert first.content.startswith(b"%PDF-") and second.content == first.content
    assert len(renders) == 1

    # The officers' copy of the public version is the same document: read, not drawn again.
    client.force_login(officer)
    officer_copy = client.get(f"/officers/meetings/{scene.meeting.pk}/minutes/public.pdf")
    assert officer_copy.status_code == 200 and officer_copy.content == first.content
    assert len(renders) == 1

    # A new version of the minutes is a new document.
    entry = MinutesEntry.all_objects.filter(minutes__meeting=scene.meeting).first()
    MinutesEntry.all_objects.filter(pk=entry.pk).update(text=f"{entry.text} Corrected.")
    client.logout()
    third = client.get(url)
    assert third.status_code == 200 and third.content != first.content
    assert len(renders) == 2
    client.get(url)
    assert len(renders) == 2


def test_mg_convert_to_pdf_is_rendered_once_per_version(client, scene, renders):
    attachment = public_data.attachment_id(public_data.REPORT, scene.public_report.pk)
    url = f"/mgConvert2PDF.aspx?ID={attachment}"
    first = client.get(url)
    assert first.status_code == 200 and first.content.startswith(b"%PDF-")
    assert client.get(url).content == first.content
    assert len(renders) == 1
