"""Statutory election timetables: pure functions of dates (no ORM, no clock, no I/O).

One function, :func:`timetable`, gives every step of an election's timetable, counted back (or
forward) from polling day over the election dies non of the statutory calendar
(``democracy.calendars``; DOMAIN.md C1 and Part E). Each step carries its latest permitted date
(or, for a step that opens, its first permitted date), the time of day, and the provision it
comes from. Steps that do not apply to an election are left out: no voter identification at a
Welsh local election (the Elections Act 2022 does not reach devolved elections), no election
agents at a parish election (DOMAIN C1.3), no nominations at a referendum.

Counting (DOMAIN C1.1): "not later than the Nth day before the day of election" is the Nth
working day counted back from polling day, polling day not counted (``working_days_before``).

Dies non (DOMAIN C1.2):

* local (England: SI 2006/3304 Sch 2 r 2; parish SI 2006/3305 Sch 2 r 2; Wales: SI 2021/1459
  Sch 1 r 2), PCC (SI 2012/1917), mayors (SI 2017/67; SI 2007/1024) and local referendums:
  Saturday, Sunday, Christmas Eve, Christmas Day, Good Friday, a bank holiday in England and
  Wales, a day appointed for public thanksgiving or mourning. Maundy Thursday counts (EAA 2006
  s20).
* UK Parliament (RPA 1983 Sch 1 r 2): the same, but at a **general** election a bank holiday in
  *any* part of the UK is disregarded, and at a by-election one in the part of the UK where the
  constituency is. The registration deadline at a general election is counted with the
  registration jurisdiction's bank holidays (DOMAIN C1.6: GE 12 Dec 2019 register Tue 26 Nov,
  postal Tue 26 Nov).
* Absent-vote deadlines (RPR 2001 reg 8): the election's own dies non here, which agrees with
  every published timetable we have checked (DOMAIN C1.6 for the 2019 general election).

Per-election one-off legislation (e.g. the Early Parliamentary General Election Act 2019's
registration deadline) is applied as *overrides*: ``{step key: Override(date, reason)}``; the
step keeps its statutory date as ``statutory_date`` and shows the reason.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date, time, timedelta
from enum import StrEnum

from dateutil.relativedelta import relativedelta

from democracy import calendars
from elections import register_rules

__all__ = [
    "ElectionType",
    "Override",
    "Step",
    "TimetableError",
    "TimetableNation",
    "combine",
    "election_dies_non",
    "parish_vacancy_request_period_ends",
    "principal_vacancy_poll_latest",
    "timetable",
    "vacancy_needs_election",
]


class TimetableError(ValueError):
    """A timetable cannot be built: an impossible date, or an election the rules do not cover."""


class ElectionType(StrEnum):
    LOCAL = "local"
    PARISH = "parish"
    UK_PARLIAMENTARY_GENERAL = "uk_parliamentary_general"
    UK_PARLIAMENTARY_BY = "uk_parliamentary_by"
    PCC = "pcc"
    MAYOR_COMBINED_AUTHORITY = "mayor_combined_authority"
    MAYOR_LOCAL = "mayor_local"
    REFERENDUM = "referendum"
    CASUAL_VACANCY_PRINCIPAL = "casual_vacancy_principal"
    CASUAL_VACANCY_PARISH = "casual_vacancy_parish"

    @property
    def label(self) -> str:
        return ELECTION_TYPE_LABELS[self]


ELECTION_TYPE_LABELS = {
    ElectionType.LOCAL: "Local government election (principal area)",
    ElectionType.PARISH: "Parish council election",
    ElectionType.UK_PARLIAMENTARY_GENERAL: "UK Parliamentary general election",
    ElectionType.UK_PARLIAMENTARY_BY: "UK Parliamentary by-election",
    ElectionType.PCC: "Police and crime commissioner election",
    ElectionType.MAYOR_COMBINED_AUTHORITY: "Combined authority mayoral election",
    ElectionType.MAYOR_LOCAL: "Local authority mayoral election",
    ElectionType.REFERENDUM: "Local referendum",
    ElectionType.CASUAL_VACANCY_PRINCIPAL: "Casual vacancy by-election (principal area)",
    ElectionType.CASUAL_VACANCY_PARISH: "Casual vacancy by-election (parish)",
}


class TimetableNation(StrEnum):
    """The part of the UK: its bank holidays, and the registration jurisdiction."""

    ENG = "ENG"
    WLS = "WLS"
    SCT = "SCT"
    NIR = "NIR"

    @property
    def label(self) -> str:
        return calendars.UK_REGIONS[self.value]


#: Which nations each type of election is held in.
NATIONS: Mapping[ElectionType, frozenset[TimetableNation]] = {
    ElectionType.LOCAL: frozenset({TimetableNation.ENG, TimetableNation.WLS}),
    ElectionType.CASUAL_VACANCY_PRINCIPAL: frozenset({TimetableNation.ENG, TimetableNation.WLS}),
    ElectionType.PARISH: frozenset({TimetableNation.ENG}),
    ElectionType.CASUAL_VACANCY_PARISH: frozenset({TimetableNation.ENG}),
    ElectionType.PCC: frozenset({TimetableNation.ENG, TimetableNation.WLS}),
    ElectionType.MAYOR_COMBINED_AUTHORITY: frozenset({TimetableNation.ENG}),
    ElectionType.MAYOR_LOCAL: frozenset({TimetableNation.ENG}),
    ElectionType.REFERENDUM: frozenset({TimetableNation.ENG}),
    ElectionType.UK_PARLIAMENTARY_GENERAL: frozenset(TimetableNation),
    ElectionType.UK_PARLIAMENTARY_BY: frozenset(TimetableNation),
}


@dataclass(frozen=True)
class Override:
    """A date fixed by one-off legislation (or a court), replacing the statutory one."""

    date: date
    reason: str


@dataclass(frozen=True)
class Step:
    """One step of a timetable.

    ``date`` is the latest permitted date of a deadline (notices may be published earlier:
    DOMAIN Part E.2), the first permitted day of a step that opens ("from"), or the day of an
    event. ``time`` is machine-readable ("16:00", "23:59", "07:00-22:00" or "");
    ``time_label`` is how a notice says it ("4pm", "midnight", "7am to 10pm").
    ``working_days_before_poll`` is the statutory count (None for calendar-day or fixed steps).
    """

    key: str
    label: str
    date: date
    time: str
    time_label: str
    source: str
    working_days_before_poll: int | None = None
    kind: str = "deadline"  # "deadline" (not later than), "from" (first day) or "event"
    note: str = ""
    statutory_date: date | None = None
    override_reason: str = ""

    def as_json(self) -> dict:
        return {
            "step": self.key,
            "label": self.label,
            "date": self.date.isoformat(),
            "time": self.time or None,
            "source": self.source,
            "working_days_before_poll": self.working_days_before_poll,
            "kind": self.kind,
            "note": self.note,
            "statutory_date": self.statutory_date.isoformat() if self.statutory_date else None,
            "override_reason": self.override_reason,
        }


# --- Times of day -------------------------------------------------------------------------------

_TIMES = {
    "": ("", ""),
    "10:00": ("10:00", "10am"),
    "12:00": ("12:00", "noon"),
    "16:00": ("16:00", "4pm"),
    "17:00": ("17:00", "5pm"),
    "21:00": ("21:00", "9pm"),
    "23:59": ("23:59", "midnight"),
    "poll": ("07:00-22:00", "7am to 10pm"),
}


# --- Sources (each checked against DOMAIN.md C1; the status there is repeated) -----------------

ENG_LOCAL = "Local Elections (Principal Areas) (England and Wales) Rules 2006 (SI 2006/3304)"
ENG_PARISH = (
    "Local Elections (Parishes and Communities) (England and Wales) Rules 2006 (SI 2006/3305)"
)
WLS_LOCAL = "Local Elections (Principal Areas) (Wales) Rules 2021 (SI 2021/1459 (W.))"
PCC_ORDER = "Police and Crime Commissioner Elections Order 2012 (SI 2012/1917)"
CA_ORDER = "Combined Authorities (Mayoral Elections) Order 2017 (SI 2017/67)"
LOCAL_MAYOR = (
    "Local Authorities (Mayoral Elections) (England and Wales) Regulations 2007 (SI 2007/1024)"
)
REFERENDUM_REGS = (
    "Local Authorities (Conduct of Referendums) (England) Regulations 2012 (SI 2012/323); "
    "timetable as for local elections (DOMAIN C1.5 pattern, UNVERIFIED for referendums)"
)
RPA_SCH1 = "Representation of the People Act 1983 Sch 1 r 1"
REGISTRATION = "RPA 1983 s13B(1)-(3); RPR 2001 reg 29(4) (DOMAIN C1.3)"
POSTAL = "RPR 2001 reg 56(1): not after 5pm on the eleventh day (DOMAIN C1.3, VERIFIED)"
PROXY = "RPR 2001 reg 56(2): not after 5pm on the sixth day (DOMAIN C1.3, VERIFIED)"
EMERGENCY_PROXY = "RPR 2001 reg 56(3)-(3B): emergency proxy until 5pm on polling day"
VOTER_ID = "Voter Identification Regulations 2022 (SI 2022/1382); RPR 2001 as amended"
NOA = register_rules.ELECTION_NOTICES_SOURCE
AGENTS = (
    "Polling and counting agents: notice not later than the fifth day (DOMAIN C1.3; timetables)"
)
LOST_POSTAL = (
    "RPR 2001 (lost postal ballot papers): from the fourth day (DOMAIN C1.3, UNVERIFIED number)"
)
REPLACEMENT = (
    "RPR 2001: replacement of spoilt and lost postal ballot papers until 5pm on polling day "
    "(DOMAIN C1.3, from published timetables)"
)
CORRECTIONS = (
    "RPA 1983 s13B(3B), (3D): alterations for a clerical error or an appeal decision until 9pm "
    "on polling day (DOMAIN C1.3, from published timetables)"
)
EXPENSES = "RPA 1983 s81: within 35 days after the declaration (DOMAIN C1.3, C1.4)"
EXPENSES_PARISH = (
    "RPA 1983 s81 as applied to parishes: within 28 days after the declaration (DOMAIN C1.3)"
)


def _tt(steps: list[Step]) -> list[Step]:
    return sorted(steps, key=lambda s: (s.date, _ORDER.get(s.key, 50)))


# How steps on the same day are ordered on a notice (the order of the statutory table).
_ORDER = {
    key: i
    for i, key in enumerate(
        [
            "dissolution",
            "writ_received",
            "notice_of_election",
            "nominations_open",
            "nominations_close",
            "withdrawals_close",
            "election_agents",
            "objections_to_nominations",
            "sopn",
            "first_interim_notice_of_alteration",
            "registration_deadline",
            "postal_vote_deadline",
            "absent_vote_changes_deadline",
            "proxy_deadline",
            "voter_authority_certificate_deadline",
            "anonymous_elector_document_deadline",
            "notice_of_poll",
            "final_notice_of_alteration",
            "polling_and_counting_agents",
            "lost_postal_ballots_from",
            "poll",
            "emergency_proxy_deadline",
            "replacement_postal_ballots_close",
            "register_corrections_close",
            "election_expenses",
        ]
    )
}


# --- Calendars ------------------------------------------------------------------------------------


def election_dies_non(
    nation: TimetableNation,
    *,
    uk_general_election: bool = False,
    extra_non_working_days: Iterable[date] = frozenset(),
) -> calendars.WorkingDayCalendar:
    """The election calendar of ``nation`` (DOMAIN C1.2): Saturday, Sunday, Christmas Eve,
    Christmas Day, Good Friday, the nation's bank holidays (any part of the UK at a UK general
    election, RPA 1983 Sch 1 r 2(1)) and days of thanksgiving or mourning."""
    nation = TimetableNation(nation)
    if uk_general_election:
        regions = frozenset(calendars.UK_REGIONS)
        name = "UK Parliamentary general election (bank holidays in any part of the UK)"
    else:
        regions = frozenset({nation.value})
        name = f"Elections ({nation.label})"
    return calendars.WorkingDayCalendar(
        name=name,
        bank_holiday_regions=regions,
        exclude_christmas_eve=True,
        exclude_christmas_day=True,
        exclude_good_friday=True,
        extra_non_working_days=frozenset(extra_non_working_days),
    )


# --- The timetables -------------------------------------------------------------------------------


@dataclass
class _Builder:
    poll: date
    calendar: calendars.WorkingDayCalendar
    steps: list[Step] = field(default_factory=list)

    def back(self, n: int, calendar: calendars.WorkingDayCalendar | None = None) -> date:
        return calendars.working_days_before(self.poll, n, calendar=calendar or self.calendar)

    def add(
        self,
        key: str,
        label: str,
        n_or_date: int | date,
        time_key: str,
        source: str,
        *,
        kind: str = "deadline",
        note: str = "",
        calendar: calendars.WorkingDayCalendar | None = None,
        working_days: int | None = None,
    ) -> None:
        if isinstance(n_or_date, int):
            day, n = self.back(n_or_date, calendar), n_or_date
        else:
            day, n = n_or_date, working_days
        time_value, time_label = _TIMES[time_key]
        self.steps.append(
            Step(key, label, day, time_value, time_label, source, n, kind=kind, note=note)
        )


def _notices_of_alteration(b: _Builder, *, first: str, nominations_close: date | None = None):
    """The first interim and final election notices of alteration, as
    ``register_rules.election_notices_of_alteration_for_poll`` computes them with this
    election's dies non (the one computation the register's notices also use)."""
    dates = register_rules.election_notices_of_alteration_for_poll(
        b.poll, calendar=b.calendar, nominations_close=nominations_close
    )
    b.add(
        "first_interim_notice_of_alteration",
        "First interim election notice of alteration",
        dates.first_interim,
        "",
        f"{NOA}: {first}",
        working_days=None
        if nominations_close
        else register_rules.FIRST_INTERIM_NOTICE_WORKING_DAYS,
    )
    b.add(
        "final_notice_of_alteration",
        "Final election notice of alteration",
        dates.final,
        "",
        f"{NOA}: the fifth day",
        working_days=register_rules.FINAL_NOTICE_WORKING_DAYS,
    )


def _check_poll(poll: date, calendar: calendars.WorkingDayCalendar) -> None:
    reason = calendar.non_working_reason(poll)
    if reason is not None:
        raise TimetableError(
            f"The poll cannot be on {poll:%A %-d %B %Y}: it is not a working day ({reason})"
        )


#: The Elections Act 2022's voter identification (Voter Authority Certificates, Anonymous
#: Elector's Documents) applies to polls from these days: English local, PCC, mayoral polls and
#: referendums from 4 May 2023, UK Parliamentary polls from 5 October 2023.
VOTER_ID_FROM_LOCAL = date(2023, 5, 4)
VOTER_ID_FROM_UK_PARLIAMENT = date(2023, 10, 5)


def _absent_and_register(
    b: _Builder,
    *,
    voter_id: bool,
    registration_calendar: calendars.WorkingDayCalendar | None = None,
) -> None:
    """Registration, absent-vote and voter identification deadlines (DOMAIN C1.3; C1.5 says the
    same 12/11/6 apply to PCC and mayoral elections)."""
    b.add(
        "registration_deadline",
        "Deadline for applications to register to vote",
        12,
        "23:59",
        REGISTRATION,
        calendar=registration_calendar,
        note="Received by midnight; the registration jurisdiction's bank holidays apply.",
    )
    b.add(
        "postal_vote_deadline",
        "New postal vote and postal proxy applications",
        11,
        "17:00",
        POSTAL,
    )
    b.add(
        "absent_vote_changes_deadline",
        "Changes to or cancellation of existing postal or proxy votes",
        11,
        "17:00",
        POSTAL,
    )
    b.add("proxy_deadline", "New proxy vote applications (not emergency)", 6, "17:00", PROXY)
    if voter_id:
        b.add(
            "voter_authority_certificate_deadline",
            "Voter Authority Certificate applications",
            6,
            "17:00",
            VOTER_ID,
        )
        b.add(
            "anonymous_elector_document_deadline",
            "Anonymous Elector's Document applications",
            6,
            "17:00",
            VOTER_ID,
        )


def _poll_day(b: _Builder, source: str, *, emergency_proxy_note: str) -> None:
    b.add("poll", "Day of poll", b.poll, "poll", source, kind="event")
    b.add(
        "emergency_proxy_deadline",
        "Emergency proxy applications",
        b.poll,
        "17:00",
        EMERGENCY_PROXY,
        note=emergency_proxy_note,
    )
    b.add(
        "replacement_postal_ballots_close",
        "Replacement of spoilt or lost postal ballot papers",
        b.poll,
        "17:00",
        REPLACEMENT,
    )
    b.add(
        "register_corrections_close",
        "Alterations to the register for a clerical error or an appeal decision",
        b.poll,
        "21:00",
        CORRECTIONS,
    )


def _expenses(b: _Builder, declared_on: date | None, days: int, source: str) -> None:
    declared = declared_on or b.poll
    b.add(
        "election_expenses",
        "Return of election expenses",
        declared + timedelta(days=days),
        "",
        source,
        note=f"{days} calendar days after the declaration of the result"
        + ("" if declared_on else " (taken as polling day until the declaration is recorded)"),
    )


def _local_pattern(
    b: _Builder,
    rules: str,
    *,
    nominations: bool = True,
    election_agents: bool = True,
    voter_id: bool = True,
) -> None:
    """The 25/19/18/6 pattern of English local, Welsh local, PCC and mayoral elections."""
    by = rules
    voter_id = voter_id and b.poll >= VOTER_ID_FROM_LOCAL
    notice = b.back(25)
    b.add(
        "notice_of_election",
        "Publication of notice of election",
        25,
        "",
        f"{by}: not later than the twenty-fifth day",
    )
    if nominations:
        b.add(
            "nominations_open",
            "Delivery of nomination papers opens (10am to 4pm on working days)",
            calendars.next_working_day(notice, calendar=b.calendar),
            "10:00",
            f"{by}: from the day after the notice of election",
            kind="from",
            note="The first working day after the latest date for the notice of election; "
            "earlier if the notice is published earlier.",
        )
        b.add(
            "nominations_close",
            "Delivery of nomination papers closes",
            19,
            "16:00",
            f"{by}: not later than 4pm on the nineteenth day",
        )
        b.add(
            "withdrawals_close",
            "Withdrawal of candidature",
            19,
            "16:00",
            f"{by}: not later than 4pm on the nineteenth day",
        )
        if election_agents:
            b.add(
                "election_agents",
                "Appointment of election agents",
                19,
                "16:00",
                f"{by}; RPA 1983 s67 as applied (DOMAIN C1.3: 4pm on the nineteenth day)",
            )
        b.add(
            "sopn",
            "Publication of statement of persons nominated",
            18,
            "16:00",
            f"{by}: not later than 4pm on the eighteenth day",
        )
        _notices_of_alteration(b, first="on the last day for nominations")
    else:
        _notices_of_alteration(b, first="the nineteenth day, as at an election")
    _absent_and_register(b, voter_id=voter_id)
    b.add(
        "notice_of_poll",
        "Publication of notice of poll",
        6,
        "",
        f"{by}: not later than the sixth day",
    )
    b.add(
        "polling_and_counting_agents",
        "Appointment of polling and counting agents",
        5,
        "",
        AGENTS,
    )
    b.add(
        "lost_postal_ballots_from",
        "First day to issue replacements for lost postal ballot papers",
        4,
        "",
        LOST_POSTAL,
        kind="from",
    )
    _poll_day(
        b,
        f"{by}: poll between 7am and 10pm",
        emergency_proxy_note="Medical emergency, employment, or lost or stolen photo ID after "
        "the Voter Authority Certificate deadline."
        if voter_id
        else "Medical emergency or employment.",
    )


def _uk_parliamentary(
    b: _Builder,
    *,
    nation: TimetableNation,
    general: bool,
    writ_received: date | None,
    registration_calendar: calendars.WorkingDayCalendar,
) -> None:
    """RPA 1983 Sch 1 r 1 as amended by ERAA 2013 s14 and the Dissolution and Calling of
    Parliament Act 2022 (DOMAIN C1.4)."""
    if general:
        dissolution = b.back(25)
        b.add(
            "dissolution",
            "Dissolution of Parliament",
            25,
            "",
            f"{RPA_SCH1}: polling day is the twenty-fifth day after dissolution",
            kind="event",
        )
        b.add(
            "writ_received",
            "Receipt of the writ (taken to be the day after dissolution)",
            dissolution + timedelta(days=1),
            "",
            "RPA 1983 s28(3A) inserted by the Dissolution and Calling of Parliament Act 2022",
            kind="event",
        )
        b.add(
            "notice_of_election",
            "Publication of notice of election",
            22,
            "16:00",
            f"{RPA_SCH1}: not later than 4pm on the third day after the date of dissolution",
        )
        close: int | date = 19
        close_source = f"{RPA_SCH1}: 4pm on the sixth day after the date of dissolution"
    else:
        if writ_received is None:
            raise TimetableError(
                "A UK Parliamentary by-election needs the date the writ was received"
            )
        cal = b.calendar
        if writ_received >= b.poll:
            raise TimetableError(
                f"The writ ({writ_received:%-d %B %Y}) must be received before the poll "
                f"({b.poll:%-d %B %Y})"
            )
        # Close of nominations: fixed by the (acting) returning officer, not later than the
        # seventh day after receipt of the writ, with the poll on the seventeenth to nineteenth
        # day after it (Erskine May; DOMAIN C1.4). Latest permitted: the earlier of the two.
        latest_by_writ = calendars.working_days_after(writ_received, 7, calendar=cal)
        latest_by_poll = b.back(17)
        earliest_by_poll = b.back(19)
        close = min(latest_by_writ, latest_by_poll)
        # Notice of election: not later than the second day after receipt of the writ, and at
        # least three days before the close of nominations.
        notice = min(
            calendars.working_days_after(writ_received, 2, calendar=cal),
            calendars.working_days_before(close, 3, calendar=cal),
        )
        if close < earliest_by_poll or notice < writ_received:
            first = calendars.working_days_after(writ_received, 20, calendar=cal)
            last = calendars.working_days_after(writ_received, 26, calendar=cal)
            raise TimetableError(
                f"A poll on {b.poll:%-d %B %Y} is impossible with the writ received on "
                f"{writ_received:%-d %B %Y}: the poll must be between {first:%-d %B %Y} and "
                f"{last:%-d %B %Y} (17 to 19 working days after the close of nominations, "
                "which is 3 to 7 working days after the writ)"
            )
        b.add("writ_received", "Receipt of the writ", writ_received, "", RPA_SCH1, kind="event")
        b.add(
            "notice_of_election",
            "Publication of notice of election",
            notice,
            "16:00",
            f"{RPA_SCH1}: not later than 4pm on the second day after receipt of the writ",
        )
        close_source = (
            f"{RPA_SCH1}: a day fixed by the returning officer not later than the seventh day "
            "after receipt of the writ; poll 17 to 19 days after it"
        )
    b.add(
        "nominations_open",
        "Delivery of nomination papers opens (10am to 4pm on working days)",
        calendars.next_working_day(
            next(s.date for s in b.steps if s.key == "notice_of_election"), calendar=b.calendar
        ),
        "10:00",
        f"{RPA_SCH1}: from the day after the notice of election",
        kind="from",
    )
    b.add("nominations_close", "Delivery of nomination papers closes", close, "16:00", close_source)
    b.add(
        "withdrawals_close",
        "Withdrawal of candidature",
        close,
        "16:00",
        f"{RPA_SCH1}: 4pm on the last day for nominations (DOMAIN C1.4)",
    )
    b.add(
        "election_agents",
        "Notification of election agents",
        close,
        "16:00",
        "RPA 1983 s67(1): not later than the latest time for delivery of nomination papers",
    )
    b.add(
        "objections_to_nominations",
        "Objections to nomination papers",
        close,
        "17:00",
        f"{RPA_SCH1}: 10am to 5pm on the last day for nominations (DOMAIN C1.4)",
    )
    b.add(
        "sopn",
        "Publication of statement of persons nominated",
        close,
        "17:00",
        f"{RPA_SCH1}: 5pm on the last day for nominations, or if there are objections "
        "not later than 4pm on the next day (DOMAIN C1.4)",
        note="If objections are made: not later than 4pm on the following working day.",
    )
    _notices_of_alteration(b, first="on the last day for nominations", nominations_close=close)
    if nation is TimetableNation.NIR:
        # Northern Ireland's absent-vote and electoral identity rules are in their own
        # regulations (RPR (NI) 2008), which this system does not cover.
        b.add(
            "registration_deadline",
            "Deadline for applications to register to vote",
            12,
            "23:59",
            "Representation of the People (Northern Ireland) Regulations 2008 (UNVERIFIED)",
            calendar=registration_calendar,
        )
    else:
        _absent_and_register(
            b,
            voter_id=b.poll >= VOTER_ID_FROM_UK_PARLIAMENT,
            registration_calendar=registration_calendar,
        )
    b.add(
        "notice_of_poll",
        "Publication of notice of poll and situation of polling stations",
        6,
        "",
        f"{RPA_SCH1}: not later than the sixth day",
    )
    b.add(
        "polling_and_counting_agents",
        "Appointment of polling and counting agents",
        5,
        "",
        f"{RPA_SCH1}: notice not later than the fifth day (DOMAIN C1.4)",
    )
    b.add(
        "lost_postal_ballots_from",
        "First day to issue replacements for lost postal ballot papers",
        4,
        "",
        LOST_POSTAL,
        kind="from",
    )
    _poll_day(
        b,
        f"{RPA_SCH1}: poll between 7am and 10pm",
        emergency_proxy_note="Medical emergency, employment, or lost or stolen photo ID after "
        "the Voter Authority Certificate deadline.",
    )


def timetable(
    election_type: ElectionType | str,
    poll: date,
    *,
    nation: TimetableNation | str = TimetableNation.ENG,
    writ_received: date | None = None,
    declared_on: date | None = None,
    extra_non_working_days: Iterable[date] = frozenset(),
    overrides: Mapping[str, Override] | None = None,
) -> list[Step]:
    """Every step of the statutory timetable of an election polling on ``poll``, in date order.

    ``nation`` gives the bank holidays (and, at a UK general election, the registration
    jurisdiction); ``writ_received`` is required for a UK Parliamentary by-election;
    ``declared_on`` (the declaration of the result) dates the return of election expenses,
    taken as polling day until recorded; ``extra_non_working_days`` are days appointed for
    thanksgiving or mourning; ``overrides`` replace a step's date by one fixed by one-off
    legislation. Raises :class:`TimetableError` for an election the rules do not cover, a poll
    on a dies non, or an impossible writ date.
    """
    try:
        election_type = ElectionType(election_type)
    except ValueError:
        known = ", ".join(t.value for t in ElectionType)
        raise TimetableError(
            f"Unknown election type “{election_type}”: use one of {known}"
        ) from None
    try:
        nation = TimetableNation(nation)
    except ValueError:
        raise TimetableError(f"Unknown nation “{nation}”: use ENG, WLS, SCT or NIR") from None
    if nation not in NATIONS[election_type]:
        where = ", ".join(sorted(n.label for n in NATIONS[election_type]))
        raise TimetableError(
            f"A {election_type.label.lower()} is not held in {nation.label} under these rules "
            f"(only in {where})"
        )
    if writ_received is not None and election_type is not ElectionType.UK_PARLIAMENTARY_BY:
        raise TimetableError("Only a UK Parliamentary by-election has a writ date")
    extra = frozenset(extra_non_working_days)
    general = election_type is ElectionType.UK_PARLIAMENTARY_GENERAL
    calendar = election_dies_non(nation, uk_general_election=general, extra_non_working_days=extra)
    _check_poll(poll, calendar)
    b = _Builder(poll, calendar)

    if election_type in (ElectionType.LOCAL, ElectionType.CASUAL_VACANCY_PRINCIPAL):
        if nation is TimetableNation.WLS:
            # Wales: the 2021 rules; the Elections Act 2022's voter identification does not
            # apply to devolved elections.
            _local_pattern(b, f"{WLS_LOCAL} Sch 1 (timetable)", voter_id=False)
        else:
            _local_pattern(b, f"{ENG_LOCAL} Sch 2 r 1 as amended by SI 2014/494")
        _expenses(b, declared_on, 35, EXPENSES)
    elif election_type in (ElectionType.PARISH, ElectionType.CASUAL_VACANCY_PARISH):
        # No election agents at a parish election (DOMAIN C1.3).
        _local_pattern(
            b, f"{ENG_PARISH} Sch 2 r 1 as amended by SI 2014/492", election_agents=False
        )
        _expenses(b, declared_on, 28, EXPENSES_PARISH)
    elif election_type is ElectionType.PCC:
        _local_pattern(b, f"{PCC_ORDER} (timetable; DOMAIN C1.5, VERIFIED)")
        _expenses(b, declared_on, 70, f"{PCC_ORDER}: within 70 days (UNVERIFIED: not in DOMAIN.md)")
    elif election_type is ElectionType.MAYOR_COMBINED_AUTHORITY:
        _local_pattern(b, f"{CA_ORDER} (timetable; DOMAIN C1.5)")
        _expenses(b, declared_on, 70, f"{CA_ORDER}: within 70 days (UNVERIFIED: not in DOMAIN.md)")
    elif election_type is ElectionType.MAYOR_LOCAL:
        _local_pattern(b, f"{LOCAL_MAYOR} (timetable as SI 2006/3304; DOMAIN C1.2)")
        _expenses(b, declared_on, 35, EXPENSES)
    elif election_type is ElectionType.REFERENDUM:
        _local_pattern(b, REFERENDUM_REGS, nominations=False)
    else:
        registration_calendar = election_dies_non(nation, extra_non_working_days=extra)
        _uk_parliamentary(
            b,
            nation=nation,
            general=general,
            writ_received=writ_received,
            registration_calendar=registration_calendar,
        )
        _expenses(b, declared_on, 35, EXPENSES)

    steps = b.steps
    for key, override in (overrides or {}).items():
        index = next((i for i, s in enumerate(steps) if s.key == key), None)
        if index is None:
            raise TimetableError(f"The timetable has no step “{key}” to override")
        step = steps[index]
        steps[index] = replace(
            step, date=override.date, statutory_date=step.date, override_reason=override.reason
        )
    return _tt(steps)


def combine(timetables: Iterable[list[Step]]) -> list[Step]:
    """The timetable of a combined poll (RPA 1983 s15; several elections on one day): each step
    once, at the earliest of its dates (a notice that serves every election must meet the
    strictest deadline), with the sources of each."""
    merged: dict[str, Step] = {}
    for steps in timetables:
        for step in steps:
            held = merged.get(step.key)
            if held is None:
                merged[step.key] = step
            else:
                earliest = step if step.date < held.date else held
                sources = (
                    held.source if step.source in held.source else f"{held.source}; {step.source}"
                )
                merged[step.key] = replace(earliest, source=sources)
    return _tt(list(merged.values()))


# --- Casual vacancies -----------------------------------------------------------------------------


def parish_vacancy_request_period_ends(
    notice_date: date, *, calendar: calendars.NonWorkingDays, days: int = 14
) -> date:
    """The last day on which ten electors may ask for an election to fill a casual vacancy in a
    parish: "within fourteen days" after the notice, disregarding Saturday, Sunday, Christmas
    Eve, Christmas Day, Good Friday and bank holidays (SI 2006/3305 r 5; LGA 1972 s243(4);
    DOMAIN C1.3). Otherwise the parish council co-opts. Kidsgrove TC: notice Mon 25 Mar 2024 ->
    Tue 16 Apr 2024."""
    return calendars.working_days_after(notice_date, days, calendar=calendar)


def principal_vacancy_poll_latest(
    request_received: date, *, calendar: calendars.NonWorkingDays, days: int = 35
) -> date:
    """The latest day of poll to fill a casual vacancy on a principal council once two local
    government electors have asked in writing: within 35 days of receipt of the request (LGA 1972
    s89(1)(b), dies non disregarded under s243(4); DOMAIN C1.3, Sefton; the section number is
    UNVERIFIED there). Configurable with ``days``."""
    return calendars.working_days_after(request_received, days, calendar=calendar)


def vacancy_needs_election(vacancy_on: date, ordinary_retirement: date, *, months: int = 6) -> bool:
    """Whether a casual vacancy must be filled by election: not if it occurs within six months
    before the day the member would ordinarily have retired (LGA 1972 s89(3); for parishes SI
    2006/3305 r 5 as DOMAIN C1.3 cites it). The six months are calendar months."""
    return vacancy_on < ordinary_retirement - relativedelta(months=months)


def step_time(step: Step) -> time | None:
    """The deadline's time of day as a ``time`` (the poll's close at 10pm), or None."""
    if not step.time:
        return None
    value = step.time.split("-")[-1]
    hours, minutes = value.split(":")
    return time(int(hours), int(minutes))
