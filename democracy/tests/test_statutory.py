"""Statutory periods as configuration: defaults by nation and kind, overrides checked loudly."""

from __future__ import annotations

import pytest

from democracy import statutory
from democracy.constitution import statutory_values
from democracy.council import period
from democracy.statutory import CouncilKind, InvalidPeriodOverride, Nation
from democracy.tests.factories import set_constitution


def test_english_principal_councils_publish_agendas_five_clear_days_ahead():
    # LGA 1972 s100B(3) as amended by SI 2002/715 art 3 (England).
    assert (
        statutory.resolve("agenda_clear_days", nation=Nation.ENGLAND, kind=CouncilKind.DISTRICT)
        == 5
    )


def test_wales_and_parishes_keep_three_clear_days():
    # Wales was not amended by SI 2002/715; parishes: LGA 1972 Sch 12 para 10(2).
    assert (
        statutory.resolve("agenda_clear_days", nation=Nation.WALES, kind=CouncilKind.UNITARY) == 3
    )
    assert (
        statutory.resolve("agenda_clear_days", nation=Nation.ENGLAND, kind=CouncilKind.PARISH) == 3
    )


def test_a_council_override_wins_over_the_default():
    overrides = statutory.validate_overrides({"call_in_working_days": "3"})
    assert (
        statutory.resolve(
            "call_in_working_days",
            nation=Nation.ENGLAND,
            kind=CouncilKind.DISTRICT,
            overrides=overrides,
        )
        == 3
    )


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"agenda_clear_dayz": "5"}, "unknown period 'agenda_clear_dayz'"),
        ({"agenda_clear_days": "five"}, "agenda_clear_days must be a whole number"),
        ({"agenda_clear_days": "-1"}, "agenda_clear_days must not be negative"),
    ],
)
def test_bad_overrides_are_refused_with_a_message_naming_the_period(overrides, message):
    with pytest.raises(InvalidPeriodOverride, match=message):
        statutory.validate_overrides(overrides)


def test_every_period_cites_its_source():
    for name, entry in statutory.PERIODS.items():
        assert entry.name == name
        assert entry.source and entry.unit and entry.default >= 0


@pytest.mark.django_db
def test_a_new_constitution_starts_from_the_nations_statutory_values(settings):
    settings.COUNCIL_NATION = Nation.WALES
    assert statutory_values()["agenda_clear_days"] == 3
    set_constitution(agenda_clear_days=7)
    assert period("agenda_clear_days") == 7
