"""The appeals rules (appeals.rules): pure, no database, pinned to real published timetables.

The school calendar is Dorset's for 2024/25 (Dorset, Bournemouth and Poole term dates as
published for September 2024 to August 2025: autumn term from Tue 3 Sep 2024 with half term
28 Oct - 1 Nov; spring term 6 Jan - 4 Apr 2025 with half term 17 - 21 Feb; Easter holiday
7 - 21 Apr; summer term from Tue 22 Apr 2025 with half term 26 - 30 May, to Wed 23 Jul 2025).
St Mark's Primary School, Swanage, kept those terms and published its INSET days: Tue 3 and
Wed 4 Sep 2024, Fri 25 Oct 2024, Mon 6 Jan, Fri 4 Apr and Wed 23 Jul 2025.

The timetables are Dorset Council's and the City of York Council's for September 2025 entry:
secondary offers on Mon 3 Mar 2025 and appeals lodged by 31 Mar 2025 (Dorset hearings 28 Apr to
5 Jun 2025; York's planned to finish 18 Jun 2025); primary offers on Wed 16 Apr 2025 and
appeals lodged by 20 May 2025 (Dorset hearings 9 Jun to 15 Jul 2025; York's planned to finish
22 Jul 2025).
"""

from __future__ import annotations

from datetime import date

import pytest

from appeals import rules
from democracy import calendars
from democracy.statutory import Nation

DORSET_TERMS_2024_25 = [
    (date(2024, 9, 3), date(2024, 10, 25)),
    (date(2024, 11, 4), date(2024, 12, 20)),
    (date(2025, 1, 6), date(2025, 2, 14)),
    (date(2025, 2, 24), date(2025, 4, 4)),
    (date(2025, 4, 22), date(2025, 5, 23)),
    (date(2025, 6, 2), date(2025, 7, 23)),
]
ST_MARKS_SWANAGE_INSET_2024_25 = [
    date(2024, 9, 3),
    date(2024, 9, 4),
    date(2024, 10, 25),
    date(2025, 1, 6),
    date(2025, 4, 4),
    date(2025, 7, 23),
]

DORSET = calendars.school_calendar(DORSET_TERMS_2024_25, name="Dorset 2024/25")
ST_MARKS = calendars.school_calendar(
    DORSET_TERMS_2024_25, closures=ST_MARKS_SWANAGE_INSET_2024_25, name="St Mark's, Swanage"
)
WORKING_DAYS = calendars.meeting_calendar(Nation.ENGLAND)


# --- National offer day and the lodging deadline ----------------------------------------------


@pytest.mark.parametrize(
    ("year", "phase", "expected"),
    [
        # 1 March 2025 was a Saturday: offers went out on Monday 3 March (Dorset, Gateshead).
        (2025, "secondary", date(2025, 3, 3)),
        (2025, "primary", date(2025, 4, 16)),
        # 1 March 2026 is a Sunday.
        (2026, "secondary", date(2026, 3, 2)),
        (2026, "primary", date(2026, 4, 16)),
    ],
)
def test_national_offer_day_moves_to_the_next_working_day(year, phase, expected):
    assert rules.national_offer_day(year, phase, calendar=WORKING_DAYS) == expected


def test_secondary_lodging_deadline_is_exactly_twenty_school_days_after_offer_day():
    # Dorset and York both published Monday 31 March 2025 for offers on Monday 3 March.
    assert rules.earliest_lodging_deadline(date(2025, 3, 3), calendar=DORSET) == date(2025, 3, 31)
    assert (
        rules.lodging_deadline_problem(date(2025, 3, 3), date(2025, 3, 31), calendar=DORSET) is None
    )
    assert rules.lodging_deadline_problem(date(2025, 3, 3), date(2025, 3, 28), calendar=DORSET) == (
        "The deadline for lodging appeals must allow at least 20 school days from 3 March 2025: "
        "it can be no earlier than 31 March 2025"
    )


def test_primary_lodging_deadline_counts_from_the_first_day_of_term_after_easter():
    # Primary offers on Wed 16 April 2025 fell in the Easter holiday: the count starts on Tue 22
    # April and skips the Early May bank holiday (Mon 5 May), reaching Tue 20 May 2025, the
    # deadline Dorset and York both published.
    assert rules.earliest_lodging_deadline(date(2025, 4, 16), calendar=DORSET) == date(2025, 5, 20)


def test_a_council_may_give_more_time_to_lodge():
    # 31 March is the 20th school day; 1 - 4 April the 21st to 24th; after the Easter holiday
    # Tue 22 April 2025 is the 25th.
    assert rules.earliest_lodging_deadline(
        date(2025, 3, 3), calendar=DORSET, school_days=25
    ) == date(2025, 4, 22)


# --- When appeals must be heard ---------------------------------------------------------------


def test_normal_round_hearing_deadline_matches_york_published_last_day():
    # 40 school days after 31 March 2025 across the Easter holiday, the Early May bank holiday
    # and the May half term: Wed 18 June 2025, the day York planned its last secondary appeal.
    assert rules.admission_hearing_deadline(
        rules.ADMISSION_NORMAL,
        lodged_on=date(2025, 3, 20),
        lodging_deadline=date(2025, 3, 31),
        calendar=DORSET,
    ) == date(2025, 6, 18)
    # Primary: 40 school days after 20 May 2025 is Tue 22 July 2025, York's last primary day.
    assert rules.admission_hearing_deadline(
        rules.ADMISSION_NORMAL,
        lodged_on=date(2025, 5, 1),
        lodging_deadline=date(2025, 5, 20),
        calendar=DORSET,
    ) == date(2025, 7, 22)


@pytest.mark.parametrize(
    ("lodged_on", "expected"),
    [
        # Lodged in the Easter holiday: 30 school days on is Tue 10 June, before the round's
        # 18 June, so it is heard with the round.
        (date(2025, 4, 14), date(2025, 6, 18)),
        # Lodged on Mon 2 June: 30 school days on is Mon 14 July, later than the round's.
        (date(2025, 6, 2), date(2025, 7, 14)),
    ],
)
def test_late_appeal_is_heard_by_the_later_of_the_round_and_thirty_school_days(lodged_on, expected):
    assert rules.is_late(lodged_on, date(2025, 3, 31))
    assert (
        rules.admission_hearing_deadline(
            rules.ADMISSION_LATE,
            lodged_on=lodged_on,
            lodging_deadline=date(2025, 3, 31),
            calendar=DORSET,
        )
        == expected
    )


def test_in_year_appeal_thirty_school_days_skip_an_inset_day_and_the_easter_holiday():
    # Lodged Mon 24 Feb 2025 (the first day after the February half term). On the Dorset terms
    # the 30th school day is Tue 22 April; St Mark's INSET day on Fri 4 April pushes it to
    # Wed 23 April 2025.
    lodged = date(2025, 2, 24)
    assert rules.admission_hearing_deadline(
        rules.ADMISSION_IN_YEAR, lodged_on=lodged, lodging_deadline=None, calendar=DORSET
    ) == date(2025, 4, 22)
    assert rules.admission_hearing_deadline(
        rules.ADMISSION_IN_YEAR, lodged_on=lodged, lodging_deadline=None, calendar=ST_MARKS
    ) == date(2025, 4, 23)


def test_notice_of_hearing_ten_school_days_before_skips_the_half_term():
    # A hearing on Mon 9 June 2025: 6, 5, 4, 3, 2 June, then over the half term (26 - 30 May)
    # to 23, 22, 21, 20, 19 May. Notice must go by Mon 19 May 2025.
    assert rules.latest_notice_day(date(2025, 6, 9), calendar=DORSET) == date(2025, 5, 19)
    assert rules.latest_notice_day(date(2025, 6, 18), calendar=DORSET) == date(2025, 6, 4)
    # Conversely, notice sent on Mon 19 May allows a hearing from Mon 9 June.
    assert rules.earliest_hearing_day(date(2025, 5, 19), calendar=DORSET) == date(2025, 6, 9)


def test_decision_letter_five_school_days_skip_an_inset_day_and_the_easter_holiday():
    hearing = date(2025, 4, 2)
    assert rules.decision_letter_due(hearing, calendar=DORSET) == date(2025, 4, 24)
    # St Mark's INSET day on Fri 4 April 2025 moves the letter to Fri 25 April.
    assert rules.decision_letter_due(hearing, calendar=ST_MARKS) == date(2025, 4, 25)


def test_counting_past_the_last_term_entered_fails_loudly():
    with pytest.raises(calendars.CalendarExhausted):
        rules.admission_hearing_deadline(
            rules.ADMISSION_IN_YEAR,
            lodged_on=date(2025, 7, 1),
            lodging_deadline=None,
            calendar=DORSET,
        )


# --- Exclusion reviews -------------------------------------------------------------------------


def test_exclusion_review_application_window_runs_over_the_half_term():
    # Notice of the governing board's decision given Tue 11 Feb 2025: 12, 13, 14 Feb, the half
    # term (17 - 21 Feb), then to Tue 11 March 2025 (SI 2012/1033 Sch 1 para 2(1)).
    notice = date(2025, 2, 11)
    assert rules.exclusion_application_deadline(notice, calendar=DORSET) == date(2025, 3, 11)
    assert rules.exclusion_application_in_time(notice, date(2025, 3, 11), calendar=DORSET)
    assert not rules.exclusion_application_in_time(notice, date(2025, 3, 12), calendar=DORSET)


def test_a_posted_review_application_is_made_two_working_days_after_posting():
    # Posted first class on Thu 6 March 2025: made on Mon 10 March (Sch 1 para 1(2)); the panel
    # must meet by the 15th school day after, Mon 31 March 2025.
    made = rules.exclusion_application_made_on(
        date(2025, 3, 6), by_first_class_post=True, working_days=WORKING_DAYS
    )
    assert made == date(2025, 3, 10)
    assert rules.exclusion_review_closing_date(made, calendar=DORSET) == date(2025, 3, 31)
    assert rules.exclusion_application_made_on(
        date(2025, 3, 6), by_first_class_post=False, working_days=WORKING_DAYS
    ) == date(2025, 3, 6)


def test_exclusion_review_closing_date_skips_the_inset_day_and_easter():
    # Applied Mon 24 March 2025: 25 - 28 March and 31 March - 3 April are eight school days;
    # St Mark's INSET day (Fri 4 April) and the Easter holiday do not count; 22 - 25 April and
    # 28 - 30 April make fifteen: the panel must meet by Wed 30 April 2025. On the Dorset terms
    # (no INSET day) Fri 4 April counts and the closing date is Tue 29 April.
    assert rules.exclusion_review_closing_date(date(2025, 3, 24), calendar=ST_MARKS) == date(
        2025, 4, 30
    )
    assert rules.exclusion_review_closing_date(date(2025, 3, 24), calendar=DORSET) == date(
        2025, 4, 29
    )


# --- Home-to-school travel (working days) ----------------------------------------------------


def test_travel_stage_1_dates_skip_christmas_and_new_year():
    found = rules.transport_deadlines(
        decision_received_on=date(2025, 12, 1),
        stage_1_requested_on=date(2025, 12, 15),
        working_days=WORKING_DAYS,
    )
    # 20 working days after Mon 1 Dec 2025: Christmas Day and Boxing Day are not counted.
    assert found.stage_1_request_by == date(2025, 12, 31)
    # 20 working days after Mon 15 Dec 2025, also skipping New Year's Day.
    assert found.stage_1_outcome_by == date(2026, 1, 15)


def test_travel_stage_2_panel_and_decision_skip_easter_and_may_day():
    found = rules.transport_deadlines(
        stage_1_outcome_received_on=date(2026, 2, 9),
        stage_2_requested_on=date(2026, 3, 2),
        working_days=WORKING_DAYS,
    )
    assert found.stage_2_request_by == date(2026, 3, 9)
    # 40 working days after Mon 2 March 2026, skipping Good Friday (3 April) and Easter Monday.
    assert found.stage_2_panel_by == date(2026, 4, 29)
    # Decision within 5 working days of a panel on Thu 30 April: skips Mon 4 May bank holiday.
    assert rules.decision_letter_due(date(2026, 4, 30), calendar=WORKING_DAYS) == date(2026, 5, 8)


# --- The deadlines of one appeal, for its case page --------------------------------------------


def test_appeal_deadlines_for_a_normal_round_appeal_are_in_date_order():
    found = rules.appeal_deadlines(
        rules.ADMISSION_NORMAL,
        decision_notified_on=date(2025, 3, 3),
        lodged_on=date(2025, 3, 20),
        lodging_deadline=date(2025, 3, 31),
        school_days=DORSET,
        working_days=WORKING_DAYS,
    )
    assert [(d.label, d.due) for d in found] == [
        ("Deadline for lodging appeals", date(2025, 3, 31)),
        ("Send notice of the hearing by", date(2025, 6, 4)),
        ("Hear the appeal by", date(2025, 6, 18)),
    ]
    assert all("Code 2022" in d.source for d in found)
    assert rules.hearing_deadline(found) == date(2025, 6, 18)


def test_appeal_deadlines_once_a_hearing_day_is_known():
    found = rules.appeal_deadlines(
        rules.ADMISSION_NORMAL,
        decision_notified_on=date(2025, 3, 3),
        lodged_on=date(2025, 3, 20),
        lodging_deadline=date(2025, 3, 31),
        school_days=DORSET,
        working_days=WORKING_DAYS,
        hearing_day=date(2025, 6, 9),
    )
    assert {d.label: d.due for d in found} == {
        "Deadline for lodging appeals": date(2025, 3, 31),
        "Send notice of the hearing by": date(2025, 5, 19),
        "Hear the appeal by": date(2025, 6, 18),
        "Send the decision letter by": date(2025, 6, 16),
    }


def test_appeal_deadlines_for_an_exclusion_review_and_a_travel_appeal():
    review = rules.appeal_deadlines(
        rules.EXCLUSION_REVIEW,
        decision_notified_on=date(2025, 2, 11),
        lodged_on=date(2025, 3, 10),
        lodging_deadline=None,
        school_days=DORSET,
        working_days=WORKING_DAYS,
    )
    assert [(d.label, d.due) for d in review] == [
        ("Apply for a review by", date(2025, 3, 11)),
        ("The panel must meet by", date(2025, 3, 31)),
    ]
    travel = rules.appeal_deadlines(
        rules.TRANSPORT_STAGE_2,
        decision_notified_on=date(2026, 2, 9),
        lodged_on=date(2026, 3, 2),
        lodging_deadline=None,
        school_days=DORSET,
        working_days=WORKING_DAYS,
    )
    assert [(d.label, d.due) for d in travel] == [
        ("Escalate to stage 2 by", date(2026, 3, 9)),
        ("Hold the panel by", date(2026, 4, 29)),
    ]


def test_a_council_period_shortening_the_hearing_limit_gives_an_earlier_deadline():
    found = rules.appeal_deadlines(
        rules.ADMISSION_IN_YEAR,
        decision_notified_on=date(2025, 2, 10),
        lodged_on=date(2025, 2, 24),
        lodging_deadline=None,
        school_days=DORSET,
        working_days=WORKING_DAYS,
        periods={"admission_in_year_hearing_school_days": 20},
    )
    assert rules.hearing_deadline(found) == date(2025, 3, 24)


# --- Periods: lengthen what protects the family, never shorten it ------------------------------


def test_periods_a_council_may_lengthen_or_tighten():
    assert rules.validate_period_settings(
        {
            "admission_lodging_school_days": "25",
            "admission_notice_school_days": 15,
            "admission_normal_hearing_school_days": "35",
        }
    ) == {
        "admission_lodging_school_days": 25,
        "admission_notice_school_days": 15,
        "admission_normal_hearing_school_days": 35,
    }


@pytest.mark.parametrize(
    ("setting", "message"),
    [
        (
            {"admission_lodging_school_days": "15"},
            "admission_lodging_school_days must be at least 20 school days, the statutory "
            "minimum under School Admission Appeals Code 2022 para 2.3(a)",
        ),
        (
            {"admission_notice_school_days": "9"},
            "must be at least 10 school days, the statutory minimum",
        ),
        (
            {"admission_normal_hearing_school_days": "50"},
            "admission_normal_hearing_school_days must be no more than 40 school days, the "
            "statutory limit under Code 2022 para 2.4(a)",
        ),
        (
            {"exclusion_application_school_days": "20"},
            "exclusion_application_school_days is fixed at 15 school days",
        ),
        ({"admission_lodging_days": "20"}, "unknown period 'admission_lodging_days'"),
        (
            {"transport_stage_1_request_working_days": "twenty"},
            "transport_stage_1_request_working_days must be a whole number of working days, "
            "not 'twenty'",
        ),
    ],
)
def test_periods_below_the_floor_or_above_the_limit_are_refused_naming_the_period(setting, message):
    with pytest.raises(rules.InvalidPeriodSetting) as caught:
        rules.validate_period_settings(setting)
    assert message in str(caught.value)


def test_every_bad_period_is_reported_at_once():
    with pytest.raises(rules.InvalidPeriodSetting) as caught:
        rules.validate_period_settings(
            {"admission_lodging_school_days": 19, "admission_decision_letter_school_days": 7}
        )
    assert "admission_lodging_school_days" in str(caught.value)
    # Stockport's "within 7 calendar days" is local practice, not the Code's limit (DOMAIN D1).
    assert "admission_decision_letter_school_days must be no more than 5" in str(caught.value)


# --- Infant class size and the two-stage test ---------------------------------------------------


def test_infant_class_size_applies_to_reception_and_years_one_and_two_only():
    assert rules.infant_class_size_applies("R", refused_for_class_size=True)
    assert rules.infant_class_size_applies("2", refused_for_class_size=True)
    assert not rules.infant_class_size_applies("3", refused_for_class_size=True)
    assert not rules.infant_class_size_applies("R", refused_for_class_size=False)


def test_infant_class_size_appeal_is_upheld_only_on_one_of_the_three_grounds():
    assert rules.infant_class_size_finding(None) == rules.Finding(
        False, "None of the grounds on which an infant class size appeal may succeed is made out."
    )
    for ground in rules.ICS_GROUNDS:
        assert rules.infant_class_size_finding(ground).upheld
    with pytest.raises(ValueError, match="Unknown infant class size ground"):
        rules.infant_class_size_finding("childcare")


def test_the_two_stage_test():
    assert rules.two_stage_finding(prejudice=False, appellant_case_outweighs=None).upheld
    assert rules.two_stage_finding(prejudice=True, appellant_case_outweighs=True).upheld
    assert not rules.two_stage_finding(prejudice=True, appellant_case_outweighs=False).upheld
    with pytest.raises(ValueError, match="stage 2"):
        rules.two_stage_finding(prejudice=True, appellant_case_outweighs=None)


# --- Panels ----------------------------------------------------------------------------------

HEARING_DAY = date(2025, 6, 9)
ADMISSION_CASE = rules.PanelCase(
    kind=rules.ADMISSION_PANEL,
    hearing_day=HEARING_DAY,
    school_id=1,
    school_name="Harbour Academy",
    authority_id=10,
    authority_name="Harbour Learning Trust",
    appeal_ids=frozenset({100, 101}),
)


def seat(
    name, *categories, sitting_as=None, chair=False, trained_on=date(2024, 9, 20), connections=()
):
    return rules.Seat(
        name=name,
        categories=frozenset(categories),
        sitting_as=sitting_as or categories[0],
        is_chair=chair,
        trained_on=trained_on,
        connections=tuple(connections),
    )


def valid_admission_panel():
    return [
        seat("Ann Lay", "lay", chair=True),
        seat("Ben Teacher", "education"),
        seat("Cara Parent", "education"),
    ]


def test_a_valid_admission_panel_has_no_problems():
    assert rules.panel_problems(ADMISSION_CASE, valid_admission_panel()) == []


def test_an_admission_panel_without_a_lay_member_or_of_four_is_refused():
    seats = [seat("Ben Teacher", "education", chair=True), seat("Cara Parent", "education")]
    seats.append(seat("Dev Head", "education"))
    seats.append(seat("Eve Head", "education"))
    assert rules.panel_problems(ADMISSION_CASE, seats) == [
        "An admission appeal panel has three members, not 4",
        "An admission appeal panel needs at least one lay member",
    ]


def test_a_member_connected_with_the_school_or_a_child_is_refused_with_the_reason():
    seats = valid_admission_panel()
    seats[1] = seat(
        "Ben Teacher",
        "education",
        connections=[rules.Connection("school", school_id=1, description="teaches there")],
    )
    seats[2] = seat(
        "Cara Parent",
        "education",
        connections=[rules.Connection("child", appeal_id=101, description="neighbour")],
    )
    assert rules.panel_problems(ADMISSION_CASE, seats) == [
        "Ben Teacher cannot sit: they are connected with Harbour Academy (teaches there)",
        "Cara Parent cannot sit: they know a child or family whose appeal is listed (neighbour)",
    ]


def test_connections_with_other_schools_and_appeals_do_not_count():
    seats = valid_admission_panel()
    seats[1] = seat(
        "Ben Teacher",
        "education",
        connections=[
            rules.Connection("school", school_id=2),
            rules.Connection("child", appeal_id=999),
            rules.Connection("authority", authority_id=11),
        ],
    )
    assert rules.panel_problems(ADMISSION_CASE, seats) == []


def test_training_must_fall_within_the_configured_period_before_the_hearing():
    seats = valid_admission_panel()
    seats[0] = seat("Ann Lay", "lay", chair=True, trained_on=date(2023, 6, 8))
    seats[1] = seat("Ben Teacher", "education", trained_on=None)
    assert rules.panel_problems(ADMISSION_CASE, seats) == [
        "Ann Lay was last trained on 8 June 2023, more than 24 months before the hearing on "
        "9 June 2025",
        "Ben Teacher has no panel training recorded",
    ]
    # Trained exactly 24 months before is still within the period.
    seats[0] = seat("Ann Lay", "lay", chair=True, trained_on=date(2023, 6, 9))
    seats[1] = seat("Ben Teacher", "education")
    assert rules.panel_problems(ADMISSION_CASE, seats) == []
    assert rules.panel_problems(ADMISSION_CASE, seats, training_months=12) == [
        "Ann Lay was last trained on 9 June 2023, more than 12 months before the hearing on "
        "9 June 2025"
    ]


def test_members_sit_only_in_categories_they_hold_and_lay_excludes_education():
    seats = valid_admission_panel()
    seats[1] = seat("Ben Teacher", "governor", sitting_as="education")
    seats[2] = seat("Cara Parent", "lay", "education", sitting_as="education")
    assert rules.panel_problems(ADMISSION_CASE, seats) == [
        "Ben Teacher is not appointed as a member with experience in education",
        "Cara Parent: A lay member cannot also be appointed for experience in education or as a "
        "head teacher",
    ]


def test_a_panel_needs_one_chair():
    seats = [seat("Ann Lay", "lay"), seat("Ben Teacher", "education"), seat("Cara", "education")]
    assert rules.panel_problems(ADMISSION_CASE, seats) == ["Choose one member to chair the panel"]


EXCLUSION_CASE = rules.PanelCase(
    kind=rules.EXCLUSION_PANEL,
    hearing_day=HEARING_DAY,
    school_id=1,
    school_name="Harbour Academy",
    authority_id=10,
    authority_name="Harbour Learning Trust",
    appeal_ids=frozenset({200}),
)


def test_exclusion_review_panels_of_three_and_five():
    three = [
        seat("Ann Lay", "lay", chair=True),
        seat("Hal Head", "head_teacher"),
        seat("Gil Governor", "governor"),
    ]
    assert rules.panel_problems(EXCLUSION_CASE, three) == []
    five = [*three, seat("Hana Head", "head_teacher"), seat("Gwen Governor", "governor")]
    assert rules.panel_problems(EXCLUSION_CASE, five) == []
    four = [*three, seat("Hana Head", "head_teacher")]
    assert rules.panel_problems(EXCLUSION_CASE, four) == [
        "An exclusion review panel has three or five members, not 4"
    ]
    two_heads = [
        seat("Ann Lay", "lay", chair=True),
        seat("Hal Head", "head_teacher"),
        seat("Hana Head", "head_teacher"),
    ]
    assert rules.panel_problems(EXCLUSION_CASE, two_heads) == [
        "A 3-member exclusion review panel needs one head teacher, not 2",
        "A 3-member exclusion review panel needs one governor, not 0",
    ]


def test_the_lay_member_chairs_an_exclusion_review_panel():
    seats = [
        seat("Ann Lay", "lay"),
        seat("Hal Head", "head_teacher", chair=True),
        seat("Gil Governor", "governor"),
    ]
    assert rules.panel_problems(EXCLUSION_CASE, seats) == [
        "The lay member chairs an exclusion review panel"
    ]


def test_a_travel_panel_member_who_took_part_in_the_decision_is_refused():
    case = rules.PanelCase(
        kind=rules.TRANSPORT_PANEL,
        hearing_day=HEARING_DAY,
        school_id=None,
        school_name="",
        authority_id=10,
        authority_name="Kingsmere District Council",
        appeal_ids=frozenset({300}),
    )
    seats = [
        seat("Cllr Ames", "lay", chair=True),
        seat("Cllr Baker", "lay"),
        seat(
            "Cllr Cole",
            "lay",
            connections=[rules.Connection("decision", appeal_id=300, description="stage 1 review")],
        ),
    ]
    assert rules.panel_problems(case, seats) == [
        "Cllr Cole cannot sit: they took part in the decision appealed against (stage 1 review)"
    ]


# --- Planning --------------------------------------------------------------------------------


def test_the_planner_offers_school_days_between_the_notice_period_and_the_deadline():
    earliest, latest = rules.hearing_window(
        date(2025, 5, 19), [date(2025, 6, 18), date(2025, 7, 22)], calendar=DORSET
    )
    assert (earliest, latest) == (date(2025, 6, 9), date(2025, 6, 18))
    assert rules.candidate_days(
        earliest, latest, calendar=DORSET, unavailable=[date(2025, 6, 10)], limit=5
    ) == [
        date(2025, 6, 9),
        date(2025, 6, 11),
        date(2025, 6, 12),
        date(2025, 6, 13),
        date(2025, 6, 16),
    ]


def test_the_rules_speak_the_models_values():
    from appeals.models import Appeal, Connection, Hearing, InfantClassSizeGround, PanelCategory

    assert set(rules.KINDS) == set(Appeal.Kind.values)
    assert set(rules.ICS_GROUNDS) == set(InfantClassSizeGround.values)
    assert {rules.LAY, rules.EDUCATION, rules.HEAD_TEACHER, rules.GOVERNOR} == set(
        PanelCategory.values
    )
    assert {rules.ADMISSION_PANEL, rules.EXCLUSION_PANEL, rules.TRANSPORT_PANEL} == set(
        Hearing.Kind.values
    )
    assert {
        rules.CONNECTION_SCHOOL,
        rules.CONNECTION_AUTHORITY,
        rules.CONNECTION_CHILD,
        rules.CONNECTION_DECISION,
    } == set(Connection.Kind.values)
