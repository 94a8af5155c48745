"""Demo data for meetings: the standard committees of a district council and their members,
appointed at the annual meeting of 19 May 2026 (``load``), and their municipal year of meetings
around the day the demo is loaded, played through to that day (``load_municipal_year``)."""

from __future__ import annotations

import random
import re
from collections import defaultdict
from dataclasses import dataclass, fields, replace
from datetime import date, datetime, time, timedelta
from functools import cache
from itertools import zip_longest
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone
from django.utils.text import slugify

from democracy import venues
from democracy.accounts.services import user_create
from democracy.calendars import working_days_after
from democracy.constitution import sign_off_chain
from democracy.council import meeting_calendar, period
from democracy.models import Room, User, Venue
from democracy.services import create_audited
from democracy.validity import in_force_on
from meetings import services
from meetings.models import (
    AgendaItem,
    Attendance,
    CallIn,
    Committee,
    CommitteeMembership,
    Decision,
    Declaration,
    ForwardPlanEntry,
    Meeting,
    MeetingSeries,
    Minutes,
    Report,
    Resolution,
    SignOff,
)
from meetings.rules.balance import NON_ALIGNED, allocate
from meetings.services.agenda import item_add, restriction_set
from meetings.services.call_in import (
    call_in_outcome,
    call_in_sign,
    call_in_start,
    call_in_submit,
)
from meetings.services.committees import committee_require_training
from meetings.services.decisions import decision_publish, decision_record, make_implementable
from meetings.services.forward_plan import entry_create, entry_link_item, entry_publish_notice
from meetings.services.meetings import (
    PlannedMeeting,
    agenda_publish,
    deadline_for,
    series_create,
)
from meetings.services.minutes import (
    body_name,
    minutes_approve,
    minutes_draft,
    minutes_publish_draft,
    minutes_update_entry,
)
from meetings.services.proceedings import (
    AttendanceLine,
    attendance_record,
    declaration_record,
    electorate,
    meeting_mark_held,
    resolution_record,
    seats_on,
    vote_record,
)
from meetings.services.reports import (
    appendix_add,
    report_create,
    report_submit,
    report_update,
    sign_off_record,
    sign_offs_outstanding,
)
from members.demo import co_opted as co_opted_demo
from members.models import Councillor, GroupMembership, TrainingModule

ANNUAL_MEETING = date(2026, 5, 19)
ESTABLISHED = date(2023, 5, 16)

# name, kind, size, quorum, political balance applies, terms of reference
COMMITTEES = [
    (
        "Council",
        Committee.Kind.COUNCIL,
        48,
        12,
        False,
        "All 48 councillors. Sets the budget and policy framework, adopts the constitution and "
        "appoints the Leader and committees. Quorum: one quarter of the whole number of members "
        "(LGA 1972 Sch 12 para 6).",
    ),
    (
        "Cabinet",
        Committee.Kind.EXECUTIVE,
        8,
        3,
        False,
        "The Leader and up to nine executive members (LGA 2000 s9C) take executive decisions not "
        "reserved to the council.",
    ),
    (
        "Planning Committee",
        Committee.Kind.COMMITTEE,
        13,
        4,
        True,
        "Determines applications for planning permission that are not delegated to officers.",
    ),
    (
        "Licensing Committee",
        Committee.Kind.COMMITTEE,
        15,
        4,
        True,
        "The licensing committee under the Licensing Act 2003 s6 (10 to 15 members) and the "
        "Gambling Act 2005.",
    ),
    (
        "Overview and Scrutiny Committee",
        Committee.Kind.OVERVIEW_AND_SCRUTINY,
        12,
        4,
        True,
        "Reviews and scrutinises executive decisions and policy (LGA 2000 s9F) and hears call-ins.",
    ),
    (
        "Audit and Governance Committee",
        Committee.Kind.COMMITTEE,
        9,
        3,
        True,
        "Oversees internal and external audit, risk management and the annual governance "
        "statement.",
    ),
    (
        "Standards Committee",
        Committee.Kind.COMMITTEE,
        7,
        3,
        True,
        "Promotes high standards of conduct and hears complaints under the code of conduct "
        "(Localism Act 2011 s27).",
    ),
]


def _group_of(councillors: list[Councillor], on: date) -> dict[str | None, list[Councillor]]:
    groups = dict(
        GroupMembership.objects.filter(in_force_on(on)).values_list(
            "councillor_id", "group__short_name"
        )
    )
    by_group: dict[str | None, list[Councillor]] = defaultdict(list)
    for councillor in councillors:
        by_group[groups.get(councillor.pk)].append(councillor)
    return by_group


def load(*, by=None) -> list[Committee]:
    serving = list(
        Councillor.all_objects.serving(ANNUAL_MEETING).order_by("last_name", "first_name")
    )
    by_group = _group_of(serving, ANNUAL_MEETING)
    grouped = {g: len(members) for g, members in by_group.items() if g is not None}
    largest = max(grouped, key=grouped.get)
    # Seats on the balanced committees under LGHA 1989 s15 (independents are reg 16's
    # non-aligned members).
    allocation = allocate(
        grouped,
        len(by_group[None]),
        {name: size for name, _, size, _, balanced, _ in COMMITTEES if balanced},
    )
    co_opted = co_opted_demo.load(by=by)
    committees = []
    cabinet_size = next(
        size for _, kind, size, *_ in COMMITTEES if kind == Committee.Kind.EXECUTIVE
    )
    for name, kind, size, quorum, balance, terms in COMMITTEES:
        committee = Committee.objects.filter(
            slug=slugify(name)
        ).first() or services.committee_create(
            name=name,
            kind=kind,
            size=size,
            quorum=quorum,
            political_balance_applies=balance,
            terms_of_reference=terms,
            established_on=ESTABLISHED,
            by=by,
        )
        committees.append(committee)
        if committee.memberships.exists():
            continue
        if kind == Committee.Kind.COUNCIL:
            members = serving
        elif kind == Committee.Kind.EXECUTIVE:
            members = by_group[largest][:size]
        else:
            members = []
            offset = len(committees)  # spread seats across each group's members
            for group, seats in allocation.body(name).seats.items():
                pool = by_group[None if group == NON_ALIGNED else group]
                members += [pool[(offset + i) % len(pool)] for i in range(seats)]
        # The Council's chair and vice-chair (the Mayor and Deputy Mayor) sit outside the
        # executive (LGA 2000 s9C(4)): Cabinet is the largest group's first members.
        outside = by_group[largest][cabinet_size:] if kind == Committee.Kind.COUNCIL else members
        chair = next(c for c in members if c in by_group[largest] and c in outside)
        vice = next(c for c in members if c in by_group[largest] and c in outside and c != chair)
        for councillor in members:
            role = {
                chair: CommitteeMembership.Role.CHAIR,
                vice: CommitteeMembership.Role.VICE_CHAIR,
            }.get(councillor, CommitteeMembership.Role.MEMBER)
            services.membership_appoint(
                committee=committee,
                councillor=councillor,
                role=role,
                start_date=ANNUAL_MEETING,
                by=by,
            )
        _seat_co_opted_members(committee, co_opted, by)
    return committees


def _seat_co_opted_members(committee: Committee, co_opted, by) -> None:
    """The demo's co-opted members (members.demo.co_opted) in their committee's co-opted seats,
    from the annual meeting or from their co-option if later."""
    for person, spec in co_opted:
        if slugify(spec.committee) != committee.slug:
            continue
        services.membership_appoint(
            committee=committee,
            councillor=person,
            role=(
                CommitteeMembership.Role.COOPTED_VOTING
                if spec.voting
                else CommitteeMembership.Role.COOPTED_NON_VOTING
            ),
            start_date=max(ANNUAL_MEETING, spec.start_date),
            by=by,
        )


# --- A municipal year of meetings ----------------------------------------------------------------
#
# The cycle of every committee for the municipal year around the day the demo is loaded (from the
# annual meeting in May to the next), played through in date order as it would have happened up
# to that day: agendas drafted, reports cleared, agendas published on their latest lawful date,
# attendance, declarations, votes and resolutions recorded, meetings marked held, minutes drafted,
# published and approved at the next ordinary meeting, key decisions given notice in the forward
# plan, Cabinet decisions published and one of them called in. Every write goes through the
# services (validated and audited) and carries the day it happened, not the day of the load.
# Each step is guarded by the state it moves the record from, so a second load on the same day
# finds every step done and writes nothing, and a load on a later day carries the year on.
#
# The cycle and its business are written for 2026/27 (``MUNICIPAL_YEAR``, the template) and moved
# to the year around the day of loading by whole weeks, so every meeting keeps its weekday and
# its place in the year; the years named in its text move with it (``DemoYear.text``).

MUNICIPAL_YEAR = 2026
# Once the council has held the meeting that approves next year's calendar (in April), next
# year's meetings are scheduled too: the next Cabinet after the spring is then in June.
CALENDAR_APPROVED = date(2027, 4, 13)
# How far ahead agendas are drafted: meetings within six weeks have their business and reports.
DRAFTING_HORIZON = timedelta(weeks=6)
# Notice of a key decision is first given in the monthly forward plan three months before the
# month of the decision (published on the last working day of that month, well beyond the 28
# clear days of SI 2012/2089 reg 9).
NOTICE_MONTHS_AHEAD = 3
LONDON = ZoneInfo("Europe/London")

VENUE = "Kingsmere Civic Centre"
VENUE_ADDRESS = "Civic Way\nKingsmere\nKM1 1CW"
VENUE_ACCESS = (
    "Step-free entrance from Civic Way and lifts to every floor. Hearing loops in the Council "
    "Chamber and both committee rooms. Four accessible parking bays by the main entrance."
)
ROOMS = [("Council Chamber", 120), ("Committee Room 1", 40), ("Committee Room 2", 24)]

# Sign-offs are attested by a person (SignOff.signed_by). The demo's are given by an account
# that cannot sign in, named for the system, so that like every other write of the demo loader
# they are audited as the system's and attributed to no real officer.
SIGN_OFF_ACCOUNT = "system"
AUTHOR_ACCOUNT = "author"


@dataclass(frozen=True)
class Cycle:
    committee: str
    room: str
    starts: time
    minutes: int
    dates: tuple[date, ...]


def _every_four_weeks(first: date, count: int) -> tuple[date, ...]:
    return tuple(first + timedelta(weeks=4 * n) for n in range(count))


CYCLES = [
    # Six ordinary meetings: the annual meeting and the budget meeting among them.
    Cycle(
        "Council",
        "Council Chamber",
        time(19),
        180,
        (
            date(2026, 5, 19),
            date(2026, 7, 21),
            date(2026, 10, 20),
            date(2026, 12, 15),
            date(2027, 2, 23),
            date(2027, 4, 13),
        ),
    ),
    # Monthly on the second Wednesday, with no meeting in August.
    Cycle(
        "Cabinet",
        "Committee Room 1",
        time(18),
        120,
        (
            date(2026, 6, 10),
            date(2026, 7, 8),
            date(2026, 9, 9),
            date(2026, 10, 14),
            date(2026, 11, 11),
            date(2026, 12, 9),
            date(2027, 1, 13),
            date(2027, 2, 10),
            date(2027, 3, 10),
            date(2027, 4, 14),
        ),
    ),
    Cycle(
        "Planning Committee",
        "Council Chamber",
        time(18, 30),
        180,
        _every_four_weeks(date(2026, 6, 4), 12),
    ),
    Cycle(
        "Licensing Committee",
        "Council Chamber",
        time(18),
        120,
        (date(2026, 6, 22), date(2026, 9, 21), date(2026, 12, 14), date(2027, 3, 15)),
    ),
    Cycle(
        "Overview and Scrutiny Committee",
        "Committee Room 1",
        time(18),
        150,
        (
            date(2026, 6, 16),
            date(2026, 7, 14),
            date(2026, 9, 29),
            date(2026, 11, 17),
            date(2027, 1, 19),
            date(2027, 3, 16),
        ),
    ),
    Cycle(
        "Audit and Governance Committee",
        "Committee Room 2",
        time(14),
        120,
        (date(2026, 7, 23), date(2026, 9, 24), date(2026, 11, 26), date(2027, 3, 25)),
    ),
    Cycle(
        "Standards Committee",
        "Committee Room 2",
        time(14),
        120,
        (date(2026, 7, 15), date(2026, 11, 4), date(2027, 3, 3)),
    ),
]

# How far a report on a meeting still to come has got (reports of published agendas are ready).
READY, AWAITING_SIGN_OFF, CHANGES_REQUESTED, DRAFT = "ready", "awaiting", "changes", "draft"
AGREED = "That the recommendations in the report be agreed"
Dpi = Declaration.Type.DISCLOSABLE_PECUNIARY
Ori = Declaration.Type.OTHER_REGISTRABLE
Nri = Declaration.Type.NON_REGISTRABLE


@dataclass(frozen=True)
class Declared:
    """An interest declared in an item by the ``member``-th member present (chair excluded)."""

    member: int
    type: str
    nature: str
    left_room: bool = False


@dataclass(frozen=True)
class Business:
    """An item of business, its report and what the meeting did with it."""

    title: str
    summary: str = ""  # the report's summary; no summary, no report
    recommendations: tuple[str, ...] = ()
    financial: str = ""
    legal: str = ""
    description: str = ""
    officer: str = ""
    motion: str = AGREED
    vote: tuple[int, int] | None = (0, 0)  # (against, abstentions); None: agreed by consent
    lost: tuple[str, int, int] | None = None  # a motion lost first: (motion, for, abstentions)
    resolved: str = ""  # what was resolved; the recommendations by default
    exempt: tuple[int, ...] = ()  # Schedule 12A paragraphs: the item and its report
    public_interest: str = ""
    appendix: tuple[str, str, tuple[int, ...], str] | None = None  # title, html, paras, PIS
    declared: Declared | None = None
    key_decision: bool = False
    executive: bool = True  # a Cabinet item decided by Cabinet (False: a recommendation)
    reasons: str = ""
    alternatives: str = ""
    stage: str = READY
    contact: str = ""  # a key decision's contact in the forward plan (the officer by default)
    documents: str = ""  # and the documents before the decision maker (the report by default)

    def resolution(self, names: dict[str, str]) -> str:
        if self.resolved:
            return self.resolved.format(**names)
        if len(self.recommendations) == 1:
            return f"That {self.recommendations[0]}."
        listed = [f"({n}) {text}" for n, text in enumerate(self.recommendations, 1)]
        return f"That {'; '.join(listed[:-1])}; and {listed[-1]}."


def _planning(
    ref: str,
    site: str,
    proposal: str,
    summary: str,
    *,
    grant: bool = True,
    s106: str = "",
    vote: tuple[int, int] = (0, 0),
    lost: tuple[str, int, int] | None = None,
    motion: str = "",
    resolved: str = "",
    declared: Declared | None = None,
) -> Business:
    outcome = "granted" if grant else "refused"
    recommendation = (
        "planning permission be granted subject to the conditions set out in the report"
        if grant
        else "planning permission be refused for the reasons set out in the report"
    )
    if s106:
        recommendation += f" and to the completion of a section 106 agreement securing {s106}"
    return Business(
        title=f"{ref}: {site}",
        description=f"{proposal}. Recommendation: {'grant' if grant else 'refuse'}.",
        summary=f"{proposal}. {summary}",
        recommendations=(recommendation,),
        motion=motion or f"That planning permission be {outcome} as recommended",
        vote=vote,
        lost=lost,
        resolved=resolved,
        declared=declared,
    )


OFFICERS = {
    "council": "Chief Executive",
    "cabinet": "Director of Resources",
    "planning-committee": "Head of Planning",
    "licensing-committee": "Licensing Manager",
    "overview-and-scrutiny-committee": "Scrutiny Officer",
    "audit-and-governance-committee": "Chief Finance Officer (section 151 officer)",
    "standards-committee": "Monitoring Officer",
}
FINANCIAL = {
    "planning-committee": "There are no direct financial implications. If the applicant appeals "
    "against a refusal, the council may have to meet its own costs and, if it has acted "
    "unreasonably, the appellant's.",
    "licensing-committee": "The costs of the licensing service are met from licence fees, which "
    "may recover no more than the cost of administering the regime.",
}
LEGAL = {
    "planning-committee": "Section 38(6) of the Planning and Compulsory Purchase Act 2004 "
    "requires the application to be determined in accordance with the development plan unless "
    "material considerations indicate otherwise. The Human Rights Act 1998 and the public sector "
    "equality duty (Equality Act 2010 s149) have been taken into account.",
    "licensing-committee": "The committee must carry out its functions with a view to promoting "
    "the licensing objectives and have regard to the statutory guidance issued under section 182 "
    "of the Licensing Act 2003 and to the council's statement of licensing policy.",
}
DEFAULT_FINANCIAL = "There are no financial implications beyond those set out in the report."
DEFAULT_LEGAL = (
    "The decision is within the terms of reference set out in Part 3 of the constitution."
)


FORWARD_PLAN_CONTACT = (
    "Head of Environmental Services, Kingsmere Civic Centre, Civic Way, Kingsmere KM1 1CW "
    "(waste@kingsmere.example.org)"
)


AGENDAS: dict[tuple[str, date], tuple[Business, ...]] = {
    # --- Council -----------------------------------------------------------------------------
    ("council", date(2026, 5, 19)): (
        Business(
            "Election of the Chair of the Council for 2026/27",
            description="To elect the Chair of the Council for the municipal year 2026/27 "
            "(Local Government Act 1972 s3).",
            resolved="That Councillor {chair} be elected Chair of the Council for the municipal "
            "year 2026/27.",
            vote=None,
        ),
        Business(
            "Appointment of the Vice-Chair of the Council for 2026/27",
            description="To appoint the Vice-Chair of the Council (Local Government Act 1972 s5).",
            resolved="That Councillor {vice_chair} be appointed Vice-Chair of the Council for the "
            "municipal year 2026/27.",
            vote=None,
        ),
        Business(
            "Appointment of committees and allocation of seats to political groups",
            summary="The council must review the allocation of seats on its committees to "
            "political groups at the annual meeting. The groups now hold Conservative 20, Labour "
            "13, Liberal Democrat 8 and Green 4 seats, with three members not in a group. The "
            "report sets out the committees, their sizes and the allocation of the 56 seats on "
            "the committees to which the political balance rules apply.",
            recommendations=(
                "the committees be appointed with the sizes and terms of reference set out in "
                "the report",
                "the seats be allocated to political groups as set out in the report, in "
                "accordance with section 15 of the Local Government and Housing Act 1989",
                "members be appointed to the committees in accordance with the nominations of "
                "the group leaders",
            ),
            financial="Special responsibility allowances for chairs are paid within the "
            "members' allowances budget of £412,600.",
            legal="Sections 15 to 17 of the Local Government and Housing Act 1989 and the Local "
            "Government (Committees and Political Groups) Regulations 1990 require the "
            "allocation to be reviewed at the annual meeting and appointments to be made in "
            "accordance with the wishes of the groups.",
            vote=(0, 2),
        ),
        Business(
            "Calendar of meetings 2026/27",
            summary="The calendar sets the dates of the council, Cabinet and committee meetings "
            "for the municipal year. It avoids the school holidays where possible and allows the "
            "budget and council tax to be set on 23 February 2027.",
            recommendations=("the calendar of meetings for 2026/27 be approved",),
        ),
    ),
    ("council", date(2026, 7, 21)): (
        Business(
            "Overview and Scrutiny Committee annual report 2025/26",
            summary="The annual report describes the committee's work in 2025/26: two call-ins, "
            "the housing repairs task and finish review and the scrutiny of the 2026/27 budget. "
            "The committee approved the report on 16 June 2026.",
            recommendations=(
                "the annual report of the Overview and Scrutiny Committee for 2025/26 be received",
            ),
            officer="Chair of the Overview and Scrutiny Committee",
            vote=None,
        ),
        Business(
            "Appointment of an independent person under the Localism Act 2011",
            summary="The council must appoint at least one independent person whose views are "
            "sought before it decides an allegation that a councillor has failed to comply with "
            "the code of conduct. The term of one of the council's two independent persons ends "
            "on 31 July 2026. After public advertisement an interview panel recommends the "
            "appointment of Mrs Eleanor Marsh.",
            recommendations=(
                "Mrs Eleanor Marsh be appointed as an independent person under section 28(7) of "
                "the Localism Act 2011 from 1 August 2026 to 31 July 2030",
                "the allowance of £750 a year for independent persons continue",
            ),
            financial="The allowance is met from the democratic services budget.",
            legal="Section 28(8) of the Localism Act 2011 requires the vacancy to have been "
            "advertised and the appointment to be approved by a majority of the members of the "
            "council.",
            officer="Monitoring Officer",
        ),
        Business(
            "Notice of motion: a nature recovery plan for Kingsmere",
            description="The following motion has been submitted under council procedure rule 12 "
            "by the Leader of the Green Group.",
            motion="That the council asks Cabinet to prepare a nature recovery plan for the "
            "district, aligned with the local nature recovery strategy, by March 2027",
            resolved="That the council asks Cabinet to prepare a nature recovery plan for the "
            "district, aligned with the local nature recovery strategy, and to bring it to the "
            "council by March 2027.",
            vote=(9, 3),
        ),
    ),
    ("council", date(2026, 10, 20)): (
        Business(
            "Review of polling districts and polling places 2026",
            summary="Lark Rise Village Hall closed in June 2026 and the new community centre at "
            "Brookhollow Park opened in September. This review, under section 18C of the "
            "Representation of the People Act 1983, changes two polling places. No polling "
            "district boundary changes.",
            recommendations=(
                "the polling place for polling district KA (Lark Rise 1) be Lark Rise Primary "
                "School",
                "the polling place for polling district CA (Brookhollow 1) be Brookhollow Park "
                "Community Centre",
                "the (Acting) Returning Officer's comments on the accessibility of polling "
                "stations be noted",
            ),
            financial="The hire of the two new venues, £180 a poll each, is met from the "
            "elections budget.",
            legal="Sections 18A to 18E of and Schedule A1 to the Representation of the People "
            "Act 1983: the council must designate polling places that are, so far as reasonable "
            "and practicable, accessible to disabled voters.",
            officer="Electoral Services Manager",
        ),
        Business(
            "Members' allowances scheme 2027/28",
            summary="The council must have regard to the recommendations of its independent "
            "remuneration panel before amending its scheme of allowances. The panel recommends "
            "that the basic allowance rise by 3.2%, in line with the local government pay "
            "award, to £6,214, and that special responsibility allowances do not change.",
            recommendations=(
                "the basic allowance for 2027/28 be £6,214",
                "special responsibility allowances for 2027/28 remain unchanged",
            ),
            financial="The increase costs £9,240 in 2027/28 and is in the draft budget.",
            legal="Local Authorities (Members' Allowances) (England) Regulations 2003 regs 19 "
            "and 22: the scheme must be made having regard to the panel's report and published.",
            officer="Monitoring Officer",
            vote=(6, 3),
        ),
        Business(
            "Recommendation from Cabinet: homelessness and rough sleeping strategy 2026-2031",
            summary="The Homelessness Act 2002 requires the council to publish a homelessness "
            "strategy at least every five years. Cabinet on 9 September 2026 recommended the new "
            "strategy to the council for adoption.",
            recommendations=("the homelessness and rough sleeping strategy 2026-2031 be adopted",),
            officer="Head of Housing",
            vote=(0, 1),
        ),
    ),
    ("council", date(2026, 12, 15)): (
        Business(
            "Recommendation from Cabinet: council tax reduction scheme 2027/28",
            summary="Cabinet on 9 December 2026 recommended an income-banded scheme for "
            "working-age households, keeping support at up to 85% of the council tax bill. The "
            "council must adopt its scheme for 2027/28 by 11 March 2027.",
            recommendations=(
                "the income-banded council tax reduction scheme for 2027/28 be adopted",
            ),
            legal="Local Government Finance Act 1992 Schedule 1A: the council must consider "
            "each year whether to revise its scheme, after consultation.",
            officer="Head of Revenues and Benefits",
            vote=(9, 0),
        ),
        Business(
            "Gambling Act 2005: statement of principles 2027-2030",
            summary="Consultation on the draft ran from 1 October to 30 November 2026; five "
            "responses led to clearer wording on the local area profile.",
            recommendations=("the statement of principles 2027-2030 be adopted",),
            legal="Section 349 of the Gambling Act 2005: the statement is adopted by the council "
            "and published at least four weeks before it takes effect.",
            officer="Licensing Manager",
            vote=None,
        ),
        Business(
            "Treasury management mid-year review 2026/27",
            summary="Referred by the Audit and Governance Committee on 26 November 2026. "
            "Investments averaged £31.2m and earned 4.4%; no prudential indicator was breached.",
            recommendations=("the mid-year review be noted",),
            officer="Chief Finance Officer (section 151 officer)",
            vote=None,
        ),
    ),
    ("council", date(2027, 2, 23)): (
        Business(
            "Budget and council tax 2027/28",
            summary="Cabinet recommends a net budget of £15.6m and a council tax increase of "
            "2.99%, a band D charge of £198.45 for the district's services. The Chief Finance "
            "Officer reports that the estimates are robust and the reserves adequate.",
            recommendations=(
                "the revenue budget for 2027/28 of £15.6m be approved",
                "the district council's band D council tax for 2027/28 be £198.45",
                "the capital programme 2027/28 to 2030/31 be approved",
            ),
            financial="As set out in the report.",
            legal="Local Government Finance Act 1992 ss30-36 and Local Government Act 2003 s25. "
            "Votes on the budget are recorded by name (the Local Authorities (Standing Orders) "
            "(England) (Amendment) Regulations 2014).",
            officer="Chief Finance Officer (section 151 officer)",
            vote=(17, 3),
        ),
        Business(
            "Pay policy statement 2027/28",
            summary="The statement sets out the council's policies on the pay of its chief "
            "officers and lowest-paid employees; the ratio of the highest to the median salary "
            "is 5.1 to 1.",
            recommendations=("the pay policy statement for 2027/28 be approved",),
            legal="Localism Act 2011 ss38-39: the statement must be approved by the council "
            "before 31 March each year.",
            officer="Head of Human Resources",
            vote=(0, 2),
        ),
    ),
    ("council", date(2027, 4, 13)): (
        Business(
            "Calendar of meetings 2027/28",
            summary="The calendar keeps the pattern of 2026/27: Cabinet on the second Wednesday "
            "of the month except August and May, the budget meeting in late February and the "
            "annual meeting in May 2027.",
            recommendations=("the calendar of meetings for 2027/28 be approved",),
            officer="Head of Democratic Services",
            vote=None,
        ),
        Business(
            "Revised members' code of conduct",
            summary="The Standards Committee recommends a code based on the Local Government "
            "Association's model code, with clearer rules on social media and bullying.",
            recommendations=("the revised code of conduct be adopted from 19 May 2027",),
            legal="Localism Act 2011 s27-28.",
            officer="Monitoring Officer",
            vote=(0, 1),
        ),
    ),
    # --- Cabinet -----------------------------------------------------------------------------
    ("cabinet", date(2026, 6, 10)): (
        Business(
            "Revenue and capital outturn 2025/26",
            summary="The general fund ended 2025/26 £286,000 (1.9%) under its net budget of "
            "£15.1m, mainly from higher investment income and vacancies in planning. Capital "
            "spending was £6.8m against a revised programme of £9.2m; £2.1m slips into 2026/27.",
            recommendations=(
                "the revenue and capital outturn for 2025/26 be noted",
                "£286,000 be transferred to the budget equalisation reserve",
                "capital budgets of £2.1m be carried forward to 2026/27",
            ),
            financial="As set out in the report. The general fund balance stays at £2.5m, the "
            "minimum set by the medium term financial strategy.",
            legal="Carry-forwards are approved by Cabinet under the financial procedure rules.",
            reasons="To close the 2025/26 accounts and hold reserves at the level the medium "
            "term financial strategy requires.",
            alternatives="Adding the underspend to general balances: rejected, because the "
            "budget equalisation reserve will help close the 2027/28 budget gap.",
        ),
        Business(
            "Corporate plan 2026-2030: delivery plan for 2026/27",
            summary="The delivery plan sets out the 42 actions and 18 measures through which the "
            "council will deliver the corporate plan's four priorities in 2026/27: homes, a "
            "thriving town centre, a cleaner and greener district, and a well-run council.",
            recommendations=("the delivery plan for 2026/27 be approved",),
            officer="Chief Executive",
            reasons="The corporate plan adopted by the council in February 2026 asks Cabinet to "
            "agree an annual delivery plan.",
            alternatives="None: an annual delivery plan is required by the corporate plan.",
        ),
        Business(
            "Kingsmere Leisure Centre decarbonisation: award of the heat pump contract",
            summary="The Public Sector Decarbonisation Scheme grant of £1.9m requires the work "
            "to start by October 2026. Of four tenders, Westcountry Building Services Ltd scores "
            "highest (price 60%, quality 40%) at £2.64m. Replacing the gas boilers with air "
            "source heat pumps cuts the council's own emissions by 11%.",
            recommendations=(
                "the contract for the heat pump installation at Kingsmere Leisure Centre be "
                "awarded to Westcountry Building Services Ltd for £2.64m",
                "£740,000 be added to the capital programme, funded by borrowing repaid from "
                "the energy savings",
            ),
            financial="The grant meets £1.9m; the remaining £740,000 is repaid from energy "
            "savings of £96,000 a year over ten years.",
            officer="Head of Property",
            key_decision=True,
            reasons="The contract secures the grant and the largest single cut in the council's "
            "own emissions.",
            alternatives="Replacing the boilers like for like (rejected: no grant and no cut in "
            "emissions) and deferring the work (rejected: the grant would be lost).",
        ),
    ),
    ("cabinet", date(2026, 7, 8)): (
        Business(
            "Market Square masterplan: consultation outcome and adoption",
            summary="1,146 people responded to the consultation on the Market Square masterplan; "
            "74% supported the proposals for a pedestrian-priority square, a relocated market "
            "and a new bus interchange on Station Road. The masterplan has been amended to keep "
            "disabled parking in the square.",
            recommendations=(
                "the Market Square masterplan be adopted as amended",
                "the Director of Place prepare a bid to the Levelling Up Partnership fund for the "
                "first phase",
            ),
            financial="Adoption has no direct cost. The first phase is estimated at £4.8m, to be "
            "funded from external grant and £600,000 of council capital.",
            officer="Director of Place",
            key_decision=True,
            reasons="The masterplan has strong public support and gives the council a basis for "
            "funding bids and for decisions on planning applications in the town centre.",
            alternatives="Adopting the masterplan as consulted on (rejected: it removed disabled "
            "parking from the square) and not adopting a masterplan (rejected: no framework for "
            "bids or planning decisions).",
            vote=(1, 0),
        ),
        Business(
            "Empty homes strategy 2026-2029",
            summary="There are 612 homes in the district empty for more than six months, 184 of "
            "them for more than two years. The strategy sets out advice, loans, the council tax "
            "empty homes premium and, as a last resort, empty dwelling management orders.",
            recommendations=("the empty homes strategy 2026-2029 be approved",),
            officer="Head of Housing",
            reasons="Bringing empty homes back into use adds to the supply of homes at low cost.",
            alternatives="Continuing without a strategy: rejected, as the number of long-term "
            "empty homes rose by 11% in 2025/26.",
        ),
    ),
    ("cabinet", date(2026, 9, 9)): (
        Business(
            "Award of the waste collection and street cleansing contract",
            summary="The contract with Greenway Environmental ends on 31 March 2027. Three "
            "compliant tenders were received in a competitive flexible procedure. The highest "
            "scoring, from Kingsmere Environmental Services Ltd, scores 86.4 out of 100 (price "
            "60%, quality 40%) and costs £3.92m a year: £240,000 less than now, while adding the "
            "weekly food waste collections the council must provide.",
            recommendations=(
                "the waste collection and street cleansing contract be awarded to Kingsmere "
                "Environmental Services Ltd for eight years from 1 April 2027, with an option to "
                "extend for up to eight more",
                "the Director of Place, after consulting the Cabinet Member for Environment, be "
                "authorised to complete the contract",
            ),
            financial="The contract costs £3.92m a year at 2026/27 prices, within the budget of "
            "£4.16m; the saving of £240,000 a year is in the medium term financial strategy.",
            legal="The procurement was run under the Procurement Act 2023. The contract may not "
            "be entered into until the standstill period of eight working days after the "
            "contract award notice has ended (section 51).",
            officer="Director of Place",
            key_decision=True,
            contact=FORWARD_PLAN_CONTACT,
            documents="Report of the Director of Place; summary of the tender evaluation.",
            reasons="The tender offers the best value of the three received, adds weekly food "
            "waste collections and saves £240,000 a year.",
            alternatives="Extending the current contract (not possible: its extension options "
            "have been used) and bringing the service in house (costed at £4.31m a year and "
            "rejected on cost and the time needed to procure a fleet).",
            vote=(0, 0),
        ),
        Business(
            "Budget monitoring: quarter 1 2026/27",
            summary="At the end of June the general fund is forecast to overspend by £174,000 "
            "(1.1%), mainly on temporary accommodation for homeless households, partly offset by "
            "higher car parking income. The capital programme is forecast to spend £8.7m.",
            recommendations=(
                "the forecast position be noted",
                "the Director of Resources report the measures taken to contain the overspend "
                "in quarter 2",
            ),
            reasons="To keep spending within the budget set by the council.",
            alternatives="None: budget monitoring is required by the financial procedure rules.",
        ),
        Business(
            "Homelessness and rough sleeping strategy 2026-2031",
            summary="The strategy's priorities are preventing homelessness earlier, ending the "
            "use of bed and breakfast for families, and a housing-led approach to rough "
            "sleeping. It is part of the policy framework and so is adopted by the council.",
            recommendations=(
                "the homelessness and rough sleeping strategy 2026-2031 be recommended to the "
                "council for adoption",
            ),
            officer="Head of Housing",
            executive=False,
        ),
    ),
    ("cabinet", date(2026, 10, 14)): (
        Business(
            "Disposal of land at the former Station Road depot, Kingsmere",
            summary="The former depot (0.9 hectares) has been empty since the service moved to "
            "Brookhollow in 2024. After marketing by agents the best offer is from Orchard Homes "
            "Ltd for a scheme of 38 homes, 40% of them affordable. The offers received and the "
            "independent valuation are in the exempt appendix.",
            recommendations=(
                "the freehold of the former Station Road depot be sold to Orchard Homes Ltd on "
                "the terms set out in the exempt appendix",
                "the capital receipt be added to the capital programme",
            ),
            financial="The capital receipt is set out in the exempt appendix. Selling the site "
            "saves £38,000 a year in security and business rates.",
            legal="Section 123 of the Local Government Act 1972 requires the council to obtain "
            "the best consideration reasonably obtainable; the independent valuation confirms "
            "that the offer meets that test.",
            officer="Head of Property",
            key_decision=True,
            appendix=(
                "Offers received and independent valuation",
                "<h2>Offers received</h2><table><thead><tr><th scope='col'>Bidder</th>"
                "<th scope='col'>Offer</th><th scope='col'>Conditions</th></tr></thead><tbody>"
                "<tr><td>Orchard Homes Ltd</td><td>£2,150,000</td><td>Subject to planning</td>"
                "</tr><tr><td>Castlegate Developments</td><td>£1,975,000</td><td>Subject to "
                "planning and ground investigation</td></tr><tr><td>Kingsmere Housing "
                "Association</td><td>£1,600,000</td><td>Unconditional</td></tr></tbody></table>"
                "<h2>Valuation</h2><p>The independent valuer puts the market value of the site "
                "with the benefit of planning permission for residential use at £2,050,000.</p>",
                (3,),
                "The appendix contains the offers of named companies and the council's "
                "valuation. Disclosing them before the sale completes could prejudice the "
                "council's position and the bidders' commercial interests. The public interest "
                "in the council obtaining best consideration outweighs the public interest in "
                "disclosure now; the price will be published when the sale completes.",
            ),
            reasons="The offer is the best consideration reasonably obtainable, brings 38 homes "
            "forward on a vacant brownfield site and ends the cost of holding it.",
            alternatives="Keeping the site for council use (no service needs it) and developing "
            "it through the council's housing company (rejected on risk and borrowing cost).",
        ),
        Business(
            "Medium term financial strategy 2027/28 to 2030/31: update",
            summary="After the local government finance policy statement the budget gap for "
            "2027/28 is forecast at £1.2m, rising to £2.9m by 2030/31. The update sets out the "
            "savings programme and the assumption of a 2.99% council tax increase.",
            recommendations=(
                "the updated medium term financial strategy be noted as the basis for the "
                "2027/28 budget",
            ),
            reasons="To plan the 2027/28 budget on the latest funding assumptions.",
            alternatives="None: the strategy is reviewed each autumn under the budget framework.",
            vote=None,
        ),
    ),
    ("cabinet", date(2026, 11, 11)): (
        Business(
            "Budget monitoring: quarter 2 2026/27",
            summary="The forecast overspend has fallen to £96,000 after a freeze on non-essential "
            "spending and the opening of 12 council-leased temporary homes. The capital "
            "programme is forecast to spend £8.1m.",
            recommendations=("the forecast position be noted",),
            reasons="To keep spending within the budget set by the council.",
            alternatives="None: budget monitoring is required by the financial procedure rules.",
            vote=None,
        ),
        Business(
            "Council tax base 2027/28",
            summary="The council tax base for 2027/28 is 42,387.6 band D equivalent homes, 1.4% "
            "more than in 2026/27, after allowing for discounts, exemptions, the council tax "
            "reduction scheme and a collection rate of 98.6%.",
            recommendations=("the council tax base for 2027/28 be 42,387.6",),
            legal="Local Authorities (Calculation of Council Tax Base) (England) Regulations "
            "2012: the tax base must be set between 1 December and 31 January; the council has "
            "delegated the decision to Cabinet.",
            reasons="The tax base is needed to set the council tax for 2027/28.",
            alternatives="None: the calculation is prescribed by the regulations.",
        ),
        Business(
            "Climate action plan: annual progress report",
            summary="The council's own emissions fell 9% in 2025/26, mainly from the solar "
            "car-port at the leisure centre and electric pool vehicles. Of the plan's 36 "
            "actions, 21 are on track, 11 delayed and 4 complete.",
            recommendations=(
                "the progress report be noted",
                "the revised actions for 2027, including the community energy partnership, be "
                "approved",
            ),
            officer="Climate Change Officer",
            declared=Declared(
                2,
                Ori,
                "is an unpaid director of Kingsmere Community Energy, named in the plan as a "
                "partner",
                left_room=True,
            ),
            reasons="To keep the council on course for net zero in its own operations by 2030.",
            alternatives="None considered: the plan is reviewed annually.",
        ),
    ),
    # Still to come: a draft agenda with reports at every stage of clearance.
    ("cabinet", date(2026, 12, 9)): (
        Business(
            "Draft budget 2027/28 and medium term financial strategy 2027/28 to 2030/31",
            summary="The draft budget closes the £1.2m gap for 2027/28 with £780,000 of savings, "
            "£270,000 of new income and £150,000 from the budget equalisation reserve, and "
            "assumes a council tax increase of 2.99%.",
            recommendations=(
                "the draft budget be approved for consultation",
                "the Overview and Scrutiny Committee be invited to comment by 19 January 2027",
            ),
            reasons="The budget framework requires Cabinet's draft budget to be consulted on "
            "before Cabinet recommends the budget to the council in February.",
            alternatives="A council tax increase of 4.99% (rejected: above the referendum "
            "limit for districts) and a freeze (rejected: it would widen the gap by £390,000).",
            stage=AWAITING_SIGN_OFF,
        ),
        Business(
            "Council tax reduction scheme 2027/28",
            summary="Consultation ran from 1 September to 12 October 2026. The scheme keeps "
            "support at up to 85% of the council tax bill for working-age households and adopts "
            "a simpler income-banded scheme.",
            recommendations=(
                "the council be recommended to adopt the income-banded scheme for 2027/28",
            ),
            officer="Head of Revenues and Benefits",
            executive=False,
            stage=READY,
        ),
        Business(
            "Fees and charges 2027/28",
            summary="Discretionary fees and charges rise by an average of 4%; car parking "
            "charges are frozen for a second year and garden waste rises to £52 a bin.",
            recommendations=("the fees and charges for 2027/28 be approved",),
            key_decision=True,
            reasons="The charges recover the cost of discretionary services, as the medium "
            "term financial strategy assumes, while keeping car parking competitive with "
            "neighbouring towns.",
            alternatives="An increase of 6% across the board (rejected: it would cut garden "
            "waste subscriptions) and a freeze (rejected: £410,000 less income).",
            stage=CHANGES_REQUESTED,
        ),
        Business(
            "Kingsmere Local Plan: consultation on preferred options (Regulation 18)",
            summary="The preferred options propose 7,100 homes between 2025 and 2042, a new "
            "employment site at Fenwick Cross and a green belt review around Kingsmere North.",
            recommendations=("the preferred options be approved for consultation",),
            officer="Head of Planning",
            reasons="Consultation on preferred options is required by Regulation 18 of the Town "
            "and Country Planning (Local Planning) (England) Regulations 2012.",
            alternatives="Consulting on a wider set of options (rejected: it would delay the plan "
            "by a year while the five-year land supply shortfall continues).",
            stage=DRAFT,
        ),
    ),
    ("cabinet", date(2027, 1, 13)): (
        Business(
            "Temporary accommodation: purchase of 20 homes",
            summary="The council spent £1.1m on bed and breakfast for homeless families in "
            "2025/26. Buying 20 homes for temporary accommodation, with £1.2m of Local Authority "
            "Housing Fund grant, saves about £310,000 a year.",
            recommendations=(
                "the purchase of up to 20 homes for temporary accommodation be approved within "
                "a budget of £4.6m",
                "£3.4m be added to the capital programme, funded by borrowing",
            ),
            financial="The £3.4m borrowed is repaid from the saving on bed and breakfast.",
            officer="Head of Housing",
            key_decision=True,
            reasons="Owning temporary homes costs less than bed and breakfast and keeps "
            "families in the district.",
            alternatives="Leasing homes from private landlords (more costly over ten years) and "
            "continuing to use bed and breakfast (rejected on cost and on the harm to families).",
            vote=(1, 0),
        ),
        Business(
            "Housing repairs task and finish group: response to the recommendations",
            summary="Cabinet is asked to respond to the eight recommendations the Overview and "
            "Scrutiny Committee endorsed on 14 July 2026. Seven are accepted; the 28-day target "
            "for routine repairs is accepted from April 2027.",
            recommendations=("the response set out in the report be agreed",),
            officer="Head of Housing",
            reasons="The constitution requires Cabinet to respond to scrutiny recommendations "
            "within two months of receiving them.",
            alternatives="None: a response is required.",
            vote=None,
        ),
    ),
    ("cabinet", date(2027, 2, 10)): (
        Business(
            "Budget 2027/28 and medium term financial strategy: recommendation to the council",
            summary="After consultation and the comments of the Overview and Scrutiny Committee "
            "of 19 January 2027, Cabinet is asked to recommend the budget, a council tax "
            "increase of 2.99% and the capital programme to the council on 23 February 2027.",
            recommendations=(
                "the budget and council tax for 2027/28 be recommended to the council",
            ),
            officer="Chief Finance Officer (section 151 officer)",
            executive=False,
        ),
        Business(
            "Car parking strategy and tariffs from April 2027",
            summary="Car park use is back to 96% of its 2019 level. The strategy keeps the first "
            "hour free at Market Square, introduces pay by phone everywhere and raises long-stay "
            "tariffs by 20p.",
            recommendations=(
                "the car parking strategy be adopted",
                "the tariffs set out in the report apply from 1 April 2027",
            ),
            financial="The tariffs raise £185,000 a year, as the medium term financial strategy "
            "assumes.",
            legal="The tariffs are varied by notice under the council's off-street parking "
            "places order (Road Traffic Regulation Act 1984 s35C).",
            officer="Head of Environmental Services",
            key_decision=True,
            reasons="The strategy supports the town centre and covers the cost of the car parks.",
            alternatives="Freezing tariffs (rejected: £185,000 less income) and ending the free "
            "first hour (rejected: town centre businesses rely on it).",
            vote=(2, 0),
        ),
    ),
    ("cabinet", date(2027, 3, 10)): (
        Business(
            "Market Square phase 1: appointment of the design and build contractor",
            summary="The Levelling Up Partnership awarded £4.2m for the first phase. Of five "
            "tenders, Castlegate Construction Ltd scores highest at £4.75m for the new square, "
            "the market canopy and the bus interchange.",
            recommendations=(
                "the design and build contract for Market Square phase 1 be awarded to "
                "Castlegate Construction Ltd for £4.75m",
            ),
            financial="Funded by the £4.2m grant and £550,000 of council capital.",
            officer="Director of Place",
            key_decision=True,
            reasons="The tender is the most economically advantageous and allows work to start "
            "in June 2027, as the grant requires.",
            alternatives="Re-tendering in two lots (rejected: it would miss the grant deadline).",
        ),
        Business(
            "Nature recovery plan for Kingsmere",
            summary="The council asked Cabinet on 21 July 2026 to prepare a nature recovery "
            "plan by March 2027. The plan maps 14 sites for habitat creation, most of them "
            "council land, and sets a target of 10% more tree cover by 2035.",
            recommendations=("the nature recovery plan be approved",),
            officer="Climate Change Officer",
            reasons="The plan responds to the council's motion and the local nature recovery "
            "strategy.",
            alternatives="None: the council asked for the plan.",
            vote=None,
        ),
    ),
    ("cabinet", date(2027, 4, 14)): (
        Business(
            "Award of the grounds maintenance contract",
            summary="The contract for parks, verges and cemeteries ends on 30 September 2027. "
            "Three tenders were received; Greenscape Services Ltd scores highest at £1.06m a "
            "year, with a pesticide-free regime in parks.",
            recommendations=(
                "the grounds maintenance contract be awarded to Greenscape Services Ltd for five "
                "years from 1 October 2027",
            ),
            financial="£1.06m a year, within the budget of £1.12m.",
            officer="Head of Environmental Services",
            key_decision=True,
            reasons="The tender offers the best value and ends the use of glyphosate in parks.",
            alternatives="Bringing the service in house (costed at £1.24m a year).",
        ),
        Business(
            "Council performance report: quarter 3 2026/27",
            summary="Of 18 corporate measures, 13 are on target. Major planning applications "
            "decided in time rose to 78%.",
            recommendations=("the report be noted",),
            reasons="To monitor delivery of the corporate plan.",
            alternatives="None: performance is reported quarterly.",
            vote=None,
        ),
    ),
    # --- Planning Committee ------------------------------------------------------------------
    ("planning-committee", date(2026, 6, 4)): (
        _planning(
            "26/00187/FUL",
            "Land north of Millbrook Lane, Millbrook",
            "Erection of 46 dwellings with access from Millbrook Lane, public open space and a "
            "drainage basin",
            "The site is allocated for about 45 homes in the Local Plan (policy H7). Millbrook "
            "Parish Council objects on highway grounds; the highway authority has no objection "
            "subject to a new footway.",
            s106="30% affordable housing, £312,000 towards primary education and the footway",
            vote=(3, 1),
            declared=Declared(
                3,
                Ori,
                "is a member of Millbrook Parish Council, which objected to the application; "
                "took no part in the parish council's consideration of it",
            ),
        ),
        _planning(
            "26/00231/HOU",
            "14 Abbey Road, Abbey Meads",
            "Two-storey side and single-storey rear extensions",
            "The application is before the committee because the ward councillor asked for it "
            "to be, on grounds of the effect on the neighbour's light. The 45-degree test is met.",
            vote=(0, 2),
        ),
    ),
    ("planning-committee", date(2026, 7, 2)): (
        _planning(
            "26/00298/FUL",
            "Former Fenwick Garage, High Street, Fenwick",
            "Demolition of the garage and erection of 9 flats with a shop on the ground floor",
            "The scheme reuses a vacant brownfield site in the village centre. The conservation "
            "officer supports the revised design.",
            vote=(4, 1),
        ),
        _planning(
            "26/00305/LBC",
            "The Old Corn Exchange, Market Square, Kingsmere",
            "Listed building consent for internal alterations to form a food hall",
            "The Grade II listed building has been empty since 2023. Historic England has no "
            "objection; the cast-iron roof is repaired and the trading floor kept open.",
            motion="That listed building consent be granted as recommended",
        ),
        _planning(
            "26/00344/FUL",
            "Land at Lark Rise Farm, Lark Rise",
            "Ground-mounted solar farm of 18MW with battery storage, for 40 years",
            "The land is grade 3b agricultural land. The landscape officer is satisfied with the "
            "planting proposed; the farm would supply the equivalent of 5,400 homes.",
            vote=(2, 1),
        ),
    ),
    ("planning-committee", date(2026, 7, 30)): (
        _planning(
            "26/00412/FUL",
            "Harbourside Boatyard, Quay Street, Harbourside",
            "Redevelopment to provide 24 dwellings and a marine workshop",
            "Officers consider that the replacement workshop keeps enough marine employment on "
            "the site to meet Local Plan policy EC3.",
            lost=("That planning permission be granted as recommended", 4, 1),
            motion="That planning permission be refused because the loss of marine employment "
            "land conflicts with Local Plan policy EC3 and the four-storey block harms the "
            "Harbourside conservation area",
            vote=(4, 1),
            resolved="That planning permission be refused, contrary to the officer "
            "recommendation, for these reasons: (1) the loss of marine employment land "
            "conflicts with Local Plan policy EC3; and (2) the scale of the four-storey block "
            "would harm the character of the Harbourside conservation area, contrary to policy "
            "HE2.",
        ),
        _planning(
            "26/00433/OUT",
            "Land west of Oakfield Road, Oakfield",
            "Outline application for up to 120 dwellings, with all matters reserved except access",
            "The site lies outside the settlement boundary, but the council cannot show a "
            "five-year supply of housing land, so the presumption in favour of sustainable "
            "development applies.",
            motion="That the application be deferred for a site visit",
            resolved="That the application be deferred to allow members to visit the site.",
            vote=(3, 1),
        ),
    ),
    ("planning-committee", date(2026, 8, 27)): (
        _planning(
            "26/00433/OUT",
            "Land west of Oakfield Road, Oakfield (deferred)",
            "Outline application for up to 120 dwellings, with all matters reserved except access",
            "Deferred on 30 July 2026 for a site visit, held on 12 August. The highway authority "
            "has no objection to the new roundabout on Oakfield Road.",
            s106="35% affordable housing and £640,000 towards education and health",
            vote=(4, 1),
        ),
        _planning(
            "26/00502/FUL",
            "Kingsmere Leisure Centre, Elm Avenue, Kingsmere",
            "Replacement learner pool and a solar car-port",
            "The council is the applicant, so the application is decided by the committee.",
        ),
    ),
    ("planning-committee", date(2026, 9, 24)): (
        _planning(
            "26/00561/FUL",
            "3 The Paddocks, Chalkpit",
            "Change of use of agricultural land to garden and retention of an outbuilding",
            "The outbuilding was built without permission in the open countryside and is "
            "prominent from the public footpath.",
            grant=False,
            vote=(1, 0),
        ),
        _planning(
            "26/00577/REM",
            "Brookhollow Park phase 2, Brookhollow",
            "Reserved matters (appearance, landscaping, layout and scale) for 68 dwellings",
            "Outline permission was granted on appeal in 2024. The layout follows the design "
            "code approved with the outline permission.",
            motion="That the reserved matters be approved as recommended",
            vote=(1, 2),
        ),
        Business(
            "Tree preservation order TPO/2026/04: Castle Hill Woods",
            summary="A provisional order was made on 2 June 2026 to protect 14 oaks and a group "
            "of beech. Two objections were received from the owner of an adjoining garden.",
            recommendations=(
                "tree preservation order TPO/2026/04 be confirmed with the modification that "
                "one dead beech (T9) is removed from the order",
            ),
            officer="Tree Officer",
        ),
    ),
    ("planning-committee", date(2026, 10, 22)): (
        _planning(
            "26/00634/FUL",
            "Unit 4, Riverside Industrial Estate, Riverside",
            "Change of use to an indoor trampoline park",
            "The unit has been marketed for industrial use for 18 months without interest. "
            "Parking is adequate at the times the park would be busiest.",
            vote=(2, 0),
        ),
        _planning(
            "26/00659/FUL",
            "Land next to St Anne's Church Hall, Church Lane, St Anne's",
            "Erection of 6 almshouse flats for the St Anne's Almshouse Charity",
            "The scheme meets a local need for affordable homes for older people. The "
            "conservation officer supports the use of brick and clay tile.",
            declared=Declared(
                1,
                Ori,
                "is a trustee of the St Anne's Almshouse Charity, the applicant",
                left_room=True,
            ),
        ),
    ),
    ("planning-committee", date(2026, 11, 19)): (
        _planning(
            "26/00702/FUL",
            "Westerleigh Garden Centre, Bath Road, Westerleigh",
            "Erection of a drive-through coffee shop",
            "The highway authority objects: queueing traffic would back up onto the A4301.",
            grant=False,
            vote=(5, 1),
        ),
        _planning(
            "26/00718/FUL",
            "22-24 Castle Street, Kingsmere",
            "Change of use of the upper floors to a house in multiple occupation for 9 people",
            "The concentration of houses in multiple occupation within 100 metres stays below "
            "the 10% threshold in the supplementary planning document.",
            vote=(3, 2),
        ),
        Business(
            "Planning appeals decided July to October 2026",
            summary="Seven appeals were decided: five dismissed and two allowed. No costs were "
            "awarded against the council.",
            recommendations=("the report be noted",),
            vote=None,
        ),
    ),
    ("planning-committee", date(2026, 12, 17)): (
        _planning(
            "26/00761/FUL",
            "Kingsmere Rugby Club, Priory Lane, Abbey Meads",
            "Floodlights to the second pitch",
            "The lights are switched off by 21:30 and shielded from the houses in Priory Lane.",
            vote=(2, 1),
        ),
        _planning(
            "26/00788/FUL",
            "Land at Chalkpit Lane, Chalkpit",
            "Erection of 4 self-build plots",
            "The site is outside the settlement boundary and in the area of outstanding natural "
            "beauty.",
            grant=False,
            vote=(1, 0),
        ),
    ),
    ("planning-committee", date(2027, 1, 14)): (
        _planning(
            "26/00812/OUT",
            "Land east of Fenwick Cross, Fenwick",
            "Outline application for employment buildings of up to 24,000 square metres",
            "The site is a preferred option in the emerging Local Plan. The highway authority "
            "asks for a new junction on the A4301, secured by condition.",
            s106="a travel plan and £180,000 towards bus services",
            vote=(3, 2),
        ),
        _planning(
            "26/00840/HOU",
            "Mill House, Mill Lane, Millbrook",
            "Replacement windows and a rear dormer",
            "The applicant is a member of the council's staff, so the application is decided "
            "by the committee.",
        ),
    ),
    ("planning-committee", date(2027, 2, 11)): (
        _planning(
            "26/00866/FUL",
            "Former police station, Castle Street, Kingsmere",
            "Conversion to 14 flats",
            "Permitted development rights do not apply because the building is in the "
            "conservation area. The scheme keeps the facade and the blue lamp.",
            vote=(1, 1),
        ),
        _planning(
            "26/00871/FUL",
            "Oakfield Farm, Oakfield Road, Oakfield",
            "Agricultural building for 2,000 free-range hens",
            "Environmental health is satisfied with the manure management plan.",
            vote=(3, 0),
        ),
    ),
    ("planning-committee", date(2027, 3, 11)): (
        _planning(
            "27/00023/FUL",
            "Kingsmere railway station car park, Station Road",
            "Multi-storey car park of 420 spaces with electric vehicle charging",
            "Network Rail is the applicant. The building is one storey lower than first proposed.",
            vote=(4, 2),
        ),
        _planning(
            "27/00041/FUL",
            "21 Harbour View, Harbourside",
            "Balcony to the first floor",
            "The balcony would overlook the garden of 23 Harbour View at close range.",
            grant=False,
            vote=(2, 1),
        ),
    ),
    ("planning-committee", date(2027, 4, 8)): (
        _planning(
            "27/00077/REM",
            "Land west of Oakfield Road, Oakfield",
            "Reserved matters for 120 dwellings",
            "The layout follows the outline permission of 27 August 2026, with the play area "
            "moved away from the main road.",
            vote=(3, 1),
        ),
        _planning(
            "27/00090/FUL",
            "St Anne's Primary School, Church Lane, St Anne's",
            "Two-classroom extension",
            "Kingsmere County Council, the education authority, is the applicant.",
        ),
    ),
    # --- Licensing Committee -----------------------------------------------------------------
    ("licensing-committee", date(2026, 6, 22)): (
        Business(
            "Review of premises licence: The Anchor, Quay Street, Harbourside",
            summary="Kingsmere Police applied for a review under section 51 of the Licensing Act "
            "2003 after four assaults at or outside the premises between January and April 2026. "
            "The premises licence holder has proposed new conditions.",
            recommendations=(
                "the committee determine the review by taking one or more of the steps in "
                "section 52(4) of the Licensing Act 2003 that it considers appropriate for the "
                "promotion of the licensing objectives",
            ),
            motion="That the conditions of the licence be modified and the designated premises "
            "supervisor be removed",
            resolved="That the premises licence be modified by (1) ending the sale of alcohol at "
            "23:30 on Fridays and Saturdays; (2) requiring two licensed door supervisors from "
            "21:00 on those days; and (3) requiring CCTV covering the entrance, kept for 31 days; "
            "and that the designated premises supervisor be removed.",
            vote=(2, 1),
            declared=Declared(
                4,
                Nri,
                "knows the premises licence holder personally",
                left_room=True,
            ),
        ),
        Business(
            "Hackney carriage and private hire licensing policy 2026",
            summary="The revised policy adopts the Department for Transport's statutory taxi and "
            "private hire vehicle standards in full, including safeguarding training and basic "
            "disclosure checks every six months.",
            recommendations=("the hackney carriage and private hire licensing policy be approved",),
            legal="Section 177 of the Policing and Crime Act 2017: the council must have regard "
            "to the statutory standards.",
        ),
    ),
    ("licensing-committee", date(2026, 9, 21)): (
        Business(
            "Gambling Act 2005: draft statement of principles 2027-2030",
            summary="The council must publish a statement of the principles it applies to its "
            "gambling functions every three years. The draft adds a local area profile of the "
            "places where vulnerable people gather.",
            recommendations=(
                "the draft statement of principles be approved for consultation from 1 October "
                "to 30 November 2026",
            ),
            legal="Section 349 of the Gambling Act 2005; the final statement is adopted by the "
            "council.",
        ),
        Business(
            "Licensing fees and charges 2027/28",
            summary="Fees set locally rise by 3.5% to recover the cost of the service. Fees for "
            "premises licences are set nationally and do not change.",
            recommendations=("the licensing fees and charges for 2027/28 be approved",),
        ),
    ),
    ("licensing-committee", date(2026, 12, 14)): (
        Business(
            "Statement of licensing policy 2027-2032",
            summary="The council must review its statement of licensing policy every five "
            "years. The draft adds a cumulative impact assessment for Quay Street.",
            recommendations=(
                "the draft statement of licensing policy be approved for consultation",
            ),
            legal="Section 5 of the Licensing Act 2003.",
        ),
        Business(
            "Licensing enforcement: half-year report",
            summary="Officers made 146 inspections and issued four warnings; one review was "
            "applied for.",
            recommendations=("the report be noted",),
            vote=None,
        ),
    ),
    ("licensing-committee", date(2027, 3, 15)): (
        Business(
            "Statement of licensing policy 2027-2032: consultation outcome",
            summary="Twenty-two responses were received; the police and residents support the "
            "cumulative impact assessment.",
            recommendations=(
                "the statement of licensing policy be recommended to the council for adoption",
            ),
            legal="Section 5 of the Licensing Act 2003.",
        ),
        Business(
            "Street trading policy",
            summary="The policy designates Market Square and Station Road as consent streets "
            "and sets fees for 2027/28.",
            recommendations=("the street trading policy be approved",),
            legal="Local Government (Miscellaneous Provisions) Act 1982 Schedule 4.",
            vote=(2, 0),
        ),
    ),
    # --- Overview and Scrutiny Committee ------------------------------------------------------
    ("overview-and-scrutiny-committee", date(2026, 6, 16)): (
        Business(
            "Overview and scrutiny work programme 2026/27",
            summary="Members proposed 14 topics; the chair and vice-chair recommend a programme "
            "of eight, with a task and finish review of temporary accommodation.",
            recommendations=(
                "the work programme for 2026/27 be approved",
                "a task and finish group on temporary accommodation be set up",
            ),
        ),
        Business(
            "Annual scrutiny report 2025/26",
            summary="The report records the committee's work in 2025/26 for the council.",
            recommendations=("the annual report be approved and referred to the council",),
        ),
    ),
    ("overview-and-scrutiny-committee", date(2026, 7, 14)): (
        Business(
            "Council performance report: quarter 4 2025/26",
            summary="Of 18 corporate measures, 12 met their targets. Processing of housing "
            "benefit changes and major planning applications missed theirs.",
            recommendations=("the report be noted",),
            vote=None,
        ),
        Business(
            "Housing repairs task and finish group: final report",
            summary="The group recommends a single repairs line, text updates to tenants and a "
            "target of 28 days for routine repairs.",
            recommendations=(
                "the group's eight recommendations be endorsed and referred to Cabinet",
            ),
        ),
    ),
    ("overview-and-scrutiny-committee", date(2026, 9, 29)): (
        Business(
            "Performance and budget monitoring: quarter 1 2026/27",
            summary="The committee is asked to review the quarter 1 performance measures and the "
            "forecast overspend of £174,000 reported to Cabinet on 9 September 2026.",
            recommendations=(
                "the report be noted and the Cabinet Member for Housing be invited to the next "
                "meeting to explain the temporary accommodation overspend",
            ),
        ),
    ),
    ("overview-and-scrutiny-committee", date(2026, 11, 17)): (
        Business(
            "Crime and disorder scrutiny: Kingsmere Community Safety Partnership",
            summary="The committee is the council's crime and disorder committee under section "
            "19 of the Police and Justice Act 2006. Recorded antisocial behaviour fell 7% in "
            "2025/26; shop theft rose 18%.",
            recommendations=(
                "the partnership's annual report be noted",
                "the partnership be asked to report on shop theft in the town centre in 2027",
            ),
        ),
        Business(
            "Leisure services contract: annual review",
            summary="Kingsmere Leisure Trust recorded 612,000 visits in 2025/26, 6% more than the "
            "year before, and met 9 of its 11 performance standards.",
            recommendations=("the review be noted",),
            vote=None,
        ),
    ),
    ("overview-and-scrutiny-committee", date(2027, 1, 19)): (
        Business(
            "Draft budget 2027/28: comments to Cabinet",
            summary="Cabinet invited the committee to comment on the draft budget. The budget "
            "working group held three sessions with the Cabinet Member for Finance.",
            recommendations=("the committee's comments on the draft budget be sent to Cabinet",),
            officer="Chief Finance Officer (section 151 officer)",
        ),
        Business(
            "Temporary accommodation task and finish group: progress",
            summary="The group has visited two bed and breakfast hotels and heard from families "
            "placed in them. It will report in March 2027.",
            recommendations=("the progress report be noted",),
            vote=None,
        ),
    ),
    ("overview-and-scrutiny-committee", date(2027, 3, 16)): (
        Business(
            "Food waste collections from flats",
            summary="As asked by the committee on 29 September 2026: shared food waste bins "
            "will serve 1,840 flats and houses in multiple occupation from April 2027.",
            recommendations=("the report be noted",),
            officer="Head of Environmental Services",
            vote=None,
        ),
        Business(
            "Temporary accommodation task and finish group: final report",
            summary="The group recommends a target of no family in bed and breakfast for more "
            "than six weeks, as the law requires, and more homes owned by the council.",
            recommendations=("the group's recommendations be referred to Cabinet",),
        ),
    ),
    # --- Audit and Governance Committee --------------------------------------------------------
    ("audit-and-governance-committee", date(2026, 7, 23)): (
        Business(
            "Draft statement of accounts 2025/26",
            summary="The draft accounts were published on 30 June 2026, meeting the statutory "
            "deadline. Usable reserves are £18.4m. The external auditor's work begins in "
            "September.",
            recommendations=("the draft statement of accounts for 2025/26 be noted",),
            legal="Accounts and Audit Regulations 2015 reg 15: the draft accounts must be "
            "published by 30 June.",
            vote=None,
        ),
        Business(
            "Annual internal audit report and opinion 2025/26",
            summary="The Head of Internal Audit gives a reasonable assurance opinion on the "
            "council's governance, risk management and control. Two limited assurance reports "
            "were issued, on procurement cards and on the housing register.",
            recommendations=("the annual report and opinion be noted",),
            officer="Head of Internal Audit",
            vote=None,
        ),
        Business(
            "Annual governance statement 2025/26",
            summary="The statement reviews the effectiveness of the council's governance "
            "arrangements and identifies two significant issues: the budget gap and the "
            "recruitment of planning officers.",
            recommendations=("the annual governance statement be approved",),
            legal="Accounts and Audit Regulations 2015 reg 6.",
        ),
    ),
    ("audit-and-governance-committee", date(2026, 9, 24)): (
        Business(
            "Treasury management annual report 2025/26",
            summary="The council's investments averaged £28.6m and earned 4.7%. External "
            "borrowing stayed at £14m and no prudential indicator was breached.",
            recommendations=(
                "the treasury management annual report be noted and referred to the council",
            ),
            legal="The CIPFA Treasury Management Code requires an annual report to the council "
            "after the year end.",
        ),
        Business(
            "Internal audit progress report: quarter 1 2026/27",
            summary="Eight of the 32 planned audits are complete. Five of the seven agreed "
            "actions on procurement cards have been put in place.",
            recommendations=("the progress report be noted",),
            officer="Head of Internal Audit",
            vote=None,
        ),
        Business(
            "Counter-fraud and corruption annual report",
            summary="The council detected £212,000 of fraud and error in 2025/26, mostly single "
            "person discounts and tenancy fraud. Two right to buy applications were stopped.",
            recommendations=("the annual report be noted",),
            vote=None,
        ),
    ),
    # Still to come, its agenda already published.
    ("audit-and-governance-committee", date(2026, 11, 26)): (
        Business(
            "Treasury management mid-year review 2026/27",
            summary="Investments averaged £31.2m in the first half of the year and earned 4.4%. "
            "The council stayed within all of its prudential indicators.",
            recommendations=("the mid-year review be noted and referred to the council",),
        ),
        Business(
            "Internal audit progress report: quarter 2 2026/27",
            summary="Seventeen of the 32 planned audits are complete or in progress. One "
            "limited assurance report was issued, on the management of council-owned garages.",
            recommendations=("the progress report be noted",),
            officer="Head of Internal Audit",
        ),
        Business(
            "Strategic risk register: quarterly review",
            summary="Two risks have risen: the supply of temporary accommodation and the cyber "
            "security of the council's systems.",
            recommendations=("the strategic risk register be noted",),
            officer="Chief Executive",
        ),
    ),
    ("audit-and-governance-committee", date(2027, 3, 25)): (
        Business(
            "External audit plan 2026/27",
            summary="The external auditor's plan identifies two significant risks: the "
            "valuation of land and buildings and management override of controls.",
            recommendations=("the external audit plan be noted",),
            officer="Chief Finance Officer (section 151 officer)",
            vote=None,
        ),
        Business(
            "Internal audit plan 2027/28",
            summary="The plan has 30 audits, with a new review of cyber security.",
            recommendations=("the internal audit plan for 2027/28 be approved",),
            officer="Head of Internal Audit",
        ),
    ),
    # --- Standards Committee -------------------------------------------------------------------
    ("standards-committee", date(2026, 7, 15)): (
        Business(
            "Code of conduct complaints: annual report 2025/26",
            summary="Eighteen complaints were received in 2025/26 (14 about parish councillors). "
            "Eleven needed no further action, five were resolved informally and two were "
            "investigated.",
            recommendations=("the annual report be noted",),
            vote=None,
        ),
        Business(
            "Review of the members' code of conduct",
            summary="The review compares the council's code with the Local Government "
            "Association's model code as updated in 2025 and proposes clearer rules on social "
            "media and on bullying.",
            recommendations=(
                "the revised code of conduct be recommended to the council for adoption",
            ),
            legal="Localism Act 2011 s27-28: the code must be consistent with the seven "
            "principles of public life.",
        ),
    ),
    ("standards-committee", date(2026, 11, 4)): (
        Business(
            "Code of conduct complaint SC/2026/03",
            description="To determine, after investigation, a complaint that a member has failed "
            "to comply with the code of conduct.",
            summary="The investigating officer found that the subject member's remarks to a "
            "resident at the Ashby Green ward surgery on 12 May 2026 were disrespectful and "
            "breached paragraph 1.1 of the code. The independent person agrees with the finding.",
            recommendations=(
                "the committee find that the subject member failed to comply with paragraph 1.1 "
                "of the code of conduct",
                "the subject member be asked to apologise in writing and to attend training on "
                "the code within three months",
            ),
            legal="Localism Act 2011 s28(6)-(7): the views of the independent person have been "
            "sought and taken into account.",
            exempt=(1, 2),
            public_interest="The report contains information about a named councillor and the "
            "resident who complained, and would identify them. The complainant gave evidence "
            "in confidence. The public interest in maintaining the exemption outweighs the "
            "public interest in disclosure; a summary of the decision will be published.",
        ),
        Business(
            "Register of members' interests: annual review",
            summary="All 48 councillors have updated their register entries. Gifts and "
            "hospitality declared fell from 31 to 22.",
            recommendations=("the review be noted",),
            vote=None,
        ),
    ),
    ("standards-committee", date(2027, 3, 3)): (
        Business(
            "Code of conduct complaints: half-year report",
            summary="Nine complaints were received from April to September 2026, seven about "
            "parish councillors; none needed investigation.",
            recommendations=("the report be noted",),
            vote=None,
        ),
        Business(
            "Dispensations granted under section 33 of the Localism Act 2011",
            summary="The Monitoring Officer granted four dispensations, three to allow members "
            "who are parish councillors to speak on their parish's planning applications.",
            recommendations=("the dispensations be noted",),
            vote=None,
        ),
    ),
}


@dataclass(frozen=True)
class CallInPlan:
    decision_title: str
    grounds: str
    motion: str
    resolution: str
    outcome: str
    notes: str
    vote: tuple[int, int]


CALL_IN = CallInPlan(
    decision_title="Award of the waste collection and street cleansing contract",
    grounds="The report does not show how weekly food waste collections will reach flats and "
    "houses in multiple occupation, and an eight-year term with an option of eight more years "
    "commits the council for up to 16 years without the scrutiny of the specification that the "
    "committee asked for in January 2026.",
    motion="That no further action be taken on the call-in",
    resolution="That no further action be taken on the call-in, so that the decision may be "
    "implemented; and that the Cabinet Member for Environment report to the committee in March "
    "2027 on food waste collections from flats.",
    outcome=CallIn.Outcome.NO_FURTHER_ACTION,
    notes="The committee was satisfied with the Cabinet Member's explanation of the collection "
    "arrangements for flats and asked for a report in March 2027.",
    vote=(4, 1),
)


# --- Moving the template to another year -----------------------------------------------------------

TEMPLATE_ANNUAL_MEETING = ANNUAL_MEETING
# Every date of the template cycle, so that a meeting named in the text moves with the meeting.
TEMPLATE_DATES = frozenset(day for cycle in CYCLES for day in cycle.dates)
MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
# A date written out ("9 September 2026"), a municipal or financial year ("2026/27"), a planning
# application reference ("26/00187/FUL") or a year (2024 onwards; not the year of an Act or of
# Regulations, which name the law).
_YEARS = re.compile(
    rf"(?P<date>\b(?P<day>\d{{1,2}}) (?P<month>{'|'.join(MONTHS)}) (?P<dyear>20\d\d)\b)"
    r"|(?P<span>\b(?P<first>20\d\d)(?P<sep>[/-])(?P<second>\d\d)\b)"
    r"|(?P<ref>\b(?P<short>2\d)(?P<serial>/\d{5}/))"
    r"|(?<!Act )(?<!Regulations )\b(?P<year>202[4-9]|20[34]\d)\b"
)


@dataclass(frozen=True)
class DemoYear:
    """A municipal year of the demo: the template (2026/27) moved on by whole weeks, as near to
    whole years as whole weeks come, so that each meeting keeps its weekday."""

    start: int  # 2027 for 2027/28

    @classmethod
    def around(cls, day: date) -> DemoYear:
        """The municipal year that ``day`` falls in: from its annual meeting to the next."""
        year = cls(day.year)
        if day < year.annual_meeting:
            year = cls(day.year - 1)
        if year.start < MUNICIPAL_YEAR:
            raise ValueError(
                f"The demo council's first municipal year begins on "
                f"{TEMPLATE_ANNUAL_MEETING:%-d %B %Y}: load it on that day or later."
            )
        return year

    @property
    def years(self) -> int:
        return self.start - MUNICIPAL_YEAR

    @property
    def shift(self) -> timedelta:
        moved = TEMPLATE_ANNUAL_MEETING.replace(year=self.start) - TEMPLATE_ANNUAL_MEETING
        return timedelta(weeks=round(moved.days / 7))

    @property
    def annual_meeting(self) -> date:
        return self.on(TEMPLATE_ANNUAL_MEETING)

    def on(self, template: date) -> date:
        """The day of this year that stands for ``template`` (a day of 2026/27)."""
        return template + self.shift

    def template(self, day: date) -> date:
        return day - self.shift

    def text(self, text: str) -> str:
        """``text`` (written for 2026/27) as it reads in this year."""
        if not self.years or not text:
            return text
        return _YEARS.sub(self._moved, text)

    def _moved(self, match: re.Match) -> str:
        n = self.years
        if match["date"]:
            written = date(int(match["dyear"]), MONTHS.index(match["month"]) + 1, int(match["day"]))
            # A meeting moves to the day it moved to; any other day by whole years.
            moved = self.on(written) if written in TEMPLATE_DATES else _add_years(written, n)
            return f"{moved.day} {MONTHS[moved.month - 1]} {moved.year}"
        if match["span"]:
            first, second = int(match["first"]), int(match["second"])
            if second != (first + 1) % 100:  # a reference such as TPO/2026/04
                return f"{first + n}{match['sep']}{match['second']}"
            return f"{first + n}{match['sep']}{(second + n) % 100:02d}"
        if match["ref"]:
            return f"{(int(match['short']) + n) % 100:02d}{match['serial']}"
        return str(int(match["year"]) + n)

    def business(self, template: date, slug: str) -> tuple[Business, ...]:
        """The business of the committee's meeting that stands for ``template`` in this year."""
        return _business(self.start, slug, template)


def _add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _moved_value(year: DemoYear, value):
    if isinstance(value, str):
        return year.text(value)
    if isinstance(value, tuple):
        return tuple(_moved_value(year, v) for v in value)
    if isinstance(value, Declared):
        return replace(value, nature=year.text(value.nature))
    return value


@cache
def _business(start: int, slug: str, template: date) -> tuple[Business, ...]:
    year = DemoYear(start)
    return tuple(
        replace(
            spec,
            **{f.name: _moved_value(year, getattr(spec, f.name)) for f in fields(Business)},
        )
        for spec in AGENDAS.get((slug, template), ())
    )


# --- Playing the year through ---------------------------------------------------------------------


@dataclass
class Context:
    by: object
    author: User | None
    signatory: User
    names: dict[str, str]
    calendar: object
    today: date  # the day the demo stands on: meetings before it have been held
    # The last working day before ``today``: draft minutes are published by then at the latest.
    last_working_day: date


def load_municipal_year(*, today: date | None = None, by=None) -> list[Meeting]:
    """Schedule the cycle of every demo committee for the municipal year around ``today`` (the
    day of loading by default), and next year's once its calendar has been approved, and play
    them through to ``today``; a year scheduled by an earlier load is played on too. Returns the
    meetings played, in date order."""
    if settings.PRODUCTION:
        raise RuntimeError("The demo council is never loaded in production.")
    today = today or timezone.localdate()
    current = DemoYear.around(today)
    committees = {
        c.slug: c for c in Committee.objects.filter(slug__in=[slugify(c.committee) for c in CYCLES])
    }
    rooms = _venue(by)
    scheduled = set(
        MeetingSeries.objects.filter(
            committee__in=committees.values(),
            municipal_year__gte=MUNICIPAL_YEAR,
            municipal_year__lt=current.start,
        ).values_list("municipal_year", flat=True)
    )
    years = [DemoYear(start) for start in sorted(scheduled)] + [current]
    if today > current.on(CALENDAR_APPROVED):
        years.append(DemoYear(current.start + 1))
    for year in years:
        _schedule(committees, rooms, year, by)
    calendar = meeting_calendar()
    last_working_day = today - timedelta(days=1)
    while not calendar.is_working_day(last_working_day):
        last_working_day -= timedelta(days=1)
    context = Context(
        by=by,
        author=User.objects.filter(username=AUTHOR_ACCOUNT).first(),
        signatory=_signatory(),
        names=_council_names(committees.get("council")),
        calendar=calendar,
        today=today,
        last_working_day=last_working_day,
    )
    meetings = []
    for year in years:
        for cycle in CYCLES:
            committee = committees.get(slugify(cycle.committee))
            if committee is None:
                continue
            starts = [_starts_at(cycle, year.on(day)) for day in cycle.dates]
            meetings += Meeting.all_objects.filter(committee=committee, starts_at__in=starts)
    meetings.sort(key=lambda m: (m.starts_at, m.pk))
    for meeting in meetings:
        _play(meeting, context)
    # What the daily task would have done by today: decisions whose call-in period has ended
    # become implementable.
    make_implementable(today=today, by=by)
    return meetings


def _starts_at(cycle: Cycle, day: date) -> datetime:
    return datetime.combine(day, cycle.starts, tzinfo=LONDON)


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=LONDON)


def _venue(by) -> dict[str, Room]:
    venue = Venue.objects.filter(name=VENUE).first() or create_audited(
        Venue(name=VENUE, address=VENUE_ADDRESS, accessibility=VENUE_ACCESS),
        "democracy.venue.create",
        by=by,
        fields=["name", "address", "accessibility"],
    )
    rooms = {}
    for name, capacity in ROOMS:
        rooms[name] = Room.objects.filter(venue=venue, name=name).first() or create_audited(
            Room(venue=venue, name=name, capacity=capacity),
            "democracy.room.create",
            by=by,
            fields=["venue", "name", "capacity"],
        )
    return rooms


def _schedule(committees: dict[str, Committee], rooms: dict[str, Room], year: DemoYear, by) -> None:
    """Each committee's cycle for ``year``, once: a committee that already has a series for the
    year keeps it as it is (moved or cancelled meetings included). A date whose room was taken
    meanwhile is left out rather than refused."""
    for cycle in CYCLES:
        committee = committees.get(slugify(cycle.committee))
        if committee is None or committee.series.filter(municipal_year=year.start).exists():
            continue
        room = rooms[cycle.room]
        plans = []
        for day in cycle.dates:
            starts_at = _starts_at(cycle, year.on(day))
            ends_at = starts_at + timedelta(minutes=cycle.minutes)
            taken = venues.clashes(room, starts_at, ends_at).exists()
            if not taken and not committee.meetings.filter(starts_at=starts_at).exists():
                plans.append(PlannedMeeting(starts_at=starts_at, ends_at=ends_at))
        if plans:
            series_create(
                committee=committee,
                municipal_year=year.start,
                meetings=plans,
                room=room,
                by=by,
            )


def _signatory() -> User:
    return User.objects.filter(username=SIGN_OFF_ACCOUNT).first() or user_create(
        username=SIGN_OFF_ACCOUNT,
        first_name="",
        last_name="",
        email="",
        roles=[],
        password=None,  # unusable: nobody signs in as it
        by=None,
    )


def _council_names(council: Committee | None) -> dict[str, str]:
    names = {"chair": "the Chair", "vice_chair": "the Vice-Chair"}
    if council is None:
        return names
    for seat in council.memberships.filter(in_force_on(ANNUAL_MEETING)).select_related(
        "councillor"
    ):
        if seat.role == CommitteeMembership.Role.CHAIR:
            names["chair"] = seat.councillor.full_name
        elif seat.role == CommitteeMembership.Role.VICE_CHAIR:
            names["vice_chair"] = seat.councillor.full_name
    return names


def _play(meeting: Meeting, context: Context) -> None:
    """Take one meeting as far as it had got by ``context.today``, from wherever it is now."""
    if meeting.status in (Meeting.Status.CANCELLED, Meeting.Status.POSTPONED):
        return
    today = context.today
    year = DemoYear.around(meeting.date)
    business = year.business(year.template(meeting.date), meeting.committee.slug)
    deadline = deadline_for(meeting)
    latest = deadline.latest_publication
    held = meeting.date < today
    if business:
        _forward_plan(meeting, business, context)
    if meeting.status == Meeting.Status.SCHEDULED and not meeting.is_published:
        drafting = meeting.date <= today + DRAFTING_HORIZON
        if business and drafting and not _seeded(meeting):
            _seed(meeting, business, context, final=latest <= today)
        if latest <= today:
            # Reports still in clearance from an earlier load are cleared before the deadline.
            for report in Report.all_objects.filter(item__meeting=meeting).exclude(
                status__in=[Report.Status.READY, Report.Status.WITHDRAWN]
            ):
                _clear(report, context, at=_at(latest, 8))
            # On the latest lawful date: never late, so no reasons of urgency are needed.
            # Publishing asks for the packs (meetings.services.packs.request_build): a PackBuild
            # row now and a build queued when the load commits, for the worker; nothing is
            # rendered here.
            meeting = agenda_publish(meeting=meeting, by=context.by, now=_at(latest, 9))
    if held and meeting.status == Meeting.Status.AGENDA_PUBLISHED:
        if not meeting.attendances.exists():
            _proceedings(meeting, business, context)
        meeting = meeting_mark_held(meeting=meeting, by=context.by, now=meeting.ends_at)
    if held and meeting.status == Meeting.Status.HELD:
        _minutes(meeting, context)
        if meeting.committee.kind == Committee.Kind.EXECUTIVE:
            _decisions(meeting, business, context)
            plan = _call_in_plan(year.start)
            decision = Decision.all_objects.filter(
                meeting=meeting, title=plan.decision_title, published_on__isnull=False
            ).first()
            if decision is not None:
                _call_in(decision, plan, context)


def _seeded(meeting: Meeting) -> bool:
    """The agenda has business of its own (a call-in put on it does not count)."""
    return meeting.items.filter(kind=AgendaItem.Kind.BUSINESS, call_in__isnull=True).exists()


def _seed(meeting: Meeting, business: tuple[Business, ...], context: Context, *, final: bool):
    """The agenda's business and its reports, drafted by the report deadline (or today, if that
    is still to come) and cleared as far as each report's stage."""
    deadline = deadline_for(meeting)
    at = _at(min(deadline.report_deadline, context.today), 9)
    for spec in business:
        item = meeting.items.filter(title=spec.title).first()
        if item is None:
            entry = _notice(meeting, spec) if spec.key_decision else None
            item = item_add(
                meeting=meeting,
                title=spec.title,
                description=spec.description or _description(meeting, spec),
                is_key_decision=spec.key_decision,
                exempt_paragraphs=spec.exempt,
                public_interest_statement=spec.public_interest,
                by=context.by,
            )
            if entry is not None and entry.agenda_item_id is None:
                entry_link_item(entry=entry, agenda_item=item, by=context.by)
        if spec.summary and not Report.all_objects.filter(item=item).exists():
            _report(item, spec, context, stage=READY if final else spec.stage, at=at)


def _officer(meeting: Meeting, spec: Business) -> str:
    return spec.officer or OFFICERS.get(meeting.committee.slug, "Chief Executive")


def _description(meeting: Meeting, spec: Business) -> str:
    if not spec.summary:
        return ""
    return f"To consider the report of the {_officer(meeting, spec)}."


def _body(meeting: Meeting, spec: Business) -> str:
    slug = meeting.committee.slug
    recommendations = "".join(f"<li>That {r}.</li>" for r in spec.recommendations)
    return (
        f"<h2>Summary</h2><p>{spec.summary}</p>"
        f"<h2>Recommendations</h2><ol>{recommendations}</ol>"
        f"<h2>Financial implications</h2><p>{spec.financial or FINANCIAL.get(slug, DEFAULT_FINANCIAL)}</p>"
        f"<h2>Legal implications</h2><p>{spec.legal or LEGAL.get(slug, DEFAULT_LEGAL)}</p>"
        f"<p>Report author: {_officer(meeting, spec)}</p>"
    )


def _report(
    item: AgendaItem, spec: Business, context: Context, *, stage: str, at: datetime
) -> Report:
    """Write the report and take it through clearance as far as ``stage``: submitted ``at``,
    the sign-offs in the minutes after."""
    by = context.by
    report = report_create(item=item, title=spec.title, author=context.author, by=by)
    if spec.exempt:
        report = restriction_set(
            target=report,
            exempt_paragraphs=spec.exempt,
            public_interest_statement=spec.public_interest,
            confidential=False,
            by=by,
        )
    report = report_update(
        report=report, title=spec.title, body_html=_body(item.meeting, spec), by=by
    )
    if spec.appendix:
        title, html, paragraphs, statement = spec.appendix
        appendix_add(
            report=report,
            title=title,
            body_html=html,
            exempt_paragraphs=paragraphs,
            public_interest_statement=statement,
            by=by,
        )
    if stage == DRAFT:
        return report
    report = report_submit(report=report, by=by, now=at)
    roles = sign_off_chain()
    approving = {
        READY: roles,
        AWAITING_SIGN_OFF: roles[:1] if len(roles) > 1 else [],
        CHANGES_REQUESTED: roles[:-1],
    }[stage]
    for n, role in enumerate(approving, 1):
        sign_off_record(
            report=report,
            role=role,
            decision=SignOff.Decision.APPROVED,
            by=context.signatory,
            now=at + timedelta(minutes=10 * n),
        )
    if stage == CHANGES_REQUESTED and roles:
        sign_off_record(
            report=report,
            role=roles[-1],
            decision=SignOff.Decision.CHANGES_REQUESTED,
            comments="Please show the effect of each increase on the income budget and add "
            "the equality impact assessment for the garden waste charge.",
            by=context.signatory,
            now=at + timedelta(minutes=10 * len(roles)),
        )
    return report


def _clear(report: Report, context: Context, *, at: datetime) -> None:
    """Finish the clearance of a report left part-way by an earlier load, ``at`` (before its
    agenda is published): resubmitted if changes were asked for, then every sign-off still
    outstanding."""
    report.refresh_from_db()
    if report.status in (Report.Status.DRAFT, Report.Status.CHANGES_REQUESTED):
        report = report_submit(report=report, by=context.by, now=at)
    for n, role in enumerate(sign_offs_outstanding(report), 1):
        sign_off_record(
            report=report,
            role=role,
            decision=SignOff.Decision.APPROVED,
            by=context.signatory,
            now=at + timedelta(minutes=n),
        )


def _notice_day(meeting: Meeting, context: Context) -> date:
    """The day the key decision's notice was published: with the monthly forward plan, on the
    last working day of the month ``NOTICE_MONTHS_AHEAD`` months before the decision's."""
    month = meeting.date.month - NOTICE_MONTHS_AHEAD
    first = date(meeting.date.year + (month - 1) // 12, (month - 1) % 12 + 1, 1)
    day = (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)
    while not context.calendar.is_working_day(day):
        day -= timedelta(days=1)
    return day


def _notice(meeting: Meeting, spec: Business) -> ForwardPlanEntry | None:
    return (
        ForwardPlanEntry.all_objects.filter(
            title=spec.title, decision_maker_committee=meeting.committee
        )
        .filter(expected_decision_date=meeting.date)
        .first()
    )


def _forward_plan(meeting: Meeting, business: tuple[Business, ...], context: Context) -> None:
    """Notice in the forward plan of each key decision to be taken at the meeting, once the
    edition that first gives it has been published (by today)."""
    published = _notice_day(meeting, context)
    if published > context.today:
        return
    for spec in business:
        if not spec.key_decision:
            continue
        entry = _notice(meeting, spec) or entry_create(
            title=spec.title,
            expected_decision_date=meeting.date,
            contact=spec.contact or _contact(meeting, spec),
            matter=spec.summary,
            decision_maker_committee=meeting.committee,
            is_key_decision=True,
            documents=spec.documents or f"Report of the {_officer(meeting, spec)}.",
            by=context.by,
        )
        if entry.notice_published_on is None:
            entry_publish_notice(entry=entry, by=context.by, today=published)


def _contact(meeting: Meeting, spec: Business) -> str:
    return (
        f"{_officer(meeting, spec)}, Kingsmere Civic Centre, Civic Way, Kingsmere KM1 1CW "
        "(democratic.services@kingsmere.example.org)"
    )


def _attendance_lines(meeting: Meeting) -> list[AttendanceLine]:
    """Most members present, one to three apologies, and on a politically balanced committee a
    substitute from the same group for the first member who sent apologies. Seeded by committee
    and date, so the same every time."""
    day = meeting.date
    rng = random.Random(f"{meeting.committee.slug}:{day.isoformat()}")  # noqa: S311 - demo data
    seats = [s for s in seats_on(meeting) if s.councillor_id]
    if not seats:
        return []
    chair = next(
        (s.councillor for s in seats if s.role == CommitteeMembership.Role.CHAIR),
        seats[0].councillor,
    )
    others = [s.councillor for s in seats if s.councillor != chair]
    count = 3 if len(seats) > 20 else 2 if len(seats) > 8 else 1
    away = rng.sample(others, min(count, len(others) - 1))
    lines = [AttendanceLine(status=Attendance.Status.PRESENT, councillor=chair, presiding=True)]
    non_voting = {
        s.councillor_id for s in seats if s.role == CommitteeMembership.Role.COOPTED_NON_VOTING
    }
    lines += [
        AttendanceLine(
            status=Attendance.Status.APOLOGIES if c in away else Attendance.Status.PRESENT,
            councillor=c,
            voting=c.pk not in non_voting,
        )
        for c in others
    ]
    if meeting.committee.political_balance_applies:
        groups = dict(
            GroupMembership.objects.filter(in_force_on(day)).values_list(
                "councillor_id", "group_id"
            )
        )
        members = {s.councillor_id for s in seats}
        serving = list(
            Councillor.all_objects.serving(day).order_by("last_name", "first_name", "pk")
        )
        for absent in sorted(away, key=lambda c: (c.last_name, c.first_name, c.pk)):
            group = groups.get(absent.pk)
            pool = [
                c
                for c in serving
                if group is not None and groups.get(c.pk) == group and c.pk not in members
            ]
            if pool:
                lines.append(
                    AttendanceLine(
                        status=Attendance.Status.PRESENT,
                        councillor=rng.choice(pool),
                        substitute_for=absent,
                    )
                )
                break
    return lines


def _proceedings(meeting: Meeting, business: tuple[Business, ...], context: Context) -> None:
    """Attendance, the minutes of the last meeting, declarations, votes and resolutions."""
    by, day = context.by, meeting.date
    attendance_record(meeting=meeting, lines=_attendance_lines(meeting), by=by, today=day)
    present = [
        a
        for a in meeting.attendances.select_related("councillor").order_by("pk")
        if a.is_present and not a.presiding
    ]
    _approve_previous_minutes(meeting, context)
    specs = {spec.title: spec for spec in business}
    # In agenda order, so that minute numbers follow the agenda.
    items = meeting.items.filter(kind=AgendaItem.Kind.BUSINESS).select_related("call_in")
    for item in items.order_by("position"):
        call_in = getattr(item, "call_in", None)
        if call_in is not None and call_in.status == CallIn.Status.ACCEPTED:
            plan = _call_in_plan(DemoYear.around(day).start)
            _decide(item, plan.resolution, plan.motion, plan.vote, None, by)
            call_in_outcome(
                call_in=call_in,
                outcome=plan.outcome,
                decided_on=day,
                meeting=meeting,
                notes=plan.notes,
                by=by,
            )
            continue
        spec = specs.get(item.title)
        if spec is None:
            continue
        if spec.declared and present:
            declared = spec.declared
            declaration_record(
                item=item,
                attendance=present[declared.member % len(present)],
                type=declared.type,
                nature=declared.nature,
                left_room=declared.left_room,
                by=by,
                today=day,
            )
        _decide(item, spec.resolution(context.names), spec.motion, spec.vote, spec.lost, by)


def _decide(item, text: str, motion: str, vote, lost, by) -> Resolution:
    """A show of hands (for = every eligible voter not against or abstaining), or agreement by
    consent, and the resolution."""
    day = item.meeting.date
    eligible = len(electorate(item).eligible)
    if lost is not None:
        lost_motion, votes_for, abstentions = lost
        vote_record(
            item=item,
            motion=lost_motion,
            votes_for=votes_for,
            votes_against=eligible - votes_for - abstentions,
            abstentions=abstentions,
            by=by,
            today=day,
        )
    carried = None
    if vote is not None:
        against, abstentions = vote
        carried = vote_record(
            item=item,
            motion=motion,
            votes_for=eligible - against - abstentions,
            votes_against=against,
            abstentions=abstentions,
            by=by,
            today=day,
        )
    return resolution_record(item=item, text=text, vote=carried, by=by, today=day)


def _approve_previous_minutes(meeting: Meeting, context: Context) -> None:
    """The committee's last published draft minutes, approved under "minutes of the previous
    meeting" and signed by the person presiding (LGA 1972 Sch 12 para 41(1))."""
    item = meeting.items.filter(kind=AgendaItem.Kind.MINUTES).first()
    if item is None or meeting.is_extraordinary:
        return
    previous = (
        Minutes.all_objects.filter(
            meeting__committee=meeting.committee,
            meeting__starts_at__lt=meeting.starts_at,
            status=Minutes.Status.PUBLISHED,
        )
        .order_by("-meeting__starts_at")
        .first()
    )
    if previous is None or timezone.localdate(previous.published_at) > meeting.date:
        return
    chair = meeting.attendances.filter(presiding=True).select_related("councillor").first()
    minutes_approve(
        minutes=previous,
        at_item=item,
        signed_by=chair.name if chair else "The chair",
        by=context.by,
        today=meeting.date,
        now=meeting.starts_at,
    )


def _minutes(meeting: Meeting, context: Context) -> None:
    """Draft the minutes from the record, fill any minute the record leaves empty, and publish
    the draft three working days after the meeting (by the last working day before today at the
    latest; a meeting held since then has its minutes in draft)."""
    minutes = Minutes.all_objects.filter(meeting=meeting).first()
    if minutes is None:
        minutes = minutes_draft(meeting=meeting, by=context.by)
    if minutes.status != Minutes.Status.DRAFT:
        return
    empty = minutes.entries.filter(text="").exclude(item__kind=AgendaItem.Kind.EXCLUSION)
    for entry in empty.select_related("item"):
        if entry.item and entry.item.kind == AgendaItem.Kind.MINUTES:
            text = (
                "RESOLVED: that the minutes of the previous meeting be approved as a correct "
                "record and signed by the chair."
            )
        else:
            text = f"{body_name(meeting.committee)} considered the item."
        minutes_update_entry(entry=entry, text=text, by=context.by)
    day = min(
        working_days_after(meeting.date, 3, calendar=context.calendar), context.last_working_day
    )
    if day <= meeting.date:
        return
    minutes_publish_draft(minutes=minutes, by=context.by, now=_at(day, 10))


def _decisions(meeting: Meeting, business: tuple[Business, ...], context: Context) -> None:
    """Cabinet's decisions in the register with their written statements, published two working
    days after the meeting (which opens the call-in period), and the year's one call-in."""
    if Decision.all_objects.filter(meeting=meeting).exists():
        return
    by = context.by
    published_on = working_days_after(
        meeting.date, period("decision_publication_working_days"), calendar=context.calendar
    )
    if published_on > context.today:
        return  # recorded and published by a later load
    items = {i.title: i for i in meeting.items.filter(kind=AgendaItem.Kind.BUSINESS)}
    for spec in business:
        item = items.get(spec.title)
        if item is None or not spec.executive:
            continue
        resolution = Resolution.all_objects.filter(item=item).order_by("number").first()
        # The interests come from the declarations recorded at the item (decision_record).
        decision = decision_record(
            kind=Decision.Kind.EXECUTIVE,
            title=item.title,
            decided_on=meeting.date,
            decision=resolution.text if resolution else spec.resolution(context.names),
            reasons=spec.reasons,
            alternatives_considered=spec.alternatives or "None.",
            decision_maker_committee=meeting.committee,
            meeting=meeting,
            agenda_item=item,
            is_key_decision=item.is_key_decision,
            by=by,
        )
        decision_publish(decision=decision, by=by, today=published_on)


@cache
def _call_in_plan(start: int) -> CallInPlan:
    year = DemoYear(start)
    return replace(
        CALL_IN,
        **{
            f.name: year.text(getattr(CALL_IN, f.name))
            for f in fields(CallInPlan)
            if isinstance(getattr(CALL_IN, f.name), str) and f.name != "outcome"
        },
    )


def _call_in(decision: Decision, plan: CallInPlan, context: Context) -> None:
    """Opposition members of the Overview and Scrutiny Committee call the decision in (by
    default call-in is for its members only): the lead starts it the working day after
    publication, the others sign, and it is submitted two working days later (within the
    period), which suspends the decision and puts it on the next scrutiny agenda."""
    if CallIn.all_objects.filter(decision=decision).exists():
        return
    by = context.by
    started = working_days_after(decision.published_on, 1, calendar=context.calendar)
    submitted = min(
        working_days_after(started, 2, calendar=context.calendar), decision.call_in_deadline
    )
    if submitted > context.today:
        return  # not yet: the decision stays open for call-in
    groups = dict(
        GroupMembership.objects.filter(in_force_on(started)).values_list(
            "councillor_id", "group__short_name"
        )
    )
    on_scrutiny = set(
        CommitteeMembership.objects.filter(
            in_force_on(started),
            committee__kind=Committee.Kind.OVERVIEW_AND_SCRUTINY,
            councillor__isnull=False,
        ).values_list("councillor_id", flat=True)
    )
    opposition: dict[str, list[Councillor]] = defaultdict(list)
    for councillor in Councillor.all_objects.serving(started).order_by("last_name", "first_name"):
        if councillor.pk in on_scrutiny and groups.get(councillor.pk) in {"Lab", "LD", "Green"}:
            opposition[groups[councillor.pk]].append(councillor)
    # Round the groups, Labour first, until there are as many as the constitution requires.
    rows = zip_longest(*(opposition[group] for group in ("Lab", "LD", "Green")))
    ranked = [c for row in rows for c in row if c is not None]
    needed = period("call_in_signatories")
    lead, *others = ranked[:needed]
    call_in = call_in_start(
        decision=decision, lead=lead, grounds=plan.grounds, by=by, today=started
    )
    for councillor in others:
        call_in_sign(call_in=call_in, councillor=councillor, by=by, today=started)
    call_in_submit(call_in=call_in, by=by, today=submitted)


# --- Training the committees require ---------------------------------------------------------

# Committee slug (a rename keeps it) to the modules its members must attend first.
REQUIRED_TRAINING = {
    "planning-committee": ["Planning committee training"],
    "licensing-committee": ["Licensing committee training"],
}


def require_training(*, by=None) -> None:
    """Planning and licensing require their module (after ``members.demo.records`` made them)."""
    for slug, names in REQUIRED_TRAINING.items():
        committee = Committee.objects.filter(slug=slug).first()
        modules = list(TrainingModule.objects.filter(name__in=names))
        if committee and modules:
            committee_require_training(committee=committee, modules=modules, by=by)
