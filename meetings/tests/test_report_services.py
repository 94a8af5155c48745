"""Reports: drafting (sanitised text, PDFs checked), appendices, clearance through the council's
sign-offs, withdrawal, and who may read them (``Report.all_objects.public()`` and
``visible_to(user)``): the services in meetings/services/reports.py and the visibility querysets
in meetings/models/agenda.py."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import InMemoryUploadedFile, SimpleUploadedFile

from democracy.models import AuditEvent
from democracy.tests.factories import set_constitution
from meetings.models import Appendix, CommitteeMembership, Report, SignOff
from meetings.services import agenda as agenda_services
from meetings.services import meetings as meeting_services
from meetings.services import reports as report_services
from meetings.tests.factories_meetings import (
    actions,
    add_item,
    clear_report,
    make_author,
    make_meeting,
    make_report,
    pdf_bytes,
    pdf_upload,
)

LONDON = ZoneInfo("Europe/London")
PIS = "Disclosure would prejudice the council's negotiating position."


@pytest.fixture
def meeting(db):
    return make_meeting()


@pytest.fixture
def writer(db):
    return make_author("writer")


@pytest.fixture
def report(meeting, writer):
    return make_report(add_item(meeting, "Land at Mill Lane"), writer)


def approve(report, role, by):
    return report_services.sign_off_record(
        report=report, role=role, decision=SignOff.Decision.APPROVED, by=by
    )


# --- Drafting -----------------------------------------------------------------------------------


def test_report_create_belongs_to_an_item_of_business_once(meeting, writer, officer):
    item = add_item(meeting, "Land at Mill Lane")
    report = report_services.report_create(
        item=item, title=" Mill Lane ", author=writer, by=officer
    )
    assert (report.title, report.status, report.author) == ("Mill Lane", "draft", writer)
    with pytest.raises(ValidationError, match="already has a report"):
        report_services.report_create(item=item, title="Again", author=writer, by=officer)
    apologies = meeting.items.get(kind="apologies")
    with pytest.raises(ValidationError, match="items of business"):
        report_services.report_create(item=apologies, title="No", author=writer, by=officer)
    event = AuditEvent.private_objects.get(action="meetings.report.create")
    assert event.actor == officer and event.changes["title"] == [None, "Mill Lane"]


def test_the_report_text_is_sanitised(report, writer):
    report_services.report_update(
        report=report,
        title="Mill Lane",
        body_html='<h2>Summary</h2><p onclick="steal()">Approve.</p><script>alert(1)</script>'
        '<a href="javascript:alert(1)">x</a><iframe src="https://example.org"></iframe>',
        by=writer,
    )
    report.refresh_from_db()
    assert report.body_html == ('<h2>Summary</h2><p>Approve.</p><a rel="noopener noreferrer">x</a>')
    assert AuditEvent.private_objects.filter(action="meetings.report.update").count() == 2


def test_a_report_needs_text_or_a_pdf(report, writer, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    with pytest.raises(ValidationError) as caught:
        report_services.report_update(
            report=report, title="Mill Lane", body_html="<script>x</script>", by=writer
        )
    assert set(caught.value.message_dict) == {"body_html"}
    report_services.report_update(
        report=report, title="Mill Lane", body_html="", pdf=pdf_upload("mill-lane.pdf"), by=writer
    )
    report.refresh_from_db()
    assert report.pdf.name.endswith(".pdf") and report.body_html == ""
    with report.pdf.open("rb") as stored:
        assert stored.read().startswith(b"%PDF-")
    assert str(tmp_path) in report.pdf.path  # in the test's private files, never in MEDIA_URL
    event = AuditEvent.private_objects.filter(action="meetings.report.update").first()
    assert event.changes["pdf"] == ["", "mill-lane.pdf"]  # the file as uploaded


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (
            SimpleUploadedFile("minutes.docx", b"PK\x03\x04 a word file"),
            "minutes.docx is not a PDF. Upload a PDF file.",
        ),
        (
            SimpleUploadedFile("locked.pdf", pdf_bytes(password="secret")),
            "locked.pdf is password-protected. Upload a copy without a password.",
        ),
        (
            SimpleUploadedFile("broken.pdf", b"%PDF-1.7\n1 0 obj << /Type /Catalog >>\ngarbage"),
            "broken.pdf is damaged and cannot be read.",
        ),
    ],
    ids=["not a pdf", "encrypted", "damaged"],
)
def test_check_pdf_refuses_bad_files_naming_them(report, writer, upload, message):
    with pytest.raises(ValidationError) as caught:
        report_services.check_pdf(upload)
    assert caught.value.message_dict == {"pdf": [message]}
    upload.seek(0)
    with pytest.raises(ValidationError) as caught:
        report_services.report_update(
            report=report, title="Mill Lane", body_html="<p>x</p>", pdf=upload, by=writer
        )
    assert caught.value.message_dict == {"pdf": [message]}
    report.refresh_from_db()
    assert not report.pdf


def test_check_pdf_refuses_a_file_over_50_mb(db):
    data = pdf_bytes()
    big = InMemoryUploadedFile(
        file=__import__("io").BytesIO(data),
        field_name="pdf",
        name="huge.pdf",
        content_type="application/pdf",
        size=50 * 1024 * 1024 + 1,
        charset=None,
    )
    with pytest.raises(ValidationError, match="smaller than 50 MB"):
        report_services.check_pdf(big)


def test_check_pdf_counts_pages_and_leaves_the_file_ready_to_save(db):
    upload = pdf_upload(pages=3)
    assert report_services.check_pdf(upload) == 3
    assert upload.read(5) == b"%PDF-"


def test_appendices_are_numbered_and_renumbered(report, writer, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    first = report_services.appendix_add(
        report=report, title="Site plan", pdf=pdf_upload("plan.pdf"), by=writer
    )
    second = report_services.appendix_add(
        report=report,
        title="Valuation",
        body_html="<p>£1.2m</p><script>x</script>",
        exempt_paragraphs=[3],
        public_interest_statement=PIS,
        by=writer,
    )
    assert (first.label, second.label) == ("Appendix 1", "Appendix 2")
    assert second.body_html == "<p>£1.2m</p>"
    report_services.appendix_remove(appendix=first, by=writer)
    second.refresh_from_db()
    assert second.position == 1
    assert actions().count("meetings.appendix.create") == 2
    assert actions().count("meetings.appendix.delete") == 1


def test_an_appendix_needs_a_pdf_or_text_and_a_checked_pdf(report, writer):
    with pytest.raises(ValidationError) as caught:
        report_services.appendix_add(report=report, title="Empty", by=writer)
    assert set(caught.value.message_dict) == {"pdf"}
    with pytest.raises(ValidationError, match="is not a PDF"):
        report_services.appendix_add(
            report=report, title="Word", pdf=SimpleUploadedFile("a.docx", b"PK"), by=writer
        )
    with pytest.raises(ValidationError) as caught:
        report_services.appendix_add(
            report=report, title="Exempt", body_html="<p>x</p>", exempt_paragraphs=[3], by=writer
        )
    assert set(caught.value.message_dict) == {"public_interest_statement"}
    assert not Appendix.all_objects.exists()


# --- Clearance ----------------------------------------------------------------------------------


def test_every_sign_off_approving_makes_the_report_ready(report, writer, officer, settings):
    set_constitution(report_sign_offs=["Legal", "Finance", "Director"])
    report_services.report_submit(report=report, by=writer)
    report.refresh_from_db()
    assert report.status == Report.Status.AWAITING_SIGN_OFF
    assert report_services.sign_offs_outstanding(report) == ["Legal", "Finance", "Director"]
    approve(report, "Finance", officer)
    approve(report, "Legal", officer)
    report.refresh_from_db()
    assert report.status == Report.Status.AWAITING_SIGN_OFF
    assert report_services.sign_offs_outstanding(report) == ["Director"]
    approve(report, "Director", officer)
    report.refresh_from_db()
    assert report.status == Report.Status.READY and report.ready_at is not None
    assert actions()[-2:] == ["meetings.sign_off.create", "meetings.report.ready"]
    with pytest.raises(ValidationError, match="not awaiting sign-off"):
        approve(report, "Legal", officer)


def test_clearance_and_publication_record_the_time_they_are_given(
    meeting, report, writer, officer, settings
):
    """The demo council's history (issue 11 item 23): a report submitted, signed off and
    published in the past carries those times, not the time it was loaded."""
    set_constitution(report_sign_offs=["Legal", "Finance"])
    submitted = datetime(2019, 3, 25, 9, tzinfo=LONDON)
    report_services.report_submit(report=report, by=writer, now=submitted)
    for n, role in enumerate(["Legal", "Finance"], 1):
        report_services.sign_off_record(
            report=report,
            role=role,
            decision=SignOff.Decision.APPROVED,
            by=officer,
            now=submitted + timedelta(hours=n),
        )
    report.refresh_from_db()
    assert report.status == Report.Status.READY
    assert (report.submitted_at, report.ready_at) == (submitted, submitted + timedelta(hours=2))
    assert list(report.sign_offs.values_list("signed_at", flat=True)) == [
        submitted + timedelta(hours=1),
        submitted + timedelta(hours=2),
    ]
    published = datetime(2019, 4, 1, 9, tzinfo=LONDON)
    meeting_services.agenda_publish(meeting=meeting, by=None, now=published)
    meeting.refresh_from_db()
    assert meeting.agenda_published_at == published and meeting.late_publication_reasons == ""


def test_changes_requested_sends_the_report_back_and_earlier_approvals_lapse(
    report, writer, officer, settings
):
    set_constitution(report_sign_offs=["Legal", "Finance", "Director"])
    report_services.report_submit(report=report, by=writer)
    approve(report, "Legal", officer)
    approve(report, "Finance", officer)
    with pytest.raises(ValidationError) as caught:
        report_services.sign_off_record(
            report=report, role="Director", decision="changes_requested", comments=" ", by=officer
        )
    assert set(caught.value.message_dict) == {"comments"}
    report_services.sign_off_record(
        report=report,
        role="Director",
        decision=SignOff.Decision.CHANGES_REQUESTED,
        comments="Add the options considered.",
        by=officer,
    )
    report.refresh_from_db()
    assert report.status == Report.Status.CHANGES_REQUESTED
    # Back with the author, who can edit it again and resubmit.
    report_services.report_update(
        report=report, title=report.title, body_html="<p>Options: A, B.</p>", by=writer
    )
    report_services.report_submit(report=report, by=writer)
    report.refresh_from_db()
    # The approvals given before the resubmission do not count.
    assert report_services.sign_offs_outstanding(report) == ["Legal", "Finance", "Director"]
    approve(report, "Director", officer)
    approve(report, "Legal", officer)
    report.refresh_from_db()
    assert report.status == Report.Status.AWAITING_SIGN_OFF
    approve(report, "Finance", officer)
    report.refresh_from_db()
    assert report.status == Report.Status.READY
    assert "meetings.report.changes_requested" in actions()


def test_a_report_awaiting_sign_off_cannot_be_edited(report, writer):
    report_services.report_submit(report=report, by=writer)
    report.refresh_from_db()
    with pytest.raises(ValidationError, match="awaiting sign-off: it can only be changed"):
        report_services.report_update(report=report, title="X", body_html="<p>Y</p>", by=writer)
    with pytest.raises(ValidationError, match="awaiting sign-off"):
        report_services.report_submit(report=report, by=writer)


def test_an_empty_report_cannot_be_submitted(meeting, writer):
    report = make_report(add_item(meeting, "Empty"), writer, body="")
    with pytest.raises(ValidationError) as caught:
        report_services.report_submit(report=report, by=writer)
    assert set(caught.value.message_dict) == {"body_html"}


def test_only_the_councils_sign_off_roles_can_be_recorded(report, writer, officer, settings):
    set_constitution(report_sign_offs=["Legal", "Section 151 officer"])
    report_services.report_submit(report=report, by=writer)
    with pytest.raises(ValidationError) as caught:
        approve(report, "Director", officer)
    assert caught.value.message_dict == {
        "role": ["Choose a sign-off role: Legal, Section 151 officer."]
    }
    approve(report, "Section 151 officer", officer)
    approve(report, "Legal", officer)
    report.refresh_from_db()
    assert report.status == Report.Status.READY


def test_withdrawing_needs_a_reason(report, officer):
    with pytest.raises(ValidationError) as caught:
        report_services.report_withdraw(report=report, reason="", by=officer)
    assert set(caught.value.message_dict) == {"reason"}
    report_services.report_withdraw(report=report, reason="Deferred to June", by=officer)
    report.refresh_from_db()
    assert report.status == Report.Status.WITHDRAWN
    assert (
        AuditEvent.private_objects.get(action="meetings.report.withdraw").note == "Deferred to June"
    )


# --- Who may read what --------------------------------------------------------------------------


@pytest.fixture
def papers(meeting, writer, officer, councillor):
    """A meeting with a public report (with a public and an exempt appendix), an exempt report,
    and a report on a confidential item; every report cleared. The ``councillor`` persona sits
    on the committee."""
    from members.models import Councillor

    CommitteeMembership.objects.create(
        committee=meeting.committee,
        councillor=Councillor.all_objects.get(user=councillor),
        start_date=date(2018, 5, 15),
    )
    public = make_report(add_item(meeting, "Local plan review"), writer)
    plan = report_services.appendix_add(
        report=public, title="Plan", body_html="<p>Map</p>", by=writer
    )
    valuation = report_services.appendix_add(
        report=public,
        title="Valuation",
        body_html="<p>£1.2m</p>",
        exempt_paragraphs=[3],
        public_interest_statement=PIS,
        by=writer,
    )
    exempt = make_report(add_item(meeting, "Disposal of the depot"), make_author("other-writer"))
    agenda_services.restriction_set(
        target=exempt,
        exempt_paragraphs=[3],
        public_interest_statement=PIS,
        confidential=False,
        by=officer,
    )
    police = make_report(add_item(meeting, "Police briefing", confidential=True), writer)
    for report in (public, exempt, police):
        clear_report(report, officer)
    return {
        "public": public,
        "exempt": exempt,
        "police": police,
        "plan": plan,
        "valuation": valuation,
    }


def titles(queryset) -> set[str]:
    return set(queryset.values_list("title", flat=True))


def publish(meeting):
    meeting_services.agenda_publish(meeting=meeting, today=date(2019, 4, 1), by=None)
    meeting.refresh_from_db()


def test_nothing_is_public_before_publication(papers, meeting):
    assert not Report.all_objects.public().exists()
    assert not Appendix.all_objects.public().exists()


def test_public_excludes_restricted_reports_items_and_appendices(papers, meeting):
    publish(meeting)
    assert titles(Report.all_objects.public()) == {"Report: Local plan review"}
    assert titles(Appendix.all_objects.public()) == {"Plan"}


def test_an_appendix_of_a_restricted_report_or_item_is_restricted_too(papers, meeting):
    # Appendices inherit the restriction of their report and of its item. (Made directly: a
    # cleared report takes no new appendices through the services.)
    exempt = papers["exempt"]
    Appendix.all_objects.create(
        report=exempt, position=1, title="Photographs", body_html="<p>P</p>"
    )
    police = papers["police"]
    Appendix.all_objects.create(report=police, position=1, title="Statement", body_html="<p>S</p>")
    publish(meeting)
    assert titles(Appendix.all_objects.public()) == {"Plan"}


def test_a_councillor_on_the_committee_sees_restricted_papers_once_published(
    papers, meeting, councillor
):
    assert not Report.all_objects.visible_to(councillor).exists()
    publish(meeting)
    assert titles(Report.all_objects.visible_to(councillor)) == {
        "Report: Local plan review",
        "Report: Disposal of the depot",
        "Report: Police briefing",
    }
    assert titles(Appendix.all_objects.visible_to(councillor)) == {"Plan", "Valuation"}


def test_another_councillor_sees_only_the_public_papers(papers, meeting, other_councillor):
    publish(meeting)
    assert titles(Report.all_objects.visible_to(other_councillor)) == {"Report: Local plan review"}
    assert titles(Appendix.all_objects.visible_to(other_councillor)) == {"Plan"}


def test_a_seat_counts_only_if_held_on_the_day_of_the_meeting(papers, meeting, councillor):
    # The seat ended on 1 April 2019, before the meeting of 23 April.
    CommitteeMembership.objects.filter(councillor__user=councillor).update(
        end_date=date(2019, 4, 1)
    )
    publish(meeting)
    assert titles(Report.all_objects.visible_to(councillor)) == {"Report: Local plan review"}


def test_an_author_sees_their_own_drafts_and_nobody_elses(meeting, writer):
    mine = make_report(add_item(meeting, "Mine"), writer)
    make_report(add_item(meeting, "Theirs"), make_author("other-writer"))
    assert titles(Report.all_objects.visible_to(writer)) == {mine.title}


def test_officers_see_everything(papers, officer):
    assert Report.all_objects.visible_to(officer).count() == 3
    assert Appendix.all_objects.visible_to(officer).count() == 2


def test_the_public_sees_nothing_restricted(papers, meeting):
    from django.contrib.auth.models import AnonymousUser

    publish(meeting)
    assert titles(Report.all_objects.visible_to(AnonymousUser())) == {"Report: Local plan review"}


def test_every_step_of_a_reports_life_is_audited(report, writer, officer, settings):
    set_constitution(report_sign_offs=["Legal"])
    report_services.report_submit(report=report, by=writer)
    report_services.sign_off_record(
        report=report, role="Legal", decision="changes_requested", comments="More.", by=officer
    )
    report.refresh_from_db()
    report_services.report_update(
        report=report, title="Mill Lane", body_html="<p>More</p>", by=writer
    )
    report_services.report_submit(report=report, by=writer)
    approve(report, "Legal", officer)
    report.refresh_from_db()
    report_services.report_withdraw(report=report, reason="Deferred", by=officer)
    trail = list(
        AuditEvent.private_objects.filter(
            object_id=str(report.pk), action__startswith="meetings.report"
        )
        .order_by("at", "id")
        .values_list("action", "actor__username")
    )
    assert trail == [
        ("meetings.report.create", None),
        ("meetings.report.update", None),
        ("meetings.report.submit", "writer"),
        ("meetings.report.changes_requested", "officer"),
        ("meetings.report.update", "writer"),
        ("meetings.report.submit", "writer"),
        ("meetings.report.ready", "officer"),
        ("meetings.report.withdraw", "officer"),
    ]
    assert AuditEvent.private_objects.filter(action="meetings.sign_off.create").count() == 2
