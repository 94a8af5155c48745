"""Meetings follow the constitution a manager sets: the agenda publication deadline and the
call-in window change with it, without a redeploy."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from democracy.constitution import constitution_update
from meetings.services.decisions import call_in_window_for
from meetings.services.meetings import deadline_for
from meetings.tests.factories_decisions import PUBLISHED, published_decision
from meetings.tests.factories_meetings import make_meeting

pytestmark = pytest.mark.django_db


def test_seven_clear_days_moves_the_next_meetings_publication_deadline(manager):
    # Thursday 18 June 2026: five clear working days (11, 12, 15, 16, 17 June) leave Wednesday
    # 10 June as the last day to publish; seven (and 9, 10 June) leave Monday 8 June.
    meeting = make_meeting(day=date(2026, 6, 18))
    assert deadline_for(meeting).latest_publication == date(2026, 6, 10)
    constitution_update(values={"agenda_clear_days": 7}, by=manager)
    assert deadline_for(meeting).latest_publication == date(2026, 6, 8)


def test_four_clear_days_is_refused_and_the_deadline_stays(manager):
    meeting = make_meeting(day=date(2026, 6, 18))
    with pytest.raises(ValidationError, match=r"LGA 1972 s100B\(3\)"):
        constitution_update(values={"agenda_clear_days": 4}, by=manager)
    assert deadline_for(meeting).latest_publication == date(2026, 6, 10)


def test_a_shorter_call_in_period_moves_the_next_decisions_deadline(manager):
    # DOMAIN A4, Gloucestershire: published Tuesday 15 April 2025, five working days (Good
    # Friday and Easter Monday excluded) run to Thursday 24 April; three run to Tuesday 22 April.
    assert call_in_window_for(PUBLISHED).deadline == date(2025, 4, 24)
    constitution_update(values={"call_in_working_days": 3}, by=manager)
    decision = published_decision()
    assert decision.call_in_deadline == date(2025, 4, 22)
