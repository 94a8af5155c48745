"""At the meeting: quorum and the outcome of votes. Pure functions of numbers and facts about
the people present (no ORM, no clock, no I/O); the services feed them from the attendance sheet.

Quorum
    A committee's quorum is set by the council (its terms of reference or standing orders). For
    the full council of a principal authority the statute sets a floor: LGA 1972 Sch 12 para 6,
    "one quarter of the whole number of members". For a parish council Sch 12 para 12: one third
    of the whole number of members, and never less than three. (Para 45, on members disqualified
    from voting, is not modelled.)

    Only voting members present in person count. A substitute counts in place of the member they
    replace (that member sent apologies and is not present). Co-opted non-voting members do not
    count. Remote attendance does not count by default: for a formal meeting of an English
    principal council the Local Government Act 1972 requires members to be physically present
    (Hertfordshire County Council v Secretary of State for Housing, Communities and Local
    Government; Lawyers in Local Government v same [2021] EWHC 1093 (Admin), 28 April 2021,
    after the Coronavirus Act regulations expired on 7 May 2021). A council whose law allows
    remote attendance to count (e.g. Welsh multi-location meetings) passes ``remote_counts``.

Substitutes
    Substitution is the constitution's, and these are the rules constitutions adopt. An
    executive takes no substitutes: a leader and cabinet executive is the Leader and the
    councillors the Leader appoints (LGA 2000 s9C(2)-(3)), and nobody else can act as one of
    them. On a committee, a substitute fills the seat of a member who sent apologies and comes
    from the committee's list of named substitutes where it keeps one, and from the same
    political group as the member they replace: seats are allocated to groups (LGHA 1989 s15)
    and filled as the group wishes (SI 1990/1553 reg 13), so a substitute from another group
    would change the balance the council is bound to keep.

Voting
    LGA 1972 Sch 12 para 39: questions are decided by a majority of the members present and
    voting; on an equality of votes the person presiding has a second or casting vote. A tie on
    which no casting vote is given means the motion is not carried (there is no majority for it).

Recorded votes
    SI 1993/202 Sch 2 para 1 (standing orders): where, immediately after a vote, any member
    requires it, the minutes record how each person present voted (for, against, abstained).
    At a budget decision meeting every vote must be recorded by name: SI 2014/165 (inserting
    paras 15-16 into Sch 2 Part 1 of SI 2001/3384, in force 25 February 2014).
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, time
from enum import StrEnum

# --------------------------------------------------------------------------------------------
# Quorum
# --------------------------------------------------------------------------------------------


def full_council_quorum(whole_number_of_members: int, *, parish: bool = False) -> int:
    """The statutory quorum of a full council.

    Principal council: LGA 1972 Sch 12 para 6, one quarter of the whole number of members
    (a fraction means one more member: a quarter of 81 is 20.25, so 21 must be present).
    Parish council: Sch 12 para 12, one third of the whole number, never less than three.
    """
    if whole_number_of_members < 1:
        raise ValueError("A council has at least one member.")
    if parish:
        return max(3, math.ceil(whole_number_of_members / 3))
    return math.ceil(whole_number_of_members / 4)


def required_quorum(
    *, committee_quorum: int, is_full_council: bool, seats: int, parish: bool = False
) -> int:
    """The quorum for a meeting of a body: the council's own figure, but never below the
    statutory floor for the full council (Sch 12 paras 6 and 12); standing orders may ask for
    more, never for fewer."""
    if is_full_council:
        return max(committee_quorum, full_council_quorum(seats, parish=parish))
    return committee_quorum


def substitute_objection(
    *,
    substitute: str,
    absent: str,
    body: str,
    executive: bool,
    list_kept: bool,
    on_list: bool,
    same_group: bool,
    same_group_required: bool = True,
) -> str:
    """Why ``substitute`` may not substitute for ``absent`` at a meeting of ``body`` ("" if they
    may): an executive takes no substitutes (LGA 2000 s9C); on a committee the substitute comes
    from its list of named substitutes where it keeps one, and from the absent member's
    political group (LGHA 1989 s15; SI 1990/1553 reg 13) unless the constitution says otherwise
    (``same_group_required``, the ``substitutes_same_group`` setting)."""
    if executive:
        return (
            f"{body} is an executive body: its members are the Leader and the councillors the "
            "Leader appoints (LGA 2000 s9C), so nobody can substitute for a member."
        )
    if list_kept and not on_list:
        return f"{substitute} is not on the list of named substitutes of {body}."
    if same_group_required and not same_group:
        return (
            f"{substitute} is not in the same political group as {absent}: a substitute comes "
            "from the group whose seat it is (LGHA 1989 s15; SI 1990/1553 reg 13)."
        )
    return ""


def record_publication_objection(*, attendance_recorded: bool, quorum: QuorumStatus) -> str:
    """Why the minutes or decisions of a meeting should not be published as they stand, or ""
    when nothing stands in the way.

    LGA 1972 Sch 12 para 40: the names of the members present are recorded; a record of business
    with nobody recorded present says nothing of who transacted it. Sch 12 para 6 (the full
    council: one quarter of the whole number of members; a committee's quorum is the council's
    own): no business is transacted without a quorum, so business minuted at an inquorate
    meeting is doubtful in law. Either is published only with the officer's reasons recorded.
    """
    if not attendance_recorded:
        return "No attendance is recorded for this meeting."
    return quorum.warning if not quorum.is_quorate else ""


@dataclass(frozen=True)
class Attendee:
    """What the quorum rule needs to know about one person on the attendance sheet."""

    key: Hashable
    name: str
    present: bool
    voting: bool = True
    remote: bool = False
    arrived_at: time | None = None
    left_at: time | None = None


@dataclass(frozen=True)
class QuorumStatus:
    required: int
    counted: int
    remote_not_counted: list[str] = field(default_factory=list)
    non_voting_not_counted: list[str] = field(default_factory=list)
    # Times at which the voting members present in person fell below the quorum, from the
    # arrival and departure times recorded, with how many were left.
    inquorate_moments: list[tuple[time, int]] = field(default_factory=list)

    @property
    def is_quorate(self) -> bool:
        return self.counted >= self.required and not self.inquorate_moments

    @property
    def warning(self) -> str:
        """The warning shown on the attendance sheet and printed in the minutes ("" if none)."""
        if self.counted < self.required:
            counted = _members(self.counted)
            text = (
                f"The meeting was not quorate: {counted} present in person and entitled to "
                f"vote; the quorum is {self.required}."
            )
        elif self.inquorate_moments:
            at, left = self.inquorate_moments[0]
            text = (
                f"The meeting became inquorate at {_clock(at)}, when {_members(left)} entitled "
                f"to vote remained; the quorum is {self.required}."
            )
        else:
            return ""
        if self.remote_not_counted:
            text += (
                f" {_members(len(self.remote_not_counted)).capitalize()} attending remotely "
                "are not counted (LGA 1972 requires presence in person: Hertfordshire CC v "
                "SSHCLG [2021] EWHC 1093 (Admin))."
            )
        return text


def _members(n: int) -> str:
    return f"{n} member" if n == 1 else f"{n} members"


def _clock(moment: time) -> str:
    hour = moment.hour % 12 or 12
    suffix = "am" if moment.hour < 12 else "pm"
    return f"{hour}:{moment.minute:02d}{suffix}" if moment.minute else f"{hour}{suffix}"


def counts_towards_quorum(attendee: Attendee, *, remote_counts: bool = False) -> bool:
    """Present, entitled to vote and (unless the council's law allows otherwise) in the room."""
    return attendee.present and attendee.voting and (remote_counts or not attendee.remote)


def quorum_status(
    attendees: Iterable[Attendee], *, required: int, remote_counts: bool = False
) -> QuorumStatus:
    """Count the voting members present for the quorum and find any moment at which, from the
    arrival and departure times recorded, fewer than ``required`` remained.

    Someone with no arrival time counts from the start; someone with no departure time stays to
    the end. Only departures can make a quorate meeting inquorate, so the count is checked just
    after each departure (and after each arrival, in case it restored the quorum first).
    """
    people = list(attendees)
    counting = [a for a in people if counts_towards_quorum(a, remote_counts=remote_counts)]
    remote = [a.name for a in people if a.present and a.voting and a.remote and not remote_counts]
    non_voting = [a.name for a in people if a.present and not a.voting]
    moments: list[tuple[time, int]] = []
    events = sorted(
        {a.left_at for a in counting if a.left_at}
        | {a.arrived_at for a in counting if a.arrived_at}
    )
    departures = {a.left_at for a in counting if a.left_at}
    for moment in events:
        if moment not in departures:
            continue
        in_room = sum(
            1
            for a in counting
            if (a.arrived_at is None or a.arrived_at <= moment)
            and (a.left_at is None or a.left_at > moment)
        )
        if in_room < required:
            moments.append((moment, in_room))
    return QuorumStatus(
        required=required,
        counted=len(counting),
        remote_not_counted=remote,
        non_voting_not_counted=non_voting,
        inquorate_moments=moments,
    )


# --------------------------------------------------------------------------------------------
# Votes
# --------------------------------------------------------------------------------------------


class Choice(StrEnum):
    FOR = "for"
    AGAINST = "against"
    ABSTAIN = "abstain"


class Result(StrEnum):
    CARRIED = "carried"
    LOST = "lost"


def names_required(*, recorded_vote_requested: bool, budget_decision: bool) -> bool:
    """A recorded vote: on request (SI 1993/202 Sch 2 para 1), and always at a budget decision
    meeting (SI 2014/165)."""
    return recorded_vote_requested or budget_decision


def vote_result(*, votes_for: int, votes_against: int, casting_vote: Choice | None) -> Result:
    """LGA 1972 Sch 12 para 39: a majority of those present and voting; on a tie the chair's
    casting vote decides; a tie with no casting vote is not a majority, so the motion is lost."""
    if votes_for > votes_against:
        return Result.CARRIED
    if votes_for < votes_against:
        return Result.LOST
    return Result.CARRIED if casting_vote == Choice.FOR else Result.LOST


def check_counts(
    *,
    votes_for: int,
    votes_against: int,
    abstentions: int,
    eligible_voters: int,
) -> dict[str, str]:
    """Problems with a show of hands, by field name ({} if none).

    ``eligible_voters`` is the number of voting members present in person who may vote on the
    item (those who declared a disclosable pecuniary interest without a dispensation and left
    the room are not among them).
    """
    errors: dict[str, str] = {}
    for name, value, label in (
        ("votes_for", votes_for, "Votes for"),
        ("votes_against", votes_against, "Votes against"),
        ("abstentions", abstentions, "Abstentions"),
    ):
        if value < 0:
            errors[name] = f"{label} must be 0 or more."
    if errors:
        return errors
    total = votes_for + votes_against + abstentions
    if total > eligible_voters:
        errors["votes_for"] = (
            f"{total} votes and abstentions were entered but only {_members(eligible_voters)} "
            "present in person could vote on this item."
        )
    return errors


@dataclass(frozen=True)
class NamedTally:
    votes_for: int
    votes_against: int
    abstentions: int


def tally(choices: Mapping[Hashable, Choice]) -> NamedTally:
    """The counts of a recorded vote, from each member's choice."""
    values = list(choices.values())
    return NamedTally(
        votes_for=values.count(Choice.FOR),
        votes_against=values.count(Choice.AGAINST),
        abstentions=values.count(Choice.ABSTAIN),
    )


def check_named_votes(
    choices: Mapping[Hashable, Choice],
    *,
    eligible: Mapping[Hashable, str],
    ineligible: Mapping[Hashable, str],
) -> dict[str, str]:
    """Problems with a recorded vote ({} if none).

    ``eligible`` maps each member who may vote on the item to their name; ``ineligible`` maps
    everyone else on the attendance sheet to the reason they may not (absent, attending
    remotely, non-voting, a disclosable pecuniary interest without a dispensation).
    """
    wrong = [
        ineligible.get(key, "someone who was not present") for key in choices if key not in eligible
    ]
    if wrong:
        return {
            "names": "Only members present in person and entitled to vote can be named: "
            + "; ".join(wrong)
            + "."
        }
    if not choices:
        return {"names": "Record how each member voted: this is a recorded vote."}
    return {}


def check_casting_vote(
    *, casting_vote: Choice | None, votes_for: int, votes_against: int, chair_present: bool
) -> dict[str, str]:
    """The casting vote belongs to the person presiding, and only on a tie (Sch 12 para 39)."""
    if casting_vote is None:
        return {}
    if votes_for != votes_against:
        return {
            "casting_vote": "The chair has a casting vote only when the votes for and against "
            "are equal (LGA 1972 Sch 12 para 39)."
        }
    if casting_vote == Choice.ABSTAIN:
        return {"casting_vote": "A casting vote is for or against the motion."}
    if not chair_present:
        return {
            "casting_vote": "Record who chaired the meeting on the attendance sheet: only the "
            "person presiding has a casting vote."
        }
    return {}


# --------------------------------------------------------------------------------------------
# Minute numbers
# --------------------------------------------------------------------------------------------


def municipal_year(day: date) -> int:
    """The year in which the municipal year containing ``day`` began: 2026 for 2026/27.

    The municipal year runs from one annual meeting to the next (LGA 1972 Sch 12 para 1: held in
    March, April or May, or after an ordinary election within 21 days of the retirement day,
    usually in May). Where a meeting belongs to no series of a known year, the year is taken to
    begin on 1 May.
    """
    return day.year if (day.month, day.day) >= (5, 1) else day.year - 1
