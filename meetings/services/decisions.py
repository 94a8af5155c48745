"""Writes to the decisions register: recording a decision with the written statement SI
2012/2089 regs 12-13 require, publishing it (which opens the call-in window for executive
decisions), urgency, and making decisions implementable when the window closes.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from democracy.council import meeting_calendar, period
from democracy.services import create_audited, update_audited
from meetings import search
from meetings.models import (
    AgendaItem,
    CallIn,
    Committee,
    Decision,
    ForwardPlanEntry,
    Meeting,
    Report,
    Resolution,
)
from meetings.rules import call_in as rules
from meetings.rules import privacy
from meetings.services.proceedings import check_record_publishable, interests_statement
from members.models import Councillor

__all__ = [
    "DECISION_FIELDS",
    "call_in_window_for",
    "decision_mark_urgent",
    "decision_publish",
    "decision_reconsidered",
    "decision_record",
    "decision_update",
    "make_implementable",
]

Kind = Decision.Kind
Status = Decision.Status

DECISION_FIELDS = [
    "kind",
    "title",
    "decision_maker_committee",
    "decision_maker_councillor",
    "decision_maker_name",
    "meeting",
    "agenda_item",
    "forward_plan_entry",
    "is_key_decision",
    "decided_on",
    "decision",
    "reasons",
    "alternatives_considered",
    "conflicts_declared",
    "dispensations",
    "exempt_paragraphs",
    "public_interest_statement",
    "confidential",
]
# What may change while a decision is recorded but not yet published.
EDITABLE_FIELDS = frozenset(DECISION_FIELDS)


def call_in_window_for(published_on: date) -> rules.CallInWindow:
    """The call-in window under this council's constitution (``call_in_working_days``)."""
    return rules.call_in_window(
        published_on, working_days=period("call_in_working_days"), calendar=meeting_calendar()
    )


def _check_kind(values: dict) -> dict[str, str]:
    errors: dict[str, str] = {}
    kind = values["kind"]
    if kind == Kind.OFFICER_KEY_DECISION:
        values["is_key_decision"] = True
    if values["is_key_decision"] and kind == Kind.COMMITTEE_RESOLUTION:
        errors["is_key_decision"] = (
            "Only executive decisions are key decisions (SI 2012/2089 reg 8): choose the "
            "executive kind of decision, or untick key decision."
        )
    committee = values.get("decision_maker_committee")
    executive = (Committee.Kind.EXECUTIVE,)
    if (
        kind == Kind.EXECUTIVE
        and committee is not None
        and committee.kind not in executive
        and (committee.parent is None or committee.parent.kind not in executive)
    ):
        errors["decision_maker_committee"] = (
            f"{committee.name} is not the executive or a committee of it."
        )
    item = values.get("agenda_item")
    if item is not None and values.get("meeting") is None:
        values["meeting"] = item.meeting
    if item is not None:
        # Made at a meeting: the interests are those recorded at the item, never typed, so the
        # notice and the minute cannot disagree (SI 2012/2089 reg 12(d)-(e)).
        values["conflicts_declared"], values["dispensations"] = interests_statement(item)
    if values.get("forward_plan_entry") is None and item is not None:
        values["forward_plan_entry"] = ForwardPlanEntry.all_objects.filter(agenda_item=item).first()
    return errors


@transaction.atomic
def decision_record(
    *,
    kind: str,
    title: str,
    decided_on: date,
    decision: str,
    reasons: str,
    alternatives_considered: str,
    conflicts_declared: str = "",
    dispensations: str = "",
    decision_maker_committee: Committee | None = None,
    decision_maker_councillor: Councillor | None = None,
    decision_maker_name: str = "",
    meeting: Meeting | None = None,
    agenda_item: AgendaItem | None = None,
    is_key_decision: bool = False,
    forward_plan_entry: ForwardPlanEntry | None = None,
    exempt_paragraphs: Iterable[int] = (),
    public_interest_statement: str = "",
    confidential: bool = False,
    resolution: Resolution | None = None,
    by,
) -> Decision:
    """Record a decision in the register with its written statement (SI 2012/2089 reg 12(a)-(e)
    for decisions at meetings; reg 13 for individual members and officers). Every missing part
    of the statement is named. The decision is not public until ``decision_publish``.

    A decision recorded against an agenda item taken in private, with no restriction of its own,
    takes the item's (``restriction_of_item``), as a notice drawn from its minute does: the
    record need not disclose exempt information and must not disclose confidential information
    (LGA 1972 s100C(2); SI 2012/2089 reg 20). The officer may lift it deliberately by correcting
    the decision before it is published."""
    if agenda_item is not None and not exempt_paragraphs and not confidential:
        inherited = restriction_of_item(agenda_item)
        exempt_paragraphs = inherited["exempt_paragraphs"]
        confidential = inherited["confidential"]
        public_interest_statement = (
            public_interest_statement or inherited["public_interest_statement"]
        )
    values = {
        "kind": kind,
        "title": title.strip(),
        "decided_on": decided_on,
        "decision": decision.strip(),
        "reasons": reasons.strip(),
        "alternatives_considered": alternatives_considered.strip(),
        "conflicts_declared": conflicts_declared.strip(),
        "dispensations": dispensations.strip(),
        "decision_maker_committee": decision_maker_committee,
        "decision_maker_councillor": decision_maker_councillor,
        "decision_maker_name": decision_maker_name.strip(),
        "meeting": meeting,
        "agenda_item": agenda_item,
        "is_key_decision": is_key_decision,
        "forward_plan_entry": forward_plan_entry,
        "exempt_paragraphs": sorted(exempt_paragraphs),
        "public_interest_statement": public_interest_statement.strip() if exempt_paragraphs else "",
        "confidential": confidential,
    }
    errors = _check_kind(values)
    if resolution is not None:
        if agenda_item is None or resolution.item_id != agenda_item.pk:
            errors["agenda_item"] = "The decision notice belongs to the item of its minute."
        elif Decision.all_objects.filter(resolution=resolution).exists():
            errors["resolution"] = (
                f"A decision notice has already been drawn from minute {resolution.reference}."
            )
    record = Decision(
        **values,
        resolution=resolution,
        recorded_by=by if getattr(by, "is_authenticated", False) else None,
    )
    try:
        record.full_clean()
    except ValidationError as error:
        errors = {**error.message_dict, **errors}
    if errors:
        raise ValidationError(errors)
    return create_audited(record, "meetings.decision.record", by=by, fields=DECISION_FIELDS)


def decision_kind_for(committee: Committee) -> str:
    """An executive body's resolutions are executive decisions (subject to call-in); any other
    committee's are committee resolutions."""
    executive = Committee.Kind.EXECUTIVE
    if committee.kind == executive or (
        committee.parent_id is not None and committee.parent.kind == executive
    ):
        return Kind.EXECUTIVE
    return Kind.COMMITTEE_RESOLUTION


@dataclass(frozen=True)
class NoticeDraft:
    """What a decision notice drawn from a minute will say, for the officer to review."""

    resolution: Resolution
    kind: str
    title: str
    decision: str
    reasons: str
    alternatives_considered: str
    conflicts_declared: str
    dispensations: str
    call_in_deadline: date | None  # if published today

    @property
    def kind_label(self) -> str:
        return Kind(self.kind).label


def notice_draft(resolution: Resolution, *, today: date | None = None) -> NoticeDraft:
    """The decision notice of ``resolution`` as drawn from the minute: its text, reasons and
    alternatives as recorded at the meeting, the interests declared at the item, and the last
    day for call-in were it published ``today``."""
    item = resolution.item
    committee = item.meeting.committee
    kind = decision_kind_for(committee)
    conflicts, dispensations = interests_statement(item)
    deadline = None
    if rules.subject_to_call_in(executive=kind == Kind.EXECUTIVE, urgent=False):
        deadline = call_in_window_for(today or timezone.localdate()).deadline
    return NoticeDraft(
        resolution=resolution,
        kind=kind,
        title=item.title,
        decision=resolution.text,
        reasons=resolution.reasons,
        alternatives_considered=resolution.alternatives_considered,
        conflicts_declared=conflicts,
        dispensations=dispensations,
        call_in_deadline=deadline,
    )


def restriction_of_item(item: AgendaItem) -> dict:
    """The restriction a decision taken under ``item`` carries: the grounds on which the item
    is taken in private (``meetings.rules.privacy``: the item or its report, or for a sub-item
    its parent or the parent's report, is exempt or confidential), with the public interest
    statement of the nearest exempt marking. LGA 1972 s100C(2) and SI 2012/2089 reg 20: the
    record of a decision need not disclose exempt information and must not disclose confidential
    information, so a notice drawn from the minute of a private item is restricted as it is."""
    reports = {
        r.item_id: r for r in Report.all_objects.filter(item_id__in=[item.pk, item.parent_id])
    }
    parent = item.parent if item.parent_id else None
    sources = {
        "report": reports.get(item.pk),
        "parent": parent,
        "parent_report": reports.get(item.parent_id) if parent is not None else None,
    }
    markings = privacy.restricting_markings(item, **sources)
    grounds = privacy.item_restriction(item, **sources)
    statement = next(
        (
            m.public_interest_statement.strip()
            for m in markings
            if m.exempt_paragraphs and m.public_interest_statement.strip()
        ),
        "",
    )
    return {
        "exempt_paragraphs": grounds.exempt_paragraphs,
        "public_interest_statement": statement if grounds.exempt_paragraphs else "",
        "confidential": grounds.confidential,
    }


@transaction.atomic
def decision_from_resolution(
    *,
    resolution: Resolution,
    title: str | None = None,
    decision: str | None = None,
    reasons: str | None = None,
    alternatives_considered: str | None = None,
    by,
) -> Decision:
    """Record the decision notice of a minute, drawn from it: the officer reviews (and may
    reword) the title, decision, reasons and alternatives; the interests and dispensations are
    always those declared at the item. Published later with ``decision_publish``, which sets
    the call-in deadline."""
    resolution = Resolution.all_objects.select_related("item__meeting__committee").get(
        pk=resolution.pk
    )
    draft = notice_draft(resolution)
    item = resolution.item
    return decision_record(
        kind=draft.kind,
        title=draft.title if title is None else title,
        decided_on=item.meeting.date,
        decision=draft.decision if decision is None else decision,
        reasons=draft.reasons if reasons is None else reasons,
        alternatives_considered=(
            draft.alternatives_considered
            if alternatives_considered is None
            else alternatives_considered
        ),
        decision_maker_committee=item.meeting.committee,
        meeting=item.meeting,
        agenda_item=item,
        is_key_decision=item.is_key_decision and draft.kind == Kind.EXECUTIVE,
        **restriction_of_item(item),
        resolution=resolution,
        by=by,
    )


@transaction.atomic
def decision_update(*, decision: Decision, changes: dict, by) -> Decision:
    """Correct a recorded decision before it is published (``changes`` maps field names in
    ``DECISION_FIELDS`` to new values). Once published the record stands: a correction is a new
    decision."""
    decision = Decision.all_objects.select_for_update().get(pk=decision.pk)
    if decision.is_published:
        raise ValidationError("A published decision cannot be changed.")
    unknown = set(changes) - EDITABLE_FIELDS
    if unknown:
        raise TypeError(f"decision_update() cannot change {', '.join(sorted(unknown))}")
    values = {name: getattr(decision, name) for name in DECISION_FIELDS} | changes
    for name in ("title", "decision", "reasons", "alternatives_considered", "decision_maker_name"):
        values[name] = values[name].strip()
    values["exempt_paragraphs"] = sorted(values["exempt_paragraphs"])
    errors = _check_kind(values)
    if errors:
        raise ValidationError(errors)
    decision = update_audited(decision, values, "meetings.decision.update", by=by)
    search.index_decision(decision)
    return decision


@transaction.atomic
def decision_publish(
    *, decision: Decision, by, today: date | None = None, exception_reasons: str = ""
) -> Decision:
    """Publish a recorded decision in the register.

    An executive decision opens for call-in until the end of the Nth working day after
    publication (``call_in_working_days``; see ``meetings.rules.call_in.call_in_window``),
    unless urgency consent has been recorded, in which case it is implementable at once and
    exempt from call-in. Other decisions (committee resolutions) are not subject to call-in and
    take effect when made.

    A decision made at a meeting with no attendance recorded, or that was not quorate, is
    published only with the officer's reasons (LGA 1972 Sch 12 paras 6 and 40;
    ``proceedings.check_record_publishable``).
    """
    decision = Decision.all_objects.select_for_update().get(pk=decision.pk)
    if decision.is_published:
        raise ValidationError("The decision has already been published.")
    if decision.meeting_id is not None:
        check_record_publishable(decision.meeting, reasons=exception_reasons, by=by)
    today = today or timezone.localdate()
    if today < decision.decided_on:
        raise ValidationError(
            f"The decision was made on {decision.decided_on:%-d %B %Y}: it cannot be published "
            "before then."
        )
    urgent = bool(decision.urgency_agreed_by.strip())
    values: dict = {"published_on": today}
    if rules.subject_to_call_in(executive=decision.is_executive, urgent=urgent):
        window = call_in_window_for(today)
        values |= {
            "status": Status.OPEN,
            "subject_to_call_in": True,
            "call_in_deadline": window.deadline,
            "implementable_on": window.implementable_on,
        }
    elif decision.is_executive:
        values |= {"status": Status.URGENT, "subject_to_call_in": False, "implementable_on": today}
    else:
        values |= {
            "status": Status.PUBLISHED,
            "subject_to_call_in": False,
            "implementable_on": decision.decided_on,
        }
    decision = update_audited(decision, values, "meetings.decision.publish", by=by)
    search.index_decision(decision)
    return decision


def _lapse_drafts(decision: Decision, *, note: str, by) -> None:
    for call_in in CallIn.all_objects.select_for_update().filter(
        decision=decision, status=CallIn.Status.DRAFT
    ):
        update_audited(
            call_in, {"status": CallIn.Status.LAPSED}, "meetings.call_in.lapse", by=by, note=note
        )


@transaction.atomic
def decision_mark_urgent(
    *,
    decision: Decision,
    agreed_by: str,
    agreed_on: date | None,
    reasons: str,
    by,
    today: date | None = None,
) -> Decision:
    """Record the consent that makes an executive decision urgent and so exempt from call-in
    (e.g. Gloucestershire call-in rule 10: the Chair of the Council and the chair of the
    relevant scrutiny committee agree that delay would seriously prejudice the council's or
    the public's interests; the reasons go in the record of the decision).

    Before publication the consent is recorded and publishing makes the decision implementable
    at once. While the decision is open for call-in it becomes implementable now and any call-in
    still collecting signatures lapses. A decision already called in cannot be made urgent.
    """
    decision = Decision.all_objects.select_for_update().get(pk=decision.pk)
    today = today or timezone.localdate()
    if not decision.is_executive:
        raise ValidationError(
            "Only executive decisions can be called in, so only they can be exempted as urgent."
        )
    if decision.status not in (Status.RECORDED, Status.OPEN):
        raise ValidationError(
            f"The decision is {decision.get_status_display().lower()}: it can no longer be "
            "treated as urgent."
        )
    errors = {}
    if not agreed_by.strip():
        errors["agreed_by"] = "Enter who agreed that the decision is urgent, with their office."
    if agreed_on is None:
        errors["agreed_on"] = "Enter the date the urgency was agreed."
    elif agreed_on > today:
        errors["agreed_on"] = "The date the urgency was agreed must be today or in the past."
    if not reasons.strip():
        errors["reasons"] = "Enter why delay would seriously prejudice the council or the public."
    if errors:
        raise ValidationError(errors)
    values: dict = {
        "urgency_agreed_by": agreed_by.strip(),
        "urgency_agreed_on": agreed_on,
        "urgency_reasons": reasons.strip(),
    }
    if decision.status == Status.OPEN:
        values |= {"status": Status.URGENT, "subject_to_call_in": False, "implementable_on": today}
        _lapse_drafts(decision, note="The decision was treated as urgent.", by=by)
    decision = update_audited(decision, values, "meetings.decision.urgent", by=by)
    search.index_decision(decision)
    return decision


@transaction.atomic
def decision_reconsidered(*, decision: Decision, notes: str, by, today: date | None = None):
    """The decision maker has reconsidered a decision referred back by scrutiny (LGA 2000
    s9F(4)(a)) and confirmed it: it may now be implemented and cannot be called in again. A
    changed decision is recorded and published as a new decision."""
    decision = Decision.all_objects.select_for_update().get(pk=decision.pk)
    if decision.status not in (Status.REFERRED_BACK, Status.REFERRED_TO_COUNCIL):
        raise ValidationError(
            "Only a decision referred back by scrutiny can be confirmed after reconsideration."
        )
    if not notes.strip():
        raise ValidationError({"notes": "Say when and by whom the decision was reconsidered."})
    today = today or timezone.localdate()
    return update_audited(
        decision,
        {"status": Status.IMPLEMENTABLE, "implementable_on": today},
        "meetings.decision.reconsidered",
        by=by,
        note=notes.strip(),
    )


@transaction.atomic
def make_implementable(*, today: date, by=None) -> list[Decision]:
    """Every decision whose call-in window closed before ``today`` without a valid call-in
    becomes implementable (from the day after the deadline), and call-ins still collecting
    signatures lapse. Safe to run any number of times a day."""
    due = list(
        Decision.all_objects.select_for_update(skip_locked=True).filter(
            status=Status.OPEN, call_in_deadline__lt=today
        )
    )
    for decision in due:
        _lapse_drafts(decision, note="The call-in period ended before it was submitted.", by=by)
        update_audited(
            decision,
            {
                "status": Status.IMPLEMENTABLE,
                "implementable_on": decision.implementable_on
                or decision.call_in_deadline + timedelta(days=1),
            },
            "meetings.decision.implementable",
            by=by,
            note="The call-in period ended without a valid call-in.",
        )
    return due
