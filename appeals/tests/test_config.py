"""The council's appeals settings: a period shortened below the law's floor, or a time limit
lengthened beyond it, stops the site starting with a message naming the period."""

from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured, ValidationError

from appeals import config
from democracy.constitution import constitution, constitution_update


def test_a_lengthened_lodging_period_is_used(settings):
    settings.APPEALS_PERIODS = {"admission_lodging_school_days": "25"}
    config.check()
    assert config.period("admission_lodging_school_days") == 25
    assert config.period("admission_notice_school_days") == 10


@pytest.mark.parametrize(
    ("periods", "named"),
    [
        ({"admission_lodging_school_days": "19"}, "admission_lodging_school_days"),
        ({"admission_in_year_hearing_school_days": "31"}, "admission_in_year_hearing_school_days"),
    ],
)
def test_periods_against_the_law_stop_the_site_starting(settings, periods, named):
    settings.APPEALS_PERIODS = periods
    with pytest.raises(ImproperlyConfigured, match=named):
        config.check()


@pytest.mark.django_db
def test_the_appeals_policies_in_the_constitution_must_be_sensible(manager):
    with pytest.raises(ValidationError) as caught:
        constitution_update(
            values={"appeals_evidence_link_days": 0, "appeals_retention_years": 0}, by=manager
        )
    assert set(caught.value.message_dict) == {
        "appeals_evidence_link_days",
        "appeals_retention_years",
    }
    assert constitution().appeals_evidence_link_days == 28
    constitution_update(values={"appeals_retention_years": 6}, by=manager)
    assert constitution().appeals_retention_years == 6
