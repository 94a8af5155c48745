"""Statutory periods and thresholds, and the limits the law puts on a council's choice.

The law is data: every period a rule uses is named here once, with its statutory default, the
different default where Welsh law or parish procedure differs, and the provision it comes from.
A council sets its own values in its constitution (``democracy.models.Constitution``, edited by
a manager on the constitution page); these are the values a new installation starts from.

Where the law fixes a minimum (a notice period) the council may lengthen it but never shorten
it; where the law fixes a maximum (time a member has to register an interest) the council may
shorten it but never lengthen it. ``limit_objection`` says so, naming the provision.

This module imports nothing from Django: the rules are pure.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Nation(StrEnum):
    ENGLAND = "england"
    WALES = "wales"


class CouncilKind(StrEnum):
    """The kind of authority: principal councils follow LGA 1972 Part VA, parishes Sch 12."""

    COUNTY = "county"
    DISTRICT = "district"
    UNITARY = "unitary"
    METROPOLITAN = "metropolitan"
    LONDON_BOROUGH = "london_borough"
    PARISH = "parish"


@dataclass(frozen=True)
class Period:
    name: str
    default: int
    unit: str
    source: str
    wales: int | None = None
    parish: int | None = None
    # "floor": the statutory value is a minimum the council may only lengthen; "ceiling": a
    # maximum it may only shorten; None: the council's own choice.
    limit: str | None = None
    # The provision that fixes the limit, as a message cites it ("LGA 1972 s100B(3)").
    law: str = ""
    parish_law: str = ""

    def default_for(self, nation: Nation, kind: CouncilKind) -> int:
        if kind is CouncilKind.PARISH and self.parish is not None:
            return self.parish
        if nation is Nation.WALES and self.wales is not None:
            return self.wales
        return self.default

    def law_for(self, kind: CouncilKind) -> str:
        return self.parish_law if kind is CouncilKind.PARISH and self.parish_law else self.law


PERIODS: dict[str, Period] = {
    p.name: p
    for p in (
        Period(
            "agenda_clear_days",
            5,
            "clear working days",
            "LGA 1972 s100B(3) and (4)(a), five clear days as substituted by SI 2002/715 art 3 "
            "(England); SI 2012/2089 reg 7 for executive meetings; Wales keeps three; parish "
            "councils three under LGA 1972 Sch 12 para 10(2).",
            wales=3,
            parish=3,
            limit="floor",
            law="LGA 1972 s100B(3)",
            parish_law="LGA 1972 Sch 12 para 10(2)",
        ),
        Period(
            "meeting_notice_clear_days",
            5,
            "clear working days",
            "LGA 1972 s100A(6)(a) as amended by SI 2002/715 art 2; SI 2012/2089 reg 6.",
            wales=3,
            parish=3,
            limit="floor",
            law="LGA 1972 s100A(6)(a)",
            parish_law="LGA 1972 Sch 12 para 10(2)",
        ),
        Period(
            "report_deadline_working_days",
            5,
            "working days before the agenda publication date",
            "Council practice (report clearance timetable); no statutory period.",
        ),
        Period(
            "key_decision_notice_clear_days",
            28,
            "clear days",
            "SI 2012/2089 reg 9(2): notice of a key decision at least 28 clear days before.",
            limit="floor",
            law="SI 2012/2089 reg 9(2)",
        ),
        Period(
            "private_meeting_notice_clear_days",
            28,
            "clear days",
            "SI 2012/2089 reg 5(2): 28 clear days' notice of intention to hold a meeting in "
            "private.",
            limit="floor",
            law="SI 2012/2089 reg 5(2)",
        ),
        Period(
            "private_meeting_final_notice_clear_days",
            5,
            "clear days",
            "SI 2012/2089 reg 5(4): further notice at least five clear days before (its content "
            "in reg 5(5)).",
            limit="floor",
            law="SI 2012/2089 reg 5(4)",
        ),
        Period(
            "general_exception_clear_days",
            5,
            "clear days",
            "SI 2012/2089 reg 10(1)(c): five clear days after the day the notice informing the "
            "scrutiny chair is made available.",
            limit="floor",
            law="SI 2012/2089 reg 10(1)(c)",
        ),
        Period(
            "decision_publication_working_days",
            2,
            "working days",
            "SI 2012/2089 regs 12-14 say 'as soon as reasonably practicable'; two working days is "
            "common constitution practice.",
        ),
        Period(
            "call_in_working_days",
            5,
            "working days after publication of the decision",
            "Council constitution: LGA 2000 s9F(2)(a) and (4) give overview and scrutiny the "
            "power to review an executive decision made but not implemented and recommend its "
            "reconsideration; the constitution sets the call-in procedure and its length. Five "
            "working days is the common default.",
        ),
        Period(
            "call_in_signatories",
            5,
            "councillors (the lead councillor included)",
            "Council constitution (LGA 2000 s9F leaves it to the council): Gloucestershire CC "
            "call-in procedure rule 4, at least five councillors; Bracknell Forest any five "
            "members; Isle of Wight any three members of the select committee.",
        ),
        Period(
            "long_notice_clear_days_are_working_days",
            0,
            "0 = calendar days, 1 = working days",
            "SI 2012/2089 regs 5(2) and 9(2) (28 clear days) do not say which days count; practice "
            "treats them as calendar days, both ends excluded, so a notice is published by the "
            "decision date less 29 days (DOMAIN A3; Southampton's forward plan 'constitutes 28 "
            "day notice').",
        ),
        Period(
            "short_notice_clear_days_are_working_days",
            1,
            "0 = calendar days, 1 = working days",
            "SI 2012/2089 regs 5(4) (further private meeting notice) and 10(1)(c) (general "
            "exception) count five clear days; read as clear working days, as for the five clear "
            "days of LGA 1972 s100B(3) (R v Swansea CC ex p Elitestone Ltd, CA 1993).",
        ),
        Period(
            "interest_registration_days",
            28,
            "days beginning with the day the member takes office",
            "Localism Act 2011 s30(1).",
            limit="ceiling",
            law="Localism Act 2011 s30(1)",
        ),
        Period(
            "interest_change_days",
            28,
            "days beginning with the day of disclosure, or of becoming aware of the change",
            "Localism Act 2011 s31(3) and (7): 28 days beginning with the day a disclosable "
            "pecuniary interest not on the register is disclosed at a meeting (or, for a "
            "member acting alone, the day they become aware of it). Notifying other changes is "
            "a duty of the council's code of conduct, in the period the code sets (LGA Model "
            "Code 2020: 28 days); s30(3) only defines a disclosable pecuniary interest.",
            limit="ceiling",
            law="Localism Act 2011 s31(3) and (7)",
        ),
        Period(
            "interest_reminder_days",
            7,
            "days before the last day to register interests",
            "Council practice: the member is reminded this many days before the s30(1) deadline "
            "(and before the deadline for a change); no statute requires a reminder.",
        ),
        Period(
            "gift_registration_days",
            28,
            "days beginning with the day of receipt",
            "LGA Model Councillor Code of Conduct 2020, para 9.",
        ),
        Period(
            "gift_threshold_pounds",
            50,
            "pounds (estimated value)",
            "LGA Model Councillor Code of Conduct 2020, para 9 (some councils use 25).",
        ),
        Period(
            "draft_minutes_working_days",
            5,
            "working days after the meeting",
            "Council practice: no statute sets a time for draft minutes (LGA 1972 Sch 12 para 41 "
            "only requires them to be signed at the next suitable meeting); five working days is "
            "a common service standard.",
        ),
        Period(
            "substitutes_same_group",
            1,
            "0 = any councillor, 1 = the absent member's political group",
            "Council constitution: a substitute comes from the group whose seat it is, as seats "
            "are allocated to groups (LGHA 1989 s15) and filled as the group wishes (SI "
            "1990/1553 reg 13). An executive takes no substitutes at all (LGA 2000 s9C).",
        ),
        Period(
            "call_in_scrutiny_members_only",
            1,
            "1 = members of an overview and scrutiny committee only, 0 = any non-executive "
            "councillor",
            "Council constitution (LGA 2000 s9F leaves it to the council): call-in is scrutiny "
            "of the executive, so by default only members of an overview and scrutiny committee "
            "may start or sign one (Isle of Wight, members of the select committee); a council "
            "whose constitution gives it to any non-executive councillor sets 0 (Gloucestershire "
            "CC rule 4, any five councillors). Members of the executive never call in (they "
            "cannot sit on overview and scrutiny, LGA 2000 s9FA(3)).",
        ),
        Period(
            "remote_attendance_counts_for_quorum",
            0,
            "0 = no, 1 = yes",
            "England: members attending remotely are not present at a formal meeting of a "
            "principal council, so they neither count for the quorum nor vote (Hertfordshire CC "
            "v SSHCLG [2021] EWHC 1093 (Admin)). Set 1 only where the council's law allows "
            "remote attendance to count.",
        ),
        Period(
            "call_in_signatory_groups",
            1,
            "political groups the signatories must come from (1 = no quota)",
            "Council constitution (LGA 2000 s9F leaves it to the council): some constitutions "
            "require the signatories of a call-in to come from more than one political group so "
            "that call-in is not a one-party tool.",
        ),
        Period(
            "meeting_calendar_excludes_christmas_eve",
            0,
            "0 = Christmas Eve is a working day, 1 = it is not",
            "Council constitution: Kettering-style definitions of clear working days also "
            "exclude Christmas Eve; the statute excludes only weekends and bank holidays.",
        ),
        Period(
            "public_question_deadline_working_days",
            3,
            "working days before the meeting",
            "Council constitution (public participation scheme): no statute gives the public a "
            "right to ask questions; the scheme sets when they must be sent in.",
        ),
        Period(
            "deputation_deadline_working_days",
            3,
            "working days before the meeting",
            "Council constitution (public participation scheme): the deadline to ask to speak "
            "or present a deputation.",
        ),
        Period(
            "public_speaking_minutes",
            3,
            "minutes each speaker may speak",
            "Council constitution (public participation scheme): three minutes is common.",
        ),
        Period(
            "public_participation_retention_days",
            183,
            "days after the meeting",
            "Council retention schedule: how long the name and email of a member of the public "
            "who asked a question or to speak are kept after the meeting (UK GDPR Art 5(1)(e), "
            "storage limitation; no statute sets the period).",
        ),
        Period(
            "meeting_duration_minutes",
            150,
            "minutes a meeting is expected to last (its room is held for this long)",
            "Council practice: the default offered when a meeting is scheduled.",
        ),
    )
}


class InvalidPeriodOverride(ValueError):
    pass


def validate_overrides(overrides: dict[str, object]) -> dict[str, int]:
    """Check the overrides an older installation set in ``STATUTORY_PERIODS`` (read once, by the
    migration that seeds the constitution): every name must be known, every value a whole
    number >= 0."""
    clean: dict[str, int] = {}
    for name, raw in overrides.items():
        if name not in PERIODS:
            known = ", ".join(sorted(PERIODS))
            raise InvalidPeriodOverride(
                f"STATUTORY_PERIODS: unknown period {name!r}. Known periods: {known}."
            )
        try:
            value = int(str(raw).strip())
        except ValueError:
            raise InvalidPeriodOverride(
                f"STATUTORY_PERIODS: {name} must be a whole number, not {raw!r}."
            ) from None
        if value < 0:
            raise InvalidPeriodOverride(f"STATUTORY_PERIODS: {name} must not be negative.")
        clean[name] = value
    return clean


def resolve(
    name: str, *, nation: Nation, kind: CouncilKind, overrides: dict[str, int] | None = None
) -> int:
    """The value of a named period for a council: its override, else the statutory default."""
    period = PERIODS[name]
    if overrides and name in overrides:
        return overrides[name]
    return period.default_for(nation, kind)


def defaults_for(nation: Nation, kind: CouncilKind) -> dict[str, int]:
    """Every period's statutory (or customary) value for a council of this nation and kind: what
    a new constitution starts from."""
    return {name: period.default_for(nation, kind) for name, period in PERIODS.items()}


def limit_objection(
    name: str, value: int, *, label: str, nation: Nation, kind: CouncilKind
) -> str | None:
    """Why the law forbids ``value`` for the period ``name``, or None if it may stand.

    A council may lengthen a statutory notice period, never shorten it (LGA 1972 s100B(3): an
    agenda open to inspection at least five clear days before the meeting, England; three in
    Wales and for parishes), and may shorten a statutory time limit on members, never lengthen
    it (Localism Act 2011 s30(1): 28 days to register interests). ``label`` names the field as
    the page shows it.
    """
    period = PERIODS[name]
    statutory_value = period.default_for(nation, kind)
    law = period.law_for(kind)
    if period.limit == "floor" and value < statutory_value:
        return (
            f"{label} must be at least {statutory_value}, the statutory minimum under {law}: "
            "a council may lengthen a statutory period but never shorten it"
        )
    if period.limit == "ceiling" and value > statutory_value:
        return (
            f"{label} must be no more than {statutory_value}, the statutory maximum under "
            f"{law}: a council may shorten this time limit but never lengthen it"
        )
    return None
