"""Writes at the meeting: the attendance sheet, declarations of interest, votes, resolutions,
and marking the meeting as held.

The record can be changed until the draft minutes are published; after that the minutes are
the record, and an approved minute changes only by a later resolution
(``meetings.services.minutes.minutes_correct``).

Errors about one line of the attendance sheet are keyed ``lines.<index>.<field>`` so that a page
can put each message beside the box it is about.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone

from democracy import audit
from democracy.council import period
from democracy.services import create_audited, update_audited
from democracy.statutory import CouncilKind
from democracy.text_limits import SHORT, too_long_message
from democracy.validity import in_force_on
from meetings.models import (
    AgendaItem,
    Attendance,
    Committee,
    CommitteeMembership,
    Decision,
    Declaration,
    Meeting,
    Minutes,
    OfficerPresent,
    Resolution,
    Vote,
    VoteRecord,
)
from meetings.rules import proceedings as rules
from members.models import Councillor, GroupMembership

Role = CommitteeMembership.Role
SEAT_ROLES = {Role.CHAIR, Role.VICE_CHAIR, Role.MEMBER, Role.COOPTED_VOTING}
CO_OPTED_SEATS = {Role.COOPTED_VOTING, Role.COOPTED_NON_VOTING}
COUNCILLOR_SEATS = {Role.CHAIR, Role.VICE_CHAIR, Role.MEMBER}
ATTENDANCE_FIELDS = [
    "councillor",
    "coopted_name",
    "status",
    "substitute_for",
    "remote",
    "voting",
    "presiding",
    "arrived_at",
    "left_at",
]
NO_DECLARATIONS = {AgendaItem.Kind.APOLOGIES, AgendaItem.Kind.DECLARATIONS}


def _day(moment: date | None) -> date:
    return moment or timezone.localdate()


def _fmt(day: date) -> str:
    return f"{day:%-d %B %Y}"


# --------------------------------------------------------------------------------------------
# Who sits on the committee, and whether the record may still change
# --------------------------------------------------------------------------------------------


def seats_on(meeting: Meeting) -> list[CommitteeMembership]:
    """The committee's seats on the day of the meeting (substitutes included), chair first."""
    order = {role: index for index, role in enumerate(Role)}
    seats = list(
        CommitteeMembership.objects.filter(
            in_force_on(meeting.date), committee=meeting.committee_id
        )
        .select_related("councillor")
        .order_by("pk")
    )
    return sorted(
        seats,
        key=lambda s: (
            order[s.role],
            s.councillor.last_name if s.councillor else s.coopted_name,
            s.councillor.first_name if s.councillor else "",
        ),
    )


def check_recordable(meeting: Meeting, *, started: bool = True, today: date | None = None) -> None:
    """The record of a meeting can change while it has not been cancelled or postponed and its
    draft minutes are not yet published; votes and declarations only once it has begun."""
    if meeting.status in {Meeting.Status.CANCELLED, Meeting.Status.POSTPONED}:
        raise ValidationError(
            f"The meeting was {meeting.get_status_display().lower()}: nothing can be recorded."
        )
    if Minutes.all_objects.filter(meeting=meeting, published_at__isnull=False).exists():
        raise ValidationError(
            "The draft minutes have been published: the record of the meeting can no longer be "
            "changed. Change the minutes instead."
        )
    if started and meeting.date > _day(today):
        raise ValidationError(
            f"The meeting is on {_fmt(meeting.date)}: record what happened once it has begun."
        )


def _locked_meeting(meeting: Meeting) -> Meeting:
    return Meeting.all_objects.select_for_update().select_related("committee").get(pk=meeting.pk)


# --------------------------------------------------------------------------------------------
# Attendance
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class AttendanceLine:
    """One line of the attendance sheet as the officer filled it in."""

    status: str
    councillor: Councillor | None = None
    coopted_name: str = ""
    substitute_for: Councillor | None = None
    remote: bool = False
    voting: bool = True
    presiding: bool = False
    arrived_at: time | None = None
    left_at: time | None = None

    @property
    def key(self) -> tuple[str, object]:
        if self.councillor is not None:
            return ("councillor", self.councillor.pk)
        return ("coopted", self.coopted_name.strip().casefold())

    @property
    def name(self) -> str:
        if self.councillor is not None:
            return self.councillor.formal_name
        return self.coopted_name.strip()


def _check_lines(
    meeting: Meeting, lines: Sequence[AttendanceLine], today: date
) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}

    def add(index: int | None, field: str, message: str) -> None:
        key = f"lines.{index}.{field}" if index is not None else "attendance"
        errors.setdefault(key, []).append(message)

    seats = seats_on(meeting)
    seat_of_councillor = {s.councillor_id: s for s in seats if s.councillor_id}
    coopted_seats = {s.coopted_name.strip().casefold(): s for s in seats if not s.councillor_id}
    serving = set(
        Councillor.all_objects.serving(meeting.date)
        .filter(pk__in=[line.councillor.pk for line in lines if line.councillor])
        .values_list("pk", flat=True)
    )
    status_of = {line.councillor.pk: line.status for line in lines if line.councillor}
    seen: set[tuple[str, object]] = set()
    substituted: dict[int, str] = {}
    chairs = []
    for index, line in enumerate(lines):
        if (line.councillor is None) == (not line.coopted_name.strip()):
            add(index, "councillor", "Choose a councillor, or give a co-opted member's name.")
            continue
        if line.status not in Attendance.Status.values:
            add(
                index,
                "status",
                f"Select whether {line.name} was present, sent apologies or was absent.",
            )
            continue
        if line.key in seen:
            add(index, "councillor", f"{line.name} is on the attendance sheet twice.")
            continue
        seen.add(line.key)
        present = line.status == Attendance.Status.PRESENT
        if present and meeting.date > today:
            add(
                index,
                "status",
                f"{line.name} cannot be recorded as present before the meeting on "
                f"{_fmt(meeting.date)}.",
            )
        if not present and (line.remote or line.substitute_for or line.presiding):
            add(
                index,
                "status",
                f"{line.name} must be present to attend remotely, as a substitute or as chair.",
            )
        if line.presiding:
            chairs.append(line.name)
            if line.remote:
                add(
                    index,
                    "presiding",
                    f"{line.name} attended remotely and so was not present in law: someone "
                    "present in the room must chair the meeting.",
                )
            if not line.voting:
                add(index, "presiding", f"{line.name} is not a voting member and cannot chair.")
        if line.arrived_at and line.left_at and line.left_at <= line.arrived_at:
            add(index, "left_at", f"The time {line.name} left must be after the time they arrived.")
        if line.councillor is None or line.councillor.is_co_opted:
            # A co-opted member, recorded as a person or by name only: only in their own seat.
            if line.councillor is None:
                field, seat = "coopted_name", coopted_seats.get(line.key[1])
            else:
                field, seat = "councillor", seat_of_councillor.get(line.councillor.pk)
            if seat is None or seat.role not in CO_OPTED_SEATS:
                add(index, field, f"{line.name} is not a co-opted member of {meeting.committee}.")
            elif line.voting and seat.role == Role.COOPTED_NON_VOTING:
                add(index, "voting", f"{line.name} is a non-voting co-opted member.")
            if line.substitute_for is not None:
                add(index, "substitute_for", f"{line.name} is co-opted and cannot substitute.")
            continue
        if line.councillor.pk not in serving:
            add(index, "councillor", f"{line.name} did not hold office on {_fmt(meeting.date)}.")
            continue
        seat = seat_of_councillor.get(line.councillor.pk)
        if line.substitute_for is None:
            if present and line.voting and (seat is None or seat.role not in COUNCILLOR_SEATS):
                add(
                    index,
                    "voting",
                    f"{line.name} does not sit on {meeting.committee}: record them as a "
                    "substitute for a member who sent apologies, or as not voting.",
                )
            continue
        # A substitute: fills the seat of a member who sent apologies (constitution practice;
        # the substitute then counts for the quorum and votes in that member's place).
        absent = line.substitute_for
        absent_name = absent.formal_name
        absent_seat = seat_of_councillor.get(absent.pk)
        if seat is not None and seat.role in COUNCILLOR_SEATS:
            add(
                index,
                "substitute_for",
                f"{line.name} is a member of {meeting.committee} and cannot also be a substitute.",
            )
        elif absent_seat is None or absent_seat.role not in COUNCILLOR_SEATS:
            add(
                index,
                "substitute_for",
                f"{absent_name} is not a member of {meeting.committee}, so nobody can substitute "
                "for them.",
            )
        elif status_of.get(absent.pk) != Attendance.Status.APOLOGIES:
            add(
                index,
                "substitute_for",
                f"{absent_name} did not send apologies: a substitute can only fill the seat of a "
                "member who sent apologies.",
            )
        elif absent.pk in substituted:
            add(
                index,
                "substitute_for",
                f"{substituted[absent.pk]} is already the substitute for {absent_name}.",
            )
        elif objection := _substitution_objection(meeting, line, seats):
            add(index, "substitute_for", objection)
        else:
            substituted[absent.pk] = line.name
        if not line.voting:
            add(index, "voting", f"{line.name} fills a voting seat as a substitute.")
    if len(chairs) > 1:
        add(
            None,
            "presiding",
            f"Only one person chairs the meeting: {' and '.join(chairs)} were both chosen.",
        )
    return errors


def _substitution_objection(
    meeting: Meeting, line: AttendanceLine, seats: Sequence[CommitteeMembership]
) -> str:
    """The constitution's rules on who may substitute (``rules.substitute_objection``)."""
    named = {s.councillor_id for s in seats if s.role == Role.SUBSTITUTE and s.councillor_id}
    pair = [line.councillor.pk, line.substitute_for.pk]
    groups = dict(
        GroupMembership.objects.filter(in_force_on(meeting.date), councillor__in=pair).values_list(
            "councillor_id", "group_id"
        )
    )
    return rules.substitute_objection(
        substitute=line.name,
        absent=line.substitute_for.formal_name,
        body=str(meeting.committee),
        executive=meeting.committee.kind == Committee.Kind.EXECUTIVE,
        list_kept=bool(named),
        on_list=line.councillor.pk in named,
        same_group=groups.get(pair[0]) == groups.get(pair[1]),
        same_group_required=meeting.committee.substitutes_same_group(
            bool(period("substitutes_same_group"))
        ),
    )


def _key(row: Attendance) -> tuple[str, object]:
    if row.councillor_id:
        return ("councillor", row.councillor_id)
    return ("coopted", row.coopted_name.casefold())


@transaction.atomic
def attendance_record(
    *, meeting: Meeting, lines: Sequence[AttendanceLine], by, today: date | None = None
) -> list[Attendance]:
    """Record the whole attendance sheet of a meeting in one go (apologies can be recorded before
    the meeting; who was present only once it has begun). Lines are matched to what was recorded
    before by councillor or co-opted name; anyone left off the sheet is removed from it. Nothing
    is saved unless every line is valid."""
    meeting = _locked_meeting(meeting)
    today = _day(today)
    check_recordable(meeting, started=False, today=today)
    errors = _check_lines(meeting, lines, today)
    if errors:
        raise ValidationError(errors)
    existing = {_key(a): a for a in Attendance.objects.select_for_update().filter(meeting=meeting)}
    on_record = set(
        Attendance.objects.filter(meeting=meeting)
        .filter(
            Q(declarations__isnull=False)
            | Q(vote_records__isnull=False)
            | Q(casting_votes__isnull=False)
        )
        .values_list("pk", flat=True)
    )
    line_keys = {line.key: index for index, line in enumerate(lines)}
    for key, row in existing.items():
        index = line_keys.get(key)
        if row.pk in on_record and (
            index is None or lines[index].status != Attendance.Status.PRESENT
        ):
            raise ValidationError(
                {
                    f"lines.{index}.status" if index is not None else "attendance": (
                        f"{row.name} has declarations or votes recorded at this meeting, so was "
                        "present: remove those first."
                    )
                }
            )
    # Take people off the sheet first, then record everyone else before the chair, so that a
    # change of chair never meets the one-chair constraint half-way.
    for key in [key for key in existing if key not in line_keys]:
        row = existing.pop(key)
        audit.record("meetings.attendance.delete", row, by=by, note=row.name)
        row.delete()
    kept: dict[int, Attendance] = {}
    for index, line in sorted(enumerate(lines), key=lambda pair: pair[1].presiding):
        values = {
            "status": line.status,
            "substitute_for": line.substitute_for,
            "remote": line.remote,
            "voting": line.voting,
            "presiding": line.presiding,
            "arrived_at": line.arrived_at,
            "left_at": line.left_at,
        }
        row = existing.get(line.key)
        try:
            if row is None:
                row = Attendance(
                    meeting=meeting,
                    councillor=line.councillor,
                    coopted_name=line.coopted_name.strip(),
                    **values,
                )
                create_audited(row, "meetings.attendance.create", by=by, fields=ATTENDANCE_FIELDS)
            else:
                update_audited(row, values, "meetings.attendance.update", by=by)
        except ValidationError as error:
            raise ValidationError(
                {f"lines.{index}.{name}": messages for name, messages in error.message_dict.items()}
            ) from None
        kept[index] = row
    return [kept[index] for index in range(len(lines))]


@dataclass(frozen=True)
class OfficerLine:
    """An officer present, as the officer recording the sheet typed them."""

    name: str
    role: str


@transaction.atomic
def officers_present_record(
    *, meeting: Meeting, officers: Sequence[OfficerLine], by
) -> list[OfficerPresent]:
    """Record who attended for the council's officers (named with their roles in the minutes).
    The list replaces what was recorded before; errors are keyed ``officers.<index>.<field>``
    and nothing is saved unless every line is valid."""
    meeting = _locked_meeting(meeting)
    check_recordable(meeting, started=False)
    errors: dict[str, list[str]] = {}
    seen: set[str] = set()
    for index, line in enumerate(officers):
        name, role = line.name.strip(), line.role.strip()
        if not name:
            errors.setdefault(f"officers.{index}.name", []).append(
                f"Enter the name of officer {index + 1}, or clear their role."
            )
        elif not role:
            errors.setdefault(f"officers.{index}.role", []).append(f"Enter the role of {name}.")
        elif name.casefold() in seen:
            errors.setdefault(f"officers.{index}.name", []).append(f"{name} is listed twice.")
        seen.add(name.casefold())
    if errors:
        raise ValidationError(errors)
    existing = list(OfficerPresent.objects.select_for_update().filter(meeting=meeting))
    before = [(o.name, o.role) for o in existing]
    after = [(line.name.strip(), line.role.strip()) for line in officers]
    if before == after:
        return existing
    for row in existing:
        audit.record("meetings.officer_present.delete", row, by=by, note=str(row))
        row.delete()
    return [
        create_audited(
            OfficerPresent(meeting=meeting, name=name, role=role, position=position),
            "meetings.officer_present.create",
            by=by,
            fields=["name", "role", "position"],
        )
        for position, (name, role) in enumerate(after)
    ]


def remote_attendance_counts() -> bool:
    return bool(period("remote_attendance_counts_for_quorum"))


def quorum_required(committee: Committee) -> int:
    return rules.required_quorum(
        committee_quorum=committee.quorum,
        is_full_council=committee.kind == Committee.Kind.COUNCIL,
        seats=committee.size,
        parish=settings.COUNCIL_KIND == CouncilKind.PARISH,
    )


def attendee(row: Attendance) -> rules.Attendee:
    return rules.Attendee(
        key=row.pk,
        name=row.name,
        present=row.is_present,
        voting=row.voting,
        remote=row.remote,
        arrived_at=row.arrived_at,
        left_at=row.left_at,
    )


def quorum_status(
    meeting: Meeting, attendances: Sequence[Attendance] | None = None
) -> rules.QuorumStatus:
    """Whether the meeting was quorate, from its attendance sheet (pass ``attendances`` already
    loaded, with their councillors, to save the query)."""
    if attendances is None:
        attendances = list(meeting.attendances.select_related("councillor"))
    return rules.quorum_status(
        [attendee(a) for a in attendances],
        required=quorum_required(meeting.committee),
        remote_counts=remote_attendance_counts(),
    )


def record_objection(meeting: Meeting) -> str:
    """What stands in the way of publishing the meeting's minutes or decisions ("" if nothing):
    no attendance recorded, or not quorate."""
    attendances = list(meeting.attendances.select_related("councillor"))
    return rules.record_publication_objection(
        attendance_recorded=bool(attendances), quorum=quorum_status(meeting, attendances)
    )


def check_record_publishable(meeting: Meeting, *, reasons: str = "", by) -> None:
    """Before the minutes or a decision of ``meeting`` are published: refuse when no attendance
    is recorded or the meeting was not quorate (``rules.record_publication_objection``), unless
    the officer records why it is published all the same. The reasons are kept on the meeting
    (audited), shown with its minutes and decisions, and serve every later publication."""
    objection = record_objection(meeting)
    if not objection:
        return
    reasons = reasons.strip()
    if len(reasons) > SHORT:
        raise ValidationError(
            {"exception_reasons": too_long_message("Reasons for publishing all the same", SHORT)}
        )
    if not reasons:
        if meeting.record_exception_reasons:
            return
        raise ValidationError(
            {
                "exception_reasons": f"{objection} Record the attendance, or give the reasons "
                "for publishing all the same."
            }
        )
    if reasons != meeting.record_exception_reasons:
        meeting = Meeting.all_objects.select_for_update().get(pk=meeting.pk)
        update_audited(
            meeting,
            {"record_exception_reasons": reasons},
            "meetings.meeting.record_exception",
            by=by,
        )


# --------------------------------------------------------------------------------------------
# Declarations of interest
# --------------------------------------------------------------------------------------------


def _article(words: str) -> str:
    return "an" if words[:1] in "aeiou" else "a"


def interests_statement(item: AgendaItem) -> tuple[str, str]:
    """The conflicts of interest declared at ``item`` and the dispensations held, as the decision
    notice states them (SI 2012/2089 reg 12(d)-(e)), read from the declarations recorded at the
    meeting: a decision and its minute can never disagree about interests. ("", "") if none."""
    conflicts, dispensations = [], []
    for d in Declaration.all_objects.filter(item=item).select_related("attendance__councillor"):
        kind = d.get_type_display().lower()
        line = f"{d.attendance.name} declared {_article(kind)} {kind}: {d.nature}".rstrip(".")
        line += "."
        if d.left_room:
            line += " They left the room and took no part in the discussion or vote."
        conflicts.append(line)
        if d.dispensation.strip():
            dispensations.append(
                f"{d.attendance.name} held a dispensation ({d.dispensation.strip()})."
            )
    return "\n".join(conflicts), "\n".join(dispensations)


def _check_no_published_decision(item: AgendaItem) -> None:
    published = (
        Decision.all_objects.filter(agenda_item=item)
        .exclude(status=Decision.Status.RECORDED)
        .first()
    )
    if published is not None:
        raise ValidationError(
            f"The decision '{published.title}' made at this item has been published with the "
            "interests declared: its notice and the minutes would disagree."
        )


def sync_decision_interests(item: AgendaItem, *, by) -> None:
    """Bring the interests of the item's unpublished decisions in line with its declarations."""
    conflicts, dispensations = interests_statement(item)
    for decision in Decision.all_objects.select_for_update().filter(
        agenda_item=item, status=Decision.Status.RECORDED
    ):
        update_audited(
            decision,
            {"conflicts_declared": conflicts, "dispensations": dispensations},
            "meetings.decision.interests",
            by=by,
            note="The declarations at the item changed.",
        )


@transaction.atomic
def declaration_record(
    *,
    item: AgendaItem,
    attendance: Attendance,
    type: str,
    nature: str,
    left_room: bool = False,
    dispensation: str = "",
    by,
    today: date | None = None,
) -> Declaration:
    """Record an interest a member present declared in an item (LGA Model Code of Conduct 2020;
    Localism Act 2011 s31 for disclosable pecuniary interests)."""
    meeting = _locked_meeting(item.meeting)
    check_recordable(meeting, today=today)
    if not nature.strip():
        raise ValidationError({"nature": "Describe the nature of the interest."})
    if item.kind in NO_DECLARATIONS:
        raise ValidationError({"item": "Interests are declared in an item of business."})
    if attendance.meeting_id != meeting.pk:
        raise ValidationError({"attendance": "Choose a member who attended this meeting."})
    if not attendance.is_present:
        raise ValidationError(
            {"attendance": f"{attendance.name} was not present and cannot declare an interest."}
        )
    _check_no_published_decision(item)
    declaration = Declaration(
        item=item,
        attendance=attendance,
        type=type,
        nature=nature.strip(),
        left_room=left_room,
        dispensation=dispensation.strip(),
    )
    declaration = create_audited(
        declaration,
        "meetings.declaration.create",
        by=by,
        fields=["item", "attendance", "type", "nature", "left_room", "dispensation"],
    )
    sync_decision_interests(item, by=by)
    return declaration


@transaction.atomic
def declaration_remove(*, declaration: Declaration, by, today: date | None = None) -> None:
    check_recordable(_locked_meeting(declaration.item.meeting), today=today)
    _check_no_published_decision(declaration.item)
    audit.record("meetings.declaration.delete", declaration, by=by, note=str(declaration))
    declaration.delete()
    sync_decision_interests(declaration.item, by=by)


# --------------------------------------------------------------------------------------------
# Votes
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Electorate:
    """Who may vote on an item, and why everyone else on the sheet may not."""

    eligible: dict[int, str]
    ineligible: dict[int, str]
    chair: Attendance | None


def electorate(item: AgendaItem, attendances: Sequence[Attendance] | None = None) -> Electorate:
    """Voting members present in person, less those barred by an interest declared in the item
    (a disclosable pecuniary interest without a dispensation: Localism Act 2011 s31(4); or they
    left the room)."""
    if attendances is None:
        attendances = list(item.meeting.attendances.select_related("councillor"))
    barred = {
        d.attendance_id: d for d in Declaration.all_objects.filter(item=item) if d.bars_voting
    }
    remote_counts = remote_attendance_counts()
    eligible: dict[int, str] = {}
    ineligible: dict[int, str] = {}
    for a in attendances:
        if not a.is_present:
            ineligible[a.pk] = f"{a.name} was not present"
        elif a.remote and not remote_counts:
            ineligible[a.pk] = f"{a.name} attended remotely"
        elif not a.voting:
            ineligible[a.pk] = f"{a.name} is not a voting member"
        elif a.pk in barred:
            d = barred[a.pk]
            ineligible[a.pk] = (
                f"{a.name} left the room for this item"
                if d.left_room
                else f"{a.name} declared a disclosable pecuniary interest without a dispensation"
            )
        else:
            eligible[a.pk] = a.name
    chair = next((a for a in attendances if a.presiding), None)
    return Electorate(eligible=eligible, ineligible=ineligible, chair=chair)


@transaction.atomic
def vote_record(
    *,
    item: AgendaItem,
    motion: str,
    votes_for: int = 0,
    votes_against: int = 0,
    abstentions: int = 0,
    recorded: bool = False,
    budget_decision: bool = False,
    names: Mapping[Attendance, str] | None = None,
    casting_vote: str = "",
    by,
    today: date | None = None,
) -> Vote:
    """Record a vote on a motion or amendment.

    A show of hands gives the counts. A recorded vote (required by any member immediately after
    the vote: SI 1993/202 Sch 2 para 1; always at a budget decision meeting: SI 2014/165) gives
    each member's choice and the counts follow from the names. The result is worked out by the
    rule of LGA 1972 Sch 12 para 39, with the chair's casting vote on a tie.
    """
    meeting = _locked_meeting(item.meeting)
    check_recordable(meeting, today=today)
    if not motion.strip():
        raise ValidationError({"motion": "Enter the motion or amendment that was put to the vote."})
    voters = electorate(item)
    errors: dict[str, str] = {}
    choices: dict[int, rules.Choice] = {}
    if rules.names_required(recorded_vote_requested=recorded, budget_decision=budget_decision):
        for who, choice in (names or {}).items():
            if choice:
                choices[who.pk] = rules.Choice(choice)
        errors |= rules.check_named_votes(
            choices, eligible=voters.eligible, ineligible=voters.ineligible
        )
        counted = rules.tally(choices)
        votes_for, votes_against, abstentions = (
            counted.votes_for,
            counted.votes_against,
            counted.abstentions,
        )
    else:
        errors |= rules.check_counts(
            votes_for=votes_for,
            votes_against=votes_against,
            abstentions=abstentions,
            eligible_voters=len(voters.eligible),
        )
    casting = rules.Choice(casting_vote) if casting_vote else None
    errors |= rules.check_casting_vote(
        casting_vote=casting,
        votes_for=votes_for,
        votes_against=votes_against,
        chair_present=voters.chair is not None and voters.chair.pk in voters.eligible,
    )
    if errors:
        raise ValidationError(errors)
    result = rules.vote_result(
        votes_for=votes_for, votes_against=votes_against, casting_vote=casting
    )
    vote = Vote(
        item=item,
        motion=motion.strip(),
        votes_for=votes_for,
        votes_against=votes_against,
        abstentions=abstentions,
        recorded=recorded,
        budget_decision=budget_decision,
        casting_vote=casting_vote,
        cast_by=voters.chair if casting else None,
        result=result.value,
    )
    create_audited(
        vote,
        "meetings.vote.create",
        by=by,
        fields=[
            "item",
            "motion",
            "votes_for",
            "votes_against",
            "abstentions",
            "recorded",
            "budget_decision",
            "casting_vote",
            "cast_by",
            "result",
        ],
    )
    records = [
        VoteRecord(vote=vote, attendance_id=pk, choice=choice.value)
        for pk, choice in choices.items()
    ]
    VoteRecord.all_objects.bulk_create(records)
    if records:
        audit.record(
            "meetings.vote.names",
            vote,
            by=by,
            changes={
                "names": [
                    None,
                    sorted(f"{voters.eligible[r.attendance_id]}: {r.choice}" for r in records),
                ]
            },
        )
    return vote


@transaction.atomic
def vote_remove(*, vote: Vote, by, today: date | None = None) -> None:
    check_recordable(_locked_meeting(vote.item.meeting), today=today)
    if Resolution.all_objects.filter(vote=vote).exists():
        raise ValidationError("A resolution follows from this vote: remove the resolution first.")
    audit.record("meetings.vote.delete", vote, by=by, note=str(vote))
    vote.delete()


# --------------------------------------------------------------------------------------------
# Resolutions
# --------------------------------------------------------------------------------------------


def municipal_year_of(meeting: Meeting) -> int:
    if meeting.series_id:
        return meeting.series.municipal_year
    return rules.municipal_year(meeting.date)


@transaction.atomic
def resolution_record(
    *,
    item: AgendaItem,
    text: str,
    vote: Vote | None = None,
    reasons: str = "",
    alternatives_considered: str = "",
    by,
    today: date | None = None,
) -> Resolution:
    """Record what the meeting resolved under an item, with the next minute number of the
    committee's municipal year (see ``Resolution``)."""
    meeting = _locked_meeting(item.meeting)
    check_recordable(meeting, today=today)
    if not text.strip():
        raise ValidationError({"text": "Enter the text of the resolution."})
    if vote is not None:
        if vote.item_id != item.pk:
            raise ValidationError({"vote": "Choose a vote taken on this item."})
        if vote.result != Vote.Result.CARRIED:
            raise ValidationError(
                {"vote": "That motion was lost: a resolution follows a motion carried."}
            )
        if Resolution.all_objects.filter(vote=vote).exists():
            raise ValidationError({"vote": "A resolution has already been recorded for that vote."})
    # Lock the committee so two officers recording at once cannot take the same number.
    committee = Committee.objects.select_for_update().get(pk=meeting.committee_id)
    year = municipal_year_of(meeting)
    last = Resolution.all_objects.filter(committee=committee, municipal_year=year).aggregate(
        last=Max("number")
    )["last"]
    resolution = Resolution(
        item=item,
        committee=committee,
        municipal_year=year,
        number=(last or 0) + 1,
        text=text.strip(),
        reasons=reasons.strip(),
        alternatives_considered=alternatives_considered.strip(),
        vote=vote,
    )
    return create_audited(
        resolution,
        "meetings.resolution.create",
        by=by,
        fields=[
            "item",
            "committee",
            "municipal_year",
            "number",
            "text",
            "reasons",
            "alternatives_considered",
            "vote",
        ],
    )


@transaction.atomic
def resolution_remove(*, resolution: Resolution, by, today: date | None = None) -> None:
    """Remove a resolution recorded in error. Only the latest minute number of the committee's
    year can go, so the numbering never has a gap."""
    check_recordable(_locked_meeting(resolution.item.meeting), today=today)
    Committee.objects.select_for_update().get(pk=resolution.committee_id)
    later = Resolution.all_objects.filter(
        committee=resolution.committee_id,
        municipal_year=resolution.municipal_year,
        number__gt=resolution.number,
    ).exists()
    if later:
        raise ValidationError(
            f"Minute {resolution.reference} has later minute numbers after it: change its text "
            "instead of removing it."
        )
    if Decision.all_objects.filter(resolution=resolution).exists():
        raise ValidationError(
            f"A decision notice was drawn from minute {resolution.reference}: remove or correct "
            "the decision first."
        )
    audit.record("meetings.resolution.delete", resolution, by=by, note=resolution.text)
    resolution.delete()


@transaction.atomic
def resolution_update(
    *, resolution: Resolution, text: str, by, today: date | None = None
) -> Resolution:
    check_recordable(_locked_meeting(resolution.item.meeting), today=today)
    if not text.strip():
        raise ValidationError({"text": "Enter the text of the resolution."})
    return update_audited(resolution, {"text": text.strip()}, "meetings.resolution.update", by=by)


# --------------------------------------------------------------------------------------------
# The meeting was held
# --------------------------------------------------------------------------------------------


@transaction.atomic
def meeting_mark_held(*, meeting: Meeting, by, now: datetime | None = None) -> Meeting:
    """The meeting took place: its agenda can no longer change and its minutes can be drafted.
    Only a meeting whose agenda was published (LGA 1972 s100B) and whose start time has come."""
    meeting = _locked_meeting(meeting)
    now = now or timezone.now()
    if meeting.status == Meeting.Status.HELD:
        raise ValidationError("The meeting is already marked as held.")
    if meeting.status != Meeting.Status.AGENDA_PUBLISHED:
        raise ValidationError(
            f"The meeting is {meeting.get_status_display().lower()}: only a meeting whose agenda "
            "was published can be held."
        )
    if meeting.starts_at > now:
        raise ValidationError(
            f"The meeting starts on {_fmt(meeting.date)}: it can be marked as held once it has "
            "begun."
        )
    return update_audited(meeting, {"status": Meeting.Status.HELD}, "meetings.meeting.held", by=by)
