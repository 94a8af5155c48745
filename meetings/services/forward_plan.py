"""Writes to the forward plan, and the checks that a key decision on an agenda has been lawfully
notified (SI 2012/2089 regs 5 and 9-11; the rules are in ``meetings.rules.forward_plan``)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db import transaction
from django.utils import timezone

from democracy.council import meeting_calendar, period
from democracy.services import create_audited, update_audited
from meetings.models import AgendaItem, Committee, ForwardPlanEntry, Meeting, UrgencyAgreer
from meetings.rules import forward_plan as rules

__all__ = [
    "ENTRY_FIELDS",
    "KeyDecisionProblem",
    "entry_check",
    "entry_create",
    "entry_link_item",
    "entry_private_check",
    "entry_publish_notice",
    "entry_publish_private_notice",
    "entry_record_general_exception",
    "entry_record_private_urgency",
    "entry_record_special_urgency",
    "entry_update",
    "entry_withdraw",
    "key_decision_problems",
    "notice_rules",
    "upcoming_key_decision_problems",
]

ENTRY_FIELDS = [
    "title",
    "matter",
    "decision_maker_committee",
    "decision_maker_name",
    "expected_decision_date",
    "is_key_decision",
    "documents",
    "contact",
    "private",
    "private_paragraphs",
    "private_reasons",
]
TEXT_FIELDS = ("title", "matter", "decision_maker_name", "documents", "contact", "private_reasons")


def notice_rules() -> rules.NoticeRules:
    """The notice periods under this council's configuration (``democracy.statutory``)."""
    return rules.NoticeRules(
        calendar=meeting_calendar(),
        key_decision_clear_days=period("key_decision_notice_clear_days"),
        private_notice_clear_days=period("private_meeting_notice_clear_days"),
        private_final_notice_clear_days=period("private_meeting_final_notice_clear_days"),
        general_exception_clear_days=period("general_exception_clear_days"),
        long_notice_in_working_days=bool(period("long_notice_clear_days_are_working_days")),
        short_notice_in_working_days=bool(period("short_notice_clear_days_are_working_days")),
    )


def entry_check(
    entry: ForwardPlanEntry,
    *,
    decision_date: date | None = None,
    notice_rules_: rules.NoticeRules | None = None,
) -> rules.KeyDecisionCheck:
    """Whether the entry's decision may be made on ``decision_date`` (its meeting's date or
    expected date by default), by which route (regs 9, 10, 11), and what is missing."""
    return rules.key_decision_check(
        decision_date or entry.decision_date,
        notice_published_on=entry.notice_published_on,
        scrutiny_chair_informed_on=entry.scrutiny_chair_informed_on,
        general_exception_notice_on=entry.general_exception_notice_on,
        special_urgency_agreed_on=entry.special_urgency_agreed_on,
        special_urgency_agreed_by=entry.special_urgency_agreed_by,
        rules=notice_rules_ or notice_rules(),
    )


def entry_private_check(
    entry: ForwardPlanEntry,
    *,
    meeting_date: date | None = None,
    notice_rules_: rules.NoticeRules | None = None,
) -> rules.PrivateMeetingCheck | None:
    """reg 5 notices for an entry intended to be taken in private (None if it is not)."""
    if not entry.private:
        return None
    return rules.private_meeting_check(
        meeting_date or entry.decision_date,
        first_notice_on=entry.notice_published_on,
        final_notice_on=entry.private_final_notice_on,
        urgency_agreed_on=entry.private_urgency_agreed_on,
        urgency_agreed_by=entry.private_urgency_agreed_by,
        rules=notice_rules_ or notice_rules(),
    )


def _clean_values(values: dict) -> dict:
    for name in TEXT_FIELDS:
        if name in values:
            values[name] = values[name].strip()
    if "private_paragraphs" in values:
        values["private_paragraphs"] = sorted(values["private_paragraphs"])
    if not values.get("private", True):
        values["private_paragraphs"], values["private_reasons"] = [], ""
    return values


@transaction.atomic
def entry_create(
    *,
    title: str,
    expected_decision_date: date,
    contact: str,
    matter: str = "",
    decision_maker_committee: Committee | None = None,
    decision_maker_name: str = "",
    is_key_decision: bool = True,
    documents: str = "",
    private: bool = False,
    private_paragraphs: Iterable[int] = (),
    private_reasons: str = "",
    by,
) -> ForwardPlanEntry:
    """Add a decision to the forward plan (a draft until its notice is published)."""
    values = _clean_values(
        {
            "title": title,
            "matter": matter,
            "decision_maker_committee": decision_maker_committee,
            "decision_maker_name": decision_maker_name,
            "expected_decision_date": expected_decision_date,
            "is_key_decision": is_key_decision,
            "documents": documents,
            "contact": contact,
            "private": private,
            "private_paragraphs": list(private_paragraphs),
            "private_reasons": private_reasons,
        }
    )
    entry = ForwardPlanEntry(
        **values, created_by=by if getattr(by, "is_authenticated", False) else None
    )
    return create_audited(entry, "meetings.forward_plan.create", by=by, fields=ENTRY_FIELDS)


def _locked(entry: ForwardPlanEntry) -> ForwardPlanEntry:
    entry = ForwardPlanEntry.all_objects.select_for_update().get(pk=entry.pk)
    if entry.withdrawn_on is not None:
        raise ValidationError("This entry has been withdrawn from the forward plan.")
    return entry


@transaction.atomic
def entry_update(*, entry: ForwardPlanEntry, by, **changes) -> ForwardPlanEntry:
    """Change an entry. The plan is a live document: a published entry may be updated (the
    change is audited), but its notice dates stand."""
    entry = _locked(entry)
    unknown = set(changes) - set(ENTRY_FIELDS)
    if unknown:
        raise TypeError(f"entry_update() cannot change {', '.join(sorted(unknown))}")
    values = _clean_values({name: getattr(entry, name) for name in ENTRY_FIELDS} | changes)
    return update_audited(entry, values, "meetings.forward_plan.update", by=by)


def _not_future(errors: dict, name: str, day: date | None, today: date, what: str) -> None:
    if day is None:
        errors[name] = f"Enter the date {what}."
    elif day > today:
        errors[name] = f"The date {what} must be today or in the past."


@transaction.atomic
def entry_publish_notice(
    *, entry: ForwardPlanEntry, by, today: date | None = None
) -> ForwardPlanEntry:
    """Publish the notice of the key decision (reg 9) on the plan; for a private item it is
    also the notice of intention to meet in private (reg 5(2))."""
    entry = _locked(entry)
    if entry.notice_published_on is not None:
        raise ValidationError(
            f"The notice was already published on {entry.notice_published_on:%-d %B %Y}."
        )
    today = today or timezone.localdate()
    return update_audited(
        entry, {"notice_published_on": today}, "meetings.forward_plan.publish", by=by
    )


@transaction.atomic
def entry_record_general_exception(
    *,
    entry: ForwardPlanEntry,
    reasons: str,
    scrutiny_chair_informed_on: date | None,
    notice_on: date | None,
    by,
    today: date | None = None,
) -> ForwardPlanEntry:
    """Record the general exception (reg 10): the scrutiny chair informed in writing, then the
    notice made available (a copy of the one given to the chair, reg 10(1)(b), so never before
    the chair was informed), and why 28 days' notice was impracticable (reg 10(3))."""
    entry = _locked(entry)
    today = today or timezone.localdate()
    errors: dict[str, str] = {}
    if not reasons.strip():
        errors["reasons"] = "Enter why 28 clear days' notice was impracticable (reg 10(3))."
    _not_future(
        errors,
        "scrutiny_chair_informed_on",
        scrutiny_chair_informed_on,
        today,
        "the scrutiny chair was informed in writing",
    )
    _not_future(errors, "notice_on", notice_on, today, "the notice was made available")
    if (
        scrutiny_chair_informed_on is not None
        and notice_on is not None
        and scrutiny_chair_informed_on > notice_on
        and "scrutiny_chair_informed_on" not in errors
    ):
        # reg 10(1)(b): the notice made available is a copy of the one given to the chair.
        errors["scrutiny_chair_informed_on"] = (
            f"The chair of overview and scrutiny must be informed in writing before the notice "
            f"is made available (SI 2012/2089 reg 10(1)(a) and (b)); the notice was made "
            f"available on {notice_on:%-d %B %Y}."
        )
    if errors:
        raise ValidationError(errors)
    return update_audited(
        entry,
        {
            "general_exception_reasons": reasons.strip(),
            "scrutiny_chair_informed_on": scrutiny_chair_informed_on,
            "general_exception_notice_on": notice_on,
        },
        "meetings.forward_plan.general_exception",
        by=by,
    )


def _check_agreement(
    errors: dict, *, agreed_by_role: str, agreed_by: str, agreed_on, reasons: str, today: date
) -> None:
    if agreed_by_role not in UrgencyAgreer.values:
        errors["agreed_by_role"] = "Choose the office of the person who agreed."
    if not agreed_by.strip():
        errors["agreed_by"] = "Enter the name of the person who agreed."
    _not_future(errors, "agreed_on", agreed_on, today, "of the agreement")
    if not reasons.strip():
        errors["reasons"] = "Enter why the decision is urgent and cannot reasonably be deferred."


@transaction.atomic
def entry_record_special_urgency(
    *,
    entry: ForwardPlanEntry,
    agreed_by_role: str,
    agreed_by: str,
    agreed_on: date | None,
    reasons: str,
    by,
    today: date | None = None,
) -> ForwardPlanEntry:
    """Record the agreement that the decision is urgent and cannot reasonably be deferred
    (reg 11): the overview and scrutiny chair, or if there is none or they cannot act the chair
    of the authority, or else its vice-chair. Such decisions are reported to council (reg 19)."""
    entry = _locked(entry)
    today = today or timezone.localdate()
    errors: dict[str, str] = {}
    _check_agreement(
        errors,
        agreed_by_role=agreed_by_role,
        agreed_by=agreed_by,
        agreed_on=agreed_on,
        reasons=reasons,
        today=today,
    )
    if errors:
        raise ValidationError(errors)
    return update_audited(
        entry,
        {
            "special_urgency_agreed_by_role": agreed_by_role,
            "special_urgency_agreed_by": agreed_by.strip(),
            "special_urgency_agreed_on": agreed_on,
            "special_urgency_reasons": reasons.strip(),
        },
        "meetings.forward_plan.special_urgency",
        by=by,
    )


@transaction.atomic
def entry_publish_private_notice(
    *,
    entry: ForwardPlanEntry,
    by,
    representations: str = "",
    response: str = "",
    today: date | None = None,
) -> ForwardPlanEntry:
    """Publish the further notice of a private meeting (reg 5(4)), with any representations
    received about why it should be open and the response to them (reg 5(5))."""
    entry = _locked(entry)
    if not entry.private:
        raise ValidationError("This entry is not intended to be taken in private.")
    if entry.notice_published_on is None:
        raise ValidationError(
            "Publish the notice of intention to meet in private (reg 5(2)) first."
        )
    if representations.strip() and not response.strip():
        raise ValidationError({"response": "Enter the response to the representations received."})
    today = today or timezone.localdate()
    return update_audited(
        entry,
        {
            "private_final_notice_on": today,
            "private_representations": representations.strip(),
            "private_response": response.strip(),
        },
        "meetings.forward_plan.private_notice",
        by=by,
    )


@transaction.atomic
def entry_record_private_urgency(
    *,
    entry: ForwardPlanEntry,
    agreed_by_role: str,
    agreed_by: str,
    agreed_on: date | None,
    reasons: str,
    by,
    today: date | None = None,
) -> ForwardPlanEntry:
    """Record the agreement that a private meeting is urgent and cannot reasonably be deferred
    although the reg 5 notices could not be given (reg 5(6))."""
    entry = _locked(entry)
    if not entry.private:
        raise ValidationError("This entry is not intended to be taken in private.")
    today = today or timezone.localdate()
    errors: dict[str, str] = {}
    _check_agreement(
        errors,
        agreed_by_role=agreed_by_role,
        agreed_by=agreed_by,
        agreed_on=agreed_on,
        reasons=reasons,
        today=today,
    )
    if errors:
        raise ValidationError(errors)
    return update_audited(
        entry,
        {
            "private_urgency_agreed_by_role": agreed_by_role,
            "private_urgency_agreed_by": agreed_by.strip(),
            "private_urgency_agreed_on": agreed_on,
            "private_urgency_reasons": reasons.strip(),
        },
        "meetings.forward_plan.private_urgency",
        by=by,
    )


@transaction.atomic
def entry_link_item(
    *, entry: ForwardPlanEntry, agenda_item: AgendaItem | None, by
) -> ForwardPlanEntry:
    """Say at which agenda item the decision will be taken (or unlink it with None)."""
    entry = _locked(entry)
    if agenda_item is not None:
        other = (
            ForwardPlanEntry.all_objects.filter(agenda_item=agenda_item)
            .exclude(pk=entry.pk)
            .first()
        )
        if other is not None:
            raise ValidationError(
                {"agenda_item": f"That agenda item is already linked to '{other.title}'."}
            )
        if agenda_item.kind != AgendaItem.Kind.BUSINESS:
            raise ValidationError({"agenda_item": "Choose an item of business."})
    return update_audited(
        entry, {"agenda_item": agenda_item}, "meetings.forward_plan.link_item", by=by
    )


@transaction.atomic
def entry_withdraw(
    *, entry: ForwardPlanEntry, by, today: date | None = None, reason: str = ""
) -> ForwardPlanEntry:
    entry = _locked(entry)
    today = today or timezone.localdate()
    return update_audited(
        entry, {"withdrawn_on": today}, "meetings.forward_plan.withdraw", by=by, note=reason
    )


# --------------------------------------------------------------------------------------------
# Key decisions on agendas without a valid notice
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class KeyDecisionProblem:
    """A key decision (on an agenda, or on the plan) that cannot lawfully be made on its date
    as things stand."""

    decision_date: date
    latest_notice_date: date
    problems: tuple[str, ...]
    item: AgendaItem | None = None
    entry: ForwardPlanEntry | None = None

    @property
    def meeting(self) -> Meeting | None:
        return self.item.meeting if self.item is not None else None


def _entry_of(item: AgendaItem) -> ForwardPlanEntry | None:
    try:
        entry = item.forward_plan_entry
    except ObjectDoesNotExist:
        return None
    return entry if entry.withdrawn_on is None else None


def _item_problem(
    item: AgendaItem, meeting_date: date, notice: rules.NoticeRules
) -> KeyDecisionProblem | None:
    entry = _entry_of(item)
    if entry is None:
        check = rules.key_decision_check(meeting_date, notice_published_on=None, rules=notice)
        return KeyDecisionProblem(
            decision_date=meeting_date,
            latest_notice_date=check.latest_notice_date,
            problems=("This key decision is not on the forward plan.", *check.problems),
            item=item,
        )
    check = entry_check(entry, decision_date=meeting_date, notice_rules_=notice)
    problems = list(check.problems)
    private = entry_private_check(entry, meeting_date=meeting_date, notice_rules_=notice)
    if private is not None and not private.valid:
        problems += private.problems
    if not problems:
        return None
    return KeyDecisionProblem(
        decision_date=meeting_date,
        latest_notice_date=check.latest_notice_date,
        problems=tuple(problems),
        item=item,
        entry=entry,
    )


def key_decision_problems(meeting: Meeting) -> list[KeyDecisionProblem]:
    """The key-decision items on ``meeting``'s agenda that lack a valid notice for the meeting's
    date (SI 2012/2089 regs 9-11, and reg 5 if the item is to be taken in private)."""
    notice = notice_rules()
    items = (
        AgendaItem.all_objects.filter(meeting=meeting, is_key_decision=True)
        .select_related("meeting", "forward_plan_entry")
        .order_by("position")
    )
    found = (_item_problem(item, meeting.date, notice) for item in items)
    return [problem for problem in found if problem is not None]


LIVE_MEETING_STATUSES = [Meeting.Status.SCHEDULED, Meeting.Status.AGENDA_PUBLISHED]


def upcoming_key_decision_problems(today: date) -> list[KeyDecisionProblem]:
    """Every key decision from ``today`` on that lacks a valid notice: items on the agendas of
    meetings not yet held, and forward plan entries not yet on an agenda. Three queries whatever
    the number of meetings (the calendar's non-working days, the items, the entries)."""
    notice = notice_rules()
    problems: list[KeyDecisionProblem] = []
    items = (
        AgendaItem.all_objects.filter(
            is_key_decision=True,
            meeting__status__in=LIVE_MEETING_STATUSES,
            meeting__starts_at__date__gte=today,
        )
        .select_related("meeting__committee", "forward_plan_entry")
        .order_by("meeting__starts_at", "position")
    )
    for item in items:
        problem = _item_problem(item, item.meeting.date, notice)
        if problem is not None:
            problems.append(problem)
    entries = ForwardPlanEntry.all_objects.filter(
        is_key_decision=True,
        withdrawn_on__isnull=True,
        agenda_item__isnull=True,
        expected_decision_date__gte=today,
        decisions__isnull=True,
    ).select_related("decision_maker_committee")
    for entry in entries:
        check = entry_check(entry, notice_rules_=notice)
        private = entry_private_check(entry, notice_rules_=notice)
        # Before its latest date a missing notice is not yet a problem: it can still be given.
        found = []
        if not check.valid and (
            entry.notice_published_on is not None or today > check.latest_notice_date
        ):
            found += check.problems
        if (
            private is not None
            and not private.valid
            and (
                today > private.latest_final_notice
                or (entry.notice_published_on is None and today > private.latest_first_notice)
            )
        ):
            found += private.problems
        if found:
            problems.append(
                KeyDecisionProblem(
                    decision_date=entry.expected_decision_date,
                    latest_notice_date=check.latest_notice_date,
                    problems=tuple(found),
                    entry=entry,
                )
            )
    problems.sort(key=lambda p: p.decision_date)
    return problems
