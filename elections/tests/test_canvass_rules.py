"""The canvass rules (DOMAIN.md C4), pure: the dates, routing, contact attempts."""

from __future__ import annotations

from datetime import date

import pytest

from elections.canvass_rules import (
    ElectorAtProperty,
    MatchResult,
    Route,
    attempts_problem,
    canvass_dates,
    canvass_dates_problem,
    canvass_route,
    effective_result,
    parse_match_result,
    revision_start,
    route_2_next_attempt,
)

GREEN, AMBER, RED = "green", "amber", "red"


def at(*results, anonymous=()):
    return [ElectorAtProperty(result=r, anonymous=i in anonymous) for i, r in enumerate(results)]


def test_the_revised_register_is_due_by_1_december():
    # The 2024 canvass: revised register published 1 December 2024 (EC, DOMAIN.md C3).
    dates = canvass_dates(2024)
    assert dates.starts_on == date(2024, 7, 1)
    assert dates.revised_register_by == date(2024, 12, 1)


def test_an_election_in_the_canvass_period_defers_publication_to_1_february():
    # RPA 1983 s13(1A): e.g. the December 2019 general election deferred many to 1 Feb 2020.
    assert canvass_dates(2019, election_in_period=True).revised_register_by == date(2020, 2, 1)


def test_dates_after_1_february_are_refused():
    assert "1 February 2027" in canvass_dates_problem(date(2026, 7, 1), date(2027, 3, 1), 2026)
    assert canvass_dates_problem(date(2026, 7, 1), date(2026, 12, 1), 2026) is None
    assert canvass_dates_problem(date(2025, 7, 1), date(2026, 12, 1), 2026)


@pytest.mark.parametrize(
    ("text", "result"),
    [("green", MatchResult.GREEN), (" Amber ", MatchResult.AMBER), ("R", MatchResult.RED)],
)
def test_match_results_are_read_generously(text, result):
    assert parse_match_result(text) is result


def test_a_bad_match_result_is_none():
    assert parse_match_result("blue") is None
    assert parse_match_result("") is None


def test_a_local_result_overrides_the_national_one():
    assert effective_result(RED, GREEN) == GREEN
    assert effective_result(GREEN, "") == GREEN
    assert effective_result(None, None) is None


def test_all_green_is_route_1():
    assert canvass_route(at(GREEN, GREEN)) is Route.MATCHED


@pytest.mark.parametrize("other", [AMBER, RED, None])
def test_one_elector_not_green_makes_route_2(other):
    assert canvass_route(at(GREEN, other)) is Route.UNMATCHED


def test_an_empty_property_is_route_2():
    assert canvass_route([]) is Route.UNMATCHED


def test_an_anonymous_elector_is_not_matched_so_route_2():
    assert canvass_route(at(GREEN, GREEN, anonymous=(1,))) is Route.UNMATCHED


def test_a_defined_property_needs_a_responsible_person_for_route_3():
    assert canvass_route(at(RED), defined_property=True, responsible_person=True) is Route.DEFINED
    assert canvass_route(at(GREEN), defined_property=True) is Route.MATCHED
    assert canvass_route(at(RED), defined_property=True) is Route.UNMATCHED


def test_route_2_wants_three_attempts_28_days_apart_one_personal():
    first = [(date(2026, 7, 6), "ccb")]
    assert route_2_next_attempt(first, responded=False) == (2, date(2026, 8, 3), False)
    second = [*first, (date(2026, 8, 3), "canvass_form")]
    assert route_2_next_attempt(second, responded=False) == (3, date(2026, 8, 31), True)
    personal = [*first, (date(2026, 8, 3), "door_knock")]
    assert route_2_next_attempt(personal, responded=False) == (3, date(2026, 8, 31), False)
    assert route_2_next_attempt([*personal, (date(2026, 8, 20), "ccb")], responded=False) is None
    assert route_2_next_attempt(first, responded=True) is None


def test_three_attempts_with_none_personal_are_refused():
    attempts = [(date(2026, 7, 6), "ccb"), (date(2026, 8, 3), "ccb"), (date(2026, 8, 31), "email")]
    assert "personal" in attempts_problem(attempts)
    attempts[2] = (date(2026, 8, 31), "phone")
    assert attempts_problem(attempts) is None
    assert attempts_problem([*attempts, (date(2026, 9, 1), "ccb")])


def test_additions_count_from_the_day_after_the_last_revision():
    assert revision_start(date(2025, 12, 1), date(2026, 5, 7)) == date(2025, 12, 2)
    assert revision_start(None, date(2026, 5, 7)) == date(2025, 12, 2)
    assert revision_start(None, date(2026, 12, 7)) == date(2026, 12, 2)


def test_a_written_attempt_is_due_in_order_and_the_third_only_after_a_personal_one():
    from elections.canvass_rules import written_attempt_due

    july, august = date(2026, 7, 6), date(2026, 8, 3)
    assert written_attempt_due([(july, "ccb")], responded=False, number=2)
    assert not written_attempt_due([(july, "ccb")], responded=True, number=2)
    assert not written_attempt_due([(july, "ccb")], responded=False, number=3)
    assert not written_attempt_due([], responded=False, number=2)
    assert not written_attempt_due([(july, "ccb"), (august, "ccb")], responded=False, number=3)
    assert written_attempt_due([(july, "ccb"), (august, "phone")], responded=False, number=3)
    assert not written_attempt_due([(july, "ccb")], responded=False, number=1)
