"""Agenda packs (meetings/packs.py, democracy/pdf.py): what the public and full packs contain,
the front sheet and its page numbers, bookmarks, "Page X of Y", tagging that survives merging,
the part cache, atomic replacement, supplementary packs and withdrawal after a restriction.

Every PDF is opened with pypdf and read back; nothing about rendering is mocked.

The scenario: Planning Committee, Thursday 10 December 2026 at 6:30pm, published on Monday
30 November (more than five clear days before, LGA 1972 s100B(3)). Item "Sale of the depot" has
a report exempt under paragraph 3 of Part 1 of Schedule 12A; "Leisure contract" has a public
report with an exempt appendix.
"""

from __future__ import annotations

import io
import re
from datetime import time

import pytest
from pypdf import PdfReader

from democracy import pdf
from democracy.models import AuditEvent
from meetings import packs
from meetings.models import AgendaPack, PackBuild, RenderedPart, Report
from meetings.models.packs import private_storage
from meetings.services import agenda as agenda_services
from meetings.services import meetings as meeting_services
from meetings.services import packs as pack_services
from meetings.services import reports as report_services
from meetings.tests.factories_meetings import clear_report
from meetings.tests.factories_packs import (
    MEETING_DAY,
    MILL_LANE_BODY,
    OPEN_MARKERS,
    PIS,
    PUBLISHED_ON,
    at,
    current,
    make_pack_meeting,
    make_report,
    pages_text,
    read,
)

ITEM_TITLES = [
    "Apologies for absence",
    "Declarations of interest",
    "Land at Mill Lane",
    "Housing allocations policy",
    "Sale of the depot",
    "Leisure contract",
    "Exclusion of the press and public",
]


# --- Builders (shared with test_pack_views and test_pack_tasks) -----------------------------------


def front_sheet(pack: AgendaPack) -> str:
    """The front sheet's text (every page before the first paper), whitespace collapsed."""
    return front_sheet_of(pages_text(read(pack)))


def front_sheet_of(texts: list[str]) -> str:
    pages = []
    for text in texts:
        if text.lstrip().startswith("Agenda item "):
            break
        pages.append(text)
    return " ".join(" ".join(pages).split())


def page_of(texts: list[str], marker: str) -> int:
    """The 1-based page where ``marker`` first appears."""
    return next(i for i, text in enumerate(texts, 1) if marker in text)


@pytest.fixture
def built(db, media, officer, councillor):
    meeting = make_pack_meeting(officer, councillor)
    result = packs.build_meeting_packs(meeting)
    return meeting, result


# --- What the packs contain ----------------------------------------------------------------------


def test_the_public_pack_has_nothing_of_the_exempt_papers_and_the_full_pack_has_them(built):
    meeting, result = built
    assert sorted(p.url_kind for p in result.published) == ["full", "public"]
    public = "\n".join(pages_text(read(current(meeting, "public"))))
    full = "\n".join(pages_text(read(current(meeting, "full"))))
    secrets = ["DEPOT-SECRET-PRICE", "1,234,567", "Depot sale: heads of terms"]
    for secret in [*secrets, "LEISURE-SECRET-BIDS", "Tender scores"]:
        assert secret not in public
    for secret in ("DEPOT-SECRET-PRICE", "LEISURE-SECRET-BIDS", "Tender scores"):
        assert secret in full
    for open_text in OPEN_MARKERS:
        assert open_text in public and open_text in full
    notice = (
        "Not for publication by virtue of paragraph 3 of Part 1 of Schedule 12A to the Local "
        "Government Act 1972."
    )
    flat = " ".join(public.split())
    assert flat.count(notice) >= 2  # the depot report's sheet and the tender scores' sheet
    assert "Sale of the depot" in public  # item titles are public by law


def test_each_not_for_publication_sheet_is_one_page_in_place_of_the_document(built):
    meeting, _ = built
    texts = pages_text(read(current(meeting, "public")))
    sheets = [i for i, t in enumerate(texts, 1) if "is not included in the papers" in t]
    assert len(sheets) == 2
    [appendix_sheet] = [i for i in sheets if "Appendix 1" in texts[i - 1]]
    [depot_sheet] = [i for i in sheets if "Sale of the depot" in texts[i - 1]]
    assert appendix_sheet == page_of(texts, "LEISURE-REPORT") + 1  # right after its report
    # Private business comes last, after the exclusion resolution: the depot's sheet ends it.
    assert depot_sheet == len(texts)


def test_the_front_sheet_reads_like_a_council_agenda_with_the_page_each_report_starts(built):
    meeting, _ = built
    for kind in ("public", "full"):
        texts = pages_text(read(current(meeting, kind)))
        front = front_sheet_of(texts)
        assert "Kingsmere" in front  # the council's name (COUNCIL_NAME)
        assert "Planning Committee" in front and "Agenda" in front
        assert "Thursday 10 December 2026" in front and "6:30pm" in front
        assert "Council Chamber, Kingsmere House, Market Square, Kingsmere" in front
        assert "https://webcast.example.org/planning" in front
        assert "Amir Okafor" in front and "(Chair)" in front
        for title in ITEM_TITLES:
            assert title in front
        assert "(key decision)" in front
        starts = {
            "Land at Mill Lane": page_of(texts, "MILL-LANE-REPORT"),
            "Housing allocations policy": page_of(texts, "HOUSING-UPLOAD"),
            "Leisure contract": page_of(texts, "LEISURE-REPORT"),
        }
        for title, page in starts.items():
            assert re.search(rf"{re.escape(title)}.*? {page}\b", front), (kind, title, page)
    public_front = front_sheet(current(meeting, "public"))
    assert "Not for publication" in public_front  # beside the depot item, naming paragraph 3
    assert "exempt or confidential information" not in public_front
    full_front = front_sheet(current(meeting, "full"))
    assert "This pack contains exempt or confidential information" in full_front


def test_every_page_says_page_x_of_y_across_the_whole_pack(built):
    meeting, _ = built
    for kind in ("public", "full"):
        pack = current(meeting, kind)
        texts = pages_text(read(pack))
        assert pack.page_count == len(texts)
        for number, text in enumerate(texts, 1):
            assert f"Page {number} of {len(texts)}" in text
            assert "Planning Committee, 10 December 2026" in text
    assert current(meeting, "full").page_count > current(meeting, "public").page_count


def test_bookmarks_per_item_with_appendices_as_children(built):
    meeting, _ = built
    data = read(current(meeting, "public"))
    texts = pages_text(data)
    marks = pdf.outline(data)
    titles = [(depth, title) for depth, title, _ in marks]
    assert titles[0] == (0, "Front sheet and list of business")
    assert (0, "1. Apologies for absence and substitutions") in titles
    mill = next(i for i, m in enumerate(marks) if m[1].endswith("Land at Mill Lane"))
    assert marks[mill][2] + 1 == page_of(texts, "MILL-LANE-REPORT")
    assert marks[mill + 1][:2] == (1, "Appendix 1: Site notes")
    assert marks[mill + 1][2] + 1 == page_of(texts, "MILL-LANE-APPENDIX")
    assert marks[mill + 2][:2] == (1, "Appendix 2: Plans")
    assert marks[mill + 2][2] + 1 == page_of(texts, "MILL-LANE-UPLOAD")
    assert (1, "Appendix 1 (not for publication)") in titles
    assert not any("Tender scores" in t for _, t in titles)


def test_uploaded_pdfs_are_merged_at_their_place(built):
    meeting, _ = built
    texts = pages_text(read(current(meeting, "full")))
    upload_pages = [i for i, t in enumerate(texts, 1) if "HOUSING-UPLOAD" in t]
    assert len(upload_pages) == 3
    assert upload_pages == list(range(upload_pages[0], upload_pages[0] + 3))
    assert page_of(texts, "MILL-LANE-APPENDIX") < page_of(texts, "MILL-LANE-UPLOAD")
    assert page_of(texts, "MILL-LANE-UPLOAD") < upload_pages[0]


def test_the_merged_pack_keeps_its_tagging(built):
    meeting, _ = built
    for kind in ("public", "full"):
        data = read(current(meeting, kind))
        assert pdf.tagging_problems(data) == []
        reader = PdfReader(io.BytesIO(data))
        root = reader.root_object
        assert root["/Lang"] == "en-GB"
        assert root["/MarkInfo"]["/Marked"] is True or root["/MarkInfo"]["/Marked"] == True  # noqa: E712
        assert root["/ViewerPreferences"]["/DisplayDocTitle"]
        assert reader.metadata.title.startswith("Planning Committee, 10 December 2026: agenda pack")
        assert b'pdfuaid:part="1"' in root["/Metadata"].get_object().get_data()
        tree = root["/StructTreeRoot"].get_object()
        document = tree["/K"].get_object()
        assert document["/S"] == "/Document"
        part_kinds = {kid.get_object()["/S"] for kid in document["/K"]}
        assert part_kinds == {"/Part"}
        # One /Part per rendered or uploaded document (the uploads here are tagged too).
        assert len(document["/K"]) == 1 + len(
            [
                s
                for p in packs.plan_packs(meeting)
                if p.kind == kind and not p.supplement
                for sec in p.sections
                for s in sec.parts
            ]
        )
        # The footer is a pagination artifact, drawn with an embedded font.
        page = reader.pages[1]
        content = page.get_contents().get_data()
        assert b"/Artifact <</Type /Pagination /Subtype /Footer>> BDC" in content
        font = page["/Resources"]["/Font"][pdf.FOOTER_FONT]
        assert "/FontFile2" in font["/FontDescriptor"]
        assert page["/Tabs"] == "/S"
        # Table headers keep their scope and IDs stay unique across the merged parts.
        ids = re.findall(rb"/ID \(([^)]*)\)", data)
        assert len(ids) == len(set(ids))
    assert re.search(rb"/S /TH\b", read(current(meeting, "full")))


def test_the_full_pack_marks_the_exempt_report(built):
    meeting, _ = built
    texts = pages_text(read(current(meeting, "full")))
    depot = " ".join(texts[page_of(texts, "DEPOT-SECRET-PRICE") - 1].split())
    assert "Not for publication by virtue of paragraph 3 of Part 1 of Schedule 12A" in depot
    assert all("not for publication" in t for t in texts)  # the footer of every page


# --- The cache -----------------------------------------------------------------------------------


def test_a_second_build_renders_nothing_and_replaces_nothing(built):
    meeting, first = built
    assert first.rendered > 0
    packs_before = set(AgendaPack.all_objects.values_list("pk", flat=True))
    again = packs.build_meeting_packs(meeting)
    assert again.rendered == 0
    assert again.published == []
    assert sorted(again.unchanged) == ["full", "public"]
    assert set(AgendaPack.all_objects.values_list("pk", flat=True)) == packs_before


def test_changing_one_report_renders_that_part_alone(built):
    meeting, _ = built
    old = {kind: current(meeting, kind) for kind in ("public", "full")}
    parts_before = RenderedPart.all_objects.count()
    report = Report.all_objects.get(item__title="Leisure contract")
    Report.all_objects.filter(pk=report.pk).update(
        body_html="<p>LEISURE-REPORT: award the contract to the second bidder.</p>"
    )
    result = packs.build_meeting_packs(meeting)
    # The same page count, so every page number and the front sheets stay as they were.
    assert result.rendered == 1
    assert RenderedPart.all_objects.count() == parts_before + 1
    assert sorted(p.url_kind for p in result.published) == ["full", "public"]
    for kind, pack in old.items():
        pack.refresh_from_db()
        assert pack.superseded_at is not None
        assert "second bidder" in "".join(pages_text(read(current(meeting, kind))))


def test_a_longer_report_re_renders_it_and_the_front_sheets_that_moved(built):
    meeting, _ = built
    report = Report.all_objects.get(item__title="Land at Mill Lane")
    longer = MILL_LANE_BODY + "".join(
        f"<h2>Section {n}</h2>" + "<p>The applicant proposes a new access road.</p>" * 12
        for n in range(12)
    )
    Report.all_objects.filter(pk=report.pk).update(body_html=longer)
    result = packs.build_meeting_packs(meeting)
    assert result.rendered == 3  # the report, and the public and full front sheets
    texts = pages_text(read(current(meeting, "public")))
    front = front_sheet_of(texts)
    page = page_of(texts, "LEISURE-REPORT")
    assert re.search(rf"Leisure contract.*? {page}\b", front)


# --- Atomic replacement ----------------------------------------------------------------------------


def test_a_failed_build_leaves_the_previous_packs_current(built):
    meeting, _ = built
    before = {kind: current(meeting, kind) for kind in ("public", "full")}
    housing = Report.all_objects.get(item__title="Housing allocations policy")
    with housing.pdf.storage.open(housing.pdf.name, "wb") as handle:
        handle.write(b"%PDF-1.7\nthis is not a PDF any more")
    with pytest.raises(packs.PackBuildError, match="Housing allocations policy"):
        packs.build_meeting_packs(meeting)
    for kind, pack in before.items():
        assert current(meeting, kind).pk == pack.pk
        assert "HOUSING-UPLOAD" in "".join(pages_text(read(current(meeting, kind))))
    assert sorted(private_storage.listdir(f"packs/{meeting.pk}")[1]) == sorted(
        p.file.name.rsplit("/", 1)[1] for p in before.values()
    )


def test_only_one_pack_of_each_kind_can_be_current(built):
    from django.db import IntegrityError, transaction

    meeting, _ = built
    pack = current(meeting, "public")
    with pytest.raises(IntegrityError), transaction.atomic():
        AgendaPack.all_objects.create(
            meeting=meeting, kind="public", file=pack.file.name, page_count=1, content_hash="x"
        )


# --- Supplements and restrictions -------------------------------------------------------------------


def test_a_late_item_goes_into_a_supplementary_pack_with_the_chairs_reasons(built, officer):
    meeting, _ = built
    late = agenda_services.item_add(
        meeting=meeting,
        title="Flood defence works",
        urgency_reasons="The contractor's price expires before the next meeting.",
        by=officer,
    )
    report = report_services.report_create(
        item=late, title="Flood works", author=officer, by=officer
    )
    report_services.report_update(
        report=report, title="Flood works", body_html="<p>FLOOD-REPORT</p>", by=officer
    )
    clear_report(report, by=officer)
    result = packs.build_meeting_packs(meeting)
    assert {"supplement-1", "supplement-1-full"} <= {p.url_kind for p in result.published}
    texts = pages_text(read(current(meeting, "public", 1)))
    front = front_sheet_of(texts)
    assert "Supplementary agenda 1" in front
    assert "The contractor's price expires before the next meeting." in front
    assert "FLOOD-REPORT" in texts[page_of(texts, "FLOOD-REPORT") - 1]
    assert "Flood defence works" not in front_sheet(current(meeting, "public"))
    assert current(meeting, "full", 1).item_ids == [late.pk]
    # Nothing exempt in it, so its full version is not marked "not for publication".
    assert "not for publication" not in front_sheet(current(meeting, "full", 1)).lower()

    second = agenda_services.item_add(
        meeting=meeting, title="Bus shelter", urgency_reasons="Grant deadline.", by=officer
    )
    shelter = report_services.report_create(
        item=second, title="Shelter", author=officer, by=officer
    )
    packs.build_meeting_packs(meeting)
    assert current(meeting, "full", 1).item_ids == [late.pk]
    assert current(meeting, "full", 2).item_ids == [second.pk]
    assert "Report to follow" in front_sheet(current(meeting, "public", 2))
    # When the report is cleared, supplement 2 is rebuilt with it; supplement 1 is left alone.
    supplement_1 = current(meeting, "public", 1).pk
    report_services.report_update(
        report=shelter, title="Shelter", body_html="<p>SHELTER-REPORT</p>", by=officer
    )
    clear_report(shelter, by=officer)
    result = packs.build_meeting_packs(meeting)
    assert "supplement-1" in result.unchanged
    assert current(meeting, "public", 1).pk == supplement_1
    assert "SHELTER-REPORT" in " ".join(pages_text(read(current(meeting, "public", 2))))


def test_marking_a_published_report_exempt_withdraws_the_public_pack_at_once(built, officer):
    meeting, _ = built
    old_public = current(meeting, "public")
    report = Report.all_objects.get(item__title="Land at Mill Lane")
    agenda_services.restriction_set(
        target=report,
        exempt_paragraphs=[1],
        public_interest_statement=PIS,
        confidential=False,
        by=officer,
    )
    old_public.refresh_from_db()
    assert old_public.superseded_at is not None
    assert not AgendaPack.all_objects.current().filter(meeting=meeting, kind="public").exists()
    assert AuditEvent.private_objects.filter(action="meetings.agenda_pack.withdraw").count() == 1
    assert PackBuild.all_objects.get(meeting=meeting, done_at=None).generation >= 1
    packs.build_meeting_packs(meeting)
    public = " ".join(pages_text(read(current(meeting, "public"))))
    assert "MILL-LANE-REPORT" not in public and "MILL-LANE-UPLOAD" not in public
    assert "paragraph 1 of Part 1 of Schedule 12A" in " ".join(public.split())


def test_a_sub_item_of_a_private_item_is_withheld_with_its_parents_grounds(db, media, officer):
    meeting = make_pack_meeting(officer, publish=False)
    staffing = agenda_services.item_add(
        meeting=meeting,
        title="Staffing review",
        exempt_paragraphs=[1],
        public_interest_statement=PIS,
        by=officer,
    )
    sub = agenda_services.item_add(
        meeting=meeting, title="Redundancy terms", parent=staffing, by=officer
    )
    make_report(sub, officer, title="Redundancy terms", body="<p>SUB-ITEM-SECRET</p>")
    meeting_services.agenda_publish(meeting=meeting, by=officer, today=PUBLISHED_ON)
    packs.build_meeting_packs(meeting)
    public = " ".join(" ".join(pages_text(read(current(meeting, "public")))).split())
    assert "SUB-ITEM-SECRET" not in public
    assert "Redundancy terms" in public  # the title is on the agenda
    assert "paragraph 1 of Part 1 of Schedule 12A" in public
    assert "SUB-ITEM-SECRET" in " ".join(pages_text(read(current(meeting, "full"))))


def test_packs_are_built_only_once_the_agenda_is_published(db, media, officer):
    meeting = make_pack_meeting(officer, publish=False)
    assert pack_services.request_build(meeting) is None
    assert packs.build_meeting_packs(meeting).published == []
    assert not PackBuild.all_objects.exists()


def test_publishing_requests_one_build_and_each_change_bumps_it(db, media, officer):
    meeting = make_pack_meeting(officer)
    build = PackBuild.all_objects.get(meeting=meeting)
    assert build.done_at is None and build.generation == 1
    agenda_services.item_add(meeting=meeting, title="Late", urgency_reasons="Urgent.", by=officer)
    build.refresh_from_db()
    assert build.generation >= 2
    assert PackBuild.all_objects.filter(meeting=meeting).count() == 1


def test_publishing_writes_an_audit_row_per_pack(built):
    events = AuditEvent.private_objects.filter(action="meetings.agenda_pack.publish")
    assert events.count() == 2
    assert {e.actor_name for e in events} == {"system"}


# --- Pure renderers -----------------------------------------------------------------------------------


def test_render_pack_pdf_is_pure_and_matches_the_built_pack(db, media, officer, councillor):
    meeting = make_pack_meeting(officer, councillor)
    data = packs.render_pack_pdf(meeting, kind="public")
    assert not RenderedPart.all_objects.exists() and not AgendaPack.all_objects.exists()
    texts = pages_text(data)
    assert "DEPOT-SECRET-PRICE" not in "".join(texts)
    packs.build_meeting_packs(meeting)
    assert texts == pages_text(read(current(meeting, "public")))


def test_render_report_and_notice_pdfs(db, media, officer):
    meeting = make_pack_meeting(officer)
    depot = Report.all_objects.get(item__title="Sale of the depot")
    report_text = "".join(pages_text(packs.render_report_pdf(depot)))
    assert "DEPOT-SECRET-PRICE" in report_text
    notice = " ".join("".join(pages_text(packs.render_not_for_publication_pdf(depot.item))).split())
    assert "paragraph 3 of Part 1 of Schedule 12A" in notice
    assert "DEPOT-SECRET-PRICE" not in notice
    assert pdf.tagging_problems(packs.render_report_pdf(depot)) == []
    assert meeting.is_published


# --- Names -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "parsed"),
    [
        ("public", ("public", 0)),
        ("full", ("full", 0)),
        ("supplement-2", ("public", 2)),
        ("supplement-2-full", ("full", 2)),
        ("supplement-0", None),
        ("supplement-x", None),
        ("exempt", None),
        ("public-full", None),
    ],
)
def test_parse_kind(value, parsed):
    assert packs.parse_kind(value) == parsed


def test_filenames(built):
    meeting, _ = built
    assert packs.filename(current(meeting, "public")) == (
        "planning-committee-10-december-2026-agenda-pack.pdf"
    )
    assert packs.filename(current(meeting, "full")) == (
        "planning-committee-10-december-2026-agenda-pack-full.pdf"
    )
    assert packs.filename(AgendaPack(meeting=meeting, kind="public", supplement=1)) == (
        "planning-committee-10-december-2026-supplementary-agenda-1.pdf"
    )


@pytest.mark.parametrize(
    ("clock", "text"),
    [
        (time(18, 30), "6:30pm"),
        (time(19, 0), "7pm"),
        (time(10, 0), "10am"),
        (time(12, 0), "midday"),
    ],
)
def test_times_in_gov_uk_style(clock, text):
    assert packs.time_text(at(MEETING_DAY, clock)) == text


# --- democracy.pdf: preparing and merging any PDF ---------------------------------------------------


def html_doc(body: str, title: str = "Test") -> str:
    return f"<html lang='en-GB'><head><title>{title}</title></head><body>{body}</body></html>"


def test_a_rotated_upload_gets_its_footer_along_the_edge_read_as_the_bottom():
    from pypdf import PdfWriter

    source = PdfReader(io.BytesIO(pdf.render_pdf(html_doc("<p>Landscape plan</p>"), title="P")))
    writer = PdfWriter()
    writer.add_page(source.pages[0]).rotate(90)
    buffer = io.BytesIO()
    writer.write(buffer)
    merged = pdf.merge(
        [
            pdf.prepare_html(html_doc("<p>Cover</p>"), title="Cover"),
            pdf.prepare_pdf(buffer.getvalue()),
        ],
        title="Rotated",
    )
    reader = PdfReader(io.BytesIO(merged))
    assert reader.pages[1].rotation == 90
    content = reader.pages[1].get_contents().get_data()
    assert b"0 1 -1 0 595.276 0 cm" in content  # x runs up the page's right edge
    assert "Page 2 of 2" in reader.pages[1].extract_text()


def test_links_within_a_part_point_at_the_right_page_after_merging():
    target = html_doc(
        "<p><a href='#costs'>See the costs</a></p>"
        "<h2 id='costs' style='break-before: page'>Costs</h2><p>COSTS-TEXT</p>"
    )
    parts = [
        pdf.prepare_html(html_doc("<p>Cover</p>"), title="Cover"),
        pdf.prepare_html(target, title="T"),
    ]
    merged = PdfReader(io.BytesIO(pdf.merge(parts, title="Links")))
    [link] = [a.get_object() for a in merged.pages[1]["/Annots"]]
    destination = link["/Dest"]
    assert destination[0].idnum == merged.pages[2].indirect_reference.idnum
    assert "COSTS-TEXT" in merged.pages[2].extract_text()
    assert pdf.tagging_problems(pdf.merge(parts, title="Links")) == []


def test_an_untagged_upload_is_merged_and_the_rest_stays_tagged():
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    untagged = pdf.prepare_pdf(buffer.getvalue())
    assert untagged.layout.struct_root is None
    tagged = pdf.prepare_html(html_doc("<h1>Report</h1><p>Text</p>"), title="Report")
    data = pdf.merge([tagged, untagged, tagged], title="Mixed")
    assert pdf.tagging_problems(data) == []
    document = PdfReader(io.BytesIO(data)).root_object["/StructTreeRoot"]["/K"].get_object()
    assert len(document["/K"]) == 2  # one /Part per tagged part; the blank upload has none
    assert [t.split("Page")[1].strip() for t in pages_text(data)] == ["1 of 3", "2 of 3", "3 of 3"]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"%PDF-1.7\nnot really", "Appendix 2: The PDF is damaged"),
        (b"", "Appendix 2: The PDF is damaged"),
    ],
)
def test_a_damaged_pdf_is_refused_naming_the_document(data, message):
    with pytest.raises(pdf.PdfPartError, match=message):
        pdf.prepare_many([pdf.PdfJob(data, label="Appendix 2")], processes=1)


def test_parts_prepared_in_the_pool_match_those_prepared_in_process():
    jobs = [
        pdf.HtmlJob(html_doc(f"<h1 id='top'>Part {n}</h1>" + "<p>Text.</p>" * 40 * n), title="P")
        for n in (1, 2, 3)
    ]
    pooled = pdf.prepare_many(jobs, processes=2)
    serial = pdf.prepare_many(jobs, processes=1)
    assert [p.page_count for p in pooled] == [p.page_count for p in serial]
    assert [p.layout.anchors for p in pooled] == [p.layout.anchors for p in serial] != []
    assert [pages_text(p.data) for p in pooled] == [pages_text(p.data) for p in serial]


def test_the_render_pool_does_not_outlive_a_process_that_leaves_without_cleaning_up(tmp_path):
    """A Celery worker's process leaves with os._exit, skipping atexit: the pool's workers and
    its fork server must still go."""
    import os
    import subprocess
    import sys
    import time as clock
    from pathlib import Path

    from democracy.tests.factories_worker import child_environment

    script = (
        "import os\n"
        "from democracy import pdf\n"
        "jobs = [pdf.HtmlJob('<p>a</p>', title='a'), pdf.HtmlJob('<p>b</p>', title='b')]\n"
        "pdf.prepare_many(jobs, processes=2)\n"
        "print(' '.join(str(p) for p in pdf._pool._processes), flush=True)\n"
        "os._exit(0)\n"
    )
    root = Path(__file__).resolve().parents[2]
    done = subprocess.run(
        [sys.executable, "-c", script],
        cwd=root,
        env=child_environment(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    workers = [int(pid) for pid in done.stdout.split()]
    assert len(workers) == 2, done.stderr

    def alive(pid: int) -> bool:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return False
        return Path(f"/proc/{pid}/stat").read_text().split()[2] != "Z"

    deadline = clock.monotonic() + 15
    while any(alive(pid) for pid in workers) and clock.monotonic() < deadline:
        clock.sleep(0.2)
    assert not any(alive(pid) for pid in workers)
