"""Call-in of executive decisions: the window, who is subject to it, and whether a call-in is
valid. Pure functions of dates and numbers (no ORM, no clock: ``today`` is an argument).

LGA 2000 s9F(2)(a) and (4) (formerly s21(2)-(3)): overview and scrutiny may review an
executive decision made but not implemented and recommend that it be reconsidered by the person
who made it, or arrange for the function to be exercised by the authority. (SI 2012/2089 reg 18
is not about call-in: it lets overview and scrutiny require a report where a decision should
have been treated as a key decision.) Everything else (the length of the window, the number of councillors, urgency) is
the council's constitution, so every number here is an argument whose default comes from
``democracy.statutory.PERIODS`` (``call_in_working_days``, ``call_in_signatories``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from democracy import calendars

__all__ = [
    "CallInCheck",
    "CallInWindow",
    "call_in_check",
    "call_in_eligibility",
    "call_in_window",
    "subject_to_call_in",
    "window_open",
]


def subject_to_call_in(*, executive: bool, urgent: bool) -> bool:
    """Only executive decisions can be called in (LGA 2000 s9F(2)(a): decisions "in connection
    with the discharge of any functions which are the responsibility of the executive"), and not
    one taken as urgent with the consent the constitution requires (Gloucestershire rule 10:
    the Chair of the Council and the chair of the relevant scrutiny committee agree that delay
    would seriously prejudice the council's or the public's interests)."""
    return executive and not urgent


def call_in_eligibility(
    *,
    name: str,
    executive_member: bool,
    made_the_decision: bool,
    on_scrutiny: bool,
    scrutiny_members_only: bool,
) -> str:
    """Why councillor ``name`` may not start or sign a call-in ("" if they may).

    Call-in is scrutiny of the executive by the councillors the constitution names (LGA 2000
    s9F(2)(a) gives overview and scrutiny the power; the constitution says who may invoke it):
    never a member of the executive, who cannot sit on overview and scrutiny (s9FA(3)), and
    never the person or body that made the decision; by the council's choice
    (``call_in_scrutiny_members_only``) only members of an overview and scrutiny committee
    (Isle of Wight: members of the select committee) or any non-executive councillor
    (Gloucestershire CC rule 4: any five councillors)."""
    if made_the_decision:
        return f"{name} took part in making the decision and cannot call it in."
    if executive_member:
        return (
            f"{name} is a member of the executive: call-in is for councillors outside it "
            "(LGA 2000 s9F(2)(a) and s9FA(3))."
        )
    if scrutiny_members_only and not on_scrutiny:
        return (
            f"{name} is not a member of an overview and scrutiny committee: the constitution "
            "gives call-in to its members only."
        )
    return ""


@dataclass(frozen=True)
class CallInWindow:
    """When a published executive decision may be called in, and when it may be implemented."""

    published_on: date
    working_days: int
    # The last day a call-in may arrive: it must arrive before the end of this day.
    deadline: date
    # The first day the decision may be implemented if it has not been called in.
    implementable_on: date
    # Days inside the window that did not count, with the reason (weekends, bank holidays).
    excluded_days: tuple[tuple[date, str], ...]


def call_in_window(
    published_on: date, *, working_days: int, calendar: calendars.WorkingDayCalendar
) -> CallInWindow:
    """The call-in window of a decision published on ``published_on``.

    Gloucestershire CC call-in procedure rule 4: a call-in notice must be delivered "before the
    end of the fifth working day after the day on which the decision was published"; rule 2:
    the decision "may be implemented after five working days" unless called in. The day of
    publication does not count; the deadline is the Nth working day after it
    (``working_days`` = ``call_in_working_days``, five by default).

    Our reading of rule 2: the window closes at the end of the deadline day, so the decision may
    be implemented from the next calendar day. Implementation is an executive act, not a notice,
    and nothing requires it to fall on a working day; a deadline on a Friday therefore makes the
    decision implementable from the Saturday (the task that marks decisions implementable runs
    every day).
    """
    deadline = calendars.working_days_after(published_on, working_days, calendar=calendar)
    excluded = []
    day = published_on + timedelta(days=1)
    while day < deadline:
        reason = calendar.non_working_reason(day)
        if reason:
            excluded.append((day, reason))
        day += timedelta(days=1)
    return CallInWindow(
        published_on=published_on,
        working_days=working_days,
        deadline=deadline,
        implementable_on=deadline + timedelta(days=1),
        excluded_days=tuple(excluded),
    )


def window_open(window: CallInWindow, *, today: date) -> bool:
    """A call-in may still be made (or signed, or submitted) on ``today``: it must arrive before
    the end of the deadline day (Gloucestershire rule 4)."""
    return window.published_on <= today <= window.deadline


@dataclass(frozen=True)
class CallInCheck:
    """The result of checking a call-in before it suspends the decision."""

    valid: bool
    in_time: bool
    signatories: int
    threshold: int
    deadline: date
    # One sentence per unmet condition, for the councillor and the officer.
    problems: tuple[str, ...]


def call_in_check(
    window: CallInWindow,
    *,
    today: date,
    signatories: int,
    threshold: int,
    has_grounds: bool,
) -> CallInCheck:
    """Whether a call-in submitted on ``today`` is valid.

    Gloucestershire CC call-in procedure rule 4: at least ``threshold`` councillors (five by
    default, ``call_in_signatories``; the lead councillor counts), in writing, stating the
    grounds, delivered before the end of the last working day of the window (``window``). A
    valid call-in means the decision is not implemented until the scrutiny process is complete
    (rule 5).
    """
    problems = []
    in_time = window_open(window, today=today)
    if today > window.deadline:
        problems.append(f"The call-in period ended at the end of {window.deadline:%A %-d %B %Y}.")
    elif today < window.published_on:
        problems.append("The decision has not been published yet.")
    if signatories < threshold:
        missing = threshold - signatories
        noun = "councillor" if missing == 1 else "councillors"
        problems.append(
            f"A call-in needs {threshold} councillors: it has {signatories}, so {missing} more "
            f"{noun} must sign it."
        )
    if not has_grounds:
        problems.append("Give the grounds for the call-in.")
    return CallInCheck(
        valid=not problems,
        in_time=in_time,
        signatories=signatories,
        threshold=threshold,
        deadline=window.deadline,
        problems=tuple(problems),
    )


def call_in_group_quota(*, groups: int, required: int) -> str | None:
    """Why a call-in's signatories are too few groups, or None.

    Council constitution (LGA 2000 s9F leaves the procedure to the council): some constitutions
    require the signatories to come from at least ``required`` political groups
    (``call_in_signatory_groups``; 1, the default, is no quota), so that call-in is not one
    party's tool. ``groups`` counts the distinct groups the signatories belong to on the day.
    """
    if groups >= required:
        return None
    return (
        f"The councillors calling in a decision must come from at least {required} political "
        f"groups: they come from {groups}."
    )
