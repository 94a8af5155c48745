"""Clearance of reports in the approvers' own accounts (issue 15, point 1): who holds each
sign-off, the emails through the outbox (once each, whatever the retries), signing off and
returning a report, the author told why, and the chain's order rules kept
(``meetings/services/clearance.py``, ``meetings/rules/clearance.py``)."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from democracy import reminders
from democracy.models import AuditEvent, Reminder
from democracy.tasks import send_outbox_email
from democracy.tests.factories import set_constitution
from meetings.models import Report, SignOff, SignOffHolder
from meetings.rules import clearance as rules
from meetings.services import clearance
from meetings.services import reports as report_services
from meetings.tests.factories_clearance import make_approver
from meetings.tests.factories_meetings import add_item, make_author, make_meeting, make_report

LONDON = ZoneInfo("Europe/London")
CHAIN = ["Legal", "Finance", "Director"]


@pytest.fixture(autouse=True)
def chain(db):
    set_constitution(report_sign_offs=CHAIN)


@pytest.fixture
def writer(db):
    return make_author("writer")


@pytest.fixture
def report(writer):
    return make_report(add_item(make_meeting(), "Land at Mill Lane"), writer)


@pytest.fixture
def approvers(db):
    return {
        "Legal": make_approver("Legal", "monitoring-officer"),
        "Legal deputy": make_approver("Legal", "deputy-mo", deputy=True),
        "Finance": make_approver("Finance", "s151"),
        "Director": make_approver("Director", "director"),
    }


def outbox_rows(kind_prefix: str) -> list[Reminder]:
    return list(Reminder.outbox.filter(kind__startswith=kind_prefix).order_by("id"))


# --- The rules ----------------------------------------------------------------------------------


def test_every_role_must_approve_after_the_latest_submission_in_any_order():
    submitted = datetime(2026, 3, 2, 9, tzinfo=LONDON)
    before, after = submitted - timedelta(days=1), submitted + timedelta(hours=1)
    approvals = [("Finance", after), ("Legal", before), ("Director", after)]
    assert rules.outstanding(CHAIN, approvals, submitted) == ["Legal"]
    assert rules.outstanding(CHAIN, [], None) == CHAIN


def test_only_a_holder_may_sign_a_role_still_waiting():
    assert rules.may_sign_as("Legal", held=["Legal"], chain=CHAIN, waiting=CHAIN) is None
    assert "do not hold" in rules.may_sign_as("Finance", held=["Legal"], chain=CHAIN, waiting=CHAIN)
    assert "already signed off" in rules.may_sign_as(
        "Legal", held=["Legal"], chain=CHAIN, waiting=["Finance"]
    )
    assert "not one of" in rules.may_sign_as("Audit", held=["Audit"], chain=CHAIN, waiting=[])


# --- Holders ------------------------------------------------------------------------------------


def test_assigning_a_holder_is_audited_and_once_per_role(officer, writer):
    holder = clearance.sign_off_holder_assign(role="Legal", user=writer, deputy=True, by=officer)
    assert clearance.roles_held_by(writer) == ["Legal"]
    with pytest.raises(ValidationError, match="already holds Legal"):
        clearance.sign_off_holder_assign(role="Legal", user=writer, by=officer)
    with pytest.raises(ValidationError) as caught:
        clearance.sign_off_holder_assign(role="Audit", user=writer, by=officer)
    assert "Choose a sign-off role: Legal, Finance, Director" in str(caught.value)
    clearance.sign_off_holder_remove(holder=holder, by=officer)
    assert not SignOffHolder.all_objects.exists()
    assert list(
        AuditEvent.private_objects.filter(action__startswith="meetings.sign_off_holder")
        .order_by("id")
        .values_list("action", flat=True)
    ) == ["meetings.sign_off_holder.create", "meetings.sign_off_holder.delete"]


# --- Submission emails each role's holders and deputies, once -----------------------------------


def test_submitting_emails_each_roles_holders_and_deputies_through_the_outbox(
    report, writer, approvers, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        report_services.report_submit(report=report, by=writer)
    assert len(callbacks) == 3  # one send task per role, queued after the commit
    rows = outbox_rows(clearance.REQUEST_KIND)
    assert [row.recipients for row in rows] == [
        ["deputy-mo@example.org", "monitoring-officer@example.org"],
        ["s151@example.org"],
        ["director@example.org"],
    ]
    assert rows[0].email_subject == f"Legal sign-off needed: {report.title}"
    assert f"/officers/reports/{report.pk}/approve/" in rows[0].email_body

    for row in rows:
        assert send_outbox_email(row.pk) is True
    assert len(mail.outbox) == 3
    # A worker restarted after sending runs the same tasks again: nothing goes twice.
    for row in rows:
        assert send_outbox_email(row.pk) is False
    assert len(mail.outbox) == 3
    assert mail.outbox[0].to == ["deputy-mo@example.org", "monitoring-officer@example.org"]


def test_a_claimed_email_is_not_sent_again_by_a_restarted_worker(report, writer, approvers):
    report_services.report_submit(report=report, by=writer)
    rows = outbox_rows(clearance.REQUEST_KIND)
    # A worker claims the due rows, sends the first, then dies before sending the others.
    token, claimed = reminders.claim_due(now=timezone.now())
    assert sorted(r.pk for r in claimed) == [r.pk for r in rows]
    first = next(r for r in claimed if r.pk == rows[0].pk)
    assert reminders.send_claimed(first, token) is True
    # The restarted worker runs every send task again: the sent row is not sent again, and the
    # rows the dead worker still holds are not sent while its claim lasts.
    for row in rows:
        assert send_outbox_email(row.pk) is False
    assert len(mail.outbox) == 1
    # Once the dead worker's claim lapses, the tick sends the other two, once.
    later = timezone.now() + timedelta(seconds=settings.REMINDER_LEASE_SECONDS + 1)
    assert reminders.send_due(now=later) == 2
    assert reminders.send_due(now=later) == 0
    for row in rows:
        assert send_outbox_email(row.pk) is False
    assert len(mail.outbox) == 3
    assert len({tuple(m.to) for m in mail.outbox}) == 3


def test_resubmission_emails_again_but_a_repeat_of_the_same_submission_does_not(
    report, writer, approvers
):
    report_services.report_submit(report=report, by=writer)
    report.refresh_from_db()
    clearance.request_sign_offs(report)  # the same submission asked twice: one row per role
    assert len(outbox_rows(clearance.REQUEST_KIND)) == 3
    clearance.sign_off_give(
        report=report,
        role="Legal",
        decision=SignOff.Decision.CHANGES_REQUESTED,
        comments="Cite the power.",
        by=approvers["Legal"],
    )
    report.refresh_from_db()
    report_services.report_submit(
        report=report, by=writer, now=timezone.now() + timedelta(minutes=5)
    )
    assert len(outbox_rows(clearance.REQUEST_KIND)) == 6


# --- Signing off in one's own account -----------------------------------------------------------


def test_approvers_sign_off_in_their_own_accounts_until_the_report_is_ready(
    report, writer, approvers
):
    report_services.report_submit(report=report, by=writer)
    report.refresh_from_db()
    waiting = clearance.reports_waiting_for(approvers["Legal deputy"])
    assert waiting == [(report, ["Legal"])]
    assert clearance.reports_waiting_for(writer) == []

    # A deputy signs off for Legal; Finance may not sign as Director.
    clearance.sign_off_give(
        report=report, role="Legal", decision="approved", by=approvers["Legal deputy"]
    )
    assert clearance.reports_waiting_for(approvers["Legal"]) == []
    with pytest.raises(ValidationError, match="do not hold the Director"):
        clearance.sign_off_give(
            report=report, role="Director", decision="approved", by=approvers["Finance"]
        )
    with pytest.raises(ValidationError, match="already signed off"):
        clearance.sign_off_give(
            report=report, role="Legal", decision="approved", by=approvers["Legal"]
        )
    clearance.sign_off_give(
        report=report, role="Director", decision="approved", by=approvers["Director"]
    )
    clearance.sign_off_give(
        report=report, role="Finance", decision="approved", by=approvers["Finance"]
    )
    report.refresh_from_db()
    assert report.status == Report.Status.READY
    sign_offs = list(report.sign_offs.order_by("signed_at"))
    assert [(s.role, s.recorded_by_officer) for s in sign_offs] == [
        ("Legal", False),
        ("Director", False),
        ("Finance", False),
    ]
    assert AuditEvent.private_objects.filter(action="meetings.sign_off.create").count() == 3
    with pytest.raises(ValidationError, match="not awaiting sign-off"):
        clearance.sign_off_give(
            report=report, role="Legal", decision="approved", by=approvers["Legal"]
        )


def test_a_return_sends_the_report_back_and_emails_the_author_the_reason(report, writer, approvers):
    report_services.report_submit(report=report, by=writer)
    clearance.sign_off_give(
        report=report, role="Finance", decision="approved", by=approvers["Finance"]
    )
    with pytest.raises(ValidationError) as caught:
        clearance.sign_off_give(
            report=report, role="Legal", decision="changes_requested", by=approvers["Legal"]
        )
    assert set(caught.value.message_dict) == {"comments"}
    returned = clearance.sign_off_give(
        report=report,
        role="Legal",
        decision=SignOff.Decision.CHANGES_REQUESTED,
        comments="Set out the council's power to dispose of the land.",
        by=approvers["Legal"],
    )
    report.refresh_from_db()
    assert report.status == Report.Status.CHANGES_REQUESTED
    assert clearance.last_return(report) == returned
    [row] = outbox_rows(clearance.RETURNED_KIND)
    assert row.recipients == ["writer@example.org"]
    assert "Set out the council's power" in row.email_body
    send_outbox_email(row.pk)
    send_outbox_email(row.pk)
    assert [m.subject for m in mail.outbox] == [
        f"Your report was returned by Legal: {report.title}"
    ]
    # The author fixes it and resubmits: Finance's approval lapsed; the return is no longer shown.
    report_services.report_update(
        report=report, title=report.title, body_html="<p>Under s123 LGA 1972.</p>", by=writer
    )
    report_services.report_submit(report=report, by=writer)
    report.refresh_from_db()
    assert clearance.last_return(report) is None
    assert clearance.outstanding_roles(report) == CHAIN


def test_the_author_is_emailed_once_though_the_worker_restarts_between_claim_and_send(
    report, writer, approvers
):
    report_services.report_submit(report=report, by=writer)
    for row in outbox_rows(clearance.REQUEST_KIND):
        assert send_outbox_email(row.pk) is True
    clearance.sign_off_give(
        report=report,
        role="Legal",
        decision=SignOff.Decision.CHANGES_REQUESTED,
        comments="Set out the council's power to dispose of the land.",
        by=approvers["Legal"],
    )
    [row] = outbox_rows(clearance.RETURNED_KIND)
    # A worker claims the author's email and dies before sending it.
    token, claimed = reminders.claim_due(now=timezone.now())
    assert [r.pk for r in claimed] == [row.pk]
    # The restarted worker runs the send task again (and a duplicate of it): the claim holds.
    assert send_outbox_email(row.pk) is False
    assert send_outbox_email(row.pk) is False
    # The dead worker's claim lapses: the tick sends it, once; nothing sends it again.
    later = timezone.now() + timedelta(seconds=settings.REMINDER_LEASE_SECONDS + 1)
    assert reminders.send_due(now=later) == 1
    assert reminders.send_due(now=later) == 0
    assert send_outbox_email(row.pk) is False
    # The dead worker, had it come back, may not send with its old claim either.
    assert reminders.send_claimed(claimed[0], token) is False
    returned = [m for m in mail.outbox if m.to == ["writer@example.org"]]
    assert [m.subject for m in returned] == [f"Your report was returned by Legal: {report.title}"]


def test_an_officer_records_a_sign_off_given_outside_the_system_with_its_evidence(
    report, writer, officer
):
    report_services.report_submit(report=report, by=writer)
    sign_off = report_services.sign_off_record(
        report=report,
        role="Legal",
        decision="approved",
        evidence="Email from the Monitoring Officer, 2 March 2026",
        by=officer,
    )
    assert sign_off.recorded_by_officer and sign_off.evidence.startswith("Email from")
    event = AuditEvent.private_objects.get(action="meetings.sign_off.create")
    assert event.changes["evidence"][1].startswith("Email from")


def test_reports_waiting_run_a_bounded_number_of_queries(
    writer, approvers, django_assert_max_num_queries
):
    meeting = make_meeting()
    for n in range(4):
        report = make_report(add_item(meeting, f"Item {n}"), writer)
        report_services.report_submit(report=report, by=writer)
    with django_assert_max_num_queries(4):
        assert len(clearance.reports_waiting_for(approvers["Finance"])) == 4
