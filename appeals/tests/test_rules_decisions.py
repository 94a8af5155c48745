"""The decision rules as pure functions: what outcome each kind of panel may reach and when an
admission decision stands (the infant class size grounds, the two-stage test), and the
retention date."""

from __future__ import annotations

from datetime import date

from appeals import rules


def problems(**values):
    base = {
        "kind": rules.ADMISSION_NORMAL,
        "outcome": rules.DISMISSED,
        "reasons": "The school is full.",
        "infant_class_size": False,
        "prejudice_found": True,
        "appellant_case_outweighs": False,
    }
    return rules.decision_problems(**{**base, **values})


def test_a_consistent_two_stage_decision_stands():
    assert problems() == {}
    assert problems(outcome=rules.UPHELD, appellant_case_outweighs=True) == {}
    # No prejudice shown: upheld at stage 1, whatever stage 2 would have said.
    assert (
        problems(outcome=rules.UPHELD, prejudice_found=False, appellant_case_outweighs=None) == {}
    )


def test_the_two_stage_test_refuses_a_contradicting_outcome():
    assert problems(prejudice_found=False, appellant_case_outweighs=None) == {
        "outcome": "The two-stage test gives upheld: The admission authority has not shown "
        "that admission would cause prejudice."
    }
    assert "prejudice_found" in problems(prejudice_found=None)
    assert "appellant_case_outweighs" in problems(appellant_case_outweighs=None)


def test_an_infant_class_size_appeal_turns_on_the_three_grounds():
    ics = {"infant_class_size": True, "prejudice_found": None, "appellant_case_outweighs": None}
    assert problems(**ics) == {}
    assert problems(**ics, outcome=rules.UPHELD, infant_class_size_ground="no_breach") == {}
    assert "infant_class_size_ground" in problems(**ics, outcome=rules.UPHELD)
    assert "infant_class_size_ground" in problems(**ics, infant_class_size_ground="unreasonable")
    assert "prejudice_found" in problems(infant_class_size=True)


def test_each_kind_of_panel_reaches_only_its_own_outcomes_and_gives_reasons():
    assert problems(kind=rules.EXCLUSION_REVIEW, outcome=rules.QUASH) == {}
    assert "outcome" in problems(kind=rules.EXCLUSION_REVIEW, outcome=rules.UPHELD)
    assert "outcome" in problems(outcome=rules.QUASH)
    assert problems(kind="transport_stage_2", outcome=rules.PARTLY_UPHELD) == {}
    assert problems(outcome=rules.WITHDRAWN, reasons="") == {}
    assert problems(reasons=" ") == {"reasons": "Enter the panel's reasons for its decision"}


def test_the_retention_date_is_whole_years_after_determination():
    assert rules.retain_until(date(2026, 5, 6), years=1) == date(2027, 5, 6)
    assert rules.retain_until(date(2028, 2, 29), years=1) == date(2029, 2, 28)
