"""Call-in from start to outcome: signatures, the threshold and the window (Gloucestershire CC
call-in procedure rules 4-7, DOMAIN A4), suspension, the scrutiny agenda item, and the outcome
(LGA 2000 s9F(4)).

The decision is the Gloucestershire worked example: published Tue 15 Apr 2025, call-ins must
arrive before the end of Thu 24 Apr 2025. The next Overview and Scrutiny Committee meets
Tue 6 May 2025.
"""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from democracy.models import AuditEvent
from democracy.tests.factories import set_constitution
from meetings.models import AgendaItem, CallIn, Decision
from meetings.services import call_in as services
from meetings.services.meetings import agenda_publish
from meetings.tests.factories_decisions import (
    PUBLISHED,
    published_decision,
    schedule,
    scrutiny,
    scrutiny_members,
)
from members.models import Term

DEADLINE = date(2025, 4, 24)
SCRUTINY_DAY = date(2025, 5, 6)


@pytest.fixture
def decision(db):
    return published_decision()


@pytest.fixture
def councillors(db):
    """Six serving councillors on the Overview and Scrutiny Committee: by default only its
    members may start or sign a call-in."""
    return scrutiny_members(6)


@pytest.fixture
def scrutiny_meeting(db):
    return schedule(scrutiny(), SCRUTINY_DAY)


def start(decision, lead, today=PUBLISHED):
    return services.call_in_start(
        decision=decision,
        lead=lead,
        grounds="The decision was taken without consulting the affected wards.",
        by=None,
        today=today,
    )


def signed_by(decision, councillors, n, today=PUBLISHED):
    call_in = start(decision, councillors[0], today=today)
    for councillor in councillors[1:n]:
        services.call_in_sign(call_in=call_in, councillor=councillor, by=None, today=today)
    return call_in


def test_the_lead_starts_and_signs_first(decision, councillors):
    call_in = start(decision, councillors[0])
    assert call_in.status == CallIn.Status.DRAFT
    assert list(call_in.signatories.all()) == [councillors[0]]
    assert [e.action for e in AuditEvent.private_objects.order_by("pk")][-2:] == [
        "meetings.call_in.start",
        "meetings.call_in.sign",
    ]


def test_a_call_in_needs_grounds(decision, councillors):
    with pytest.raises(ValidationError) as caught:
        services.call_in_start(
            decision=decision, lead=councillors[0], grounds="  ", by=None, today=PUBLISHED
        )
    assert caught.value.message_dict == {"grounds": ["Enter the grounds for the call-in."]}
    assert not CallIn.all_objects.exists()


def test_only_a_serving_councillor_may_start_or_sign(decision, councillors):
    former = councillors[5]
    Term.objects.filter(councillor=former).update(end_date=date(2025, 1, 1), end_reason="resigned")
    with pytest.raises(ValidationError, match="Only a serving councillor can call in"):
        start(decision, former)
    call_in = start(decision, councillors[0])
    with pytest.raises(ValidationError, match="Only a serving councillor can sign"):
        services.call_in_sign(call_in=call_in, councillor=former, by=None, today=PUBLISHED)


def test_signing_twice_is_refused(decision, councillors):
    call_in = start(decision, councillors[0])
    with pytest.raises(ValidationError, match="already signed"):
        services.call_in_sign(call_in=call_in, councillor=councillors[0], by=None, today=PUBLISHED)


def test_after_the_deadline_nothing_can_be_started_or_signed(decision, councillors):
    call_in = start(decision, councillors[0], today=DEADLINE)
    with pytest.raises(ValidationError, match="ended at the end of Thursday 24 April 2025"):
        services.call_in_sign(
            call_in=call_in, councillor=councillors[1], by=None, today=date(2025, 4, 25)
        )
    with pytest.raises(ValidationError, match="ended at the end of Thursday 24 April 2025"):
        start(decision, councillors[2], today=date(2025, 4, 25))


def test_a_call_in_below_the_threshold_is_refused_and_nothing_changes(decision, councillors):
    call_in = signed_by(decision, councillors, 4)
    with pytest.raises(ValidationError) as caught:
        services.call_in_submit(call_in=call_in, by=None, today=PUBLISHED)
    assert caught.value.messages == [
        "A call-in needs 5 councillors: it has 4, so 1 more councillor must sign it."
    ]
    call_in.refresh_from_db()
    decision.refresh_from_db()
    assert call_in.status == CallIn.Status.DRAFT
    assert decision.status == Decision.Status.OPEN


def test_a_signatory_who_has_left_office_does_not_count(decision, councillors):
    call_in = signed_by(decision, councillors, 5)
    Term.objects.filter(councillor=councillors[4]).update(
        end_date=date(2025, 4, 20), end_reason="resigned"
    )
    with pytest.raises(ValidationError, match="it has 4"):
        services.call_in_submit(call_in=call_in, by=None, today=date(2025, 4, 22))


def test_a_valid_call_in_suspends_the_decision_and_goes_to_the_next_scrutiny_meeting(
    decision, councillors, scrutiny_meeting
):
    later = schedule(scrutiny_meeting.committee, date(2025, 6, 3))
    other = published_decision(title="Another decision")
    rival = start(other, councillors[0])
    call_in = signed_by(decision, councillors, 5)
    rival_same_decision = start(decision, councillors[5])
    submission = services.call_in_submit(call_in=call_in, by=None, today=DEADLINE)
    call_in.refresh_from_db()
    decision.refresh_from_db()
    assert call_in.status == CallIn.Status.ACCEPTED
    assert call_in.validity == {
        "signatories": 5,
        "threshold": 5,
        "deadline": "2025-04-24",
        "submitted_on": "2025-04-24",
    }
    assert decision.status == Decision.Status.CALLED_IN
    assert decision.implementable_on is None
    assert submission.meeting == scrutiny_meeting != later
    item = call_in.scrutiny_item
    assert item.meeting == scrutiny_meeting
    assert item.title == f"Call-in: {decision.title}"
    assert "submitted on 24 April 2025" in item.description
    assert not item.added_late
    # Other call-ins of the same decision lapse; call-ins of other decisions are untouched.
    rival_same_decision.refresh_from_db()
    rival.refresh_from_db()
    assert rival_same_decision.status == CallIn.Status.LAPSED
    assert rival.status == CallIn.Status.DRAFT
    # The decision can no longer be signed or submitted again.
    with pytest.raises(ValidationError, match="already been called in"):
        start(decision, councillors[1], today=DEADLINE)


def test_a_published_scrutiny_agenda_gets_a_late_item_with_reasons(
    decision, councillors, scrutiny_meeting
):
    agenda_publish(meeting=scrutiny_meeting, by=None, today=date(2025, 4, 22))
    call_in = signed_by(decision, councillors, 5)
    services.call_in_submit(call_in=call_in, by=None, today=date(2025, 4, 23))
    item = AgendaItem.all_objects.get(call_in__pk=call_in.pk)
    assert item.added_late
    assert "received after the agenda was published" in item.urgency_reasons


def test_with_no_scrutiny_meeting_the_call_in_stands_and_the_reply_says_so(decision, councillors):
    call_in = signed_by(decision, councillors, 5)
    submission = services.call_in_submit(call_in=call_in, by=None, today=PUBLISHED)
    assert submission.meeting is None
    assert submission.message == services.NO_SCRUTINY_MEETING
    call_in.refresh_from_db()
    assert call_in.status == CallIn.Status.ACCEPTED and call_in.scrutiny_item is None
    with pytest.raises(ValidationError, match="no scheduled meeting"):
        services.call_in_add_to_scrutiny(call_in=call_in, by=None, today=PUBLISHED)
    meeting = schedule(scrutiny(), SCRUTINY_DAY)
    item = services.call_in_add_to_scrutiny(call_in=call_in, by=None, today=PUBLISHED)
    assert item.meeting == meeting


def test_a_restricted_decision_makes_a_restricted_scrutiny_item(councillors, scrutiny_meeting):
    decision = published_decision(
        exempt_paragraphs=[3], public_interest_statement="Negotiations continue."
    )
    call_in = signed_by(decision, councillors, 5)
    services.call_in_submit(call_in=call_in, by=None, today=PUBLISHED)
    call_in.refresh_from_db()
    assert call_in.scrutiny_item.exempt_paragraphs == [3]


def test_the_threshold_is_the_councils_configuration(decision, councillors, settings):
    set_constitution(call_in_signatories=3)
    call_in = signed_by(decision, councillors, 3)
    services.call_in_submit(call_in=call_in, by=None, today=PUBLISHED)
    call_in.refresh_from_db()
    assert call_in.status == CallIn.Status.ACCEPTED


def test_a_late_submission_is_refused(decision, councillors):
    call_in = signed_by(decision, councillors, 5)
    with pytest.raises(ValidationError, match="ended at the end of Thursday 24 April 2025"):
        services.call_in_submit(call_in=call_in, by=None, today=date(2025, 4, 25))


def test_the_lead_may_withdraw_before_submitting(decision, councillors):
    call_in = start(decision, councillors[0])
    services.call_in_withdraw(call_in=call_in, by=None)
    call_in.refresh_from_db()
    assert call_in.status == CallIn.Status.WITHDRAWN
    # Withdrawn, the lead may start again.
    assert start(decision, councillors[0]).status == CallIn.Status.DRAFT


@pytest.fixture
def accepted(decision, councillors, scrutiny_meeting):
    call_in = signed_by(decision, councillors, 5)
    services.call_in_submit(call_in=call_in, by=None, today=PUBLISHED)
    call_in.refresh_from_db()
    return call_in


def test_no_further_action_makes_the_decision_implementable_that_day(accepted, scrutiny_meeting):
    services.call_in_outcome(
        call_in=accepted,
        outcome=CallIn.Outcome.NO_FURTHER_ACTION,
        decided_on=SCRUTINY_DAY,
        by=None,
    )
    accepted.refresh_from_db()
    decision = Decision.all_objects.get(pk=accepted.decision_id)
    assert accepted.status == CallIn.Status.DECIDED
    assert accepted.outcome_meeting == scrutiny_meeting
    assert decision.status == Decision.Status.IMPLEMENTABLE
    assert decision.implementable_on == SCRUTINY_DAY


def test_referral_back_needs_the_recommendation(accepted):
    with pytest.raises(ValidationError) as caught:
        services.call_in_outcome(
            call_in=accepted, outcome=CallIn.Outcome.REFERRED_BACK, decided_on=None, by=None
        )
    assert set(caught.value.message_dict) == {"decided_on", "notes"}
    services.call_in_outcome(
        call_in=accepted,
        outcome=CallIn.Outcome.REFERRED_BACK,
        decided_on=SCRUTINY_DAY,
        notes="Consult the ward members before deciding.",
        by=None,
    )
    assert Decision.all_objects.get(pk=accepted.decision_id).status == (
        Decision.Status.REFERRED_BACK
    )


def test_referral_to_full_council(accepted):
    services.call_in_outcome(
        call_in=accepted,
        outcome=CallIn.Outcome.REFERRED_TO_COUNCIL,
        decided_on=SCRUTINY_DAY,
        by=None,
    )
    assert Decision.all_objects.get(pk=accepted.decision_id).status == (
        Decision.Status.REFERRED_TO_COUNCIL
    )
    with pytest.raises(ValidationError, match="only be recorded for an accepted call-in"):
        services.call_in_outcome(
            call_in=accepted,
            outcome=CallIn.Outcome.NO_FURTHER_ACTION,
            decided_on=SCRUTINY_DAY,
            by=None,
        )


def test_an_outcome_cannot_predate_the_call_in(accepted):
    with pytest.raises(ValidationError) as caught:
        services.call_in_outcome(
            call_in=accepted,
            outcome=CallIn.Outcome.NO_FURTHER_ACTION,
            decided_on=date(2025, 4, 1),
            by=None,
        )
    assert caught.value.message_dict["decided_on"] == [
        "The outcome cannot be before the call-in was submitted."
    ]
