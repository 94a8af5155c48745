"""Questions and requests to speak keep the asker's personal data only for the constitution's
retention period after the meeting (UK GDPR Art 5(1)(e)); then the email, a name not agreed for
publication and anything not accepted are erased, with the outbox emails sent to them."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from democracy.constitution import constitution_update
from democracy.models import AuditEvent, Reminder
from meetings.models import PublicSubmission
from meetings.services import participation
from meetings.tests.factories_meetings import make_meeting

pytestmark = pytest.mark.django_db

MEETING_DAY = date(2026, 4, 15)  # a Wednesday
ASKED_ON = date(2026, 4, 1)


def ask(meeting, *, name, email, text="When will the library reopen?", publish_name=False):
    return participation.submission_create(
        meeting=meeting,
        kind="question",
        name=name,
        email=email,
        text=text,
        publish_name=publish_name,
        today=ASKED_ON,
    )


@pytest.fixture
def submissions(officer):
    meeting = make_meeting(day=MEETING_DAY)
    published = ask(meeting, name="Pat Public", email="pat@example.com", publish_name=True)
    unnamed = ask(meeting, name="Una Named", email="una@example.com", text="Why the potholes?")
    declined = ask(
        meeting,
        name="Dee Clined",
        email="dee@example.com",
        text="My neighbour's fence at 4 Mill Lane",
    )
    pending = ask(meeting, name="Penny Ding", email="penny@example.com", text="Still waiting")
    participation.submission_accept(submission=published, by=officer)
    participation.submission_accept(submission=unnamed, by=officer)
    participation.submission_decline(
        submission=declined, reason="About Dee's own dispute", by=officer
    )
    return published, unnamed, declined, pending


def fresh(submission):
    return PublicSubmission.all_objects.get(pk=submission.pk)


def test_nothing_is_erased_before_the_period_ends(submissions):
    last_kept = MEETING_DAY + timedelta(days=183)
    assert participation.submissions_erase_expired(today=last_kept) == 0
    assert all(fresh(s).email for s in submissions)


def test_after_the_period_only_the_public_record_remains(submissions):
    published, unnamed, declined, pending = submissions
    erased_on = MEETING_DAY + timedelta(days=184)
    assert participation.submissions_erase_expired(today=erased_on) == 4

    published, unnamed, declined, pending = (fresh(s) for s in submissions)
    assert (published.name, published.email) == ("Pat Public", "")
    assert published.text == "When will the library reopen?"
    assert (unnamed.name, unnamed.email, unnamed.text) == ("", "", "Why the potholes?")
    assert (declined.name, declined.email, declined.text) == ("", "", "")
    assert declined.decline_reason == participation.ERASED_REASON
    assert (pending.name, pending.email, pending.text) == ("", "", "")
    assert all(s.personal_data_erased_at for s in (published, unnamed, declined, pending))

    emails = Reminder.outbox.filter(subject_id__in=[str(s.pk) for s in submissions])
    assert emails.exists()
    for row in emails:
        assert row.recipients == [] and row.email_body == ""
    assert not emails.filter(sent_at__isnull=True, cancelled_at__isnull=True).exists()

    audited = AuditEvent.private_objects.filter(action="meetings.publicsubmission.erase")
    assert audited.count() == 4
    for event in audited:
        text = str(event.changes)
        assert "example.com" not in text and "Mill Lane" not in text

    # The public still reads the accepted questions, with the one name agreed for publication.
    listed = PublicSubmission.all_objects.listed_for(published.meeting_id)
    assert [(s.name, s.text) for s in listed] == [
        ("Pat Public", "When will the library reopen?"),
        ("", "Why the potholes?"),
    ]
    # Run again: each submission is erased once.
    assert participation.submissions_erase_expired(today=erased_on) == 0


def test_the_council_may_keep_them_longer(submissions, manager):
    constitution_update(values={"public_participation_retention_days": 400}, by=manager)
    assert participation.submissions_erase_expired(today=MEETING_DAY + timedelta(days=184)) == 0
    assert participation.submissions_erase_expired(today=MEETING_DAY + timedelta(days=401)) == 4


def test_a_submission_without_an_email_is_refused():
    meeting = make_meeting(day=MEETING_DAY)
    with pytest.raises(Exception, match="Enter your email address"):
        ask(meeting, name="Alex Asker", email="  ")
    assert not PublicSubmission.all_objects.exists()
