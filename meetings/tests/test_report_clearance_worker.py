"""Issue 15, "Done when": the emails to approvers and to the author go through the outbox exactly
once, with a real Celery worker (prefork, two processes) restarted between a claim and the send.

A worker claims the report's emails and dies before sending them; the worker is restarted; the
send tasks are delivered again (twice each, as a broker redelivers after a crash) and the beat
tick runs: each email goes once, to its own recipients."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from democracy import reminders
from democracy.models import Reminder
from democracy.tests.factories import set_constitution
from meetings.models import SignOff
from meetings.services import clearance
from meetings.services import reports as report_services
from meetings.tests.factories_clearance import make_approver
from meetings.tests.factories_meetings import add_item, make_author, make_meeting, make_report

pytestmark = [pytest.mark.worker, pytest.mark.slow]

SEND = "democracy.tasks.send_outbox_email"
TICK = "democracy.tasks.reminders_tick"


def sent_keys(worker) -> list[str]:
    return re.findall(r"^X-Reminder-Key: (.+)$", worker.sent_mail(), flags=re.M)


def test_approvers_and_the_author_are_emailed_once_across_a_worker_restart(
    celery_worker_process,
):
    worker = celery_worker_process
    set_constitution(report_sign_offs=["Legal", "Finance", "Director"])
    writer = make_author("writer")
    legal = make_approver("Legal", "monitoring-officer")
    make_approver("Finance", "s151")
    make_approver("Director", "director")
    report = make_report(add_item(make_meeting(), "Land at Mill Lane"), writer)
    report_services.report_submit(report=report, by=writer)
    clearance.sign_off_give(
        report=report,
        role="Legal",
        decision=SignOff.Decision.CHANGES_REQUESTED,
        comments="Set out the council's power to dispose of the land.",
        by=legal,
    )
    rows = list(
        Reminder.outbox.filter(
            kind__startswith="meetings.clearance", sent_at=None, cancelled_at=None
        ).order_by("pk")
    )
    returned = [row for row in rows if row.kind.startswith(clearance.RETURNED_KIND)]
    requests = [row for row in rows if row.kind.startswith(clearance.REQUEST_KIND)]
    assert (len(requests), len(returned)) == (3, 1)

    # A worker claims every email and dies before sending any; by the time the worker is back,
    # its lease has run out (the clock moved on: the claim's expiry is set in the past).
    _, claimed = reminders.claim_due(now=timezone.now())
    assert sorted(r.pk for r in claimed) == [r.pk for r in rows]
    Reminder.outbox.filter(pk__in=[r.pk for r in rows]).update(
        claimed_until=timezone.now() - timedelta(seconds=1)
    )
    worker.stop()
    worker.start()

    # The restarted worker gets every send task twice, then the tick runs.
    results = [worker.send(SEND, row.pk) for row in rows for _ in range(2)]
    sent = [result.get(timeout=60) for result in results]
    assert worker.send(TICK).get(timeout=60) == 0, worker.log()

    assert sum(sent) == 4, worker.log()
    keys = sent_keys(worker)
    assert sorted(keys) == sorted(f"{row.kind}/{row.subject_id}/{row.due_on}" for row in rows)
    assert len(set(keys)) == 4
    mail = worker.sent_mail()
    assert "To: writer@example.org" in mail
    assert "Your report was returned by Legal" in mail
    assert all(r.sent_at is not None for r in Reminder.outbox.filter(pk__in=[r.pk for r in rows]))
