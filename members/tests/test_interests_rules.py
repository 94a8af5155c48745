"""Pure rules of the register of interests, pinned to real dates."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from members.rules import gifts
from members.rules import interests as rules
from members.rules.interests import Category


def test_registration_counts_28_days_beginning_with_the_day_of_taking_office():
    # Localism Act 2011 s30(1). Councillors elected at the English local elections on Thursday
    # 7 May 2026 who take office that day must notify by Wednesday 3 June 2026 (day 1 is 7 May).
    assert rules.registration_due(date(2026, 5, 7)) == date(2026, 6, 3)
    # The 2 May 2024 local elections: the fourth day after the poll (LGA 1972 s7) was the early
    # May bank holiday, so councillors took office on Tuesday 7 May 2024 (s243(1)) and had until
    # Monday 3 June 2024.
    assert rules.registration_due(date(2024, 5, 7)) == date(2024, 6, 3)


def test_a_co_opted_member_counts_28_days_beginning_with_the_day_of_co_option():
    # s30(1) "a member or co-opted member": co-opted on Monday 2 June 2025 (as Kingsmere's
    # independent audit member was), day 1 is 2 June, so the last day is Sunday 29 June 2025.
    assert rules.registration_due(date(2025, 6, 2)) == date(2025, 6, 29)
    assert date(2025, 6, 29).strftime("%A") == "Sunday"


def test_only_a_voting_co_optee_must_register():
    # s27(4): a co-opted member is a non-councillor on a committee *entitled to vote* on it.
    assert rules.must_register(co_opted=False)
    assert rules.must_register(co_opted=True, voting=True)
    assert not rules.must_register(co_opted=True, voting=False)


def test_the_period_is_configurable_and_at_least_a_day():
    assert rules.registration_due(date(2026, 5, 7), days=1) == date(2026, 5, 7)
    with pytest.raises(ValueError, match="at least one day"):
        rules.registration_due(date(2026, 5, 7), days=0)


def test_a_change_is_due_within_28_days_of_becoming_aware():
    assert rules.change_due(date(2026, 11, 2)) == date(2026, 11, 29)


def test_the_due_day_itself_is_in_time():
    due = date(2026, 6, 3)
    assert not rules.is_overdue(due, today=due)
    assert rules.is_overdue(due, today=date(2026, 6, 4))


def test_a_dispensation_lasts_at_most_four_years():
    # s33(3)
    assert rules.dispensation_latest_expiry(date(2026, 5, 19)) == date(2030, 5, 19)
    assert rules.dispensation_latest_expiry(date(2024, 2, 29)) == date(2028, 2, 29)
    assert rules.dispensation_latest_expiry(date(2028, 2, 29)) == date(2032, 2, 29)
    assert rules.dispensation_latest_expiry(date(2020, 2, 29)) == date(2024, 2, 29)
    assert rules.dispensation_latest_expiry(date(2016, 2, 29)) == date(2020, 2, 29)
    assert rules.dispensation_latest_expiry(date(2023, 2, 28)) == date(2027, 2, 28)


def test_dpi_categories_may_be_a_partners_table_2_may_not():
    assert len(rules.DPI_CATEGORIES) == 7
    assert rules.partner_may_hold(Category.LAND)
    assert rules.partner_may_hold(Category.SECURITIES)
    assert not rules.partner_may_hold(Category.UNPAID_DIRECTORSHIP)
    assert not rules.partner_may_hold(Category.PUBLIC_BODY)


def test_the_withheld_words_are_section_32():
    assert "section 32(2) of the Localism Act 2011" in rules.WITHHELD


# --- The interest check -----------------------------------------------------------------------


def test_an_organisation_named_in_a_report_matches_whatever_the_case():
    text = "Offers were received from Orchard Homes Ltd and KINGSMERE HOUSING ASSOCIATION."
    found = rules.matches(["Kingsmere Housing Association"], text)
    assert [m.term for m in found] == ["Kingsmere Housing Association"]
    assert "KINGSMERE HOUSING ASSOCIATION" in found[0].excerpt


def test_a_name_split_over_lines_still_matches():
    assert rules.matches(["Kingsmere Housing Association"], "the Kingsmere\n  Housing Association")


def test_words_must_match_whole():
    assert not rules.matches(["Orchard Homes"], "the Orchard Homestead scheme")
    assert not rules.matches(["12 High Street"], "at 112 High Street, Fenwick")
    assert rules.matches(["12 High Street"], "Land at 12 High Street, Fenwick")


def test_an_address_gives_its_parts_that_name_something():
    terms = rules.interest_terms(address="12 High Street\nFenwick\nKingsmere KM2 4AB")
    assert "12 High Street" in terms
    assert "Fenwick" in terms
    assert "Kingsmere KM2 4AB" in terms
    # "High Street" alone is common words only; it is not a term.
    assert "High Street" not in terms


def test_short_and_common_terms_are_ignored():
    assert rules.interest_terms(organisation="The Trust") == []
    assert rules.interest_terms(organisation="BT") == []
    assert rules.matches(["Council", "Ltd", "UK"], "Kingsmere District Council and UK Ltd") == []


def test_a_term_inside_a_longer_match_is_not_repeated():
    found = rules.matches(
        ["Kingsmere Housing", "Kingsmere Housing Association"],
        "Kingsmere Housing Association offered £1,600,000",
    )
    assert [m.term for m in found] == ["Kingsmere Housing Association"]


def test_no_match_gives_nothing():
    assert rules.matches(["Kingsmere Community Energy"], "Budget monitoring report") == []


# --- Gifts and hospitality ----------------------------------------------------------------------


def test_gifts_of_at_least_fifty_pounds_are_registrable():
    # LGA Model Code 2020 9.2: "at least £50".
    assert gifts.is_registrable(Decimal("50.00"))
    assert not gifts.is_registrable(Decimal("49.99"))
    # Tower Hamlets uses £25.
    assert gifts.is_registrable(Decimal("25.00"), threshold=Decimal(25))


def test_a_gift_is_registered_within_28_days_of_receipt():
    # Dinner received on Thursday 7 May 2026: register by Wednesday 3 June 2026.
    assert gifts.registration_due(date(2026, 5, 7)) == date(2026, 6, 3)
    assert not gifts.is_late(date(2026, 5, 7), date(2026, 6, 3))
    assert gifts.is_late(date(2026, 5, 7), date(2026, 6, 4))
    assert gifts.is_late(date(2026, 5, 7), date(2026, 5, 20), days=7)
