"""Builders shared by the meetings tests (and the other apps' tests that need a meeting): meetings
with their standard items, rooms, reports cleared for publication, PDF uploads."""

from __future__ import annotations

import io
from datetime import date, datetime, time

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from pypdf import PdfWriter

from democracy.constitution import sign_off_chain
from democracy.models import AuditEvent, Room, Venue
from democracy.roles import Role
from democracy.tests.factories import CommitteeFactory, UserFactory
from meetings.models import AgendaItem, CommitteeMembership, Meeting, Report, SignOff
from meetings.services import agenda as agenda_services
from meetings.services import meetings as meeting_services
from meetings.services import reports as report_services
from members.models import Councillor

NUNEATON_PLANNING = date(2019, 4, 23)  # Tuesday after Easter 2019


def moment(day: date, clock: time) -> datetime:
    return timezone.make_aware(datetime.combine(day, clock))


def make_room(name: str = "Council Chamber", venue: str = "Town Hall") -> Room:
    building, _ = Venue.objects.get_or_create(name=venue, defaults={"address": "1 High Street"})
    return Room.objects.create(venue=building, name=name, capacity=60)


def make_meeting(
    committee=None,
    day: date = NUNEATON_PLANNING,
    start: time = time(18, 30),
    end: time = time(21, 0),
    room: Room | None = None,
    by=None,
    **kwargs,
) -> Meeting:
    if room is None:
        kwargs.setdefault("location_note", "Town Hall, Council Chamber")
    return meeting_services.meeting_create(
        committee=committee or CommitteeFactory(name="Planning Committee"),
        starts_at=moment(day, start),
        ends_at=moment(day, end),
        room=room,
        by=by,
        **kwargs,
    )


def add_item(meeting: Meeting, title: str = "Land at Mill Lane", by=None, **kwargs):
    return agenda_services.item_add(meeting=meeting, title=title, by=by, **kwargs)


def make_author(username: str = "writer"):
    return UserFactory(username=username, roles=[Role.REPORT_AUTHOR])


def make_report(item: AgendaItem, author=None, body: str = "<p>The report.</p>", by=None):
    report = report_services.report_create(
        item=item, title=f"Report: {item.title}", author=author, by=by
    )
    if body:
        report_services.report_update(report=report, title=report.title, body_html=body, by=by)
    return report


def clear_report(report: Report, by) -> Report:
    """Send the report for sign-off and record every sign-off role's approval."""

    report_services.report_submit(report=report, by=by)
    for role in sign_off_chain():
        report_services.sign_off_record(
            report=report, role=role, decision=SignOff.Decision.APPROVED, by=by
        )
    report.refresh_from_db()
    return report


def pdf_bytes(*, password: str | None = None, pages: int = 1) -> bytes:
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    if password:
        writer.encrypt(password)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def pdf_upload(name: str = "report.pdf", **kwargs) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, pdf_bytes(**kwargs), content_type="application/pdf")


def kinds(meeting: Meeting) -> list[str]:
    return list(
        meeting.items.filter(parent=None).order_by("position").values_list("kind", flat=True)
    )


def actions() -> list[str]:
    return list(AuditEvent.private_objects.order_by("at", "id").values_list("action", flat=True))


def make_agenda_positions_deferrable() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT condeferrable FROM pg_constraint WHERE conname = 'agenda_item_unique_position'"
        )
        row = cursor.fetchone()
    if row is None or row[0]:
        return
    [constraint] = [
        c for c in AgendaItem._meta.constraints if c.name == "agenda_item_unique_position"
    ]
    with connection.schema_editor() as editor:
        editor.execute(f"ALTER TABLE {AgendaItem._meta.db_table} DROP CONSTRAINT {constraint.name}")
        editor.add_constraint(AgendaItem, constraint)


def seat(user, committee, start=date(2018, 5, 15), **kwargs):
    return CommitteeMembership.objects.create(
        committee=committee,
        councillor=Councillor.all_objects.get(user=user),
        start_date=start,
        **kwargs,
    )
