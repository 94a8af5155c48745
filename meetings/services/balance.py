"""Political balance on a date: the groups and their sizes, each group's entitlement against the
seats its members actually hold, the breaches, the s17 variations in force and whether a review
is due. Writes: recording a review and recording an s17 variation (atomic, validated, audited).

The arithmetic is ``meetings.rules.balance`` (LGHA 1989 s15(5); SI 1990/1553 reg 16); this module
only gathers the numbers from the database, in a fixed number of queries whatever the size of
the council.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from fractions import Fraction

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import OuterRef, Q, Subquery
from django.db.models.functions import Coalesce, Greatest

from democracy import audit
from democracy.services import create_audited
from democracy.validity import in_force_on
from meetings.models import BalanceReview, BalanceVariation, Committee, CommitteeMembership
from meetings.rules import balance as rules
from members.models import Councillor, GroupMembership, PoliticalGroup, Term

VOTING_ROLES = (
    CommitteeMembership.Role.CHAIR,
    CommitteeMembership.Role.VICE_CHAIR,
    CommitteeMembership.Role.MEMBER,
)
NON_ALIGNED_KEY = "non_aligned"
CHANGES_SHOWN = 10


def participant_key(group: PoliticalGroup | None) -> str:
    """How a group (or the non-aligned members, ``None``) is named in stored allocations."""
    return f"group:{group.pk}" if group is not None else NON_ALIGNED_KEY


# --- The position on a date --------------------------------------------------------------------


@dataclass(frozen=True)
class Participant:
    key: str
    name: str
    members: int
    colour: str = ""


@dataclass
class Row:
    """One participant on one committee (or in the aggregate)."""

    participant: Participant
    exact: Fraction | None
    entitled: int
    appointed: int

    @property
    def difference(self) -> int:
        return self.appointed - self.entitled

    @property
    def status(self) -> str:
        n = abs(self.difference)
        seats = f"{n} seat{'s' if n != 1 else ''}"
        if self.difference > 0:
            return f"{seats} more than entitled"
        if self.difference < 0:
            return f"{seats} fewer than entitled"
        return "As entitled"

    @property
    def breach(self) -> bool:
        return self.difference != 0


@dataclass
class CommitteePosition:
    committee: Committee
    rows: list[Row]
    in_aggregate: bool
    variation: BalanceVariation | None = None
    vacancies: int = 0
    not_in_office: int = 0
    breaches: list[str] = field(default_factory=list)

    @property
    def entitled_from(self) -> str:
        if self.variation:
            return f"the s17 variation of {self.variation.resolved_on:%-d %B %Y}"
        return "s15" if self.in_aggregate else "s15 (not counted in the aggregate)"


@dataclass(frozen=True)
class Change:
    """A change since the last review that alters group sizes (a reg 17 trigger)."""

    on: date
    text: str


@dataclass
class BalancePosition:
    on: date
    participants: list[Participant]
    balance: rules.Balance | None
    committees: list[CommitteePosition]
    aggregate: list[Row]
    variations: list[BalanceVariation]
    last_review: BalanceReview | None
    changes: list[Change]
    more_changes: bool
    decisions: dict[str, list[str]]
    error: str = ""

    @property
    def members(self) -> int:
        return sum(p.members for p in self.participants)

    @property
    def ties(self) -> list[rules.Tie]:
        return self.balance.ties if self.balance else []

    @property
    def undecided_ties(self) -> list[rules.Tie]:
        return [t for t in self.ties if not t.decided]

    @property
    def problems(self) -> list[str]:
        return self.balance.problems if self.balance else []

    @property
    def breaches(self) -> list[str]:
        return [f"{c.committee.name}: {b}" for c in self.committees for b in c.breaches]

    @property
    def review_due(self) -> bool:
        return self.last_review is None or bool(self.changes)

    def snapshot(self) -> dict:
        """The position as JSON, kept on a review."""

        def rows(rows: Iterable[Row]) -> dict:
            return {
                r.participant.name: {
                    "members": r.participant.members,
                    "exact": None if r.exact is None else f"{float(r.exact):.2f}",
                    "entitled": r.entitled,
                    "appointed": r.appointed,
                }
                for r in rows
            }

        return {
            "on": self.on.isoformat(),
            "members": self.members,
            "aggregate": rows(self.aggregate),
            "committees": {
                c.committee.name: {
                    "size": c.committee.size,
                    "entitled_from": c.entitled_from,
                    "seats": rows(c.rows),
                    "breaches": c.breaches,
                }
                for c in self.committees
            },
            "ties": [
                {"key": t.key, "chosen": list(t.chosen), "decided": t.decided} for t in self.ties
            ],
            "problems": self.problems,
        }


def _groups_on(on: date) -> tuple[list[Participant], dict[int, str], dict[str, Participant]]:
    """Serving councillors by group on ``on``: the participants (largest group first, the
    non-aligned last), each councillor's participant key, and the participants by key."""
    group = GroupMembership.objects.filter(in_force_on(on), councillor=OuterRef("pk"))
    rows = (
        Councillor.all_objects.serving(on)
        .annotate(group_id=Subquery(group.values("group_id")[:1]))
        .values_list("pk", "group_id")
    )
    of_councillor = {pk: (f"group:{gid}" if gid else NON_ALIGNED_KEY) for pk, gid in rows}
    counts = Counter(of_councillor.values())
    ids = [int(k.split(":")[1]) for k in counts if k != NON_ALIGNED_KEY]
    groups = PoliticalGroup.objects.filter(pk__in=ids).only("name", "colour")
    participants = [
        Participant(f"group:{g.pk}", g.name, counts[f"group:{g.pk}"], g.colour) for g in groups
    ]
    participants.sort(key=lambda p: (-p.members, p.name))
    if counts[NON_ALIGNED_KEY]:
        participants.append(
            Participant(NON_ALIGNED_KEY, rules.NON_ALIGNED, counts[NON_ALIGNED_KEY])
        )
    return participants, of_councillor, {p.key: p for p in participants}


def _changes_since(since: date, on: date) -> tuple[list[Change], bool]:
    """Joining or leaving a group, taking or leaving office, after ``since`` up to ``on``."""
    window = Q(start_date__gt=since, start_date__lte=on) | Q(end_date__gt=since, end_date__lte=on)
    latest = Greatest("start_date", Coalesce("end_date", "start_date"))
    changes = []
    memberships = (
        GroupMembership.objects.filter(window)
        .select_related("councillor", "group")
        .order_by(latest.desc(), "pk")
    )
    for m in memberships[: CHANGES_SHOWN + 1]:
        if since < m.start_date <= on:
            changes.append(Change(m.start_date, f"{m.councillor.full_name} joined {m.group}"))
        if m.end_date and since < m.end_date <= on:
            changes.append(Change(m.end_date, f"{m.councillor.full_name} left {m.group}"))
    terms = Term.objects.filter(window).select_related("councillor").order_by(latest.desc(), "pk")
    for t in terms[: CHANGES_SHOWN + 1]:
        if since < t.start_date <= on:
            changes.append(Change(t.start_date, f"{t.councillor.full_name} took office"))
        if t.end_date and since < t.end_date <= on:
            changes.append(Change(t.end_date, f"{t.councillor.full_name} left office"))
    changes.sort(key=lambda c: (c.on, c.text), reverse=True)
    return changes[:CHANGES_SHOWN], len(changes) > CHANGES_SHOWN


def balance_position(
    on: date, *, decisions: Mapping[str, Sequence[str]] | None = None
) -> BalancePosition:
    """Political balance as it stands on ``on``: entitlement (s15, or an s17 variation in force)
    against the seats held by each group's members, and the breaches.

    ``decisions`` settles exact halves (``rules.Tie.key`` to the contenders given the higher
    number); by default the latest review's decisions apply where the same tie arises again.
    Breaches: a group holding more or fewer seats than entitled; all seats held by one group
    (s15(5)(a)); a majority group without a majority (s15(5)(b)).
    """
    participants, of_councillor, by_key = _groups_on(on)
    last_review = (
        BalanceReview.objects.filter(reviewed_on__lte=on).select_related("reviewed_by").first()
    )
    if decisions is None:
        decisions = last_review.tie_decisions if last_review else {}
    committees = list(
        Committee.objects.active(on)
        .filter(political_balance_applies=True, established_on__lte=on)
        .order_by("name")
    )
    variations = list(BalanceVariation.objects.in_force(on).prefetch_related("committees"))
    varied = {c.pk: v for v in variations for c in v.committees.all()}
    held: dict[int, Counter] = {c.pk: Counter() for c in committees}
    for committee_id, councillor_id in CommitteeMembership.objects.filter(
        in_force_on(on),
        committee__in=committees,
        role__in=VOTING_ROLES,
        councillor__isnull=False,
    ).values_list("committee_id", "councillor_id"):
        held[committee_id][of_councillor.get(councillor_id, "not_in_office")] += 1

    computed = [c for c in committees if c.pk not in varied]
    balance, error = None, ""
    names = {p.name: p for p in participants}
    if computed and participants:
        groups = {p.name: p.members for p in participants if p.key != NON_ALIGNED_KEY}
        non_aligned = by_key[NON_ALIGNED_KEY].members if NON_ALIGNED_KEY in by_key else 0
        kwargs = {
            "committees": {c.name: c.size for c in computed if c.parent_id is None},
            "other_bodies": {c.name: c.size for c in computed if c.parent_id is not None},
        }
        try:
            balance = rules.allocate(groups, non_aligned, decisions=decisions, **kwargs)
        except ValueError:
            # A stale decision (the tie has changed shape): fall back to the default rules.
            try:
                balance = rules.allocate(groups, non_aligned, **kwargs)
            except ValueError as impossible:
                error = str(impossible)

    majority = balance.majority_group if balance else None
    positions = []
    for committee in committees:
        counts = held[committee.pk]
        variation = varied.get(committee.pk)
        if variation is not None:
            agreed = variation.allocation.get(str(committee.pk), {})
            keys = [p.key for p in participants] + [k for k in agreed if k not in by_key]
            rows = [
                Row(
                    by_key.get(k) or Participant(k, "A group no longer constituted", 0),
                    None,
                    int(agreed.get(k, 0)),
                    counts[k],
                )
                for k in keys
            ]
            in_aggregate = False
        elif balance is None:
            rows, in_aggregate = [], committee.parent_id is None
        else:
            body = balance.body(committee.name)
            rows = [
                Row(names[n], body.exact[n], body.seats[n], counts[names[n].key])
                for n in balance.participants
            ]
            in_aggregate = body.in_aggregate
        position = CommitteePosition(
            committee=committee,
            rows=rows,
            in_aggregate=in_aggregate,
            variation=variation,
            vacancies=max(committee.size - sum(counts.values()), 0),
            not_in_office=counts["not_in_office"],
        )
        _find_breaches(position, majority, names)
        positions.append(position)

    aggregate = []
    if balance:
        in_aggregate = [c for c in positions if c.in_aggregate]
        aggregate = [
            Row(
                names[n],
                balance.aggregate_exact[n],
                balance.entitlement[n],
                sum(held[c.committee.pk][names[n].key] for c in in_aggregate),
            )
            for n in balance.participants
        ]

    changes, more = ([], False)
    if last_review is not None:
        changes, more = _changes_since(last_review.reviewed_on, on)
    return BalancePosition(
        on=on,
        participants=participants,
        balance=balance,
        committees=positions,
        aggregate=aggregate,
        variations=variations,
        last_review=last_review,
        changes=changes,
        more_changes=more,
        decisions=dict(decisions),
        error=error,
    )


def _find_breaches(position: CommitteePosition, majority: str | None, names) -> None:
    size = position.committee.size
    for row in position.rows:
        if row.breach:
            position.breaches.append(f"{row.participant.name} hold {row.status}")
    if position.not_in_office:
        position.breaches.append(
            f"{position.not_in_office} seat(s) held by people no longer in office"
        )
    if position.variation is not None:
        return  # s17: the council agreed to depart from s15 for this body
    holders = [r for r in position.rows if r.appointed and r.participant.key != NON_ALIGNED_KEY]
    filled = sum(r.appointed for r in position.rows)
    if size >= 2 and len(holders) == 1 and holders[0].appointed == filled and filled >= 2:
        position.breaches.append(
            f"Principle (a): every seat filled is held by {holders[0].participant.name}"
        )
    if majority is not None:
        held = next((r.appointed for r in position.rows if r.participant.name == majority), 0)
        if 2 * held <= size:
            position.breaches.append(
                f"Principle (b): {majority} have a majority of the council but hold {held} of "
                f"{size} seats"
            )


# --- Writes ------------------------------------------------------------------------------------


def _check_decisions(position: BalancePosition, decisions: Mapping[str, Sequence[str]]) -> None:
    ties = {t.key: t for t in position.ties}
    for key, chosen in decisions.items():
        tie = ties.get(key)
        if tie is None:
            raise ValidationError({"tie_decisions": f"There is no tie to decide for {key}."})
        if len(chosen) != tie.seats or not set(chosen) <= set(tie.contenders):
            raise ValidationError(
                {"tie_decisions": f"For {key}, choose {tie.seats} of: {', '.join(tie.contenders)}."}
            )


@transaction.atomic
def balance_review_record(
    *,
    reviewed_on: date,
    reason: str,
    note: str = "",
    tie_decisions: Mapping[str, Sequence[str]] | None = None,
    by,
) -> BalanceReview:
    """Record a review of political balance as at ``reviewed_on`` (LGHA 1989 s15(1); SI 1990/1553
    reg 17), keeping the computed position and the officer's decisions on exact halves.

    Every tie left undecided takes the documented default, and the review records that choice
    as the decision, so the position after the review shows no open ties.
    """
    decisions = {k: list(v) for k, v in (tie_decisions or {}).items()}
    if decisions:
        _check_decisions(balance_position(reviewed_on, decisions={}), decisions)
    position = balance_position(reviewed_on, decisions=decisions)
    for tie in position.ties:
        decisions.setdefault(tie.key, list(tie.chosen))
    review = BalanceReview(
        reviewed_on=reviewed_on,
        reason=reason,
        note=note,
        snapshot=position.snapshot(),
        tie_decisions=decisions,
        reviewed_by=by if getattr(by, "is_authenticated", False) else None,
    )
    return create_audited(
        review,
        "meetings.balance_review.record",
        by=by,
        fields=["reviewed_on", "reason", "note", "tie_decisions"],
    )


@transaction.atomic
def balance_variation_record(
    *,
    committees: Sequence[Committee],
    resolved_on: date,
    description: str,
    allocation: Mapping[Committee | int, Mapping[str, int]],
    votes_against: int,
    minute_reference: str = "",
    meeting=None,
    ends_on: date | None = None,
    by,
) -> BalanceVariation:
    """Record arrangements the council adopted under LGHA 1989 s17(1) for ``committees``.

    Refused unless ``votes_against`` is zero: a variation is lawful only if no member voted
    against it. ``allocation`` gives the agreed seats on each committee by participant key
    (``"group:<id>"`` or ``"non_aligned"``) and must fill each committee exactly.
    """
    if votes_against != 0:
        raise ValidationError(
            {
                "votes_against": "LGHA 1989 s17(1): other arrangements may be adopted only if no "
                f"member votes against; {votes_against} voted against, so the allocation under "
                "s15 stands."
            }
        )
    committees = list(committees)
    if not committees:
        raise ValidationError({"committees": "Choose the committees the variation applies to."})
    agreed = {(k.pk if isinstance(k, Committee) else int(k)): v for k, v in allocation.items()}
    valid_groups = {f"group:{pk}" for pk in PoliticalGroup.objects.values_list("pk", flat=True)} | {
        NON_ALIGNED_KEY
    }
    stored: dict[str, dict[str, int]] = {}
    for committee in committees:
        seats = agreed.get(committee.pk)
        if not seats:
            raise ValidationError({"allocation": f"Give the agreed seats on {committee.name}."})
        unknown = set(seats) - valid_groups
        if unknown:
            raise ValidationError(
                {"allocation": f"{committee.name}: {sorted(unknown)[0]} is not a political group."}
            )
        if any(not isinstance(n, int) or n < 0 for n in seats.values()):
            raise ValidationError(
                {"allocation": f"{committee.name}: seats must be whole numbers, 0 or more."}
            )
        if sum(seats.values()) != committee.size:
            raise ValidationError(
                {
                    "allocation": f"{committee.name} has {committee.size} seats; the agreed "
                    f"allocation gives {sum(seats.values())}."
                }
            )
        stored[str(committee.pk)] = {k: n for k, n in seats.items() if n}
    variation = BalanceVariation(
        resolved_on=resolved_on,
        meeting=meeting,
        minute_reference=minute_reference,
        description=description,
        allocation=stored,
        votes_against=votes_against,
        ends_on=ends_on,
        recorded_by=by if getattr(by, "is_authenticated", False) else None,
    )
    variation.full_clean()
    variation.save(force_insert=True)
    variation.committees.set(committees)
    after = audit.snapshot(
        variation,
        ["committees", "resolved_on", "minute_reference", "description", "allocation"],
    )
    audit.record(
        "meetings.balance_variation.record",
        variation,
        by=by,
        changes=audit.diff(dict.fromkeys(after), after),
    )
    return variation
