"""Political balance: how many seats each political group is entitled to on the council's
committees. Pure: numbers in, numbers out (no ORM, no clock, no I/O).

The law
-------
Local Government and Housing Act 1989 s15(5): when seats on a body are allocated to political
groups, the authority must give effect, "so far as reasonably practicable", to four principles,
each subject to those before it:

(a) not all the seats on the body are allocated to the same political group;
(b) if one group is a majority of the authority's membership, it has a majority of the seats
    on the body;
(c) subject to (a) and (b), each group's share of all the seats on the authority's ordinary
    committees (the *aggregate*) is proportional to its share of the authority's membership;
(d) subject to (a) to (c), each group's share of the seats on each body is proportional.

The Local Government (Committees and Political Groups) Regulations 1990 (SI 1990/1553) reg 16:
seats not allocated to groups go to members who are not in a political group ("non-aligned");
the aggregate calculation takes precedence over rounding on each body. Reg 17 lists when the
allocation must be reviewed (for example a change of group membership notified under reg 9),
and s15(1) requires a review at or soon after the annual meeting. LGHA 1989 s17 lets the council
adopt other arrangements for a body if no member votes against; that is recorded separately and
is not computed here.

The algorithm (DOMAIN.md A6)
----------------------------
1. M members; groups g of size n_g; u non-aligned members (M = sum n_g + u).
2. Aggregate: T seats on the ordinary committees. Each group's exact share is n_g x T / M,
   rounded to the nearest whole number; the non-aligned members get what is left (reg 16). With
   no non-aligned members the seats must total T, so groups are rounded by largest remainder
   (which is rounding to nearest, adjusted to the total). A group with a council majority is
   then raised, if need be, to the minimum that gives it a majority on every body (b), and no
   group may be entitled to more seats than (a) leaves it.
3. Each committee: start from the least deviation from the exact shares n_g x s / M (largest
   remainder), within bounds that enforce (a) and (b) and the size of each group.
4. Reconcile: while a group's seats across the committees differ from its aggregate
   entitlement, move a seat from a group that has too many to one that has too few (directly,
   or through a chain of moves that leaves the groups in between unchanged) on the committee
   where the move adds least to the squared deviation from the exact shares, never breaking (a)
   or (b). The aggregate prevails over per-committee rounding (reg 16; South Holland minute).

Exact halves
------------
Whether an exact .5 rounds up or down is not settled by the Act or the regulations, so every
tie is reported as a ``Tie`` needing an officer's decision, and a documented default applies
until one is given:

* aggregate, with non-aligned members: a group whose exact share is k + 1/2 rounds **up**
  (conventional rounding half up), so the half seat goes to the group rather than to the
  non-aligned members;
* aggregate, without non-aligned members: groups with equal remainders compete for the last
  seats; the **larger group** wins, then the name in alphabetical order;
* on a committee, two or more groups with exact shares of k + 1/2: the reconcile decides, and
  between equal moves the committee listed first and the larger group are preferred.

``decisions`` maps a tie's ``key`` to the contenders that get the higher number of seats; it
replaces the default for that tie.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from itertools import combinations, pairwise
from math import floor

NON_ALIGNED = "Non-aligned members"
AGGREGATE = "Aggregate"

PRINCIPLES = {
    "a": "s15(5)(a): not all seats to one group",
    "b": "s15(5)(b): a majority group has a majority",
    "c": "s15(5)(c): aggregate seats in proportion",
    "d": "s15(5)(d): seats on each body in proportion",
    "members": "a group cannot hold more seats on a body than it has members",
}


@dataclass(frozen=True)
class Tie:
    """Seats that could go to any of ``contenders`` with equal justification: an exact half
    (k + 1/2), or equal remainders competing for the last seats. ``seats`` of the contenders get
    the higher number; ``chosen`` are the ones that did, by ``decided`` officer decision or by the
    default rule (``rule``)."""

    scope: str
    contenders: tuple[str, ...]
    exact: tuple[Fraction, ...]
    seats: int
    chosen: tuple[str, ...]
    decided: bool
    rule: str

    @property
    def key(self) -> str:
        return f"{self.scope}: {' / '.join(self.contenders)}"


@dataclass(frozen=True)
class Adjustment:
    """One seat (or ``seats``) moved from ``source`` to ``target`` away from the plain rounding,
    and the principle it served."""

    scope: str
    principle: str
    source: str
    target: str
    seats: int
    reason: str

    @property
    def principle_label(self) -> str:
        return PRINCIPLES[self.principle]


@dataclass(frozen=True)
class BodyAllocation:
    """Seats on one body: exact shares, the first rounding, and the final allocation."""

    name: str
    size: int
    in_aggregate: bool
    exact: dict[str, Fraction]
    provisional: dict[str, int]
    seats: dict[str, int]


@dataclass(frozen=True)
class Balance:
    members: int
    groups: dict[str, int]
    non_aligned: int
    participants: tuple[str, ...]
    majority_group: str | None
    total_seats: int
    aggregate_exact: dict[str, Fraction]
    entitlement: dict[str, int]
    bodies: list[BodyAllocation]
    ties: list[Tie] = field(default_factory=list)
    adjustments: list[Adjustment] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    def body(self, name: str) -> BodyAllocation:
        return next(b for b in self.bodies if b.name == name)

    def totals(self) -> dict[str, int]:
        """Each participant's seats across the bodies in the aggregate."""
        return {
            p: sum(b.seats[p] for b in self.bodies if b.in_aggregate) for p in self.participants
        }


def _order(groups: Mapping[str, int]) -> list[str]:
    """Larger groups first, then by name: the default order for breaking ties."""
    return sorted(groups, key=lambda g: (-groups[g], g))


def _frac(value: Fraction) -> Fraction:
    return value - floor(value)


def _nearest(value: Fraction) -> int:
    """Round to the nearest whole number; an exact half is left to the caller."""
    return floor(value + Fraction(1, 2))


def majority_minimum(size: int) -> int:
    """The fewest seats that are a majority of a body of ``size`` (s15(5)(b))."""
    return size // 2 + 1


def allocate(
    groups: Mapping[str, int],
    non_aligned: int,
    committees: Mapping[str, int],
    *,
    other_bodies: Mapping[str, int] | None = None,
    decisions: Mapping[str, Sequence[str]] | None = None,
    _open_ties_only: bool = True,
) -> Balance:
    """Allocate seats on ``committees`` (name to size: the ordinary committees to which
    political balance applies, aggregated under s15(5)(c)) to ``groups`` (name to number of
    members) and the ``non_aligned`` members (reg 16). ``other_bodies`` (sub-committees, or
    bodies not counted in the aggregate) get principles (a), (b) and (d) only.

    LGHA 1989 s15(5)(a)-(d); SI 1990/1553 reg 16. See the module docstring for the algorithm
    and the treatment of exact halves; ``decisions`` settles ties by ``Tie.key``.
    """
    other_bodies = dict(other_bodies or {})
    decisions = dict(decisions or {})
    groups = {g: n for g, n in groups.items() if n}
    if any(n < 0 for n in groups.values()) or non_aligned < 0:
        raise ValueError("Group sizes and the number of non-aligned members cannot be negative.")
    if NON_ALIGNED in groups:
        raise ValueError(f"No group may be called {NON_ALIGNED!r}.")
    overlap = set(committees) & set(other_bodies)
    if overlap:
        raise ValueError(f"{sorted(overlap)[0]} is listed twice.")
    members = sum(groups.values()) + non_aligned
    if members <= 0:
        raise ValueError("The council has no members.")
    for name, size in {**committees, **other_bodies}.items():
        if size < 1:
            raise ValueError(f"{name} must have at least one seat.")
        if size > members:
            raise ValueError(f"{name} has {size} seats but the council has {members} members.")

    participants = _order(groups) + ([NON_ALIGNED] if non_aligned else [])
    sizes = {**groups, NON_ALIGNED: non_aligned} if non_aligned else dict(groups)
    majority = next((g for g, n in groups.items() if 2 * n > members), None)
    ties: list[Tie] = []
    adjustments: list[Adjustment] = []
    problems: list[str] = []

    bounds = {
        name: _bounds(name, size, participants, sizes, majority, problems)
        for name, size in {**committees, **other_bodies}.items()
    }
    total = sum(committees.values())
    exact_total = {p: Fraction(sizes[p] * total, members) for p in participants}
    entitlement = _aggregate(
        exact_total, groups, non_aligned, total, participants, decisions, ties, adjustments
    )
    if committees:
        _respect_bounds(
            entitlement, exact_total, participants, bounds, committees, majority, adjustments
        )

    bodies = []
    for name, size in {**committees, **other_bodies}.items():
        exact = {p: Fraction(sizes[p] * size, members) for p in participants}
        plain = _fill(
            size, exact, dict.fromkeys(participants, 0), dict.fromkeys(participants, size)
        )
        lo, hi = bounds[name]
        _apply_body_decision(name, exact, lo, hi, decisions, problems)
        seats = _fill(size, exact, lo, hi)
        _explain_bounds(name, plain, seats, majority, sizes, adjustments)
        bodies.append(
            BodyAllocation(
                name=name,
                size=size,
                in_aggregate=name in committees,
                exact=exact,
                provisional=seats.copy(),
                seats=seats,
            )
        )

    in_aggregate = [b for b in bodies if b.in_aggregate]
    _reconcile(in_aggregate, entitlement, participants, bounds, adjustments)
    totals = {p: sum(b.seats[p] for b in in_aggregate) for p in participants}
    for p in participants:
        if committees and totals[p] != entitlement[p]:
            problems.append(
                f"{p} hold {totals[p]} seats across the committees but are entitled to "
                f"{entitlement[p]}: the aggregate cannot be met without breaking principle (a) "
                "or (b)."
            )
    for body in bodies:
        for tie in _body_ties(body, participants, decisions):
            if tie.decided or not _open_ties_only:
                ties.append(tie)
                continue
            # Report a committee's halves only where the seat could lawfully have gone the
            # other way: some other choice still meets the aggregate and every principle.
            for other in combinations(tie.contenders, tie.seats):
                if set(other) == set(tie.chosen):
                    continue
                alternative = allocate(
                    groups,
                    non_aligned,
                    committees,
                    other_bodies=other_bodies,
                    decisions={**decisions, tie.key: other},
                    _open_ties_only=False,
                )
                if alternative.problems == problems and alternative.totals() == totals:
                    ties.append(tie)
                    break

    return Balance(
        members=members,
        groups=dict(groups),
        non_aligned=non_aligned,
        participants=tuple(participants),
        majority_group=majority,
        total_seats=total,
        aggregate_exact=exact_total,
        entitlement=entitlement,
        bodies=bodies,
        ties=ties,
        adjustments=adjustments,
        problems=problems,
    )


# --- Step 2: the aggregate ---------------------------------------------------------------------


def _aggregate(exact, groups, non_aligned, total, participants, decisions, ties, adjustments):
    """Each group's aggregate entitlement (s15(5)(c)); the non-aligned get the rest (reg 16)."""
    order = _order(groups)
    entitlement = {g: floor(exact[g]) for g in order}
    if non_aligned:
        for g in order:
            if _frac(exact[g]) > Fraction(1, 2):
                entitlement[g] += 1
            elif _frac(exact[g]) == Fraction(1, 2):
                tie = Tie(
                    scope=AGGREGATE,
                    contenders=(g, NON_ALIGNED),
                    exact=(exact[g], exact[NON_ALIGNED]),
                    seats=1,
                    chosen=(g,),
                    decided=False,
                    rule=f"An exact half rounds up: the seat goes to {g}, not to the non-aligned "
                    "members.",
                )
                tie = _decide(tie, decisions)
                ties.append(tie)
                if g in tie.chosen:
                    entitlement[g] += 1
        entitlement[NON_ALIGNED] = total - sum(entitlement.values())
        # Rounding up can, rarely, claim more seats than there are: take them back from the
        # groups that were rounded up furthest.
        while entitlement[NON_ALIGNED] < 0:
            g = max(order, key=lambda g: (entitlement[g] - exact[g], -order.index(g)))
            entitlement[g] -= 1
            entitlement[NON_ALIGNED] += 1
            adjustments.append(
                Adjustment(
                    AGGREGATE,
                    "c",
                    g,
                    NON_ALIGNED,
                    1,
                    "Rounding every group to the nearest whole number gave out more seats than "
                    "the committees have; the group rounded up furthest gives one back.",
                )
            )
        return entitlement

    spare = total - sum(entitlement.values())
    ranked = sorted(order, key=lambda g: (-_frac(exact[g]), order.index(g)))
    if spare:
        cutoff = _frac(exact[ranked[spare - 1]])
        above = [g for g in ranked if _frac(exact[g]) > cutoff]
        level = [g for g in ranked if _frac(exact[g]) == cutoff]
        winners = tuple(level[: spare - len(above)])
        if len(level) > spare - len(above):
            tie = _decide(
                Tie(
                    scope=AGGREGATE,
                    contenders=tuple(level),
                    exact=tuple(exact[g] for g in level),
                    seats=spare - len(above),
                    chosen=winners,
                    decided=False,
                    rule="Equal remainders: the larger group gets the seat, then the name in "
                    "alphabetical order.",
                ),
                decisions,
            )
            ties.append(tie)
            winners = tie.chosen
        for g in [*above, *winners]:
            entitlement[g] += 1
    return entitlement


def _decide(tie: Tie, decisions: Mapping[str, Sequence[str]]) -> Tie:
    chosen = decisions.get(tie.key)
    if chosen is None:
        return tie
    chosen = tuple(chosen)
    if len(chosen) != tie.seats or not set(chosen) <= set(tie.contenders):
        raise ValueError(
            f"The decision on {tie.key} must choose {tie.seats} of: {', '.join(tie.contenders)}."
        )
    ordered = tuple(c for c in tie.contenders if c in chosen)
    return Tie(tie.scope, tie.contenders, tie.exact, tie.seats, ordered, True, tie.rule)


def _respect_bounds(entitlement, exact, participants, bounds, committees, majority, adjustments):
    """Raise the majority group to a majority on every committee (b) and cap every group at
    what (a) and its size allow, moving seats from or to whoever is furthest from exact."""
    low = {p: sum(bounds[c][0][p] for c in committees) for p in participants}
    high = {p: sum(bounds[c][1][p] for c in committees) for p in participants}
    for p in participants:
        while entitlement[p] < low[p]:
            donors = [q for q in participants if q != p and entitlement[q] > low[q]]
            if not donors:
                break
            q = max(donors, key=lambda q: (entitlement[q] - exact[q], -participants.index(q)))
            entitlement[q] -= 1
            entitlement[p] += 1
            adjustments.append(
                Adjustment(
                    AGGREGATE,
                    "b" if p == majority else "a",
                    q,
                    p,
                    1,
                    f"{p} need {low[p]} seats in all to hold a majority on every committee."
                    if p == majority
                    else f"{p} need {low[p]} seats so that every committee can be filled without "
                    "giving all its seats to one group.",
                )
            )
        while entitlement[p] > high[p]:
            takers = [q for q in participants if q != p and entitlement[q] < high[q]]
            if not takers:
                break
            q = min(takers, key=lambda q: (entitlement[q] - exact[q], participants.index(q)))
            entitlement[p] -= 1
            entitlement[q] += 1
            adjustments.append(
                Adjustment(
                    AGGREGATE,
                    "members" if p == NON_ALIGNED else "a",
                    p,
                    q,
                    1,
                    f"{p} can hold at most {high[p]} seats in all without taking every seat on "
                    "a committee or more seats than they have members.",
                )
            )


# --- Step 3: each committee --------------------------------------------------------------------


def _bounds(name, size, participants, sizes, majority, problems):
    """The fewest and most seats each participant may hold on a body of ``size``."""
    lo = dict.fromkeys(participants, 0)
    hi = {p: min(size, sizes[p]) for p in participants}
    if size >= 2:
        for p in participants:
            if p != NON_ALIGNED:  # (a) is about political groups
                hi[p] = min(hi[p], size - 1)
        if sum(hi.values()) < size:
            problems.append(
                f"Principle (a) cannot be met on {name}: there are not enough members outside "
                "one group to fill its seats."
            )
            hi = {p: min(size, sizes[p]) for p in participants}
    else:
        problems.append(f"Principle (a) cannot be met on {name}: it has a single seat.")
    if majority is not None:
        wanted = majority_minimum(size)
        if wanted > hi[majority]:
            problems.append(
                f"Principle (b) cannot be met on {name} without breaking principle (a): a "
                f"majority of {size} seats is all of them."
            )
            wanted = hi[majority]
        lo[majority] = wanted
    # What the others can hold or must hold narrows each participant's range further (a group
    # must take the seats nobody else may fill).
    changed = True
    while changed:
        changed = False
        for p in participants:
            others_hi = sum(hi[q] for q in participants if q != p)
            others_lo = sum(lo[q] for q in participants if q != p)
            new_lo, new_hi = max(lo[p], size - others_hi), min(hi[p], size - others_lo)
            if new_lo <= new_hi and (new_lo, new_hi) != (lo[p], hi[p]):
                lo[p], hi[p], changed = new_lo, new_hi, True
    return lo, hi


def _apply_body_decision(name, exact, lo, hi, decisions, problems):
    """An officer's decision on a committee's halves fixes who rounds up and who down."""
    half = tuple(p for p in exact if _frac(exact[p]) == Fraction(1, 2))
    if len(half) < 2:
        return
    chosen = decisions.get(f"{name}: {' / '.join(half)}")
    if chosen is None:
        return
    if not set(chosen) <= set(half):
        raise ValueError(f"The decision on {name} must choose from: {', '.join(half)}.")
    for p in half:
        want = floor(exact[p]) + (1 if p in chosen else 0)
        if not lo[p] <= want <= hi[p]:
            problems.append(
                f"The decision on {name} cannot be followed for {p} without breaking principle "
                "(a) or (b)."
            )
            continue
        lo[p] = hi[p] = want


def _fill(size, exact, lo, hi):
    """Seats from ``lo`` up to ``size``, one at a time, each to the participant whose share it
    brings closest to exact (least squared deviation; larger group first on equal terms).
    Without bounds this is the largest remainder method."""
    seats = dict(lo)
    order = list(exact)
    while sum(seats.values()) < size:
        open_ = [p for p in order if seats[p] < hi[p]]
        if not open_:
            break
        p = min(open_, key=lambda p: (seats[p] - exact[p], order.index(p)))
        seats[p] += 1
    return seats


def _explain_bounds(name, plain, seats, majority, sizes, adjustments):
    """Record each seat the bounds moved away from plain rounding, with its principle."""
    gained = [p for p in seats for _ in range(seats[p] - plain[p]) if seats[p] > plain[p]]
    lost = [p for p in seats for _ in range(plain[p] - seats[p]) if plain[p] > seats[p]]
    for source, target in zip(lost, gained, strict=False):
        if target == majority and source != majority:
            principle, reason = "b", f"{target} need a majority of the {sum(seats.values())} seats."
        elif plain[source] > sizes[source]:
            principle, reason = "members", f"{source} have only {sizes[source]} members."
        else:
            principle, reason = "a", f"Not every seat on {name} may go to {source}."
        adjustments.append(Adjustment(name, principle, source, target, 1, reason))


# --- Step 4: reconcile -------------------------------------------------------------------------


def _move_cost(seats: int, exact: Fraction, step: int) -> Fraction:
    """Change in squared deviation from ``exact`` when ``seats`` changes by ``step``."""
    return (seats + step - exact) ** 2 - (seats - exact) ** 2


def _reconcile(bodies, entitlement, participants, bounds, adjustments):
    """Move seats between groups until each group's total equals its aggregate entitlement
    (the aggregate prevails: reg 16), each time along the cheapest chain of moves."""
    index = {p: i for i, p in enumerate(participants)}
    for _ in range(sum(b.size for b in bodies) + 1):
        totals = {p: sum(b.seats[p] for b in bodies) for p in participants}
        surplus = [p for p in participants if totals[p] > entitlement[p]]
        deficit = {p for p in participants if totals[p] < entitlement[p]}
        if not surplus or not deficit:
            return
        path = _cheapest_path(bodies, participants, bounds, surplus, deficit, index)
        if path is None:
            return
        for source, target, body in path:
            body.seats[source] -= 1
            body.seats[target] += 1
        first, last = path[0][0], path[-1][1]
        for source, target, body in path:
            adjustments.append(
                Adjustment(
                    body.name,
                    "c",
                    source,
                    target,
                    1,
                    f"{first} had more seats in all than their aggregate entitlement and {last} "
                    f"fewer; this move on {body.name} departs least from exact shares (d).",
                )
            )


def _cheapest_path(bodies, participants, bounds, surplus, deficit, index):
    """Bellman-Ford over the participants: an edge p -> q is the cheapest single move of a seat
    from p to q on one body within its bounds. Returns [(source, target, body), ...]."""
    edges = {}
    for p in participants:
        for q in participants:
            if p == q:
                continue
            best = None
            for body in bodies:
                lo, hi = bounds[body.name]
                if body.seats[p] > lo[p] and body.seats[q] < hi[q]:
                    cost = _move_cost(body.seats[p], body.exact[p], -1) + _move_cost(
                        body.seats[q], body.exact[q], +1
                    )
                    if best is None or cost < best[0]:
                        best = (cost, body)
            if best is not None:
                edges[p, q] = best
    distance: dict[str, Fraction] = {p: Fraction(0) for p in surplus}
    previous: dict[str, str] = {}
    for _ in range(len(participants)):
        changed = False
        for (p, q), (cost, _body) in edges.items():
            if p in distance and q not in surplus:
                candidate = distance[p] + cost
                if q not in distance or candidate < distance[q]:
                    distance[q] = candidate
                    previous[q] = p
                    changed = True
        if not changed:
            break
    reachable = [q for q in deficit if q in distance and q in previous]
    if not reachable:
        return None
    target = min(reachable, key=lambda q: (distance[q], index[q]))
    chain = [target]
    while chain[-1] in previous and chain[-1] not in surplus and len(chain) <= len(participants):
        chain.append(previous[chain[-1]])
    if chain[-1] not in surplus or len(set(chain)) != len(chain):
        return None
    chain.reverse()
    return [(p, q, edges[p, q][1]) for p, q in pairwise(chain)]


# --- Ties on each body -------------------------------------------------------------------------


def _body_ties(body, participants, decisions):
    """Two or more exact halves on one body, some rounded up and some down."""
    half = tuple(p for p in participants if _frac(body.exact[p]) == Fraction(1, 2))
    if len(half) < 2:
        return []
    up = tuple(p for p in half if body.seats[p] == floor(body.exact[p]) + 1)
    down = [p for p in half if body.seats[p] == floor(body.exact[p])]
    if not up or not down:
        return []
    tie = Tie(
        scope=body.name,
        contenders=half,
        exact=tuple(body.exact[p] for p in half),
        seats=len(up),
        chosen=up,
        decided=False,
        rule="The aggregate decides; between equal choices the larger group gets the seat.",
    )
    if tie.key in decisions and set(decisions[tie.key]) == set(up):
        tie = Tie(tie.scope, half, tie.exact, tie.seats, up, True, tie.rule)
    return [tie]
