"""Public participation: the public asks a question or asks to speak at an upcoming meeting, by
the constitution's deadline in working days (the council's meeting calendar); an officer accepts
or declines (the reason emailed); the public sees only accepted submissions, and an asker's name
only if they agreed, never an email."""

from __future__ import annotations

import io
import uuid
from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from playwright.sync_api import expect
from pypdf import PdfReader

from democracy import calendars, statutory
from democracy.constitution import constitution_update
from democracy.council import meeting_calendar
from democracy.models import AuditEvent, Reminder
from democracy.tests.factories_browser import axe_violations
from meetings import packs
from meetings import public as public_data
from meetings.models import PackBuild, PublicSubmission
from meetings.rules.participation import is_late, submission_deadline
from meetings.services import meetings as meeting_services
from meetings.services import participation
from meetings.tests.factories_meetings import add_item, make_meeting

ENGLAND = calendars.meeting_calendar(statutory.Nation.ENGLAND)


@pytest.fixture
def own_cache(settings):
    """A cache of the test's own, so the per-visitor cap starts from nothing."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": f"participation-{uuid.uuid4().hex}",
        }
    }


def upcoming(working_days_ahead: int = 15, **kwargs):
    """A meeting ``working_days_ahead`` working days from today (the real calendar)."""
    day = calendars.working_days_after(
        timezone.localdate(), working_days_ahead, calendar=meeting_calendar()
    )
    return make_meeting(day=day, **kwargs)


def ask(meeting, *, kind="question", name="Alex Asker", email="alex@example.com", **kwargs):
    values = {"text": "When will the library reopen?", "publish_name": False, **kwargs}
    return participation.submission_create(
        meeting=meeting, kind=kind, name=name, email=email, **values
    )


def form(**changes) -> dict[str, str]:
    data = {
        "name": "Alex Asker",
        "email": "alex@example.com",
        "text": "When will the library reopen?",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


# --- The deadline: pure, pinned to real calendars -----------------------------------------------


def test_three_working_days_before_a_meeting_after_easter_2026_skip_the_bank_holidays():
    # Wednesday 8 April 2026: Tuesday 7 counts; Easter Monday 6 April and Good Friday 3 April
    # are bank holidays in England; Thursday 2 and Wednesday 1 April count.
    deadline = submission_deadline(date(2026, 4, 8), working_days=3, calendar=ENGLAND)
    assert deadline == date(2026, 4, 1)
    assert not is_late(date(2026, 4, 1), deadline)
    assert is_late(date(2026, 4, 2), deadline)


def test_christmas_2026_and_its_substitute_boxing_day_do_not_count():
    # Tuesday 29 December 2026: Monday 28 is the substitute Boxing Day holiday, Friday 25 is
    # Christmas Day; Thursday 24, Wednesday 23 and Tuesday 22 count.
    assert submission_deadline(date(2026, 12, 29), working_days=3, calendar=ENGLAND) == date(
        2026, 12, 22
    )


@pytest.mark.django_db
def test_the_deadline_follows_the_constitution_and_a_late_question_is_refused_with_its_date(
    manager,
):
    meeting = make_meeting(day=date(2026, 4, 8))
    assert participation.deadline_for(meeting, "question") == date(2026, 4, 1)
    ask(meeting, today=date(2026, 4, 1))
    with pytest.raises(ValidationError) as caught:
        ask(meeting, today=date(2026, 4, 2))
    assert caught.value.messages == [
        "Questions for this meeting had to reach us by 1 April 2026: the deadline has passed"
    ]
    assert PublicSubmission.all_objects.count() == 1
    # A manager gives five working days for requests to speak instead: Monday 30 March 2026.
    constitution_update(values={"deputation_deadline_working_days": 5}, by=manager)
    assert participation.deadline_for(meeting, "deputation") == date(2026, 3, 30)
    with pytest.raises(ValidationError, match=r"Requests to speak .* by 30 March 2026"):
        ask(meeting, kind="deputation", today=date(2026, 4, 1))


# --- The public form ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_meeting_page_gives_the_deadline_as_a_date_and_the_forms(client):
    meeting = upcoming()
    deadline = participation.deadline_for(meeting, "question")
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert f"Questions must reach us by {deadline:%-d %B %Y}." in page
    assert f"/meetings/{meeting.pk}/ask-a-question/" in page
    assert f"/meetings/{meeting.pk}/ask-to-speak/" in page
    assert "up to 3 minutes" in page


@pytest.mark.django_db
def test_a_question_is_sent_without_an_account_and_acknowledged_through_the_outbox(
    client, own_cache
):
    meeting = upcoming()
    item = add_item(meeting, title="Library opening hours")
    response = client.post(
        f"/meetings/{meeting.pk}/ask-a-question/",
        form(publish_name="on", agenda_item=""),
    )
    assert response.status_code == 302
    assert response.url == f"/meetings/{meeting.pk}/ask-a-question/received/"
    [submission] = PublicSubmission.all_objects.all()
    assert (submission.status, submission.publish_name, submission.agenda_item) == (
        "pending",
        True,
        None,
    )
    [email] = Reminder.outbox.filter(kind=participation.ACKNOWLEDGED_KIND)
    assert email.recipients == ["alex@example.com"]
    assert "When will the library reopen?" in email.email_body
    # The agenda is not published: no item may be chosen (the item's title is not public yet).
    page = client.get(f"/meetings/{meeting.pk}/ask-a-question/").content.decode()
    assert "Library opening hours" not in page and item.pk


@pytest.mark.django_db
def test_bad_answers_are_named_and_nothing_is_saved(client, own_cache):
    meeting = upcoming()
    response = client.post(
        f"/meetings/{meeting.pk}/ask-to-speak/", form(name="", email="not-an-email", text="")
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors["name"] == ["Enter your full name"]
    assert errors["email"] == [
        "Enter an email address in the correct format, like name@example.com"
    ]
    assert errors["text"] == ["Enter what you want to speak about"]
    assert "<title>Error:" in response.content.decode()
    assert not PublicSubmission.all_objects.exists()


@pytest.mark.django_db
def test_after_the_deadline_the_form_says_when_it_closed_and_refuses_a_post(client, own_cache):
    meeting = upcoming(working_days_ahead=1)
    deadline = participation.deadline_for(meeting, "question")
    assert deadline < timezone.localdate()
    expected = f"Questions for this meeting had to reach us by {deadline:%-d %B %Y}"
    page = client.get(f"/meetings/{meeting.pk}/ask-a-question/").content.decode()
    assert expected in page
    response = client.post(f"/meetings/{meeting.pk}/ask-a-question/", form())
    assert expected in response.content.decode()
    assert not PublicSubmission.all_objects.exists()
    # The meeting page no longer offers the forms.
    assert "/ask-a-question/" not in client.get(meeting.get_absolute_url()).content.decode()


@pytest.mark.django_db
def test_a_visitor_is_throttled_like_the_other_public_forms(client, own_cache):
    meeting = upcoming()
    for _ in range(5):
        assert client.post(f"/meetings/{meeting.pk}/ask-a-question/", form()).status_code == 302
    response = client.post(f"/meetings/{meeting.pk}/ask-a-question/", form())
    assert response.status_code == 429
    assert PublicSubmission.all_objects.count() == 5


@pytest.mark.django_db
def test_a_held_or_cancelled_meeting_takes_no_questions(client):
    past = make_meeting(day=timezone.localdate() - timedelta(days=3))
    assert client.get(f"/meetings/{past.pk}/ask-a-question/").status_code == 404
    with pytest.raises(ValidationError, match="already taken place or has been cancelled"):
        ask(past)


# --- The officer decides --------------------------------------------------------------------


@pytest.mark.django_db
def test_an_officer_accepts_a_question_and_declines_another_with_the_reason(client, officer):
    meeting = upcoming()
    first = ask(meeting, name="Alex Asker", email="alex@example.com")
    second = ask(meeting, name="Bo Other", email="bo@example.com", text="Planning at No 4?")
    client.force_login(officer)
    page = client.get(f"/officers/meetings/{meeting.pk}/public-participation/").content.decode()
    assert "alex@example.com" in page and "Planning at No 4?" in page

    response = client.post(f"/officers/public-participation/{first.pk}/accept/")
    assert response.status_code == 302
    first.refresh_from_db()
    assert (first.status, first.decided_by) == ("accepted", officer)
    [accepted] = Reminder.outbox.filter(kind=participation.ACCEPTED_KIND)
    assert accepted.recipients == ["alex@example.com"]

    refused = client.post(
        f"/officers/public-participation/{second.pk}/decline/", {"decline_reason": ""}
    )
    assert refused.context["form"].errors["decline_reason"] == ["Give the reason for declining it"]
    client.post(
        f"/officers/public-participation/{second.pk}/decline/",
        {"decline_reason": "It is about a live planning application."},
    )
    second.refresh_from_db()
    assert second.status == "declined"
    [declined] = Reminder.outbox.filter(kind=participation.DECLINED_KIND)
    assert declined.recipients == ["bo@example.com"]
    assert "It is about a live planning application." in declined.email_body

    actions = set(
        AuditEvent.private_objects.filter(
            action__startswith="meetings.publicsubmission."
        ).values_list("action", flat=True)
    )
    assert actions == {
        "meetings.publicsubmission.question",
        "meetings.publicsubmission.accept",
        "meetings.publicsubmission.decline",
    }
    # The agenda is not published: no pack to rebuild. Once it is, an accepted question asks
    # for the packs to be rebuilt, so the published agenda lists it.
    assert not PackBuild.all_objects.filter(meeting=meeting).exists()
    meeting_services.agenda_publish(meeting=meeting, by=officer)
    PackBuild.all_objects.filter(meeting=meeting).update(done_at=timezone.now())
    third = ask(meeting, name="Cy Third", email="cy@example.com")
    participation.submission_accept(submission=third, by=officer)
    assert PackBuild.all_objects.filter(meeting=meeting, done_at=None).count() == 1
    # A decided one cannot be decided again.
    with pytest.raises(ValidationError, match="already been decided"):
        participation.submission_decline(submission=first, reason="Changed mind", by=officer)


@pytest.mark.django_db
def test_the_officer_page_runs_the_same_queries_whatever_the_number(
    client, officer, django_assert_max_num_queries
):
    meeting = upcoming()
    client.force_login(officer)
    ask(meeting)
    with django_assert_max_num_queries(14) as few:
        client.get(f"/officers/meetings/{meeting.pk}/public-participation/")
    for n in range(20):
        submission = ask(meeting, name=f"Asker {n}")
        if n % 2:
            participation.submission_accept(submission=submission, by=officer)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(f"/officers/meetings/{meeting.pk}/public-participation/")


# --- What the public sees ---------------------------------------------------------------------


@pytest.mark.django_db
def test_the_public_sees_accepted_submissions_and_consented_names_only(client, officer):
    meeting = upcoming()
    consented = ask(meeting, name="Casey Consent", text="Will the pool reopen?", publish_name=True)
    unconsented = ask(meeting, name="Uma Private", email="uma@example.com", text="Bus routes?")
    speaker = ask(
        meeting, kind="deputation", name="Dana Speaker", text="Mill Park", publish_name=True
    )
    declined = ask(meeting, name="Dee Clined", text="DECLINEDTEXT", publish_name=True)
    pending = ask(meeting, name="Pat Pending", text="PENDINGTEXT", publish_name=True)
    for submission in (consented, unconsented, speaker):
        participation.submission_accept(submission=submission, by=officer)
    participation.submission_decline(submission=declined, reason="Off topic", by=officer)

    page = client.get(meeting.get_absolute_url()).content.decode()
    for shown in ("Will the pool reopen?", "Asked by Casey Consent", "Bus routes?", "Mill Park"):
        assert shown in page
    assert "Dana Speaker" in page
    for hidden in (
        "Uma Private",
        "uma@example.com",
        "alex@example.com",
        "DECLINEDTEXT",
        "Dee Clined",
        "PENDINGTEXT",
        "Pat Pending",
    ):
        assert hidden not in page
    listed = public_data.participation(meeting).accepted
    assert {(s.text, s.name) for s in listed} == {
        ("Will the pool reopen?", "Casey Consent"),
        ("Bus routes?", ""),
        ("Mill Park", "Dana Speaker"),
    }
    assert pending.pk

    # The agenda (the pack's front sheet) lists them the same way.
    text = "".join(
        p.extract_text() for p in PdfReader(io.BytesIO(packs.render_pack_pdf(meeting))).pages
    )
    assert "Public questions and deputations" in text
    assert "Will the pool reopen?" in text and "Casey Consent" in text
    assert "Bus routes?" in text and "Uma Private" not in text
    assert "DECLINEDTEXT" not in text and "PENDINGTEXT" not in text
    assert "uma@example.com" not in text and "alex@example.com" not in text


@pytest.mark.browser
@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_a_member_of_the_public_asks_a_question_in_the_browser(live_page):
    meeting = upcoming()
    page = live_page
    page.goto(f"{page.base}{meeting.get_absolute_url()}")
    deadline = participation.deadline_for(meeting, "question")
    expect(page.get_by_text(f"Questions must reach us by {deadline:%-d %B %Y}.")).to_be_visible()
    assert axe_violations(page) == []
    page.get_by_role("link", name="Ask a question").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ask a question")
    assert axe_violations(page) == []
    page.get_by_role("button", name="Send your question").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter your full name")
    assert axe_violations(page) == []
    page.get_by_label("Full name").fill("Alex Asker")
    page.get_by_label("Email address").fill("alex@example.com")
    page.get_by_label("Your question").fill("When will the library reopen?")
    page.get_by_label("You may publish my name with my question").check()
    page.get_by_role("button", name="Send your question").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Question sent")
    assert axe_violations(page) == []
    [submission] = PublicSubmission.all_objects.all()
    assert (submission.name, submission.publish_name) == ("Alex Asker", True)
