"""The forward plan: notice of key decisions and of private meetings of the executive.

Pure functions of dates and numbers (no ORM, no clock). The Local Authorities (Executive
Arrangements) (Meetings and Access to Information) (England) Regulations 2012, SI 2012/2089:

* reg 9: a key decision may not be made unless a notice of it has been published at the
  offices and on the website at least 28 clear days before it is made (reg 9(2));
* reg 10 (general exception): where that is impracticable, the decision may be made only after
  the proper officer has informed the chair of the relevant overview and scrutiny committee in
  writing (10(1)(a)), made copies of that notice (the one given to the chair, so the chair is
  informed first) available (10(1)(b)), and "five clear days have elapsed following the day on
  which the proper officer made available the notice" (10(1)(c));
* reg 11 (special urgency): where even that is impracticable, only with the agreement of the
  overview and scrutiny chair (or, failing one, the chair, or else the vice-chair, of the
  authority) "that the making of the decision is urgent and cannot reasonably be deferred";
* reg 5: a private meeting of the executive needs a notice of intention at least 28 clear days
  before (5(2)) and a further notice at least five clear days before (5(4)), unless the same
  agreement that the meeting is urgent and cannot reasonably be deferred is given (5(6)).

"Clear days" exclude the day of the notice and the day of the decision or meeting. The
regulations do not say whether they are calendar or working days: by default the 28 clear days
are calendar days (practice; DOMAIN A3) and the five clear days are working days (as for the
five clear days of LGA 1972 s100B(3), R v Swansea CC ex p Elitestone Ltd, CA 1993). Both are
configurable (``long_notice_clear_days_are_working_days``,
``short_notice_clear_days_are_working_days``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from democracy import calendars

__all__ = [
    "KeyDecisionCheck",
    "NoticeRules",
    "PrivateMeetingCheck",
    "PrivateRoute",
    "Route",
    "clear_days",
    "earliest_after_clear_days",
    "key_decision_check",
    "latest_notice_date",
    "private_meeting_check",
]


class Route(StrEnum):
    """How a key decision was lawfully notified."""

    NOTICE = "notice", "28 days' notice (reg 9)"
    GENERAL_EXCEPTION = "general_exception", "General exception (reg 10)"
    SPECIAL_URGENCY = "special_urgency", "Special urgency (reg 11)"

    def __new__(cls, value: str, label: str) -> Route:
        member = str.__new__(cls, value)
        member._value_ = value
        member.label = label
        return member


class PrivateRoute(StrEnum):
    """How a private meeting was lawfully notified."""

    NOTICES = "notices", "28 and 5 days' notice (reg 5(2) and (4))"
    URGENCY = "urgency", "Urgency agreement (reg 5(6))"

    def __new__(cls, value: str, label: str) -> PrivateRoute:
        member = str.__new__(cls, value)
        member._value_ = value
        member.label = label
        return member


@dataclass(frozen=True)
class NoticeRules:
    """A council's configuration of the notice periods (``democracy.statutory.PERIODS``)."""

    calendar: calendars.NonWorkingDays
    key_decision_clear_days: int = 28  # reg 9(2)
    private_notice_clear_days: int = 28  # reg 5(2)
    private_final_notice_clear_days: int = 5  # reg 5(4)
    general_exception_clear_days: int = 5  # reg 10(1)(c)
    long_notice_in_working_days: bool = False  # the 28 days: calendar days by default
    short_notice_in_working_days: bool = True  # the 5 days: working days by default


def _d(day: date) -> str:
    return f"{day:%A %-d %B %Y}"


def clear_days(start: date, end: date, *, working_days: bool, calendar) -> int:
    """Days strictly between ``start`` and ``end`` (both ends excluded): working days only when
    ``working_days``, else every calendar day."""
    if working_days:
        return calendars.clear_days_between(start, end, calendar=calendar)
    return max(0, (end - start).days - 1)


def latest_notice_date(target: date, n: int, *, working_days: bool, calendar) -> date:
    """The latest day a notice can be given leaving ``n`` clear days before ``target``.

    Calendar days: ``target - (n + 1)`` (28 clear days before Tue 17 June 2025 means publishing
    by Mon 19 May 2025). Working days: the latest working day leaving ``n`` clear working days
    (the (n + 1)th working day before, as for agendas, DOMAIN A1.3)."""
    if working_days:
        return calendars.latest_date_leaving_clear_days(target, n, calendar=calendar)
    return target - timedelta(days=n + 1)


def earliest_after_clear_days(start: date, n: int, *, working_days: bool, calendar) -> date:
    """The first day after ``n`` clear days have elapsed following ``start`` (reg 10(1)(c))."""
    if working_days:
        return calendars.working_days_after(start, n, calendar=calendar) + timedelta(days=1)
    return start + timedelta(days=n + 1)


@dataclass(frozen=True)
class KeyDecisionCheck:
    """Whether a key decision may be made on ``decision_date``, by which route, and what is
    missing otherwise."""

    decision_date: date
    route: Route | None
    # reg 9(2): the latest date to publish the notice of the key decision.
    latest_notice_date: date
    # reg 10(1)(c): the first day the decision may be made after the general exception notice.
    general_exception_earliest: date | None
    problems: tuple[str, ...]

    @property
    def valid(self) -> bool:
        return self.route is not None


def key_decision_check(
    decision_date: date,
    *,
    notice_published_on: date | None,
    rules: NoticeRules,
    scrutiny_chair_informed_on: date | None = None,
    general_exception_notice_on: date | None = None,
    special_urgency_agreed_on: date | None = None,
    special_urgency_agreed_by: str = "",
) -> KeyDecisionCheck:
    """Check the notice of a key decision to be made on ``decision_date`` (SI 2012/2089 regs
    9-11), trying the routes in the order the regulations give them: the 28-day notice, then the
    general exception, then special urgency."""
    long_days = rules.long_notice_in_working_days
    short_days = rules.short_notice_in_working_days
    latest = latest_notice_date(
        decision_date,
        rules.key_decision_clear_days,
        working_days=long_days,
        calendar=rules.calendar,
    )
    earliest = None
    if general_exception_notice_on is not None:
        earliest = earliest_after_clear_days(
            general_exception_notice_on,
            rules.general_exception_clear_days,
            working_days=short_days,
            calendar=rules.calendar,
        )

    def result(route: Route | None, problems: list[str]) -> KeyDecisionCheck:
        return KeyDecisionCheck(
            decision_date=decision_date,
            route=route,
            latest_notice_date=latest,
            general_exception_earliest=earliest,
            problems=tuple(problems),
        )

    # reg 9(2)
    if notice_published_on is not None and (
        clear_days(
            notice_published_on, decision_date, working_days=long_days, calendar=rules.calendar
        )
        >= rules.key_decision_clear_days
    ):
        return result(Route.NOTICE, [])
    unit = "clear working days" if long_days else "clear days"
    if notice_published_on is None:
        problems = [
            f"The notice of this key decision has not been published: reg 9(2) needs "
            f"{rules.key_decision_clear_days} {unit}' notice, so it had to be published by "
            f"{_d(latest)}."
        ]
    else:
        had = clear_days(
            notice_published_on, decision_date, working_days=long_days, calendar=rules.calendar
        )
        problems = [
            f"The notice was published on {_d(notice_published_on)}, leaving {had} {unit} before "
            f"the decision; reg 9(2) needs {rules.key_decision_clear_days}, so it had to be "
            f"published by {_d(latest)}."
        ]

    # reg 10
    tried_general_exception = (
        scrutiny_chair_informed_on is not None or general_exception_notice_on is not None
    )
    if tried_general_exception:
        missing = []
        if scrutiny_chair_informed_on is None:
            missing.append(
                "General exception: the chair of overview and scrutiny has not been informed in "
                "writing (reg 10(1)(a))."
            )
        elif scrutiny_chair_informed_on >= decision_date:
            missing.append(
                "General exception: the chair of overview and scrutiny must be informed before "
                f"the decision; they were informed on {_d(scrutiny_chair_informed_on)}."
            )
        if general_exception_notice_on is None:
            missing.append(
                "General exception: the notice has not been made available at the offices and "
                "on the website (reg 10(1)(b))."
            )
        elif (
            scrutiny_chair_informed_on is not None
            and scrutiny_chair_informed_on > general_exception_notice_on
        ):
            missing.append(
                "General exception: the notice made available on "
                f"{_d(general_exception_notice_on)} must be the one given to the chair of "
                f"overview and scrutiny, who was only informed on "
                f"{_d(scrutiny_chair_informed_on)}: the chair is informed first (reg 10(1)(a) "
                "and (b))."
            )
        elif earliest is not None and decision_date < earliest:
            short_unit = "clear working days" if short_days else "clear days"
            missing.append(
                f"General exception: {rules.general_exception_clear_days} {short_unit} must "
                f"elapse after the notice made available on {_d(general_exception_notice_on)} "
                f"(reg 10(1)(c)); the decision can be made from {_d(earliest)}."
            )
        if not missing:
            return result(Route.GENERAL_EXCEPTION, [])
        problems += missing

    # reg 11
    tried_special_urgency = special_urgency_agreed_on is not None or bool(
        special_urgency_agreed_by.strip()
    )
    if tried_special_urgency:
        missing = []
        if not special_urgency_agreed_by.strip():
            missing.append(
                "Special urgency: record who agreed that the decision is urgent and cannot "
                "reasonably be deferred (reg 11)."
            )
        if special_urgency_agreed_on is None:
            missing.append("Special urgency: record the date of the agreement (reg 11).")
        elif special_urgency_agreed_on > decision_date:
            missing.append(
                "Special urgency: the agreement must be given before the decision is made; it "
                f"is dated {_d(special_urgency_agreed_on)}."
            )
        if not missing:
            return result(Route.SPECIAL_URGENCY, [])
        problems += missing

    if not tried_general_exception and not tried_special_urgency:
        problems.append(
            "Otherwise the decision can only be made under the general exception (reg 10) or "
            "with the agreement required for special urgency (reg 11)."
        )
    return result(None, problems)


@dataclass(frozen=True)
class PrivateMeetingCheck:
    """Whether the executive may meet in private on ``meeting_date`` (SI 2012/2089 reg 5)."""

    meeting_date: date
    route: PrivateRoute | None
    latest_first_notice: date
    latest_final_notice: date
    problems: tuple[str, ...]

    @property
    def valid(self) -> bool:
        return self.route is not None


def private_meeting_check(
    meeting_date: date,
    *,
    first_notice_on: date | None,
    final_notice_on: date | None,
    rules: NoticeRules,
    urgency_agreed_on: date | None = None,
    urgency_agreed_by: str = "",
) -> PrivateMeetingCheck:
    """Check the notices for a private meeting (or a private part of one) on ``meeting_date``:
    reg 5(2) notice of intention at least 28 clear days before, reg 5(4) further notice at least
    five clear days before; or reg 5(6) agreement that the meeting is urgent and cannot
    reasonably be deferred."""
    long_days = rules.long_notice_in_working_days
    short_days = rules.short_notice_in_working_days
    latest_first = latest_notice_date(
        meeting_date,
        rules.private_notice_clear_days,
        working_days=long_days,
        calendar=rules.calendar,
    )
    latest_final = latest_notice_date(
        meeting_date,
        rules.private_final_notice_clear_days,
        working_days=short_days,
        calendar=rules.calendar,
    )
    problems = []
    if first_notice_on is None:
        problems.append(
            "The notice of intention to hold the meeting in private has not been published "
            f"(reg 5(2)); it had to be published by {_d(latest_first)}."
        )
    elif (
        clear_days(first_notice_on, meeting_date, working_days=long_days, calendar=rules.calendar)
        < rules.private_notice_clear_days
    ):
        problems.append(
            f"The notice of intention was published on {_d(first_notice_on)}; reg 5(2) needs "
            f"{rules.private_notice_clear_days} clear days, so it had to be published by "
            f"{_d(latest_first)}."
        )
    if final_notice_on is None:
        problems.append(
            "The further notice has not been published (reg 5(4)); it must be published by "
            f"{_d(latest_final)}."
        )
    elif (
        clear_days(final_notice_on, meeting_date, working_days=short_days, calendar=rules.calendar)
        < rules.private_final_notice_clear_days
    ):
        problems.append(
            f"The further notice was published on {_d(final_notice_on)}; reg 5(4) needs "
            f"{rules.private_final_notice_clear_days} clear days, so it had to be published by "
            f"{_d(latest_final)}."
        )
    elif first_notice_on is not None and final_notice_on < first_notice_on:
        problems.append("The further notice must follow the notice of intention (reg 5(4)).")
    route = None
    if not problems:
        route = PrivateRoute.NOTICES
    elif urgency_agreed_on is not None or urgency_agreed_by.strip():
        if not urgency_agreed_by.strip():
            problems.append("Urgency: record who agreed that the meeting is urgent (reg 5(6)).")
        elif urgency_agreed_on is None:
            problems.append("Urgency: record the date of the agreement (reg 5(6)).")
        elif urgency_agreed_on > meeting_date:
            problems.append(
                "Urgency: the agreement must be given before the meeting; it is dated "
                f"{_d(urgency_agreed_on)}."
            )
        else:
            route, problems = PrivateRoute.URGENCY, []
    return PrivateMeetingCheck(
        meeting_date=meeting_date,
        route=route,
        latest_first_notice=latest_first,
        latest_final_notice=latest_final,
        problems=tuple(problems),
    )
