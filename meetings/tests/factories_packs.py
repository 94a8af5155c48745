"""A meeting whose agenda pack has public, exempt and uploaded papers (the packs tests and the
pack benchmark), and reading the packs built."""

from __future__ import annotations

import io
from datetime import date, datetime, time

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from pypdf import PdfReader

from democracy import pdf
from democracy.models import Room, Venue
from democracy.tests.factories import CommitteeFactory, CouncillorFactory, TermFactory
from meetings.models import AgendaPack, CommitteeMembership
from meetings.services import agenda as agenda_services
from meetings.services import committees as committee_services
from meetings.services import meetings as meeting_services
from meetings.services import reports as report_services
from meetings.tests.factories_meetings import clear_report

MEETING_DAY = date(2026, 12, 10)
PUBLISHED_ON = date(2026, 11, 30)
PIS = "Disclosure would prejudice the council's negotiations for the sale."
OPEN_MARKERS = [
    "MILL-LANE-REPORT",
    "MILL-LANE-APPENDIX",
    "MILL-LANE-UPLOAD",
    "HOUSING-UPLOAD",
    "LEISURE-REPORT",
]
MILL_LANE_BODY = (
    "<h2>Recommendation</h2><p>MILL-LANE-REPORT: approve the application.</p>"
    "<table><caption>Costs</caption><thead><tr><th scope='col'>Item</th>"
    "<th scope='col'>Cost</th></tr></thead><tbody><tr><td>Road</td><td>£10,000</td></tr>"
    "</tbody></table>"
)


def at(day: date, clock: time) -> datetime:
    return timezone.make_aware(datetime.combine(day, clock))


def uploaded_pdf(marker: str, pages: int = 1, name: str = "upload.pdf") -> SimpleUploadedFile:
    """A tagged PDF of ``pages`` pages whose text carries ``marker``, as an upload."""
    body = "".join(
        f"<section style='break-before: page'><h1>{marker} page {n}</h1><p>{marker}</p></section>"
        for n in range(1, pages + 1)
    )
    html = f"<html lang='en-GB'><head><title>{marker}</title></head><body>{body}</body></html>"
    data = pdf.render_pdf(html, title=marker)
    return SimpleUploadedFile(name, data, content_type="application/pdf")


def make_report(item, officer, *, title, body="", upload=None, appendices=(), restriction=None):
    report = report_services.report_create(item=item, title=title, author=officer, by=officer)
    report_services.report_update(
        report=report, title=title, body_html=body, pdf=upload, by=officer
    )
    for appendix in appendices:
        report_services.appendix_add(report=report, by=officer, **appendix)
    if restriction:
        agenda_services.restriction_set(
            target=report,
            exempt_paragraphs=restriction,
            public_interest_statement=PIS,
            confidential=False,
            by=officer,
        )
    return clear_report(report, by=officer)


def make_pack_meeting(officer, councillor_user=None, *, publish=True):
    """The scenario meeting, published (its packs requested, not built)."""
    committee = CommitteeFactory(name="Planning Committee", slug="planning-committee")
    appointed = date(2026, 5, 19)
    if councillor_user is not None:
        committee_services.membership_appoint(
            committee=committee,
            councillor=councillor_user.councillor,
            role=CommitteeMembership.Role.CHAIR,
            start_date=appointed,
            by=officer,
        )
    member = TermFactory(councillor=CouncillorFactory(first_name="Amir", last_name="Okafor"))
    committee_services.membership_appoint(
        committee=committee,
        councillor=member.councillor,
        role=CommitteeMembership.Role.MEMBER,
        start_date=appointed,
        by=officer,
    )
    venue = Venue.objects.create(name="Kingsmere House", address="Market Square, Kingsmere")
    room = Room.objects.create(venue=venue, name="Council Chamber", capacity=80)
    meeting = meeting_services.meeting_create(
        committee=committee,
        starts_at=at(MEETING_DAY, time(18, 30)),
        ends_at=at(MEETING_DAY, time(21, 0)),
        room=room,
        webcast_url="https://webcast.example.org/planning",
        by=officer,
    )
    add = agenda_services.item_add
    mill = add(
        meeting=meeting,
        title="Land at Mill Lane",
        description="Outline planning application.",
        is_key_decision=True,
        by=officer,
    )
    housing = add(meeting=meeting, title="Housing allocations policy", by=officer)
    depot = add(meeting=meeting, title="Sale of the depot", by=officer)
    leisure = add(meeting=meeting, title="Leisure contract", by=officer)
    make_report(
        mill,
        officer,
        title="Land at Mill Lane: outline application",
        body=MILL_LANE_BODY,
        appendices=[
            {"title": "Site notes", "body_html": "<p>MILL-LANE-APPENDIX notes.</p>"},
            {"title": "Plans", "pdf": uploaded_pdf("MILL-LANE-UPLOAD", pages=2)},
        ],
    )
    make_report(
        housing,
        officer,
        title="Housing allocations policy",
        upload=uploaded_pdf("HOUSING-UPLOAD", pages=3),
    )
    make_report(
        depot,
        officer,
        title="Depot sale: heads of terms",
        body="<p>DEPOT-SECRET-PRICE is £1,234,567.</p>"
        + "<p>The purchaser will pay the deposit on exchange of contracts.</p>" * 60,
        restriction=[3],
    )
    make_report(
        leisure,
        officer,
        title="Leisure contract award",
        body="<p>LEISURE-REPORT: award the contract.</p>",
        appendices=[
            {
                "title": "Tender scores",
                "body_html": "<p>LEISURE-SECRET-BIDS from each bidder.</p>",
                "exempt_paragraphs": [3],
                "public_interest_statement": PIS,
            }
        ],
    )
    if publish:
        meeting = meeting_services.agenda_publish(meeting=meeting, by=officer, today=PUBLISHED_ON)
    return meeting


def current(meeting, kind="public", supplement=0) -> AgendaPack:
    return AgendaPack.all_objects.current().get(meeting=meeting, kind=kind, supplement=supplement)


def read(pack: AgendaPack) -> bytes:
    with pack.file.open("rb") as handle:
        return handle.read()


def pages_text(data: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]
