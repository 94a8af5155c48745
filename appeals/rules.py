"""The statutory rules of education appeals, as pure functions: no ORM, no clock, no I/O.

Every function takes the dates, numbers and calendars it needs (``today`` included) and cites the
provision it applies. Periods are counted with the foundation's calendar (``democracy.calendars``):
school days in the admission authority's school calendar for admission appeals and exclusion
reviews, working days for home-to-school travel. "Within N days of D" and "at least N days from
D" both count N days after D, not counting D itself (``calendars.working_days_after``), which is
how admission authorities publish their timetables: see the pinned tests in
``appeals/tests/test_rules.py`` (Dorset's and York's 2025 timetables on Dorset's 2024/25 terms).

Sources
-------
* School Admission Appeals Code 2022 (statutory, SSFA 1998 s84; in force 1 October 2022), with
  the School Admissions (Appeals Arrangements) (England) Regulations 2012 (SI 2012/9). Para 1.7:
  the panel. Para 2.2: the timetable, published by 28 February. Para 2.3: at least 20 school
  days to lodge, at least 10 school days' notice of the hearing, decision letters within 5
  school days. Para 2.4: when appeals must be heard (40 school days after the lodging deadline
  for the normal round; late appeals by then where possible or within 30 school days of
  lodging; in-year appeals within 30 school days of lodging). The infant class size grounds and
  the two-stage test are in Part 3 (deciding appeals). Paragraph numbers are as the 2012 Code
  had them and as councils quote the 2022 Code (Stockport: para 1.7; Holy Trinity Broadstairs:
  para 2.2); the numbers in Part 3 are UNVERIFIED against the 2022 text (DOMAIN D1).
* School Discipline (Pupil Exclusions and Reviews) (England) Regulations 2012 (SI 2012/1033)
  Sch 1: para 1(1) "closing date for reviews" (the 15th school day after the application);
  para 1(2) (a posted application is made on the second working day after posting); para 2(1)
  (apply within 15 school days after notice of the board's decision); para 3 (the panel);
  Education Act 2002 s51A(4) (the panel's powers).
* Travel to school for children of compulsory school age, statutory guidance (DfE, 2024): the
  two-stage review and appeal process, in working days (DOMAIN D3).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date

from dateutil.relativedelta import relativedelta

from democracy import calendars

# --- Periods: the law as data, with what a council may change -------------------------------

#: A council may lengthen the time a family has (it may give more time to lodge, more notice),
#: never shorten it below the statutory value.
AT_LEAST = "at_least"
#: A time limit on the authority (hear within, decide within): a council may set itself a
#: shorter target, never a longer limit than the law's.
WITHIN = "within"
#: Fixed by the regulations: a late exclusion review application must be rejected, so the window
#: can be neither lengthened nor shortened.
FIXED = "fixed"


@dataclass(frozen=True)
class Period:
    name: str
    statutory: int
    unit: str
    limit: str
    source: str

    def check(self, value: int, *, label: str | None = None) -> str | None:
        """Why ``value`` may not replace the statutory value, or None if it may. ``label`` names
        the period as the reader knows it (the constitution page's question); by default its
        name."""
        label = label or self.name
        if self.limit == AT_LEAST and value < self.statutory:
            return (
                f"{label} must be at least {self.statutory} {self.unit}, the statutory minimum "
                f"under {self.source}: a council may lengthen a period that protects the "
                "family but never shorten it"
            )
        if self.limit == WITHIN and value > self.statutory:
            return (
                f"{label} must be no more than {self.statutory} {self.unit}, the statutory "
                f"limit under {self.source}: a council may set itself a shorter target but "
                "never lengthen the limit"
            )
        if self.limit == FIXED and value != self.statutory:
            return f"{label} is fixed at {self.statutory} {self.unit} ({self.source})"
        return None

    @property
    def may_change(self) -> bool:
        """Whether a council may set its own value (a fixed period it may not)."""
        return self.limit != FIXED

    def describe(self) -> str:
        """The law's limit in a sentence, as the constitution page shows it beside the field."""
        word = {AT_LEAST: "minimum", WITHIN: "maximum"}.get(self.limit, "value")
        return f"The law's {word} is {self.statutory} {self.unit} ({self.source})."


SCHOOL_DAYS = "school days"
WORKING_DAYS = "working days"

PERIODS: dict[str, Period] = {
    p.name: p
    for p in (
        Period(
            "admission_lodging_school_days",
            20,
            SCHOOL_DAYS,
            AT_LEAST,
            "School Admission Appeals Code 2022 para 2.3(a): at least 20 school days from the "
            "date of notification that the application was unsuccessful",
        ),
        Period(
            "admission_notice_school_days",
            10,
            SCHOOL_DAYS,
            AT_LEAST,
            "Code 2022 para 2.3: at least 10 school days' notice of the hearing",
        ),
        Period(
            "admission_decision_letter_school_days",
            5,
            SCHOOL_DAYS,
            WITHIN,
            "Code 2022 para 2.3: decision letters within 5 school days of the hearing wherever "
            "possible",
        ),
        Period(
            "admission_normal_hearing_school_days",
            40,
            SCHOOL_DAYS,
            WITHIN,
            "Code 2022 para 2.4(a): within 40 school days of the deadline for lodging appeals",
        ),
        Period(
            "admission_late_hearing_school_days",
            30,
            SCHOOL_DAYS,
            WITHIN,
            "Code 2022 para 2.4(b): late appeals heard with the round where possible, or within "
            "30 school days of being lodged",
        ),
        Period(
            "admission_in_year_hearing_school_days",
            30,
            SCHOOL_DAYS,
            WITHIN,
            "Code 2022 para 2.4(c): in-year appeals within 30 school days of being lodged",
        ),
        Period(
            "exclusion_application_school_days",
            15,
            SCHOOL_DAYS,
            FIXED,
            "SI 2012/1033 Sch 1 para 2(1): within 15 school days after notice of the board's "
            "decision; a late application must be rejected",
        ),
        Period(
            "exclusion_review_school_days",
            15,
            SCHOOL_DAYS,
            WITHIN,
            "SI 2012/1033 Sch 1 para 1(1): the closing date for reviews is the 15th school day "
            "after the application",
        ),
        Period(
            "transport_stage_1_request_working_days",
            20,
            WORKING_DAYS,
            AT_LEAST,
            "Travel to school statutory guidance 2024: 20 working days from receipt of the "
            "decision to ask for a stage 1 review",
        ),
        Period(
            "transport_stage_1_review_working_days",
            20,
            WORKING_DAYS,
            WITHIN,
            "Travel to school statutory guidance 2024: the stage 1 outcome within 20 working "
            "days of the request",
        ),
        Period(
            "transport_stage_2_request_working_days",
            20,
            WORKING_DAYS,
            AT_LEAST,
            "Travel to school statutory guidance 2024: 20 working days from receipt of the "
            "stage 1 decision to escalate to stage 2",
        ),
        Period(
            "transport_stage_2_panel_working_days",
            40,
            WORKING_DAYS,
            WITHIN,
            "Travel to school statutory guidance 2024: the independent panel within 40 working "
            "days of the stage 2 request",
        ),
        Period(
            "transport_stage_2_decision_working_days",
            5,
            WORKING_DAYS,
            WITHIN,
            "Travel to school statutory guidance 2024: the panel's written decision within 5 "
            "working days of the hearing",
        ),
    )
}


class InvalidPeriodSetting(ValueError):
    pass


def validate_period_settings(overrides: Mapping[str, object]) -> dict[str, int]:
    """Periods a council sets (as an older installation set them in its environment, read once
    by the migration that moved them into the constitution): known names, whole numbers, and
    none shortening a family's time below the law's or lengthening a time limit beyond it.
    Every problem is reported at once, naming the period."""
    clean: dict[str, int] = {}
    problems: list[str] = []
    for name, raw in overrides.items():
        period = PERIODS.get(name)
        if period is None:
            problems.append(f"unknown period {name!r} (known: {', '.join(sorted(PERIODS))})")
            continue
        try:
            value = int(str(raw).strip())
        except ValueError:
            problems.append(f"{name} must be a whole number of {period.unit}, not {raw!r}")
            continue
        if reason := period.check(value):
            problems.append(reason)
            continue
        clean[name] = value
    if problems:
        raise InvalidPeriodSetting("Appeals periods: " + "; ".join(problems) + ".")
    return clean


def period(name: str, overrides: Mapping[str, int] | None = None) -> int:
    """The value of a named period: the council's (validated) override, else the law's."""
    if overrides and name in overrides:
        return overrides[name]
    return PERIODS[name].statutory


# --- Appeal kinds (the values of appeals.models.Appeal.Kind) ----------------------------------

ADMISSION_NORMAL = "admission_normal"
ADMISSION_LATE = "admission_late"
ADMISSION_IN_YEAR = "admission_in_year"
EXCLUSION_REVIEW = "exclusion_review"
TRANSPORT_STAGE_1 = "transport_stage_1"
TRANSPORT_STAGE_2 = "transport_stage_2"
KINDS = (
    ADMISSION_NORMAL,
    ADMISSION_LATE,
    ADMISSION_IN_YEAR,
    EXCLUSION_REVIEW,
    TRANSPORT_STAGE_1,
    TRANSPORT_STAGE_2,
)
ADMISSION_KINDS = frozenset({ADMISSION_NORMAL, ADMISSION_LATE, ADMISSION_IN_YEAR})

# --- Admission appeals ------------------------------------------------------------------------

PRIMARY = "primary"
SECONDARY = "secondary"


def national_offer_day(entry_year: int, phase: str, *, calendar: calendars.NonWorkingDays) -> date:
    """The day offers are made in the normal round for places starting in September of
    ``entry_year``: 1 March (secondary) or 16 April (primary) of that year, or the next working
    day (School Admissions (Admission Arrangements and Co-ordination of Admission Arrangements)
    (England) Regulations 2012, SI 2012/8, Schedule 2; the paragraph is not verified). E.g. 1 March 2025 was a Saturday, so secondary offers went out on
    Monday 3 March 2025 (Dorset, Gateshead)."""
    if phase not in (PRIMARY, SECONDARY):
        raise ValueError(f"phase must be {PRIMARY!r} or {SECONDARY!r}, not {phase!r}")
    day = date(entry_year, 3, 1) if phase == SECONDARY else date(entry_year, 4, 16)
    return calendars.next_working_day(day, calendar=calendar, include_today=True)


def earliest_lodging_deadline(
    notified_on: date, *, calendar: calendars.NonWorkingDays, school_days: int = 20
) -> date:
    """The earliest deadline for lodging appeals an admission authority may set: the 20th
    school day after the day the family was told the application was unsuccessful (Code 2022
    para 2.3(a): "at least 20 school days from the date of notification"). A council's longer
    period (``admission_lodging_school_days``) gives a later date."""
    return calendars.working_days_after(notified_on, school_days, calendar=calendar)


def lodging_deadline_problem(
    offer_date: date,
    lodging_deadline: date,
    *,
    calendar: calendars.NonWorkingDays,
    school_days: int = 20,
) -> str | None:
    """Why a published lodging deadline is too early, or None if it allows the full period
    (Code 2022 para 2.3(a))."""
    earliest = earliest_lodging_deadline(offer_date, calendar=calendar, school_days=school_days)
    if lodging_deadline < earliest:
        return (
            f"The deadline for lodging appeals must allow at least {school_days} school days "
            f"from {_day(offer_date)}: it can be no earlier than {_day(earliest)}"
        )
    return None


def is_late(lodged_on: date, lodging_deadline: date) -> bool:
    """A normal-round appeal lodged after the published deadline is late (Code 2022 para
    2.4(b)): it is still heard, with the round where possible."""
    return lodged_on > lodging_deadline


def admission_hearing_deadline(
    kind: str,
    *,
    lodged_on: date,
    lodging_deadline: date | None,
    calendar: calendars.NonWorkingDays,
    normal_days: int = 40,
    late_days: int = 30,
    in_year_days: int = 30,
) -> date:
    """The last day an admission appeal may be heard (Code 2022 para 2.4).

    * Normal round: within 40 school days of the deadline for lodging appeals.
    * Late: within 40 school days of the lodging deadline where possible, otherwise within 30
      school days of being lodged, so the later of the two (as Dorset's 2025 timetable puts
      it: "whichever is the later date").
    * In-year: within 30 school days of being lodged.
    """
    if kind == ADMISSION_IN_YEAR:
        return calendars.working_days_after(lodged_on, in_year_days, calendar=calendar)
    if lodging_deadline is None:
        raise ValueError(f"A {kind} appeal needs the round's lodging deadline")
    with_round = calendars.working_days_after(lodging_deadline, normal_days, calendar=calendar)
    if kind == ADMISSION_NORMAL:
        return with_round
    if kind == ADMISSION_LATE:
        on_its_own = calendars.working_days_after(lodged_on, late_days, calendar=calendar)
        return max(with_round, on_its_own)
    raise ValueError(f"{kind!r} is not an admission appeal")


def latest_notice_day(
    hearing_day: date, *, calendar: calendars.NonWorkingDays, school_days: int = 10
) -> date:
    """The last day notice of a hearing may be sent: the 10th school day before it (Code 2022
    para 2.3: "at least 10 school days' notice")."""
    return calendars.working_days_before(hearing_day, school_days, calendar=calendar)


def earliest_hearing_day(
    today: date, *, calendar: calendars.NonWorkingDays, notice_days: int = 10
) -> date:
    """The first day a hearing can be held if notice goes today: the 10th school day after."""
    return calendars.working_days_after(today, notice_days, calendar=calendar)


def decision_letter_due(
    hearing_day: date, *, calendar: calendars.NonWorkingDays, days: int = 5
) -> date:
    """Decision letters within 5 school days of the hearing (Code 2022 para 2.3); for travel
    stage 2 panels, 5 working days (pass the working-day calendar)."""
    return calendars.working_days_after(hearing_day, days, calendar=calendar)


# Infant class sizes ----------------------------------------------------------------------------

INFANT_YEAR_GROUPS = frozenset({"R", "1", "2"})
ICS_NO_BREACH = "no_breach"
ICS_ARRANGEMENTS = "arrangements"
ICS_UNREASONABLE = "unreasonable"
ICS_GROUNDS = (ICS_NO_BREACH, ICS_ARRANGEMENTS, ICS_UNREASONABLE)


def infant_class_size_applies(year_group: str, *, refused_for_class_size: bool) -> bool:
    """An infant class size appeal: a place in Reception, Year 1 or Year 2 refused because
    admitting the child would breach the limit of 30 pupils to a school teacher (SSFA 1998 s1;
    SI 2012/10; Code 2022 Part 3)."""
    return refused_for_class_size and year_group in INFANT_YEAR_GROUPS


@dataclass(frozen=True)
class Finding:
    """What the panel decided on one admission appeal, and why, as data."""

    upheld: bool
    reason: str


def infant_class_size_finding(ground_found: str | None) -> Finding:
    """An infant class size appeal may be upheld only if the panel finds one of three grounds
    (Code 2022 Part 3): (a) admission would not breach the limit; (b) the arrangements were
    unlawful or not correctly and impartially applied and the child would have been offered a
    place; (c) the refusal was not one a reasonable admission authority would have made (a high,
    perversity, threshold). Otherwise it must be dismissed: personal reasons alone cannot
    succeed."""
    reasons = {
        ICS_NO_BREACH: "Admitting the child would not breach the infant class size limit.",
        ICS_ARRANGEMENTS: (
            "The admission arrangements were unlawful or not correctly and impartially applied, "
            "and the child would have been offered a place had they been."
        ),
        ICS_UNREASONABLE: (
            "The decision to refuse was not one a reasonable admission authority would have made."
        ),
    }
    if ground_found is None:
        return Finding(
            False,
            "None of the grounds on which an infant class size appeal may succeed is made out.",
        )
    if ground_found not in reasons:
        raise ValueError(f"Unknown infant class size ground {ground_found!r}")
    return Finding(True, reasons[ground_found])


def two_stage_finding(*, prejudice: bool, appellant_case_outweighs: bool | None) -> Finding:
    """Every other admission appeal (Code 2022 Part 3; Newham's summary, DOMAIN D1).

    Stage 1: has the admission authority shown that admitting another child would prejudice the
    provision of efficient education or the efficient use of resources? If not, the appeal is
    upheld. Stage 2: if so, do the appellant's reasons outweigh that prejudice? In a multiple
    appeal hearing stage 1 is decided once for all the appeals (the group stage).
    """
    if not prejudice:
        return Finding(
            True, "The admission authority has not shown that admission would cause prejudice."
        )
    if appellant_case_outweighs is None:
        raise ValueError("Prejudice was found: the panel must weigh the appellant's case (stage 2)")
    if appellant_case_outweighs:
        return Finding(True, "The appellant's case outweighs the prejudice to the school.")
    return Finding(False, "The prejudice to the school outweighs the appellant's case.")


# Outcomes, as ``appeals.models.Decision.Outcome`` spells them.
UPHELD = "upheld"
DISMISSED = "dismissed"
WITHDRAWN = "withdrawn"
EXCLUSION_UPHELD = "exclusion_upheld"
RECOMMEND_RECONSIDERATION = "recommend"
QUASH = "quash"
PARTLY_UPHELD = "partly_upheld"

#: The outcomes open to each kind of panel: admission appeals are upheld or dismissed (SSFA 1998
#: s94; Code 2022 Part 3); an exclusion review panel upholds the decision, recommends the body
#: reconsiders, or quashes it and directs reconsideration (Education Act 2002 s51A(4)); a travel
#: stage 2 panel upholds the appeal in whole or in part, or dismisses it, and so does the senior
#: officer who reviews the decision at stage 1 (travel guidance 2024: a detailed written outcome
#: within 20 working days). Any appeal may be withdrawn by the appellant.
OUTCOMES_FOR_KIND = {
    ADMISSION_NORMAL: (UPHELD, DISMISSED, WITHDRAWN),
    ADMISSION_LATE: (UPHELD, DISMISSED, WITHDRAWN),
    ADMISSION_IN_YEAR: (UPHELD, DISMISSED, WITHDRAWN),
    EXCLUSION_REVIEW: (EXCLUSION_UPHELD, RECOMMEND_RECONSIDERATION, QUASH, WITHDRAWN),
    TRANSPORT_STAGE_1: (UPHELD, PARTLY_UPHELD, DISMISSED, WITHDRAWN),
    TRANSPORT_STAGE_2: (UPHELD, PARTLY_UPHELD, DISMISSED, WITHDRAWN),
}


def decision_problems(
    *,
    kind: str,
    outcome: str,
    reasons: str,
    infant_class_size: bool,
    infant_class_size_ground: str = "",
    prejudice_found: bool | None = None,
    appellant_case_outweighs: bool | None = None,
) -> dict[str, str]:
    """Why a panel's recorded decision cannot stand, by field (empty when it can).

    The outcome must be one the panel may reach (``OUTCOMES_FOR_KIND``) and, unless the appeal
    was withdrawn, the panel must give its reasons (Code 2022 para 2.3: the decision letter sets
    out the reasons). An infant class size appeal is upheld only on one of the three grounds and
    dismissed on none (:func:`infant_class_size_finding`); any other admission appeal follows the
    two-stage test, and its outcome must be what the two stages give (:func:`two_stage_finding`).
    """
    problems: dict[str, str] = {}
    allowed = OUTCOMES_FOR_KIND.get(kind, ())
    if outcome not in allowed:
        problems["outcome"] = "Choose an outcome this panel can reach"
        return problems
    if outcome == WITHDRAWN:
        return problems
    if not reasons.strip():
        problems["reasons"] = (
            "Enter the reasons for the outcome of the review"
            if kind == TRANSPORT_STAGE_1
            else "Enter the panel's reasons for its decision"
        )
    if kind not in ADMISSION_KINDS:
        return problems
    if infant_class_size:
        if prejudice_found is not None or appellant_case_outweighs is not None:
            problems["prejudice_found"] = (
                "An infant class size appeal is not decided by the two-stage test"
            )
        if infant_class_size_ground and infant_class_size_ground not in ICS_GROUNDS:
            problems["infant_class_size_ground"] = "Choose one of the three grounds"
        elif infant_class_size_finding(infant_class_size_ground or None).upheld != (
            outcome == UPHELD
        ):
            problems["infant_class_size_ground"] = (
                "An infant class size appeal can be upheld only on one of the three grounds: "
                "choose the ground the panel found"
                if outcome == UPHELD
                else "The panel found a ground on which the appeal must be upheld: "
                "uphold it, or clear the ground"
            )
        return problems
    if infant_class_size_ground:
        problems["infant_class_size_ground"] = (
            "The infant class size grounds apply only to an infant class size appeal"
        )
    if prejudice_found is None:
        problems["prejudice_found"] = (
            "Say whether the admission authority showed that admitting another child would "
            "cause prejudice (stage 1)"
        )
        return problems
    if prejudice_found and appellant_case_outweighs is None:
        problems["appellant_case_outweighs"] = (
            "Say whether the appellant's case outweighs the prejudice (stage 2)"
        )
        return problems
    finding = two_stage_finding(
        prejudice=prejudice_found,
        appellant_case_outweighs=appellant_case_outweighs if prejudice_found else None,
    )
    if finding.upheld != (outcome == UPHELD):
        problems["outcome"] = (
            f"The two-stage test gives {'upheld' if finding.upheld else 'dismissed'}: "
            f"{finding.reason}"
        )
    return problems


def retain_until(determined_on: date, *, years: int) -> date:
    """The day an appeal's personal data is due to be anonymised: ``years`` years after it was
    determined (29 February gives 28 February in a common year). The period is the council's
    retention schedule's (the constitution's ``appeals_retention_years``), not a statutory one."""
    return determined_on + relativedelta(years=years)


def letter_status(due_on: date | None, sent_on: date | None, today: date) -> str:
    """ "sent", "overdue" (not sent after the day it was due) or "due"."""
    if sent_on is not None:
        return "sent"
    if due_on is not None and today > due_on:
        return "overdue"
    return "due"


# --- Exclusion independent review panels ----------------------------------------------------


def exclusion_application_made_on(
    sent_on: date, *, by_first_class_post: bool, working_days: calendars.NonWorkingDays
) -> date:
    """When an application for a review is taken to be made (SI 2012/1033 Sch 1 para 1(2)):
    posted first class, on the second working day after posting; delivered (by hand, online),
    on the day of delivery."""
    if by_first_class_post:
        return calendars.working_days_after(sent_on, 2, calendar=working_days)
    return sent_on


def exclusion_application_deadline(
    notice_given_on: date, *, calendar: calendars.NonWorkingDays, school_days: int = 15
) -> date:
    """The last day to apply for an independent review: the 15th school day after the day the
    parent was given written notice of the board's decision not to reinstate (SI 2012/1033
    Sch 1 para 2(1)). A later application must be rejected."""
    return calendars.working_days_after(notice_given_on, school_days, calendar=calendar)


def exclusion_application_in_time(
    notice_given_on: date, applied_on: date, *, calendar: calendars.NonWorkingDays
) -> bool:
    return applied_on <= exclusion_application_deadline(notice_given_on, calendar=calendar)


def exclusion_review_closing_date(
    applied_on: date, *, calendar: calendars.NonWorkingDays, school_days: int = 15
) -> date:
    """The "closing date for reviews", by which the panel must meet: the 15th school day after
    the day the application was made (SI 2012/1033 Sch 1 para 1(1))."""
    return calendars.working_days_after(applied_on, school_days, calendar=calendar)


# --- Home-to-school travel --------------------------------------------------------------------


@dataclass(frozen=True)
class TravelDeadlines:
    """The dates of the two-stage travel process (statutory guidance 2024), in working days."""

    stage_1_request_by: date | None = None
    stage_1_outcome_by: date | None = None
    stage_2_request_by: date | None = None
    stage_2_panel_by: date | None = None


def transport_deadlines(
    *,
    decision_received_on: date | None = None,
    stage_1_requested_on: date | None = None,
    stage_1_outcome_received_on: date | None = None,
    stage_2_requested_on: date | None = None,
    working_days: calendars.NonWorkingDays,
    periods: Mapping[str, int] | None = None,
) -> TravelDeadlines:
    """Each deadline whose starting date is known: a stage 1 request within 20 working days of
    receiving the decision and its outcome within 20 working days of the request; a stage 2
    request within 20 working days of receiving the stage 1 outcome; the panel within 40
    working days of that request (and its decision within 5 working days of the panel:
    :func:`decision_letter_due`)."""

    def after(day: date | None, name: str) -> date | None:
        if day is None:
            return None
        return calendars.working_days_after(day, period(name, periods), calendar=working_days)

    return TravelDeadlines(
        stage_1_request_by=after(decision_received_on, "transport_stage_1_request_working_days"),
        stage_1_outcome_by=after(stage_1_requested_on, "transport_stage_1_review_working_days"),
        stage_2_request_by=after(
            stage_1_outcome_received_on, "transport_stage_2_request_working_days"
        ),
        stage_2_panel_by=after(stage_2_requested_on, "transport_stage_2_panel_working_days"),
    )


# --- The deadlines of one appeal ------------------------------------------------------------


@dataclass(frozen=True)
class Deadline:
    label: str
    due: date
    source: str


def appeal_deadlines(
    kind: str,
    *,
    decision_notified_on: date,
    lodged_on: date,
    lodging_deadline: date | None,
    school_days: calendars.NonWorkingDays,
    working_days: calendars.NonWorkingDays,
    hearing_day: date | None = None,
    periods: Mapping[str, int] | None = None,
) -> list[Deadline]:
    """The statutory deadlines of one appeal, in date order, for its case page and the planner.

    ``school_days`` is the admission authority's school calendar; ``working_days`` the council's
    working-day calendar (travel appeals and posted exclusion applications).
    """
    p = lambda name: period(name, periods)  # noqa: E731 - a short local reader
    found: list[Deadline] = []
    if kind in ADMISSION_KINDS:
        if kind != ADMISSION_IN_YEAR and lodging_deadline is not None:
            found.append(
                Deadline(
                    "Deadline for lodging appeals",
                    lodging_deadline,
                    PERIODS["admission_lodging_school_days"].source,
                )
            )
        hear_by = admission_hearing_deadline(
            kind,
            lodged_on=lodged_on,
            lodging_deadline=lodging_deadline,
            calendar=school_days,
            normal_days=p("admission_normal_hearing_school_days"),
            late_days=p("admission_late_hearing_school_days"),
            in_year_days=p("admission_in_year_hearing_school_days"),
        )
        source = {
            ADMISSION_NORMAL: "admission_normal_hearing_school_days",
            ADMISSION_LATE: "admission_late_hearing_school_days",
            ADMISSION_IN_YEAR: "admission_in_year_hearing_school_days",
        }[kind]
        found.append(Deadline("Hear the appeal by", hear_by, PERIODS[source].source))
        notice_by = latest_notice_day(
            hearing_day or hear_by,
            calendar=school_days,
            school_days=p("admission_notice_school_days"),
        )
        found.append(
            Deadline(
                "Send notice of the hearing by",
                notice_by,
                PERIODS["admission_notice_school_days"].source,
            )
        )
        if hearing_day is not None:
            found.append(
                Deadline(
                    "Send the decision letter by",
                    decision_letter_due(
                        hearing_day,
                        calendar=school_days,
                        days=p("admission_decision_letter_school_days"),
                    ),
                    PERIODS["admission_decision_letter_school_days"].source,
                )
            )
    elif kind == EXCLUSION_REVIEW:
        found.append(
            Deadline(
                "Apply for a review by",
                exclusion_application_deadline(
                    decision_notified_on,
                    calendar=school_days,
                    school_days=p("exclusion_application_school_days"),
                ),
                PERIODS["exclusion_application_school_days"].source,
            )
        )
        found.append(
            Deadline(
                "The panel must meet by",
                exclusion_review_closing_date(
                    lodged_on, calendar=school_days, school_days=p("exclusion_review_school_days")
                ),
                PERIODS["exclusion_review_school_days"].source,
            )
        )
    elif kind == TRANSPORT_STAGE_1:
        dates = transport_deadlines(
            decision_received_on=decision_notified_on,
            stage_1_requested_on=lodged_on,
            working_days=working_days,
            periods=periods,
        )
        found.append(
            Deadline(
                "Ask for a stage 1 review by",
                dates.stage_1_request_by,
                PERIODS["transport_stage_1_request_working_days"].source,
            )
        )
        found.append(
            Deadline(
                "Send the stage 1 outcome by",
                dates.stage_1_outcome_by,
                PERIODS["transport_stage_1_review_working_days"].source,
            )
        )
    elif kind == TRANSPORT_STAGE_2:
        dates = transport_deadlines(
            stage_1_outcome_received_on=decision_notified_on,
            stage_2_requested_on=lodged_on,
            working_days=working_days,
            periods=periods,
        )
        found.append(
            Deadline(
                "Escalate to stage 2 by",
                dates.stage_2_request_by,
                PERIODS["transport_stage_2_request_working_days"].source,
            )
        )
        found.append(
            Deadline(
                "Hold the panel by",
                dates.stage_2_panel_by,
                PERIODS["transport_stage_2_panel_working_days"].source,
            )
        )
        if hearing_day is not None:
            found.append(
                Deadline(
                    "Send the decision by",
                    decision_letter_due(
                        hearing_day,
                        calendar=working_days,
                        days=p("transport_stage_2_decision_working_days"),
                    ),
                    PERIODS["transport_stage_2_decision_working_days"].source,
                )
            )
    else:
        raise ValueError(f"Unknown appeal kind {kind!r}")
    return sorted(found, key=lambda d: d.due)


def hearing_deadline(deadlines: Iterable[Deadline]) -> date | None:
    """The day an appeal's hearing must be held by (the "hear by" / "meet by" deadline)."""
    for deadline in deadlines:
        if deadline.label in ("Hear the appeal by", "The panel must meet by", "Hold the panel by"):
            return deadline.due
    return None


# --- Panels -----------------------------------------------------------------------------------

LAY = "lay"
EDUCATION = "education"
HEAD_TEACHER = "head_teacher"
GOVERNOR = "governor"

ADMISSION_PANEL = "admission"
EXCLUSION_PANEL = "exclusion_review"
TRANSPORT_PANEL = "transport"

CONNECTION_SCHOOL = "school"
CONNECTION_AUTHORITY = "authority"
CONNECTION_CHILD = "child"
CONNECTION_DECISION = "decision"


@dataclass(frozen=True)
class Connection:
    kind: str
    school_id: int | None = None
    authority_id: int | None = None
    appeal_id: int | None = None
    description: str = ""


@dataclass(frozen=True)
class Seat:
    """A proposed member of a panel, as the rules need to see them."""

    name: str
    categories: frozenset[str]
    sitting_as: str
    is_chair: bool = False
    trained_on: date | None = None
    connections: tuple[Connection, ...] = ()


@dataclass(frozen=True)
class PanelCase:
    """What a panel is for: its kind, the school, the admission authority and the appeals."""

    kind: str
    hearing_day: date
    school_id: int | None
    school_name: str
    authority_id: int | None
    authority_name: str
    appeal_ids: frozenset[int] = field(default_factory=frozenset)


def category_conflicts(categories: Iterable[str]) -> str | None:
    """A lay member has no personal experience in managing a school or providing education in
    one, disregarding experience as a governor or volunteer (SI 2012/9 Schedule; Code 2022 para
    1.7): so nobody can be both lay and experienced in education or a head teacher."""
    held = set(categories)
    if LAY in held and held & {EDUCATION, HEAD_TEACHER}:
        return (
            "A lay member cannot also be appointed for experience in education or as a head teacher"
        )
    return None


def training_expired(trained_on: date | None, hearing_day: date, *, months: int) -> str | None:
    """Why a member's training does not cover a hearing, or None. Panel members and clerks must
    be trained before they sit (Code 2022, training of panel members and clerks, paragraph not
    verified) and, for exclusion reviews, within the two years before the review (SI 2012/1033
    Sch 1); ``months`` is the council's period (24 by default)."""
    if trained_on is None:
        return "has no panel training recorded"
    limit = _months_before(hearing_day, months)
    if trained_on < limit:
        return (
            f"was last trained on {_day(trained_on)}, more than {months} months before the "
            f"hearing on {_day(hearing_day)}"
        )
    if trained_on > hearing_day:
        return f"is not trained until {_day(trained_on)}, after the hearing"
    return None


def panel_problems(case: PanelCase, seats: list[Seat], *, training_months: int = 24) -> list[str]:
    """Every reason the proposed panel may not hear ``case``; empty when it may.

    * Admission panels: three members, at least one lay member and at least one with experience
      in education (Code 2022 para 1.7; SI 2012/9 Schedule).
    * Exclusion review panels: three or five members (SI 2012/1033 Sch 1 para 3): with three,
      one lay member, one head teacher and one governor; with five, one lay member, two head
      teachers and two governors (the five-member split is UNVERIFIED beyond "2 persons",
      DOMAIN D2); the lay member chairs.
    * Travel stage 2 panels: three members independent of the original decision (guidance 2024;
      the number is council practice, DOMAIN D3).
    * Every panel: one chair; each member sits in a category they are appointed in; nobody
      connected with the school, the admission authority or a child, or who took part in the
      decision; each member trained within ``training_months`` before the hearing.
    """
    problems: list[str] = []
    size = len(seats)
    sitting = [seat.sitting_as for seat in seats]
    if case.kind == ADMISSION_PANEL:
        if size != 3:
            problems.append(f"An admission appeal panel has three members, not {size}")
        if LAY not in sitting:
            problems.append("An admission appeal panel needs at least one lay member")
        if EDUCATION not in sitting:
            problems.append(
                "An admission appeal panel needs at least one member with experience in education"
            )
    elif case.kind == EXCLUSION_PANEL:
        wanted = {
            3: {LAY: 1, HEAD_TEACHER: 1, GOVERNOR: 1},
            5: {LAY: 1, HEAD_TEACHER: 2, GOVERNOR: 2},
        }
        if size not in wanted:
            problems.append(f"An exclusion review panel has three or five members, not {size}")
        else:
            for category, count in wanted[size].items():
                if sitting.count(category) != count:
                    problems.append(
                        f"A {size}-member exclusion review panel needs {_count(count)} "
                        f"{_CATEGORY_NAMES[category]}{'s' if count > 1 else ''}, "
                        f"not {sitting.count(category)}"
                    )
        chair = next((seat for seat in seats if seat.is_chair), None)
        if chair is not None and chair.sitting_as != LAY:
            problems.append("The lay member chairs an exclusion review panel")
    elif case.kind == TRANSPORT_PANEL:
        if size != 3:
            problems.append(f"A travel appeal panel has three members, not {size}")
    else:
        raise ValueError(f"Unknown panel kind {case.kind!r}")

    chairs = sum(seat.is_chair for seat in seats)
    if size and chairs != 1:
        problems.append("Choose one member to chair the panel")
    for seat in seats:
        if case.kind != TRANSPORT_PANEL and seat.sitting_as not in seat.categories:
            problems.append(
                f"{seat.name} is not appointed as {_article(_CATEGORY_NAMES.get(seat.sitting_as, seat.sitting_as))}"
            )
        if conflict := category_conflicts(seat.categories):
            problems.append(f"{seat.name}: {conflict}")
        for connection in seat.connections:
            if reason := _disqualifying(connection, case):
                problems.append(f"{seat.name} cannot sit: {reason}")
        if reason := training_expired(seat.trained_on, case.hearing_day, months=training_months):
            problems.append(f"{seat.name} {reason}")
    return problems


_CATEGORY_NAMES = {
    LAY: "lay member",
    EDUCATION: "member with experience in education",
    HEAD_TEACHER: "head teacher",
    GOVERNOR: "governor",
}


def _disqualifying(connection: Connection, case: PanelCase) -> str | None:
    detail = f" ({connection.description})" if connection.description else ""
    if connection.kind == CONNECTION_SCHOOL and connection.school_id == case.school_id:
        return f"they are connected with {case.school_name}{detail}"
    if connection.kind == CONNECTION_AUTHORITY and connection.authority_id == case.authority_id:
        return f"they are connected with the admission authority, {case.authority_name}{detail}"
    if connection.kind == CONNECTION_CHILD and connection.appeal_id in case.appeal_ids:
        return f"they know a child or family whose appeal is listed{detail}"
    if connection.kind == CONNECTION_DECISION and connection.appeal_id in case.appeal_ids:
        return f"they took part in the decision appealed against{detail}"
    return None


# --- Planning hearing dates -----------------------------------------------------------------


def hearing_window(
    today: date,
    hear_by: Iterable[date],
    *,
    calendar: calendars.NonWorkingDays,
    notice_days: int = 10,
) -> tuple[date, date | None]:
    """The days a hearing of some appeals can be held: from the first day that leaves the
    notice period if notice goes today, to the earliest of their hearing deadlines (None when
    they have none)."""
    earliest = earliest_hearing_day(today, calendar=calendar, notice_days=notice_days)
    deadlines = list(hear_by)
    return earliest, (min(deadlines) if deadlines else None)


def candidate_days(
    earliest: date,
    latest: date,
    *,
    calendar: calendars.NonWorkingDays,
    unavailable: Iterable[date] = (),
    limit: int = 10,
) -> list[date]:
    """Up to ``limit`` school days from ``earliest`` to ``latest`` (inclusive), skipping days in
    ``unavailable`` (the clerk's other hearings, for example)."""
    taken = set(unavailable)
    days = [
        day
        for day in calendars.working_days_in_range(earliest, latest, calendar=calendar)
        if day not in taken
    ]
    return days[:limit]


# --- Helpers ----------------------------------------------------------------------------------


def _day(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def _count(n: int) -> str:
    return {1: "one", 2: "two", 3: "three", 5: "five"}.get(n, str(n))


def _article(noun: str) -> str:
    return ("an " if noun[:1] in "aeiou" else "a ") + noun


def _months_before(day: date, months: int) -> date:
    """The same day ``months`` months earlier (the month's last day when it is shorter)."""
    return day - relativedelta(months=months)
