"""Writes for call-in: councillors start, sign and submit a call-in from the member portal;
a valid call-in suspends the decision and puts it on the agenda of the next meeting of overview
and scrutiny; officers record the committee's outcome.

LGA 2000 s9F(2) and (4): overview and scrutiny may review an executive decision made but not
implemented and recommend it be reconsidered by the decision maker, or arrange for the function
to be exercised by the authority (full council). The window and the number of councillors come
from the constitution (``call_in_working_days``, ``call_in_signatories``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from democracy.council import period
from democracy.services import create_audited, update_audited
from democracy.validity import in_force_on
from meetings.models import (
    AgendaItem,
    CallIn,
    CallInSignature,
    Committee,
    CommitteeMembership,
    Decision,
    Meeting,
)
from meetings.rules import call_in as rules
from meetings.services.agenda import item_add
from meetings.services.decisions import call_in_window_for
from members.models import Councillor, GroupMembership, Position, PositionHolding

EXECUTIVE_POSITIONS = [
    Position.Kind.LEADER,
    Position.Kind.DEPUTY_LEADER,
    Position.Kind.CABINET_MEMBER,
]

__all__ = [
    "CallInSubmission",
    "ConfirmedSignatory",
    "call_in_add_to_scrutiny",
    "call_in_outcome",
    "call_in_record_received",
    "call_in_sign",
    "call_in_start",
    "call_in_submit",
    "call_in_withdraw",
    "next_scrutiny_meeting",
]

NO_SCRUTINY_MEETING = (
    "There is no scheduled meeting of an overview and scrutiny committee, so the call-in has "
    "not been put on an agenda yet. Democratic services must schedule a meeting and add it."
)


def _serving(councillor: Councillor, today: date) -> bool:
    return Councillor.all_objects.serving(today).filter(pk=councillor.pk).exists()


def _check_eligible(decision: Decision, councillor: Councillor, today: date) -> None:
    """Refuse a councillor the constitution does not give call-in to
    (``rules.call_in_eligibility``): a member of the executive (a seat on an executive body, or
    the Leader, deputy or a cabinet member), whoever made the decision, and, where the council
    so chooses, anyone not on overview and scrutiny."""
    seats = CommitteeMembership.objects.filter(in_force_on(today), councillor=councillor)
    executive = (
        seats.filter(committee__kind=Committee.Kind.EXECUTIVE).exists()
        or PositionHolding.objects.filter(
            in_force_on(today), councillor=councillor, position__kind__in=EXECUTIVE_POSITIONS
        ).exists()
    )
    made_it = decision.decision_maker_councillor_id == councillor.pk or (
        decision.decision_maker_committee_id is not None
        and seats.filter(committee=decision.decision_maker_committee_id).exists()
    )
    problem = rules.call_in_eligibility(
        name=councillor.formal_name,
        executive_member=executive,
        made_the_decision=made_it,
        on_scrutiny=seats.filter(committee__kind=Committee.Kind.OVERVIEW_AND_SCRUTINY).exists(),
        scrutiny_members_only=bool(period("call_in_scrutiny_members_only")),
    )
    if problem:
        raise ValidationError(problem)


def _group_quota_problem(call_in: CallIn, today: date) -> str | None:
    """The constitution's quota of political groups among the signatories
    (``rules.call_in_group_quota``); no query when there is none."""
    required = period("call_in_signatory_groups")
    if required <= 1:
        return None
    signers = call_in.signatures.filter(
        councillor__in=Councillor.all_objects.serving(today)
    ).values("councillor")
    groups = (
        GroupMembership.objects.filter(in_force_on(today), councillor__in=signers)
        .values("group")
        .distinct()
        .count()
    )
    return rules.call_in_group_quota(groups=groups, required=required)


def _locked_decision(decision: Decision) -> Decision:
    return Decision.all_objects.select_for_update().get(pk=decision.pk)


def _check_open(decision: Decision, today: date) -> None:
    if decision.status == Decision.Status.CALLED_IN:
        raise ValidationError("This decision has already been called in.")
    if decision.status != Decision.Status.OPEN:
        raise ValidationError(
            f"This decision is not open for call-in: it is {decision.get_status_display().lower()}."
        )
    if today > decision.call_in_deadline:
        raise ValidationError(
            f"The call-in period ended at the end of {decision.call_in_deadline:%A %-d %B %Y}."
        )


@transaction.atomic
def call_in_start(
    *, decision: Decision, lead: Councillor, grounds: str, by, today: date | None = None
) -> CallIn:
    """A serving councillor starts a call-in of a decision open for call-in, stating the
    grounds, and signs it as its first signatory."""
    today = today or timezone.localdate()
    decision = _locked_decision(decision)
    _check_open(decision, today)
    if not _serving(lead, today):
        raise ValidationError("Only a serving councillor can call in a decision.")
    _check_eligible(decision, lead, today)
    if not grounds.strip():
        raise ValidationError({"grounds": "Enter the grounds for the call-in."})
    if CallIn.all_objects.filter(
        decision=decision, lead=lead, status__in=[CallIn.Status.DRAFT, CallIn.Status.ACCEPTED]
    ).exists():
        raise ValidationError("You have already started a call-in of this decision.")
    call_in = create_audited(
        CallIn(decision=decision, lead=lead, grounds=grounds.strip()),
        "meetings.call_in.start",
        by=by,
        fields=["decision", "lead", "grounds"],
    )
    create_audited(
        CallInSignature(call_in=call_in, councillor=lead),
        "meetings.call_in.sign",
        by=by,
        fields=["call_in", "councillor"],
    )
    return call_in


@transaction.atomic
def call_in_sign(
    *, call_in: CallIn, councillor: Councillor, by, today: date | None = None
) -> CallInSignature:
    """A serving councillor adds their own signature to a call-in still collecting
    signatures, while the window is open."""
    today = today or timezone.localdate()
    call_in = CallIn.all_objects.select_for_update().get(pk=call_in.pk)
    if call_in.status != CallIn.Status.DRAFT:
        raise ValidationError(
            f"This call-in can no longer be signed: it is {call_in.get_status_display().lower()}."
        )
    _check_open(_locked_decision(call_in.decision), today)
    if not _serving(councillor, today):
        raise ValidationError("Only a serving councillor can sign a call-in.")
    _check_eligible(call_in.decision, councillor, today)
    if call_in.signatures.filter(councillor=councillor).exists():
        raise ValidationError("You have already signed this call-in.")
    return create_audited(
        CallInSignature(call_in=call_in, councillor=councillor),
        "meetings.call_in.sign",
        by=by,
        fields=["call_in", "councillor"],
    )


@transaction.atomic
def call_in_withdraw(*, call_in: CallIn, by) -> CallIn:
    """The lead councillor withdraws a call-in that has not been submitted."""
    call_in = CallIn.all_objects.select_for_update().get(pk=call_in.pk)
    if call_in.status != CallIn.Status.DRAFT:
        raise ValidationError("Only a call-in that has not been submitted can be withdrawn.")
    return update_audited(
        call_in, {"status": CallIn.Status.WITHDRAWN}, "meetings.call_in.withdraw", by=by
    )


def next_scrutiny_meeting(today: date) -> Meeting | None:
    """The next scheduled meeting, on or after ``today``, of any overview and scrutiny
    committee still in being."""
    return (
        Meeting.all_objects.filter(
            committee__in=Committee.objects.active(today).filter(
                kind=Committee.Kind.OVERVIEW_AND_SCRUTINY
            ),
            status__in=[Meeting.Status.SCHEDULED, Meeting.Status.AGENDA_PUBLISHED],
            starts_at__date__gte=today,
        )
        .select_related("committee")
        .order_by("starts_at")
        .first()
    )


def _submitted_on(call_in: CallIn) -> date:
    """The day the call-in was submitted, as the submission checked it."""
    return date.fromisoformat(call_in.validity["submitted_on"])


def _add_to_agenda(call_in: CallIn, meeting: Meeting, *, by) -> AgendaItem:
    decision = call_in.decision
    names = ", ".join(
        s.councillor.full_name for s in call_in.signatures.select_related("councillor")
    )
    description = (
        f"To consider the call-in of the decision '{decision.title}' made by "
        f"{decision.decision_maker} on {decision.decided_on:%-d %B %Y}, submitted on "
        f"{_submitted_on(call_in):%-d %B %Y} by {names}.\n\n"
        f"Grounds: {call_in.grounds}"
    )
    urgency = ""
    if meeting.is_published:
        urgency = (
            f"A valid call-in of '{decision.title}' was received after the agenda was "
            "published; the call-in procedure requires the committee to consider it at its "
            "next meeting, and the decision cannot be implemented until it has."
        )
    return item_add(
        meeting=meeting,
        title=f"Call-in: {decision.title}",
        description=description,
        exempt_paragraphs=decision.exempt_paragraphs,
        public_interest_statement=decision.public_interest_statement,
        confidential=decision.confidential,
        urgency_reasons=urgency,
        by=by,
    )


@dataclass(frozen=True)
class CallInSubmission:
    call_in: CallIn
    check: rules.CallInCheck
    meeting: Meeting | None
    message: str


@transaction.atomic
def call_in_submit(*, call_in: CallIn, by, today: date | None = None) -> CallInSubmission:
    """Submit a call-in: check the window and the number of signatories (councillors still
    serving today); if it is valid, suspend the decision and put the call-in on the agenda of
    the next meeting of overview and scrutiny (as a late item, with the reasons, if that agenda
    is already published). An invalid call-in is refused with every problem named and nothing
    changes."""
    today = today or timezone.localdate()
    call_in = CallIn.all_objects.select_for_update().get(pk=call_in.pk)
    if call_in.status != CallIn.Status.DRAFT:
        raise ValidationError(
            f"This call-in has already been {call_in.get_status_display().lower()}."
        )
    decision = _locked_decision(call_in.decision)
    _check_open(decision, today)
    signed = call_in.signatures.filter(councillor__in=Councillor.all_objects.serving(today)).count()
    check = rules.call_in_check(
        call_in_window_for(decision.published_on),
        today=today,
        signatories=signed,
        threshold=period("call_in_signatories"),
        has_grounds=bool(call_in.grounds.strip()),
    )
    problems = list(check.problems)
    quota = _group_quota_problem(call_in, today)
    if quota:
        problems.append(quota)
    if problems:
        raise ValidationError(problems)
    return _accept(call_in, decision, check, submitted_on=today, today=today, by=by)


def _accept(
    call_in: CallIn,
    decision: Decision,
    check: rules.CallInCheck,
    *,
    submitted_on: date,
    today: date,
    by,
) -> CallInSubmission:
    """A valid call-in suspends the decision and goes on the next scrutiny agenda."""
    update_audited(
        call_in,
        {
            "status": CallIn.Status.ACCEPTED,
            "submitted_at": timezone.now(),
            "validity": {
                "signatories": check.signatories,
                "threshold": check.threshold,
                "deadline": check.deadline.isoformat(),
                "submitted_on": submitted_on.isoformat(),
            },
        },
        "meetings.call_in.submit",
        by=by,
    )
    update_audited(
        decision,
        {"status": Decision.Status.CALLED_IN, "implementable_on": None},
        "meetings.decision.called_in",
        by=by,
        note=f"Called in by {call_in.lead.full_name} and {check.signatories - 1} others.",
    )
    _lapse_others(decision, keep=call_in, by=by)
    meeting = next_scrutiny_meeting(today)
    if meeting is None:
        return CallInSubmission(call_in, check, None, NO_SCRUTINY_MEETING)
    item = _add_to_agenda(call_in, meeting, by=by)
    update_audited(call_in, {"scrutiny_item": item}, "meetings.call_in.schedule", by=by)
    return CallInSubmission(
        call_in,
        check,
        meeting,
        f"The decision is suspended and the call-in is on the agenda of {meeting}.",
    )


@dataclass(frozen=True)
class ConfirmedSignatory:
    """A councillor whose signature on a call-in received outside the portal an officer has
    confirmed with them: when, and how."""

    councillor: Councillor
    confirmed_on: date | None
    means: str


@transaction.atomic
def call_in_record_received(
    *,
    decision: Decision,
    lead: Councillor,
    grounds: str,
    received_on: date | None,
    received_by: str,
    signatories: list[ConfirmedSignatory],
    by,
    today: date | None = None,
) -> CallInSubmission:
    """Record a call-in that reached democratic services on paper or by email, with its
    signatories, each confirmed by the officer with the date and the means of confirmation.

    The portal's rules apply as they stood on the day it arrived: the decision open for call-in
    and the call-in received in the period (``rules.call_in_check``), each signatory a serving
    councillor the constitution gives call-in to (``rules.call_in_eligibility``), the lead among
    them, enough of them (``call_in_signatories``), and the grounds stated. A valid call-in is
    accepted at once (the decision suspended, the call-in put on the next scrutiny agenda);
    anything wrong is named and nothing is saved. Errors on a signatory are keyed
    ``signatories.<index>.<field>``."""
    today = today or timezone.localdate()
    errors: dict[str, list[str]] = {}

    def add(key: str, message: str) -> None:
        errors.setdefault(key, []).append(message)

    if received_by not in (CallIn.Received.PAPER, CallIn.Received.EMAIL):
        add("received_by", "Select whether the call-in came on paper or by email.")
    if received_on is None:
        add("received_on", "Enter the date the call-in was received.")
    elif received_on > today:
        add("received_on", "The date the call-in was received cannot be in the future.")
    if not grounds.strip():
        add("grounds", "Enter the grounds for the call-in.")
    decision = _locked_decision(decision)
    if decision.status == Decision.Status.CALLED_IN:
        raise ValidationError("This decision has already been called in.")
    if decision.status != Decision.Status.OPEN:
        raise ValidationError(
            f"This decision is not open for call-in: it is {decision.get_status_display().lower()}."
        )
    day = received_on if received_on is not None and received_on <= today else today
    seen: set[int] = set()
    valid_signatories = 0
    for index, signatory in enumerate(signatories):
        councillor = signatory.councillor
        name = councillor.formal_name
        if councillor.pk in seen:
            add(f"signatories.{index}.councillor", f"{name} is listed twice.")
            continue
        seen.add(councillor.pk)
        if signatory.confirmed_on is None:
            add(f"signatories.{index}.confirmed_on", f"Enter the date {name} confirmed signing.")
        elif signatory.confirmed_on > today:
            add(
                f"signatories.{index}.confirmed_on",
                f"The date {name} confirmed signing cannot be in the future.",
            )
        if signatory.means not in CallInSignature.Means.values:
            add(f"signatories.{index}.means", f"Select how {name} confirmed signing.")
        if not _serving(councillor, day):
            add(
                f"signatories.{index}.councillor",
                f"{name} was not a serving councillor on {day:%-d %B %Y}.",
            )
            continue
        try:
            _check_eligible(decision, councillor, day)
        except ValidationError as error:
            for message in error.messages:
                add(f"signatories.{index}.councillor", message)
            continue
        valid_signatories += 1
    if lead.pk not in seen:
        add("lead", f"{lead.formal_name} leads the call-in, so must be one of its signatories.")
    if received_on is not None and received_on <= today:
        check = rules.call_in_check(
            call_in_window_for(decision.published_on),
            today=received_on,
            signatories=valid_signatories,
            threshold=period("call_in_signatories"),
            has_grounds=bool(grounds.strip()),
        )
        for problem in check.problems:
            if problem != "Give the grounds for the call-in.":
                add("signatories" if "councillors" in problem else "received_on", problem)
    if errors:
        raise ValidationError(errors)
    call_in = create_audited(
        CallIn(
            decision=decision,
            lead=lead,
            grounds=grounds.strip(),
            received_by=received_by,
            received_on=received_on,
        ),
        "meetings.call_in.received",
        by=by,
        fields=["decision", "lead", "grounds", "received_by", "received_on"],
    )
    for signatory in signatories:
        create_audited(
            CallInSignature(
                call_in=call_in,
                councillor=signatory.councillor,
                confirmed_on=signatory.confirmed_on,
                confirmed_means=signatory.means,
                confirmed_by=by if getattr(by, "is_authenticated", False) else None,
            ),
            "meetings.call_in.signature_confirmed",
            by=by,
            fields=["call_in", "councillor", "confirmed_on", "confirmed_means"],
        )
    # The constitution's quota of political groups applies as it does in the portal.
    quota = _group_quota_problem(call_in, received_on)
    if quota:
        raise ValidationError({"signatories": quota})
    return _accept(call_in, decision, check, submitted_on=received_on, today=today, by=by)


def _lapse_others(decision: Decision, *, keep: CallIn, by) -> None:
    for other in (
        CallIn.all_objects.select_for_update()
        .filter(decision=decision, status=CallIn.Status.DRAFT)
        .exclude(pk=keep.pk)
    ):
        update_audited(
            other,
            {"status": CallIn.Status.LAPSED},
            "meetings.call_in.lapse",
            by=by,
            note="Another call-in of the decision was accepted.",
        )


@transaction.atomic
def call_in_add_to_scrutiny(
    *, call_in: CallIn, by, meeting: Meeting | None = None, today: date | None = None
) -> AgendaItem:
    """Put an accepted call-in that is not on an agenda yet on the agenda of ``meeting`` (an
    overview and scrutiny meeting) or, by default, of the next one."""
    today = today or timezone.localdate()
    call_in = CallIn.all_objects.select_for_update().get(pk=call_in.pk)
    if call_in.status != CallIn.Status.ACCEPTED:
        raise ValidationError("Only an accepted call-in can be put on a scrutiny agenda.")
    if call_in.scrutiny_item_id is not None:
        raise ValidationError("The call-in is already on an agenda.")
    meeting = meeting or next_scrutiny_meeting(today)
    if meeting is None:
        raise ValidationError(NO_SCRUTINY_MEETING)
    if meeting.committee.kind != Committee.Kind.OVERVIEW_AND_SCRUTINY:
        raise ValidationError(
            {"meeting": "Choose a meeting of an overview and scrutiny committee."}
        )
    item = _add_to_agenda(call_in, meeting, by=by)
    update_audited(call_in, {"scrutiny_item": item}, "meetings.call_in.schedule", by=by)
    return item


OUTCOME_TO_STATUS = {
    CallIn.Outcome.NO_FURTHER_ACTION: Decision.Status.IMPLEMENTABLE,
    CallIn.Outcome.REFERRED_BACK: Decision.Status.REFERRED_BACK,
    CallIn.Outcome.REFERRED_TO_COUNCIL: Decision.Status.REFERRED_TO_COUNCIL,
}


@transaction.atomic
def call_in_outcome(
    *,
    call_in: CallIn,
    outcome: str,
    decided_on: date | None,
    by,
    meeting: Meeting | None = None,
    notes: str = "",
) -> CallIn:
    """Record what overview and scrutiny decided (LGA 2000 s9F(4)): no further action (the
    decision may be implemented from that day), refer it back to the decision maker to
    reconsider, or refer it to full council."""
    call_in = CallIn.all_objects.select_for_update().get(pk=call_in.pk)
    if call_in.status != CallIn.Status.ACCEPTED:
        raise ValidationError(
            f"An outcome can only be recorded for an accepted call-in; this one is "
            f"{call_in.get_status_display().lower()}."
        )
    errors = {}
    if outcome not in CallIn.Outcome.values:
        errors["outcome"] = "Choose the outcome of the call-in."
    if decided_on is None:
        errors["decided_on"] = "Enter the date the committee decided the call-in."
    elif decided_on < _submitted_on(call_in):
        errors["decided_on"] = "The outcome cannot be before the call-in was submitted."
    if outcome == CallIn.Outcome.REFERRED_BACK and not notes.strip():
        errors["notes"] = "Enter the committee's recommendation to the decision maker."
    if errors:
        raise ValidationError(errors)
    if meeting is None and call_in.scrutiny_item_id:
        meeting = call_in.scrutiny_item.meeting
    update_audited(
        call_in,
        {
            "status": CallIn.Status.DECIDED,
            "outcome": outcome,
            "outcome_on": decided_on,
            "outcome_meeting": meeting,
            "outcome_notes": notes.strip(),
        },
        "meetings.call_in.outcome",
        by=by,
    )
    decision = _locked_decision(call_in.decision)
    values: dict = {"status": OUTCOME_TO_STATUS[outcome]}
    if outcome == CallIn.Outcome.NO_FURTHER_ACTION:
        values["implementable_on"] = decided_on
    update_audited(decision, values, "meetings.decision.call_in_outcome", by=by)
    return call_in
