"""The minutes PDF, opened with pypdf: the public version leaves out restricted minutes (LGA 1972
s100C), the full version has them; unapproved minutes are marked DRAFT on every page."""

from __future__ import annotations

import io
from datetime import date

import pytest
from pypdf import PdfReader

from meetings.models import AgendaItem, MinutesEntry
from meetings.services import minutes as services
from meetings.tests.factories_minutes import NOTICE, approve, ready, record_first_meeting
from meetings.tests.factories_proceedings import Scene

SECRET = "preferred bidder for £1.2 million"


@pytest.fixture
def scene(db):
    return Scene()


@pytest.fixture
def drafted(scene):
    record_first_meeting(scene)
    return services.minutes_draft(meeting=scene.meeting, by=scene.officer)


def read(pdf: bytes) -> tuple[PdfReader, str]:
    assert pdf.startswith(b"%PDF-")
    reader = PdfReader(io.BytesIO(pdf))
    text = "\n".join(page.extract_text() for page in reader.pages)
    return reader, " ".join(text.split())


def test_the_public_pdf_withholds_the_private_minute_and_prints_its_notice(scene, drafted):
    published = ready(scene, drafted)
    reader, text = read(services.render_minutes_pdf(published, public=True))
    assert "Minutes of the meeting of Planning Committee" in text
    assert "Land at Mill Lane, Kingsmere: 26/01234/FUL" in text
    assert "RESOLVED (minute 1/26-27)" in text
    assert "Sale of the Station Road depot" in text  # the title is public
    assert " ".join(NOTICE.split()) in text
    assert SECRET not in text
    assert "Station Road Trust" not in text
    assert "NOT FOR PUBLICATION" not in text
    assert reader.metadata.title == "Minutes of Planning Committee, 8 October 2026 (draft)"
    # Tagged for assistive technology (PDF/UA-1): structure tree, marked content, language.
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root and root["/MarkInfo"]["/Marked"]
    assert root["/Lang"] == "en-GB"


def test_the_full_pdf_has_every_minute_and_is_marked_not_for_publication(scene, drafted):
    reader, text = read(services.render_minutes_pdf(drafted, public=False))
    assert SECRET in text
    assert "Station Road Trust" in text
    assert " ".join(NOTICE.split()) in text
    assert text.count("NOT FOR PUBLICATION") >= len(reader.pages)


def test_unapproved_minutes_are_marked_draft_on_every_page_and_approved_ones_are_signed(
    scene, drafted
):
    # Enough text to run over several pages.
    long = "\n\n".join(f"Paragraph {n} of the debate on the application." for n in range(120))
    services.minutes_update_entry(
        entry=MinutesEntry.all_objects.get(minutes=drafted, title__startswith="Land at"),
        text=long,
        by=scene.officer,
    )
    published = ready(scene, drafted)
    reader, text = read(services.render_minutes_pdf(published, public=True))
    assert len(reader.pages) >= 3
    for page in reader.pages:
        assert "DRAFT: not yet approved" in " ".join(page.extract_text().split())
    assert "Page 1 of" in text
    scene.hold(scene.next_meeting)
    approved = approve(scene, published)
    reader, text = read(services.render_minutes_pdf(approved, public=True))
    assert "DRAFT" not in text
    assert (
        "Approved as a correct record at the meeting of Planning Committee on 5 November 2026 "
        "and signed by Councillor Alice Ashworth." in text
    )
    assert "Signed: Councillor Alice Ashworth, chair" in text


def test_a_correction_is_noted_in_the_pdf(scene, drafted):
    from meetings.services import proceedings
    from meetings.tests.factories_proceedings import TODAY

    published = ready(scene, drafted)
    scene.hold(scene.next_meeting)
    approved = approve(scene, published)
    december = scene.make_meeting(date(2026, 11, 19))
    scene.publish(december)
    resolution = proceedings.resolution_record(
        item=december.items.get(kind=AgendaItem.Kind.MINUTES),
        text="That minute 4 of 8 October 2026 be corrected.",
        by=scene.officer,
        today=TODAY,
    )
    services.minutes_correct(
        entry=MinutesEntry.all_objects.get(minutes=approved, title__startswith="Land at"),
        text="Planning permission was granted with an extra condition on hours of work.",
        resolution=resolution,
        by=scene.officer,
    )
    _, text = read(services.render_minutes_pdf(approved, public=True))
    assert "extra condition on hours of work" in text
    assert "Corrected by minute 3/26-27 of the meeting on 19 November 2026." in text


def fonts(reader: PdfReader) -> set[str]:
    """The base font of every font the pages use, subset prefixes ("ABCDEF+") removed."""
    found = set()

    def collect(resources) -> None:
        resources = resources.get_object() if resources is not None else {}
        for font in (resources.get("/Font") or {}).values():
            found.add(str(font.get_object()["/BaseFont"]).lstrip("/").split("+")[-1])
        for xobject in (resources.get("/XObject") or {}).values():
            xobject = xobject.get_object()
            if "/Resources" in xobject:
                collect(xobject["/Resources"])

    for page in reader.pages:
        collect(page.get("/Resources"))
    return found


@pytest.mark.parametrize("public", [True, False])
def test_every_text_run_is_in_the_house_font(scene, drafted, public):
    """Issue 11 item 13: the page headers (the council's name, DRAFT, NOT FOR PUBLICATION) and
    footers fell back to DejaVu Serif; everything is set in Liberation Sans (Arial's metrics)."""
    reader, text = read(services.render_minutes_pdf(drafted, public=public))
    assert "DRAFT: not yet approved" in text and "Page 1 of" in text
    used = fonts(reader)
    assert used, "no fonts found: the test would pass by reading nothing"
    assert not any("DejaVu" in font for font in used), used
    assert all(font.replace("-", "").startswith("LiberationSans") for font in used), used
