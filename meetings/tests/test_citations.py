"""Issue 11 item 21: the provisions cited in code and in what users read.

* The further notice of a private meeting of the executive is SI 2012/2089 reg 5(4) (its
  content 5(5)), not 5(3) (which is the content of the 28-day notice).
* Call-in rests on LGA 2000 s9F(2)(a) and (4); reg 18 of SI 2012/2089 is about reports where a
  decision should have been treated as key, not about call-in.
* The statutory 28 days for a new interest are Localism Act 2011 s31(3) and (7), after its
  disclosure at a meeting; s30(3) only defines a disclosable pecuniary interest, and notifying
  other changes is the code of conduct's duty, in the council's own period.
* Reg 10(1)(a)-(b): the scrutiny chair is informed before the general exception notice (a copy
  of the chair's notice) is made available.
"""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from democracy import calendars
from democracy.statutory import PERIODS, Nation
from meetings.models import Committee, ForwardPlanEntry
from meetings.rules import call_in as call_in_rules
from meetings.rules import forward_plan
from meetings.rules.forward_plan import NoticeRules, key_decision_check, private_meeting_check
from meetings.services import forward_plan as forward_plan_services
from members.rules import interests

ENGLAND = calendars.meeting_calendar(Nation.ENGLAND)


def test_the_further_private_meeting_notice_is_reg_5_4():
    assert PERIODS["private_meeting_final_notice_clear_days"].source.startswith(
        "SI 2012/2089 reg 5(4): further notice at least five clear days before"
    )
    assert "regs 5(4) (further private meeting notice)" in (
        PERIODS["short_notice_clear_days_are_working_days"].source
    )
    assert "5(3)" not in forward_plan.__doc__
    assert "5(4)" in ForwardPlanEntry._meta.get_field("private_final_notice_on").help_text
    check = private_meeting_check(
        date(2025, 7, 3),
        first_notice_on=date(2025, 6, 4),
        final_notice_on=None,
        rules=NoticeRules(calendar=ENGLAND),
    )
    assert any("(reg 5(4))" in p for p in check.problems)
    assert not any("5(3)" in p for p in check.problems)


def test_what_officers_read_of_the_private_meeting_notices_cites_them_rightly():
    """The forward plan page said a private meeting was lawful by "28 and 5 days' notice (reg
    5(2) and (3))"; the five days' notice is reg 5(4), and what it must say (the reasons, the
    representations received and the response) is reg 5(5), not 5(4)(b) and (c)."""
    assert forward_plan.PrivateRoute.NOTICES.label == "28 and 5 days' notice (reg 5(2) and (4))"
    fields = ForwardPlanEntry._meta
    assert fields.get_field("private_reasons").help_text.startswith("reg 5(3) and 5(5)(a):")
    assert fields.get_field("private_representations").help_text.startswith("reg 5(5)(b):")
    assert fields.get_field("private_response").help_text.startswith("reg 5(5)(c):")
    assert "(reg 5(5))" in forward_plan_services.entry_publish_private_notice.__doc__


def test_call_in_cites_s9f_not_reg_18():
    source = PERIODS["call_in_working_days"].source
    assert "LGA 2000 s9F(2)(a) and (4)" in source
    assert "reg 18" not in source
    assert "s9F(2)(a) and (4)" in call_in_rules.__doc__
    assert "reg 18 presumes" not in call_in_rules.__doc__


def test_the_28_days_for_a_new_interest_are_s31_not_s30_3():
    source = PERIODS["interest_change_days"].source
    assert source.startswith("Localism Act 2011 s31(3) and (7)")
    assert "council's code of conduct" in source
    assert "s30(3) only defines" in source
    assert "s31(3) and (7)" in interests.change_due.__doc__


def test_the_scrutiny_chair_is_informed_before_the_general_exception_notice():
    rules = NoticeRules(calendar=ENGLAND)
    chair_first = key_decision_check(
        date(2025, 6, 10),
        notice_published_on=None,
        scrutiny_chair_informed_on=date(2025, 6, 2),
        general_exception_notice_on=date(2025, 6, 2),
        rules=rules,
    )
    assert chair_first.valid
    notice_first = key_decision_check(
        date(2025, 6, 12),
        notice_published_on=None,
        scrutiny_chair_informed_on=date(2025, 6, 3),
        general_exception_notice_on=date(2025, 6, 2),
        rules=rules,
    )
    assert not notice_first.valid
    assert (
        "General exception: the notice made available on Monday 2 June 2025 must be the one "
        "given to the chair of overview and scrutiny, who was only informed on Tuesday 3 June "
        "2025: the chair is informed first (reg 10(1)(a) and (b))."
    ) in notice_first.problems


def test_recording_the_general_exception_refuses_a_chair_informed_after_the_notice(db):
    cabinet = Committee.objects.create(
        name="Cabinet",
        slug="cabinet",
        kind=Committee.Kind.EXECUTIVE,
        size=8,
        quorum=3,
        political_balance_applies=False,
        established_on=date(2023, 5, 16),
    )
    entry = forward_plan_services.entry_create(
        title="Award of the highways maintenance contract 2025-2030",
        expected_decision_date=date(2025, 6, 12),
        contact="Jo Bloggs, Head of Highways, highways@example.gov.uk",
        decision_maker_committee=cabinet,
        documents="Report of the Director of Place",
        by=None,
    )
    with pytest.raises(ValidationError) as caught:
        forward_plan_services.entry_record_general_exception(
            entry=entry,
            reasons="The grant conditions were received on 30 May 2025.",
            scrutiny_chair_informed_on=date(2025, 6, 3),
            notice_on=date(2025, 6, 2),
            by=None,
            today=date(2025, 6, 3),
        )
    assert caught.value.message_dict["scrutiny_chair_informed_on"] == [
        "The chair of overview and scrutiny must be informed in writing before the notice is "
        "made available (SI 2012/2089 reg 10(1)(a) and (b)); the notice was made available on "
        "2 June 2025."
    ]
