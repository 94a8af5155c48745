"""Retention: an appeal's personal data is anonymised the constitution's
``appeals_retention_years`` after it was determined, once, through its outbox row; the audit trail says so and names no one."""

from __future__ import annotations

from datetime import date

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from appeals.models import Appeal, Appellant, Child, Decision, Evidence, HearingListing
from appeals.services import cases, retention, scheduling
from appeals.tests.factories import at, build_scene, decide, hold, lodge, png_bytes, schedule
from appeals.uploads import check
from democracy import reminders
from democracy.models import AuditEvent, Reminder
from democracy.tests.factories import set_constitution

AUDIT = AuditEvent._default_manager


def _decided(clerk, scene):
    appeal = lodge(scene.academy)
    cases.evidence_add(
        appeal=appeal, upload=check("letter.png", png_bytes()), source="clerk", by=clerk
    )
    hold(schedule(scene, [appeal], by=clerk), by=clerk)
    decide(appeal, by=clerk, reasons="Sam Rivers's sister attends; the bus takes an hour.")
    return Appeal.cases.get(pk=appeal.pk)


@pytest.mark.django_db
def test_an_appeal_is_anonymised_once_when_its_retention_period_ends(clerk):
    set_constitution(appeals_retention_years=1)
    clerk.email = "clerk@kingsmere.example.gov.uk"
    clerk.save()
    appeal = _decided(clerk, build_scene(by=clerk))
    assert appeal.retain_until == date(2027, 5, 6)
    evidence_file = Evidence.private_objects.get(appeal=appeal).file
    storage, name = evidence_file.storage, evidence_file.name

    assert retention.schedule_due(date(2027, 5, 5)) == []  # not yet
    [row] = retention.schedule_due(date(2027, 5, 6))
    assert row.recipients == [clerk.email] and row.email_body == ""
    assert not retention.appeal_anonymise(appeal=appeal, today=date(2027, 5, 5), by=None)

    that_night = at(date(2027, 5, 6), 1, 45)
    assert reminders.send_one(row.pk, now=that_night)
    assert not reminders.send_one(row.pk, now=that_night)  # the outbox's claim: once
    appeal.refresh_from_db()
    assert appeal.anonymised_at is not None
    child = Child.private_objects.get(appeal=appeal)
    assert (child.first_name, child.last_name, child.date_of_birth) == (
        "Anonymised",
        "child",
        date(2014, 1, 1),
    )
    lead = Appellant.private_objects.get(appeal=appeal)
    assert (lead.name, lead.email, lead.address, lead.postcode) == ("Anonymised", "", "", "")
    assert "Sam" not in appeal.grounds
    assert "Sam" not in Decision.private_objects.get(appeal=appeal).reasons
    assert not Evidence.private_objects.filter(appeal=appeal).exists()
    assert not storage.exists(name)
    assert HearingListing.private_objects.get(appeal=appeal).notes == ""
    # The emails sent about the appeal keep no body and no address.
    for sent in Reminder.outbox.filter(subject_id=str(appeal.pk)).exclude(
        kind=retention.RETENTION_KIND
    ):
        assert sent.email_body == "" and sent.recipients == []
    # The audit trail says so, and the email tells the clerk.
    [event] = AUDIT.filter(action="appeals.appeal.anonymise", object_id=str(appeal.pk))
    assert "retention period of 1 year after determination (6 May 2026)" in event.note
    assert "Sam" not in str(event.changes) + event.note
    [email] = [m for m in mail.outbox if "anonymised" in m.subject]
    assert f"appeal {appeal.reference} was anonymised" in email.body
    # What is kept still counts: the outcome, the school, the year group.
    assert appeal.status == Appeal.Status.DECIDED and appeal.school.name == "Harbour Academy"
    assert retention.schedule_due(date(2027, 6, 1)) == []  # nothing left to do


@pytest.mark.django_db
def test_appeals_withdrawn_or_rejected_before_a_hearing_are_anonymised_in_their_turn(clerk):
    """An appeal that ends without a panel's decision is determined the day it ends: withdrawn
    (coming off its hearing, its unsent notice cancelled), rejected by the clerk, or rejected
    on lodging as a late exclusion review. Each is anonymised when its retention period ends."""
    set_constitution(appeals_retention_years=1)
    scene = build_scene(by=clerk)
    withdrawn = lodge(scene.academy)
    hearing = schedule(scene, [withdrawn, lodge(scene.academy)], by=clerk)
    scheduling.hearing_send_notice(hearing=hearing, today=date(2026, 4, 20), by=clerk)
    cases.appeal_withdraw(
        appeal=withdrawn, note="Offered a place", today=date(2026, 4, 22), by=clerk
    )
    rejected = cases.appeal_reject(
        appeal=lodge(scene.academy),
        reason="Not an appealable decision",
        today=date(2026, 4, 23),
        by=clerk,
    )
    late_review = lodge(
        scene.academy,
        kind="exclusion_review",
        year_group="9",
        decision_notified_on=date(2026, 2, 2),
        lodged_on=date(2026, 3, 3),
    )
    assert late_review.status == Appeal.Status.REJECTED
    expected = {
        withdrawn.pk: (date(2026, 4, 22), date(2027, 4, 22)),
        rejected.pk: (date(2026, 4, 23), date(2027, 4, 23)),
        late_review.pk: (date(2026, 3, 3), date(2027, 3, 3)),
    }
    for pk, dates in expected.items():
        appeal = Appeal.cases.get(pk=pk)
        assert (appeal.determined_on, appeal.retain_until) == dates, appeal.reference
    # The withdrawn appeal is off its hearing, and the notice not yet sent will not go.
    assert not withdrawn.listings.filter(cancelled_at=None).exists()
    notice = Reminder.outbox.get(subject_id=str(withdrawn.pk), kind="appeals.hearing_notice")
    assert notice.cancelled_at is not None and notice.sent_at is None
    # A year on, each is anonymised through its outbox row.
    rows = retention.schedule_due(date(2027, 4, 23))
    assert sorted(int(row.subject_id) for row in rows) == sorted(expected)
    for row in rows:
        assert reminders.send_one(row.pk, now=at(date(2027, 4, 23), 1))
    for pk in expected:
        assert Child.private_objects.get(appeal_id=pk).first_name == "Anonymised"
        assert AUDIT.filter(action="appeals.appeal.anonymise", object_id=str(pk)).exists()


@pytest.mark.django_db
def test_a_grouped_hearing_s_notes_go_when_its_last_appeal_is_anonymised(clerk):
    set_constitution(appeals_retention_years=1)
    scene = build_scene(by=clerk)
    appeals = [lodge(scene.academy) for _ in range(2)]
    hearing = schedule(scene, appeals, by=clerk)
    hold(hearing, by=clerk)  # the clerk's notes of the group stage
    decide(appeals[0], by=clerk, decided_on=date(2026, 5, 6), today=date(2026, 5, 6))
    decide(appeals[1], by=clerk, decided_on=date(2026, 5, 7), today=date(2026, 5, 7))
    assert retention.appeal_anonymise(appeal=appeals[0], today=date(2027, 5, 6), by=None)
    hearing.refresh_from_db()
    assert hearing.notes == "The authority presented its case on capacity."  # still needed
    assert retention.appeal_anonymise(appeal=appeals[1], today=date(2027, 5, 7), by=None)
    hearing.refresh_from_db()
    assert hearing.notes == ""
    event = AUDIT.get(action="appeals.appeal.anonymise", object_id=str(appeals[1].pk))
    assert event.changes["hearing_notes_cleared"] == [None, 1]


@pytest.mark.django_db
def test_a_heard_appeal_is_withdrawn_only_as_the_panel_s_decision(clerk):
    scene = build_scene(by=clerk)
    appeal = lodge(scene.academy)
    hold(schedule(scene, [appeal], by=clerk), by=clerk)
    with pytest.raises(ValidationError, match="record the withdrawal as the panel's decision"):
        cases.appeal_withdraw(appeal=appeal, by=clerk)
    assert Appeal.cases.get(pk=appeal.pk).status == Appeal.Status.HEARD


@pytest.mark.worker
@pytest.mark.slow
def test_the_nightly_task_anonymises_an_old_case_once_with_a_real_worker(
    celery_worker_process, clerk
):
    set_constitution(appeals_retention_years=1)  # decided 6 May 2026: due on 6 May 2027
    appeal = _decided(clerk, build_scene(by=clerk))
    Appeal.cases.filter(pk=appeal.pk).update(retain_until=date(2026, 6, 1))
    results = [celery_worker_process.send("appeals.tasks.retention_sweep") for _ in range(2)]
    assert sorted(result.get(timeout=120) for result in results) == [0, 1]
    appeal.refresh_from_db()
    assert appeal.anonymised_at is not None
    assert Child.private_objects.get(appeal=appeal).first_name == "Anonymised"
    assert AUDIT.filter(action="appeals.appeal.anonymise", object_id=str(appeal.pk)).count() == 1
    sent = celery_worker_process.sent_mail()
    assert sent.count(f"Subject: Appeal {appeal.reference}: personal data anonymised") == 1
    row = Reminder.outbox.get(kind=retention.RETENTION_KIND)
    assert row.sent_at is not None
