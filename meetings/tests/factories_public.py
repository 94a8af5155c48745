"""A held, published meeting with public, exempt and confidential papers, minutes, decisions
and attendance, built through the services: the ground for the public pages, feeds and web
service tests. Every string that must never reach the public contains ``SECRET``."""

from __future__ import annotations

import io
import re
from datetime import date, datetime, time, timedelta
from urllib.parse import urljoin, urlsplit

from django.utils import timezone
from pypdf import PdfReader

from democracy.roles import Role
from democracy.tests.factories import (
    CommitteeFactory,
    PoliticalGroupFactory,
    TermFactory,
    UserFactory,
    WardFactory,
)
from democracy.tests.factories_councillors import add_co_opted_member
from meetings.models import (
    Attendance,
    CommitteeMembership,
    Decision,
    Meeting,
    MinutesEntry,
)
from meetings.services import agenda as agenda_services
from meetings.services import decisions as decision_services
from meetings.services import meetings as meeting_services
from meetings.services import minutes as minutes_services
from meetings.services import proceedings as proceedings_services
from meetings.services import reports as report_services
from meetings.tests.factories_meetings import clear_report, make_report, pdf_upload
from members.models import GroupMembership

PIS = "Disclosure would prejudice the council's position."
SECRETS = [
    "EXEMPT-REPORT-SECRET",
    "EXEMPT-APPENDIX-SECRET",
    "EXEMPT-ITEM-SECRET",
    "EXEMPT-SUBITEM-SECRET",
    "CONFIDENTIAL-ITEM-SECRET",
    "CONFIDENTIAL-REPORT-SECRET",
    "EXEMPT-MINUTE-SECRET",
    "EXEMPT-DECISION-SECRET",
    "EXEMPT-REASONS-SECRET",
]
START = date(2023, 5, 8)


def moment(day: date, hour: int, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


class PublicScene:
    """``Planning Committee`` (slug ``planning``) with three members, and a meeting a week ago:
    published, held, minuted, with decisions. ``items`` extra public items (each with a report)
    let tests grow the agenda."""

    def __init__(self, *, items: int = 0, held: bool = True, slug: str = "planning") -> None:
        self.officer = UserFactory(
            username=f"dso-{slug}", password=None, roles=[Role.DEMOCRATIC_SERVICES_OFFICER]
        )
        self.author = UserFactory(username=f"author-{slug}", roles=[Role.REPORT_AUTHOR])
        self.committee = CommitteeFactory(
            name=f"{slug.title()} Committee",
            slug=slug,
            terms_of_reference="Determines applications for planning permission.",
            quorum=2,  # two of the three members attend: the meeting is quorate
        )
        self.ward = WardFactory(name=f"{slug.title()} Ward", created_on=date(2019, 5, 2))
        self.group = PoliticalGroupFactory(name=f"{slug.title()} Party", short_name="PP")
        self.councillors = []
        for n, role in enumerate(["chair", "member", "member"]):
            councillor = TermFactory(ward=self.ward, start_date=START).councillor
            councillor.council_email = f"cllr{n}@{slug}.example.org"
            councillor.save()
            GroupMembership.objects.create(
                councillor=councillor, group=self.group, start_date=START
            )
            CommitteeMembership.objects.create(
                committee=self.committee, councillor=councillor, role=role, start_date=START
            )
            self.councillors.append(councillor)
        self.day = timezone.localdate() - timedelta(days=7)
        self.meeting = meeting_services.meeting_create(
            committee=self.committee,
            starts_at=moment(self.day, 18, 30),
            ends_at=moment(self.day, 21),
            location_note="Council Chamber, Town Hall",
            webcast_url="https://webcast.example.org/planning",
            by=self.officer,
        )
        self.public_item = self.add(
            "Local plan review", description="PUBLIC-ITEM-TEXT about the local plan."
        )
        self.public_report = self.report(self.public_item, "<p>PUBLIC-REPORT-TEXT</p>", clear=False)
        report_services.appendix_add(
            report=self.public_report,
            title="Housing numbers",
            body_html="<p>PUBLIC-APPENDIX-TEXT</p>",
            by=self.officer,
        )
        report_services.appendix_add(
            report=self.public_report,
            title="Valuations",
            body_html="<p>EXEMPT-APPENDIX-SECRET</p>",
            exempt_paragraphs=[3],
            public_interest_statement=PIS,
            by=self.officer,
        )
        self.public_report = clear_report(self.public_report, self.officer)
        self.exempt_item = self.add(
            "Disposal of the depot",
            description="EXEMPT-ITEM-SECRET buyer named here.",
            exempt_paragraphs=[3],
            public_interest_statement=PIS,
        )
        self.exempt_sub_item = self.add(
            "Terms of the sale",
            description="EXEMPT-SUBITEM-SECRET terms.",
            parent=self.exempt_item,
        )
        self.exempt_report = self.report(
            self.exempt_item, "<p>The land is worth EXEMPT-REPORT-SECRET.</p>", pdf=True
        )
        self.confidential_item = self.add(
            "Legal advice on the contract",
            description="CONFIDENTIAL-ITEM-SECRET advice.",
            confidential=True,
        )
        self.confidential_report = self.report(
            self.confidential_item, "<p>CONFIDENTIAL-REPORT-SECRET</p>"
        )
        for n in range(items):
            item = self.add(f"Planning application {n + 1}", description=f"Application {n + 1}.")
            self.report(item, f"<p>Officer's report on application {n + 1}.</p>")
        meeting_services.agenda_publish(
            meeting=self.meeting, by=self.officer, today=self.day - timedelta(days=14)
        )
        self.meeting.refresh_from_db()
        if held:
            self.hold()

    def add(self, title: str, **kwargs):
        return agenda_services.item_add(
            meeting=self.meeting, title=title, by=self.officer, **kwargs
        )

    def report(self, item, body: str, *, pdf: bool = False, clear: bool = True):
        report = make_report(item, self.author, body=body, by=self.officer)
        if pdf:
            report_services.report_update(
                report=report, title=report.title, body_html=body, pdf=pdf_upload(), by=None
            )
        return clear_report(report, self.officer) if clear else report

    def hold(self) -> None:
        proceedings_services.meeting_mark_held(meeting=self.meeting, by=self.officer)
        for n, councillor in enumerate(self.councillors):
            Attendance.objects.create(
                meeting=self.meeting,
                councillor=councillor,
                status=Attendance.Status.PRESENT if n < 2 else Attendance.Status.APOLOGIES,
                presiding=n == 0,
            )
        minutes = minutes_services.minutes_draft(meeting=self.meeting, by=self.officer)
        for entry in MinutesEntry.all_objects.filter(minutes=minutes).select_related("item"):
            if entry.item_id == self.exempt_item.pk:
                text = "The committee agreed the sale at EXEMPT-MINUTE-SECRET."
            elif entry.item_id == self.exempt_sub_item.pk:
                # A sub-item of a private item: its minute is private with it.
                text = "EXEMPT-MINUTE-SECRET terms agreed."
            elif entry.item_id == self.confidential_item.pk:
                text = "The committee noted the EXEMPT-MINUTE-SECRET advice."
            else:
                text = entry.text or f"PUBLIC-MINUTE-TEXT for {entry.title}."
            minutes_services.minutes_update_entry(entry=entry, text=text, by=self.officer)
        minutes_services.minutes_publish_draft(minutes=minutes, by=self.officer)
        self.minutes = minutes
        self.public_decision = self.decide(
            "Local plan review adopted", "PUBLIC-DECISION-TEXT adopted.", self.public_item
        )
        self.exempt_decision = self.decide(
            "Disposal of the depot",
            "EXEMPT-DECISION-SECRET sold for a sum.",
            self.exempt_item,
            exempt_paragraphs=[3],
            public_interest_statement=PIS,
            reasons="EXEMPT-REASONS-SECRET",
        )

    def decide(self, title: str, text: str, item, **kwargs) -> Decision:
        kwargs.setdefault("reasons", "The reasons in the report.")
        decision = decision_services.decision_record(
            kind=Decision.Kind.COMMITTEE_RESOLUTION,
            title=title,
            decided_on=self.day,
            decision=text,
            alternatives_considered="None.",
            decision_maker_committee=self.committee,
            meeting=self.meeting,
            agenda_item=item,
            by=self.officer,
            **kwargs,
        )
        return decision_services.decision_publish(
            decision=decision, by=self.officer, today=self.day + timedelta(days=1)
        )


def add_meetings(committee, count: int, *, start: date | None = None) -> list[Meeting]:
    """``count`` scheduled meetings of ``committee``, a week apart from ``start``."""
    start = start or timezone.localdate() + timedelta(days=3)
    return [
        meeting_services.meeting_create(
            committee=committee,
            starts_at=moment(start + timedelta(days=7 * n), 10),
            ends_at=moment(start + timedelta(days=7 * n), 12),
            location_note="Committee Room 1",
            by=None,
        )
        for n in range(count)
    ]


def seat_co_optees(scene: PublicScene):
    """A voting co-opted member, a non-voting one, and a name-only co-optee on the committee."""
    voting = add_co_opted_member(
        scene.committee,
        title="Mrs",
        first_name="Petra",
        last_name="Planner",
        appointment="Independent planning adviser",
        council_email="petra.planner@council.example.org",
    )
    non_voting = add_co_opted_member(
        scene.committee,
        title="Dr",
        first_name="Nigel",
        last_name="Novote",
        appointment="Adviser on conservation areas",
        voting=False,
    )
    CommitteeMembership.objects.create(
        committee=scene.committee,
        coopted_name="Mr Nameonly Person",
        role=CommitteeMembership.Role.COOPTED_NON_VOTING,
        start_date=START,
    )
    return voting, non_voting


HREF = re.compile(r'href="([^"#]+)')
PRIVATE_PREFIXES = ("/officers/", "/members/portal/", "/account/", "/manage/", "/static/")


def text_of(response) -> str:
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if response.get("Content-Type", "").startswith("application/pdf"):
        return "\n".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(body)).pages)
    return body.decode("utf-8", errors="replace")


def crawl(client, start: str, limit: int = 400) -> dict[str, str]:
    """Every same-site public page reachable from ``start`` by links (following redirects)."""
    seen: dict[str, str] = {}
    queue = [start]
    while queue and len(seen) < limit:
        url = queue.pop(0)
        if url in seen:
            continue
        response = client.get(url, follow=True)
        assert response.status_code == 200, url
        text = text_of(response)
        seen[url] = text
        if "html" not in response.get("Content-Type", ""):
            continue
        for href in HREF.findall(text):
            href = href.replace("&amp;", "&")
            target = urljoin(url, href)
            parts = urlsplit(target)
            if parts.scheme not in ("", "http") or parts.netloc not in ("", "testserver"):
                continue
            local = parts.path + (f"?{parts.query}" if parts.query else "")
            if local.startswith(PRIVATE_PREFIXES) or local in seen:
                continue
            queue.append(local)
    return seen
