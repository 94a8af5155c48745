"""Political balance (LGHA 1989 s15(5); SI 1990/1553 regs 16-17), pinned to the worked example
in DOMAIN.md A6, the Brighton & Hove composition of October 2024, the demo council, and
properties that must hold for any council. Pure: no database."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from meetings.rules.balance import AGGREGATE, NON_ALIGNED, allocate, majority_minimum

WORKED = {"A": 28, "B": 15, "C": 8}
WORKED_COMMITTEES = {"Planning": 11, "Licensing": 15, "Scrutiny": 9, "Audit": 7}


def seats(balance, body):
    return tuple(balance.body(body).seats[p] for p in balance.participants)


def two_places(fraction: Fraction) -> float:
    return round(float(fraction), 2)


# --- The worked example (DOMAIN.md A6) ---------------------------------------------------------


def test_worked_example_aggregate_entitlement():
    # 51 members: A 28, B 15, C 8; 42 seats. A 28/51 x 42 = 23.06 -> 23; B 12.35 -> 12;
    # C 6.59 -> 7 (sum 42).
    balance = allocate(WORKED, 0, WORKED_COMMITTEES)
    assert balance.members == 51
    assert balance.total_seats == 42
    assert balance.majority_group == "A"
    assert {g: two_places(x) for g, x in balance.aggregate_exact.items()} == {
        "A": 23.06,
        "B": 12.35,
        "C": 6.59,
    }
    assert balance.entitlement == {"A": 23, "B": 12, "C": 7}


def test_worked_example_per_committee_exact_shares():
    balance = allocate(WORKED, 0, WORKED_COMMITTEES)
    exact = {
        b.name: tuple(two_places(balance.body(b.name).exact[g]) for g in "ABC")
        for b in balance.bodies
    }
    assert exact == {
        "Planning": (6.04, 3.24, 1.73),
        "Licensing": (8.24, 4.41, 2.35),
        "Scrutiny": (4.94, 2.65, 1.41),
        "Audit": (3.84, 2.06, 1.10),
    }


def test_worked_example_reconciles_one_licensing_seat_from_b_to_c():
    # Provisional: Licensing 8/4/2 + 1 spare by largest remainder (B) -> 8/5/2; totals A 23,
    # B 13, C 6. The cheapest move is one Licensing seat from B to C -> 8/4/3.
    balance = allocate(WORKED, 0, WORKED_COMMITTEES)
    assert balance.body("Licensing").provisional == {"A": 8, "B": 5, "C": 2}
    assert seats(balance, "Planning") == (6, 3, 2)
    assert seats(balance, "Licensing") == (8, 4, 3)
    assert seats(balance, "Scrutiny") == (5, 3, 1)
    assert seats(balance, "Audit") == (4, 2, 1)
    assert balance.totals() == {"A": 23, "B": 12, "C": 7}
    [move] = balance.adjustments
    assert (move.scope, move.principle, move.source, move.target) == ("Licensing", "c", "B", "C")
    assert "aggregate" in move.principle_label
    assert balance.ties == []
    assert balance.problems == []


def test_worked_example_majority_group_has_a_majority_everywhere():
    # (b): A has 28 of 51, so a majority on each body: 6/11, 8/15, 5/9, 4/7.
    balance = allocate(WORKED, 0, WORKED_COMMITTEES)
    for body in balance.bodies:
        assert body.seats["A"] >= majority_minimum(body.size)


# --- Brighton & Hove, October 2024 (reg 16: non-aligned members) -------------------------------

# Brighton & Hove City Council "Review of Political Balance 2024/25" (24 Oct 2024): Labour 37,
# Green 8, Conservative 5, Brighton & Hove Independent Group 2, and 2 non-aligned Independents:
# 54 members. The committee sizes are ours, chosen to look like a unitary's ordinary committees
# (64 seats); the real report's sizes are not reproduced here.
BRIGHTON = {"Labour": 37, "Green": 8, "Conservative": 5, "B&H Independent Group": 2}
BRIGHTON_COMMITTEES = {
    "Planning": 12,
    "Licensing": 15,
    "Audit and Standards": 10,
    "People Overview and Scrutiny": 10,
    "Place Overview and Scrutiny": 10,
    "Corporate Parenting": 7,
}


def test_brighton_and_hove_reg_16_non_aligned_members_get_the_seats_left_over():
    balance = allocate(BRIGHTON, 2, BRIGHTON_COMMITTEES)
    assert balance.members == 54 and balance.total_seats == 64
    # Labour 37/54 x 64 = 43.85 -> 44; Green 9.48 -> 9; Conservative 5.93 -> 6; B&H Independent
    # Group 2.37 -> 2; the non-aligned get the 3 seats not allocated to groups (exactly 2.37).
    assert {p: two_places(x) for p, x in balance.aggregate_exact.items()} == {
        "Labour": 43.85,
        "Green": 9.48,
        "Conservative": 5.93,
        "B&H Independent Group": 2.37,
        NON_ALIGNED: 2.37,
    }
    assert balance.entitlement == {
        "Labour": 44,
        "Green": 9,
        "Conservative": 6,
        "B&H Independent Group": 2,
        NON_ALIGNED: 3,
    }
    assert balance.totals() == balance.entitlement
    assert balance.problems == [] and balance.ties == []


def test_brighton_and_hove_labour_majority_on_every_committee():
    # (b): Labour hold 37 of 54 seats, a majority, so a majority on each committee.
    balance = allocate(BRIGHTON, 2, BRIGHTON_COMMITTEES)
    assert balance.majority_group == "Labour"
    assert {b.name: b.seats["Labour"] for b in balance.bodies} == {
        "Planning": 8,
        "Licensing": 10,
        "Audit and Standards": 7,
        "People Overview and Scrutiny": 7,
        "Place Overview and Scrutiny": 7,
        "Corporate Parenting": 5,
    }
    for body in balance.bodies:
        assert sum(body.seats.values()) == body.size
        assert 2 * body.seats["Labour"] > body.size


# --- Kingsmere, the demo council ---------------------------------------------------------------


def test_kingsmere_demo_council_with_no_majority_group():
    # The demo council at the annual meeting of 19 May 2026: Con 20, Lab 13, LD 8, Green 4 and
    # 3 independents (48). 56 seats: Con 23.33 -> 23, Lab 15.17 -> 15, LD 9.33 -> 9,
    # Green 4.67 -> 5; the independents get the 4 left over (exactly 3.5).
    balance = allocate(
        {"Con": 20, "Lab": 13, "LD": 8, "Green": 4},
        3,
        {"Planning": 13, "Licensing": 15, "O&S": 12, "Audit": 9, "Standards": 7},
    )
    assert balance.majority_group is None
    assert balance.entitlement == {"Con": 23, "Lab": 15, "LD": 9, "Green": 5, NON_ALIGNED: 4}
    assert balance.totals() == balance.entitlement
    assert seats(balance, "Planning") == (5, 4, 2, 1, 1)
    assert seats(balance, "Licensing") == (6, 4, 3, 1, 1)
    assert seats(balance, "O&S") == (5, 3, 2, 1, 1)
    assert seats(balance, "Audit") == (4, 2, 1, 1, 1)
    assert seats(balance, "Standards") == (3, 2, 1, 1, 0)


# --- Exact halves: visible, with a documented default and an officer's decision ---------------


def test_an_exact_half_against_the_non_aligned_rounds_up_by_default_and_is_flagged():
    # 20 members: A 10, B 5, 5 non-aligned; 9 seats. A 4.5, B 2.25, non-aligned 2.25.
    balance = allocate({"A": 10, "B": 5}, 5, {"Panel": 9})
    [tie] = [t for t in balance.ties if t.scope == AGGREGATE]
    assert tie.contenders == ("A", NON_ALIGNED)
    assert tie.exact == (Fraction(9, 2), Fraction(9, 4))
    assert (tie.chosen, tie.decided) == (("A",), False)
    assert "rounds up" in tie.rule
    assert tie.key == f"Aggregate: A / {NON_ALIGNED}"
    assert balance.entitlement == {"A": 5, "B": 2, NON_ALIGNED: 2}


def test_an_officer_can_give_the_half_seat_to_the_non_aligned_members():
    decision = {f"Aggregate: A / {NON_ALIGNED}": [NON_ALIGNED]}
    balance = allocate({"A": 10, "B": 5}, 5, {"Panel": 9}, decisions=decision)
    [tie] = balance.ties
    assert (tie.chosen, tie.decided) == ((NON_ALIGNED,), True)
    assert balance.entitlement == {"A": 4, "B": 2, NON_ALIGNED: 3}
    assert balance.totals() == balance.entitlement


def test_equal_remainders_without_non_aligned_members_favour_the_larger_group_then_the_name():
    # A 5, B 5 (10 members), one 3-seat committee: 1.5 each; one of them gets 2.
    balance = allocate({"B": 5, "A": 5}, 0, {"Panel": 3})
    [tie] = balance.ties
    assert (tie.scope, tie.contenders, tie.seats, tie.chosen) == (AGGREGATE, ("A", "B"), 1, ("A",))
    assert balance.entitlement == {"A": 2, "B": 1}
    decided = allocate({"A": 5, "B": 5}, 0, {"Panel": 3}, decisions={tie.key: ["B"]})
    assert decided.entitlement == {"A": 1, "B": 2}
    assert seats(decided, "Panel") == (1, 2)


def test_halves_on_a_committee_are_flagged_and_an_officer_can_swap_them():
    # 20 members: A 9, B 5, C 3, D 3; two committees of 10. Aggregate 9/5/3/3 exactly, but on
    # each committee the shares are 4.5/2.5/1.5/1.5: whichever groups round up on one committee
    # round down on the other.
    groups = {"A": 9, "B": 5, "C": 3, "D": 3}
    balance = allocate(groups, 0, {"X": 10, "Y": 10})
    assert balance.totals() == {"A": 9, "B": 5, "C": 3, "D": 3}
    ties = {t.scope: t for t in balance.ties}
    assert set(ties) == {"X", "Y"}
    assert set(ties["X"].chosen) | set(ties["Y"].chosen) == {"A", "B", "C", "D"}
    assert not ties["X"].decided
    other = tuple(sorted(set("ABCD") - set(ties["X"].chosen)))
    flipped = allocate(groups, 0, {"X": 10, "Y": 10}, decisions={ties["X"].key: other})
    assert {t.scope: t.chosen for t in flipped.ties}["X"] == other
    # Once X is decided, Y follows from the aggregate: no longer an open choice.
    assert {t.scope: t.decided for t in flipped.ties} == {"X": True}
    assert flipped.totals() == balance.totals()


def test_a_decision_must_choose_from_the_contenders():
    with pytest.raises(ValueError, match="must choose 1 of: A, Non-aligned"):
        allocate(
            {"A": 10, "B": 5}, 5, {"Panel": 9}, decisions={f"Aggregate: A / {NON_ALIGNED}": ["B"]}
        )


# --- Principles (a) and (b) take precedence -----------------------------------------------------


def test_principle_b_raises_a_bare_majority_group_above_its_proportional_aggregate():
    # A 26 of 51 is a majority; four 4-seat committees need 3 A seats each (12 of 16), though
    # A's proportional aggregate is 26/51 x 16 = 8.16 -> 8.
    balance = allocate({"A": 26, "B": 15, "C": 10}, 0, {"W": 4, "X": 4, "Y": 4, "Z": 4})
    assert balance.entitlement["A"] == 12
    assert sum(balance.entitlement.values()) == 16
    raised = [a for a in balance.adjustments if a.scope == AGGREGATE]
    assert len(raised) == 4 and {a.principle for a in raised} == {"b"}
    assert all(b.seats["A"] == 3 for b in balance.bodies)
    assert balance.totals() == balance.entitlement


def test_principle_a_stops_a_dominant_group_taking_every_seat():
    # A 45, B 3 (48): on a 3-seat committee A's exact share is 2.81, but all three seats may not
    # go to A.
    balance = allocate({"A": 45, "B": 3}, 0, {"Panel": 3})
    assert seats(balance, "Panel") == (2, 1)
    assert balance.entitlement == {"A": 2, "B": 1}
    assert [(a.scope, a.principle, a.source) for a in balance.adjustments] == [
        (AGGREGATE, "a", "A"),
        ("Panel", "a", "A"),
    ]


def test_a_one_seat_or_two_seat_body_cannot_meet_every_principle_and_says_so():
    balance = allocate({"A": 30, "B": 20}, 0, {"Solo": 1, "Pair": 2, "Trio": 3})
    assert any("(a) cannot be met on Solo" in p for p in balance.problems)
    assert any("(b) cannot be met on Pair" in p for p in balance.problems)
    assert seats(balance, "Pair") == (1, 1)


def test_sub_committees_are_balanced_but_not_counted_in_the_aggregate():
    balance = allocate(WORKED, 0, WORKED_COMMITTEES, other_bodies={"Licensing Sub-Committee": 3})
    assert balance.total_seats == 42
    sub = balance.body("Licensing Sub-Committee")
    assert not sub.in_aggregate
    assert sub.seats == {"A": 2, "B": 1, "C": 0}
    assert balance.totals() == {"A": 23, "B": 12, "C": 7}


@pytest.mark.parametrize(
    ("groups", "non_aligned", "committees", "message"),
    [
        ({"A": 5}, 0, {"Big": 6}, "Big has 6 seats but the council has 5 members"),
        ({"A": -1}, 3, {"X": 1}, "cannot be negative"),
        ({}, 0, {"X": 1}, "no members"),
        ({"A": 5}, 0, {"X": 0}, "X must have at least one seat"),
    ],
)
def test_impossible_inputs_are_refused_with_a_message(groups, non_aligned, committees, message):
    with pytest.raises(ValueError, match=message):
        allocate(groups, non_aligned, committees)


# --- Properties for any council -----------------------------------------------------------------

PROPERTY_SETTINGS = settings(max_examples=200, deadline=None)


@st.composite
def councils(draw):
    groups = draw(
        st.dictionaries(
            st.sampled_from(["Con", "Lab", "LD", "Green", "Reform", "Ind Group", "Plaid"]),
            st.integers(min_value=2, max_value=45),
            min_size=1,
            max_size=6,
        )
    )
    non_aligned = draw(st.integers(min_value=0, max_value=6))
    if len(groups) == 1 and non_aligned == 0:
        non_aligned = 1  # one group and nobody else cannot meet (a) anywhere
    members = sum(groups.values()) + non_aligned
    committees = draw(
        st.dictionaries(
            st.sampled_from(["Planning", "Licensing", "O&S", "Audit", "Standards", "Appeals"]),
            st.integers(min_value=3, max_value=min(15, members)),
            min_size=1,
            max_size=6,
        )
    )
    return groups, non_aligned, committees


@PROPERTY_SETTINGS
@given(council=councils())
def test_seats_on_every_committee_add_up_to_its_size(council):
    balance = allocate(*council)
    for body in balance.bodies:
        assert sum(body.seats.values()) == body.size
        assert all(n >= 0 for n in body.seats.values())


@PROPERTY_SETTINGS
@given(council=councils())
def test_each_groups_aggregate_equals_its_entitlement(council):
    # Achievable whenever every committee has at least three seats and the council is more than
    # one group: no problem is reported and the reconcile meets every entitlement.
    balance = allocate(*council)
    assert sum(balance.entitlement.values()) == balance.total_seats
    assert balance.problems == []
    assert balance.totals() == balance.entitlement


@PROPERTY_SETTINGS
@given(council=councils())
def test_a_majority_group_has_a_majority_on_every_committee(council):
    balance = allocate(*council)
    if balance.majority_group:
        for body in balance.bodies:
            assert 2 * body.seats[balance.majority_group] > body.size


@PROPERTY_SETTINGS
@given(council=councils())
def test_no_committee_is_all_one_group(council):
    balance = allocate(*council)
    for body in balance.bodies:
        assert max(n for p, n in body.seats.items() if p != NON_ALIGNED) < body.size


@PROPERTY_SETTINGS
@given(council=councils())
def test_no_group_has_more_seats_on_a_committee_than_members(council):
    groups, non_aligned, _ = council
    balance = allocate(*council)
    sizes = {**groups, NON_ALIGNED: non_aligned}
    for body in balance.bodies:
        assert all(n <= sizes[p] for p, n in body.seats.items())


@PROPERTY_SETTINGS
@given(council=councils())
def test_the_non_aligned_get_what_the_groups_are_not_allocated(council):
    # Reg 16, when no principle forced an adjustment to the aggregate.
    balance = allocate(*council)
    if balance.non_aligned and not any(a.scope == AGGREGATE for a in balance.adjustments):
        grouped = sum(n for p, n in balance.entitlement.items() if p != NON_ALIGNED)
        assert balance.entitlement[NON_ALIGNED] == balance.total_seats - grouped


@PROPERTY_SETTINGS
@given(council=councils())
def test_groups_are_rounded_to_the_nearest_whole_number_unless_an_adjustment_says_why(council):
    balance = allocate(*council)
    adjusted = {a.source for a in balance.adjustments if a.scope == AGGREGATE} | {
        a.target for a in balance.adjustments if a.scope == AGGREGATE
    }
    tied = {c for t in balance.ties if t.scope == AGGREGATE for c in t.contenders}
    for p in balance.groups:
        if p not in adjusted and p not in tied:
            assert abs(balance.entitlement[p] - balance.aggregate_exact[p]) < 1
            if balance.non_aligned:
                assert abs(balance.entitlement[p] - balance.aggregate_exact[p]) <= Fraction(1, 2)
