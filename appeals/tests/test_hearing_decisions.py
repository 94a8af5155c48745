"""The hearing and the decision: the clerk's record of the hearing, the panel's decisions with
their reasons (infant class size grounds, the two-stage test), decision letters as tagged PDFs
tracked against the 5 school days, with a reminder through the outbox, and hearing bundles for
the panel and for each appellant."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from pypdf import PdfReader

from appeals import rules
from appeals.models import Appeal, Decision, Hearing, HearingListing
from appeals.services import cases, decisions, scheduling
from appeals.tests.factories import (
    HEARING_DAY,
    at,
    build_scene,
    decide,
    hold,
    lodge,
    png_bytes,
    schedule,
)
from appeals.uploads import check
from democracy import pdf, reminders
from democracy.models import AuditEvent, Reminder
from democracy.tests.factories import set_constitution
from democracy.tests.factories_pdf import pdf_with

pytestmark = pytest.mark.django_db
AUDIT = AuditEvent._default_manager


def pdf_text(data: bytes) -> str:
    """The PDF's text, its line breaks and runs of spaces made single spaces."""
    pages = PdfReader(io.BytesIO(data)).pages
    return " ".join(" ".join(page.extract_text() or "" for page in pages).split())


@pytest.fixture
def scene(clerk, panel_member):
    return build_scene(by=clerk, panel_user=panel_member)


@pytest.fixture
def grouped(scene, clerk):
    appeals = [lodge(scene.academy) for _ in range(2)]
    return schedule(scene, appeals, by=clerk), appeals


# --- The record of the hearing ------------------------------------------------------------------


def test_a_hearing_cannot_be_recorded_before_it_starts(grouped, clerk):
    hearing, _ = grouped
    with pytest.raises(ValidationError, match="record it after"):
        decisions.hearing_record(hearing=hearing, listings={}, now=at(HEARING_DAY, 9), by=clerk)


def test_recording_the_hearing_needs_each_appellants_attendance_and_a_full_panel(grouped, clerk):
    hearing, appeals = grouped
    first = hearing.listings.order_by("position").first()
    lay_seat = hearing.seats.get(sitting_as="lay")
    with pytest.raises(ValidationError) as refused:
        decisions.hearing_record(
            hearing=hearing,
            listings={first.pk: decisions.ListingRecord("attended")},
            absent_members=[lay_seat.pk],
            by=clerk,
        )
    messages = refused.value.message_dict
    assert messages["absent"] == [
        "A panel needs 3 members present: adjourn the hearing instead",
        "The chair must be present",
    ]
    assert f"Say whether the appellant in {appeals[1].reference} attended" in str(messages)
    assert Hearing.hearings.get().status == Hearing.Status.PLANNED


def test_recording_the_hearing_makes_it_held_and_its_appeals_heard(grouped, clerk):
    hearing, _appeals = grouped
    hold(hearing, by=clerk, attendance="represented")
    hearing.refresh_from_db()
    assert hearing.status == Hearing.Status.HELD and hearing.recorded_at is not None
    assert hearing.notes == "The authority presented its case on capacity."
    assert set(Appeal.cases.values_list("status", flat=True)) == {"heard"}
    assert set(HearingListing.private_objects.values_list("attendance", flat=True)) == {
        "represented"
    }
    assert all(seat.attended for seat in hearing.seats.all())
    row = AUDIT.get(action="appeals.hearing.record")
    assert "The parent" not in str(row.changes)  # who attended is not in the audit log


# --- Decisions -------------------------------------------------------------------------------------


def test_no_decision_before_the_whole_hearing_is_recorded(grouped, clerk):
    _, appeals = grouped
    with pytest.raises(ValidationError, match="Record the hearing first"):
        decide(appeals[0], by=clerk)


def test_a_decision_determines_the_appeal_and_sets_its_letter_deadline_and_retention(
    grouped, clerk
):
    set_constitution(appeals_retention_years=2)
    hearing, appeals = grouped
    hold(hearing, by=clerk)
    decision = decide(appeals[0], by=clerk, outcome="upheld")
    appeal = Appeal.cases.get(pk=appeals[0].pk)
    assert appeal.status == Appeal.Status.DECIDED
    assert appeal.determined_on == HEARING_DAY
    assert appeal.retain_until == date(2028, 5, 6)
    # 5 school days after Wednesday 6 May 2026: Wednesday 13 May (Kingsmere's summer term).
    assert decision.letter_due_on == date(2026, 5, 13)
    row = AUDIT.get(action="appeals.appeal.determine")
    assert row.changes["outcome"] == [None, "upheld"]
    assert decision.reasons not in str(row.changes)


def test_the_two_stage_test_decides_the_outcome(grouped, clerk):
    hearing, appeals = grouped
    hold(hearing, by=clerk)
    with pytest.raises(ValidationError) as refused:
        decide(appeals[0], by=clerk, outcome="upheld", appellant_case_outweighs=False)
    assert refused.value.message_dict["outcome"] == [
        "The two-stage test gives dismissed: The prejudice to the school outweighs the "
        "appellant's case."
    ]
    with pytest.raises(ValidationError, match="Enter the panel's reasons"):
        decide(appeals[0], by=clerk, reasons=" ")


def test_a_grouped_hearing_decides_prejudice_once_for_every_appeal(grouped, clerk):
    hearing, appeals = grouped
    hold(hearing, by=clerk)
    decide(appeals[0], by=clerk)
    with pytest.raises(ValidationError) as refused:
        decide(appeals[1], by=clerk, outcome="upheld", prejudice_found=False)
    assert "it found prejudice for the others" in str(refused.value.message_dict)


def test_an_infant_class_size_appeal_is_upheld_only_on_a_ground(scene, clerk):
    appeal = lodge(
        scene.primary,
        year_group="R",
        infant_class_size=True,
        kind="admission_in_year",
        lodged_on=date(2026, 4, 20),
        decision_notified_on=date(2026, 4, 17),
    )
    hold(schedule(scene, [appeal], by=clerk, day=date(2026, 5, 20)), by=clerk)
    with pytest.raises(ValidationError) as refused:
        decisions.decision_record(
            appeal=appeal, outcome="upheld", reasons="Sympathetic case.", by=clerk
        )
    assert "can be upheld only on one of the three grounds" in str(refused.value)
    decision = decisions.decision_record(
        appeal=appeal,
        outcome="upheld",
        reasons="The class has 29 pupils on roll.",
        infant_class_size_ground="no_breach",
        by=clerk,
    )
    assert decision.prejudice_found is None
    text = pdf_text(decisions.render_decision_letter_pdf(appeal))
    assert "UPHELD" in text
    assert "Admitting the child would not breach the infant class size limit" in text


def test_the_decision_letter_is_a_tagged_pdf_with_the_outcome_and_reasons(grouped, clerk):
    hearing, appeals = grouped
    hold(hearing, by=clerk)
    decide(appeals[0], by=clerk, reasons="The year group has 31 pupils in each class.")
    data = decisions.render_decision_letter_pdf(Appeal.cases.get(pk=appeals[0].pk))
    assert pdf.tagging_problems(data) == []
    text = pdf_text(data)
    assert "DISMISSED" in text
    assert "The year group has 31 pupils in each class." in text
    assert "Sam Rivers" in text and appeals[0].reference in text
    assert "Department for Education" in text  # Harbour Academy: complaints go to the DfE


def test_sending_the_letter_tracks_it_and_the_decision_is_then_final(grouped, clerk):
    hearing, appeals = grouped
    hold(hearing, by=clerk)
    decide(appeals[0], by=clerk)
    row = decisions.decision_letter_send(appeal=appeals[0], today=date(2026, 5, 8), by=clerk)
    assert row.recipients == ["jo.rivers@example.com"]
    assert "DISMISSED" in row.email_body
    assert decisions.decision_letter_send(appeal=appeals[0], by=clerk) is None  # once only
    decision = Decision.private_objects.get(appeal=appeals[0])
    assert decision.letter_sent_on == date(2026, 5, 8)
    assert AUDIT.get(action="appeals.decision_letter.send").changes["on_time"] == [None, True]
    with pytest.raises(ValidationError, match="the decision is final"):
        decide(appeals[0], by=clerk, outcome="upheld")


def test_an_unsent_letter_reminds_the_clerk_on_the_day_it_is_due(grouped, clerk):
    clerk.email = "clerk@kingsmere.example.gov.uk"
    clerk.save()
    hearing, appeals = grouped
    hold(hearing, by=clerk)
    decide(appeals[0], by=clerk)
    reminders.derive(date(2026, 5, 7))
    row = Reminder.outbox.get(kind=decisions.LETTER_REMINDER_KIND)
    assert row.due_on == date(2026, 5, 13) and row.recipients == [clerk.email]
    assert appeals[0].reference in row.email_subject
    decisions.decision_letter_send(appeal=appeals[0], by=clerk)
    row.refresh_from_db()
    assert row.cancelled_at is not None
    reminders.derive(date(2026, 5, 8))
    assert Reminder.outbox.filter(kind=decisions.LETTER_REMINDER_KIND).count() == 1


def test_rules_letter_status():
    assert rules.letter_status(date(2026, 5, 13), None, date(2026, 5, 14)) == "overdue"
    assert rules.letter_status(date(2026, 5, 13), None, date(2026, 5, 13)) == "due"
    assert rules.letter_status(date(2026, 5, 13), date(2026, 5, 20), date(2026, 6, 1)) == "sent"


# --- Bundles ---------------------------------------------------------------------------------------


def _documents(appeals, clerk):
    cases.evidence_add(
        appeal=appeals[0],
        upload=check("case.pdf", pdf_with()),
        source="authority",
        description="Admission authority's statement",
        by=clerk,
    )
    cases.evidence_add(
        appeal=appeals[0],
        upload=check("doctor.png", png_bytes()),
        source="clerk",
        description="Letter from the family doctor",
        by=clerk,
    )
    cases.evidence_add(
        appeal=appeals[0],
        upload=check("social.pdf", pdf_with()),
        source="clerk",
        description="Social worker's report",
        panel_only=True,
        by=clerk,
    )
    cases.evidence_add(
        appeal=appeals[1],
        upload=check("other.pdf", pdf_with()),
        source="lodging",
        description="Other family's letter",
        by=clerk,
    )


def test_the_panels_bundle_holds_every_appeal_and_every_document_bookmarked(grouped, clerk):
    hearing, appeals = grouped
    _documents(appeals, clerk)
    data = decisions.render_bundle_pdf(hearing, audience=decisions.PANEL)
    assert pdf.tagging_problems(data) == []
    text = pdf_text(data)
    assert "Hearing bundle for the panel" in text
    assert "Social worker's report (panel only)" in text
    assert "Other family's letter" in text
    marks = pdf.outline(data)
    titles = [title for _, title, _ in marks]
    assert titles[0] == "Contents"
    assert f"Appeal {appeals[0].reference}" in titles and f"Appeal {appeals[1].reference}" in titles
    assert any("Letter from the family doctor" in t for t in titles)
    pages = PdfReader(io.BytesIO(data)).pages
    assert f"Page 1 of {len(pages)}" in (pages[0].extract_text() or "")
    # Each document's bookmark points at the page the contents list gives it.
    page_of = {title: page for _, title, page in marks}
    assert page_of[f"Appeal {appeals[0].reference}"] == 1


def test_a_parties_bundle_leaves_out_panel_only_papers_and_the_other_families(grouped, clerk):
    hearing, appeals = grouped
    _documents(appeals, clerk)
    listing = hearing.listings.get(appeal=appeals[0])
    text = pdf_text(
        decisions.render_bundle_pdf(hearing, audience=decisions.PARTIES, listing=listing)
    )
    assert "Admission authority's statement" in text
    assert "Letter from the family doctor" in text
    assert "Social worker's report" not in text
    assert "Other family's letter" not in text and appeals[1].reference not in text


# --- Stage 1 travel reviews --------------------------------------------------------------------


def test_a_stage_1_travel_review_s_outcome_is_recorded_without_a_hearing(scene, clerk):
    """A senior officer reviews the decision at stage 1 (travel guidance 2024): no panel, no
    hearing; the written outcome is due within 20 working days of the request and says how to
    escalate to stage 2; the review is then determined, and anonymised in its turn."""
    review = lodge(
        None,
        kind="transport_stage_1",
        decision_notified_on=date(2026, 3, 2),
        lodged_on=date(2026, 3, 9),
    )
    with pytest.raises(ValidationError) as refused:
        decisions.decision_record(
            appeal=review, outcome="dismissed", reasons="", today=date(2026, 3, 25), by=clerk
        )
    assert refused.value.message_dict == {
        "reasons": ["Enter the reasons for the outcome of the review"]
    }
    with pytest.raises(ValidationError, match="on or after it was asked for, 9 March 2026"):
        decisions.decision_record(
            appeal=review,
            outcome="dismissed",
            reasons="The route is available.",
            decided_on=date(2026, 3, 6),
            today=date(2026, 3, 25),
            by=clerk,
        )
    decision = decisions.decision_record(
        appeal=review,
        outcome="dismissed",
        reasons="The walking route was assessed on 20 March 2026 and is available.",
        today=date(2026, 3, 25),
        by=clerk,
    )
    # 20 working days after Mon 9 March 2026, over Good Friday and Easter Monday: Wed 8 April.
    assert (decision.decided_on, decision.letter_due_on) == (date(2026, 3, 25), date(2026, 4, 8))
    review.refresh_from_db()
    assert review.status == Appeal.Status.DECIDED and review.retain_until is not None
    data = decisions.render_decision_letter_pdf(review, today=date(2026, 3, 25))
    assert pdf.tagging_problems(data) == []
    text = pdf_text(data)
    assert (
        "reviewed it and decided on 25 March 2026 that your request for a review is DISMISSED"
        in (text)
    )
    assert "The walking route was assessed on 20 March 2026 and is available." in text
    assert "independent appeal panel (stage 2)" in text and "within 20 working days" in text
    row = decisions.decision_letter_send(appeal=review, today=date(2026, 3, 26), by=clerk)
    assert "independent appeal panel (stage 2)" in row.email_body
    assert "the written outcome of the review" in row.email_body


def test_an_exclusion_review_panel_s_letter_gives_its_own_outcome(scene, clerk):
    review = lodge(
        scene.academy,
        kind="exclusion_review",
        year_group="9",
        decision_notified_on=date(2026, 4, 14),
        lodged_on=date(2026, 4, 20),
    )
    hearing = scheduling.hearing_schedule(
        appeals=[review],
        starts_at=at(HEARING_DAY, 10),
        ends_at=at(HEARING_DAY, 12),
        clerk=clerk,
        seats=scene.seats("lay", "head", "governor"),
        room=scene.room,
        today=date(2026, 4, 21),
        by=clerk,
    )
    hold(hearing, by=clerk)
    with pytest.raises(ValidationError, match="Enter the panel's reasons"):
        decisions.decision_record(appeal=review, outcome="quash", reasons=" ", by=clerk)
    decisions.decision_record(
        appeal=review, outcome="quash", reasons="The board did not weigh the SEN report.", by=clerk
    )
    text = pdf_text(decisions.render_decision_letter_pdf(Appeal.cases.get(pk=review.pk)))
    assert "quash the governing board's decision and direct it to reconsider" in text
    assert "£4,000" in text and "The board did not weigh the SEN report." in text
    assert "Clerk to the review panel" in text and "UPHELD" not in text
