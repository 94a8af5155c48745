"""Statutory election timetables pinned to real elections (issue 13, points 2 and 5).

Each expected date is derived by hand from DOMAIN.md C1 (the step's day count, counted back over
the dies non of C1.2) and the real bank holidays of the year, and where the published timetable
is quoted in DOMAIN.md or well known it agrees. Pure: no database.
"""

from __future__ import annotations

from datetime import date

import pytest

from democracy import calendars
from elections.timetables import (
    Override,
    TimetableError,
    combine,
    election_dies_non,
    parish_vacancy_request_period_ends,
    principal_vacancy_poll_latest,
    step_time,
    timetable,
    vacancy_needs_election,
)

REQUIRED_KEYS = {
    "notice_of_election",
    "nominations_close",
    "withdrawals_close",
    "sopn",
    "registration_deadline",
    "postal_vote_deadline",
    "proxy_deadline",
    "voter_authority_certificate_deadline",
    "notice_of_poll",
    "poll",
}
VOTER_ID = {"voter_authority_certificate_deadline", "anonymous_elector_document_deadline"}


def dates(*args, **kwargs) -> dict[str, date]:
    return {step.key: step.date for step in timetable(*args, **kwargs)}


def core(found: dict[str, date]) -> dict[str, date]:
    keys = [
        "notice_of_election",
        "nominations_close",
        "sopn",
        "registration_deadline",
        "postal_vote_deadline",
        "proxy_deadline",
        "notice_of_poll",
        "final_notice_of_alteration",
        "lost_postal_ballots_from",
    ]
    return {key: found[key] for key in keys if key in found}


def test_local_elections_2_may_2024_england():
    # Local elections in England, Thu 2 May 2024 (DOMAIN C1.2: notice of election Tue 26 Mar).
    # Good Friday 29 Mar and Easter Monday 1 Apr are dies non; Maundy Thursday 28 Mar counts.
    found = dates("local", date(2024, 5, 2))
    assert found.keys() >= REQUIRED_KEYS
    assert core(found) == {
        "notice_of_election": date(2024, 3, 26),
        "nominations_close": date(2024, 4, 5),
        "sopn": date(2024, 4, 8),
        "registration_deadline": date(2024, 4, 16),
        "postal_vote_deadline": date(2024, 4, 17),
        "proxy_deadline": date(2024, 4, 24),
        "notice_of_poll": date(2024, 4, 24),
        "final_notice_of_alteration": date(2024, 4, 25),
        "lost_postal_ballots_from": date(2024, 4, 26),
    }
    assert found["withdrawals_close"] == found["election_agents"] == date(2024, 4, 5)
    assert found["voter_authority_certificate_deadline"] == date(2024, 4, 24)
    assert found["anonymous_elector_document_deadline"] == date(2024, 4, 24)
    assert found["nominations_open"] == date(2024, 3, 27)
    assert found["election_expenses"] == date(2024, 6, 6)  # 35 days after a 2 May declaration


def test_local_elections_7_may_2026_and_the_expenses_of_principal_and_parish():
    # Local elections in England, Thu 7 May 2026: Good Friday 3 Apr, Easter Monday 6 Apr and
    # the Early May bank holiday 4 May are disregarded (DOMAIN C1.2: notice Mon 30 Mar).
    found = dates("local", date(2026, 5, 7))
    assert core(found) == {
        "notice_of_election": date(2026, 3, 30),
        "nominations_close": date(2026, 4, 9),
        "sopn": date(2026, 4, 10),
        "registration_deadline": date(2026, 4, 20),
        "postal_vote_deadline": date(2026, 4, 21),
        "proxy_deadline": date(2026, 4, 28),
        "notice_of_poll": date(2026, 4, 28),
        "final_notice_of_alteration": date(2026, 4, 29),
        "lost_postal_ballots_from": date(2026, 4, 30),
    }
    # Nuneaton (principal) 11 Jun 2026 and BCP (parish) 4 Jun 2026 for the 7 May poll
    # (DOMAIN C1.3).
    assert found["election_expenses"] == date(2026, 6, 11)
    parish = dates("parish", date(2026, 5, 7))
    assert parish["election_expenses"] == date(2026, 6, 4)
    # No election agents at a parish election (DOMAIN C1.3).
    assert "election_agents" not in parish
    assert "election_agents" in found


def test_local_elections_4_may_2023_easter_and_the_coronation_bank_holiday():
    # Local elections in England, Thu 4 May 2023, the first with voter identification. Good
    # Friday 7 Apr, Easter Monday 10 Apr and the Early May bank holiday 1 May are disregarded;
    # Maundy Thursday 6 Apr counts.
    found = dates("local", date(2023, 5, 4))
    assert core(found) == {
        "notice_of_election": date(2023, 3, 27),
        "nominations_close": date(2023, 4, 4),
        "sopn": date(2023, 4, 5),
        "registration_deadline": date(2023, 4, 17),
        "postal_vote_deadline": date(2023, 4, 18),
        "proxy_deadline": date(2023, 4, 25),
        "notice_of_poll": date(2023, 4, 25),
        "final_notice_of_alteration": date(2023, 4, 26),
        "lost_postal_ballots_from": date(2023, 4, 27),
    }
    assert found["voter_authority_certificate_deadline"] == date(2023, 4, 25)
    # The Coronation bank holiday (Mon 8 May 2023) is a dies non: no poll on it, and a
    # by-election on Thu 25 May 2023 counts past it.
    with pytest.raises(TimetableError, match="Coronation"):
        timetable("casual_vacancy_principal", date(2023, 5, 8))
    later = dates("casual_vacancy_principal", date(2023, 5, 25))
    assert later["registration_deadline"] == date(2023, 5, 9)  # 12th day, 8 May skipped


def test_local_elections_2_may_2019_easter_inside_the_timetable_and_no_voter_id_yet():
    # Local elections in England, Thu 2 May 2019: Good Friday 19 Apr and Easter Monday 22 Apr
    # fall between the registration deadline and the poll; Maundy Thursday 18 Apr counts.
    # Voter identification began with the polls of 4 May 2023.
    found = dates("local", date(2019, 5, 2))
    assert core(found) == {
        "notice_of_election": date(2019, 3, 26),
        "nominations_close": date(2019, 4, 3),
        "sopn": date(2019, 4, 4),
        "registration_deadline": date(2019, 4, 12),
        "postal_vote_deadline": date(2019, 4, 15),
        "proxy_deadline": date(2019, 4, 24),
        "notice_of_poll": date(2019, 4, 24),
        "final_notice_of_alteration": date(2019, 4, 25),
        "lost_postal_ballots_from": date(2019, 4, 26),
    }
    assert not VOTER_ID & found.keys()


def test_a_by_election_across_christmas():
    # A principal-area casual vacancy poll on Thu 16 Jan 2025: Christmas Eve, Christmas Day,
    # Boxing Day 2024 and New Year's Day 2025 are dies non (SI 2006/3304 Sch 2 r 2); Fri 27 Dec
    # and Tue 31 Dec count.
    found = dates("casual_vacancy_principal", date(2025, 1, 16))
    assert core(found) == {
        "notice_of_election": date(2024, 12, 6),
        "nominations_close": date(2024, 12, 16),
        "sopn": date(2024, 12, 17),
        "registration_deadline": date(2024, 12, 30),
        "postal_vote_deadline": date(2024, 12, 31),
        "proxy_deadline": date(2025, 1, 8),
        "notice_of_poll": date(2025, 1, 8),
        "final_notice_of_alteration": date(2025, 1, 9),
        "lost_postal_ballots_from": date(2025, 1, 10),
    }


def test_welsh_local_elections_5_may_2022_have_no_voter_id():
    # Local elections in Wales, Thu 5 May 2022, under the Local Elections (Principal Areas)
    # (Wales) Rules 2021: Good Friday 15 Apr, Easter Monday 18 Apr and 2 May disregarded. The
    # Elections Act 2022's voter identification does not reach Welsh local elections, even now.
    found = dates("local", date(2022, 5, 5), nation="WLS")
    assert core(found) == {
        "notice_of_election": date(2022, 3, 28),
        "nominations_close": date(2022, 4, 5),
        "sopn": date(2022, 4, 6),
        "registration_deadline": date(2022, 4, 14),
        "postal_vote_deadline": date(2022, 4, 19),
        "proxy_deadline": date(2022, 4, 26),
        "notice_of_poll": date(2022, 4, 26),
        "final_notice_of_alteration": date(2022, 4, 27),
        "lost_postal_ballots_from": date(2022, 4, 28),
    }
    assert not VOTER_ID & found.keys()
    assert not VOTER_ID & dates("local", date(2027, 5, 6), nation="WLS").keys()
    assert all(
        "2021/1459" in s.source
        for s in timetable("local", date(2022, 5, 5), nation="WLS")
        if s.key == "notice_of_election"
    )


def test_uk_general_election_4_july_2024():
    # UK Parliamentary general election, Thu 4 July 2024; Parliament dissolved Thu 30 May 2024
    # (DOMAIN C1.4; Commons Library). The Spring bank holiday (27 May) falls before it.
    found = dates("uk_parliamentary_general", date(2024, 7, 4))
    assert found.keys() >= REQUIRED_KEYS
    assert found["dissolution"] == date(2024, 5, 30)
    assert found["writ_received"] == date(2024, 5, 31)
    assert found["notice_of_election"] == date(2024, 6, 4)
    assert found["nominations_close"] == found["withdrawals_close"] == date(2024, 6, 7)
    assert found["sopn"] == date(2024, 6, 7)
    assert found["registration_deadline"] == date(2024, 6, 18)
    assert found["postal_vote_deadline"] == date(2024, 6, 19)
    assert found["proxy_deadline"] == date(2024, 6, 26)
    assert found["voter_authority_certificate_deadline"] == date(2024, 6, 26)
    assert found["notice_of_poll"] == date(2024, 6, 26)
    steps = {s.key: s for s in timetable("uk_parliamentary_general", date(2024, 7, 4))}
    assert steps["notice_of_election"].time == "16:00"
    assert steps["sopn"].time == "17:00"
    assert steps["registration_deadline"].time == "23:59"
    assert steps["poll"].time == "07:00-22:00"


def test_uk_general_election_12_december_2019_registration_uses_its_own_jurisdiction():
    # UK Parliamentary general election, Thu 12 Dec 2019 (DOMAIN C1.6): Scotland's St Andrew's
    # Day substitute (Mon 2 Dec) is disregarded UK-wide for the timetable and absent votes, but
    # the registration deadline in England uses England's holidays: register Tue 26 Nov, postal
    # 5pm Tue 26 Nov, proxy 5pm Wed 4 Dec, nominations Thu 14 Nov (published).
    found = dates("uk_parliamentary_general", date(2019, 12, 12))
    assert found["nominations_close"] == date(2019, 11, 14)
    assert found["registration_deadline"] == date(2019, 11, 26)
    assert found["postal_vote_deadline"] == date(2019, 11, 26)
    assert found["proxy_deadline"] == date(2019, 12, 4)
    assert not VOTER_ID & found.keys()  # voter ID at UK polls from 5 Oct 2023
    # In Scotland the registration jurisdiction's own holiday moves it a day earlier.
    assert dates("uk_parliamentary_general", date(2019, 12, 12), nation="SCT")[
        "registration_deadline"
    ] == date(2019, 11, 25)


def test_uk_by_election_with_a_writ_date():
    # Wellingborough UK Parliamentary by-election, Thu 15 Feb 2024, with the writ taken as
    # received Thu 18 Jan 2024. Close of nominations: not later than the 7th day after the writ
    # (29 Jan) and 17 days before the poll (23 Jan): Tue 23 Jan; notice of election at least 3
    # days before that: Thu 18 Jan.
    found = dates("uk_parliamentary_by", date(2024, 2, 15), writ_received=date(2024, 1, 18))
    assert found.keys() >= REQUIRED_KEYS
    assert found["writ_received"] == date(2024, 1, 18)
    assert found["notice_of_election"] == date(2024, 1, 18)
    assert found["nominations_close"] == date(2024, 1, 23)
    assert found["sopn"] == date(2024, 1, 23)
    assert found["registration_deadline"] == date(2024, 1, 30)
    assert found["postal_vote_deadline"] == date(2024, 1, 31)
    assert found["proxy_deadline"] == date(2024, 2, 7)
    assert found["voter_authority_certificate_deadline"] == date(2024, 2, 7)
    # A by-election with the writ received earlier fixes nominations by the writ.
    early = dates("uk_parliamentary_by", date(2024, 2, 15), writ_received=date(2024, 1, 10))
    assert early["notice_of_election"] == date(2024, 1, 12)  # 2nd day after the writ
    assert early["nominations_close"] == date(2024, 1, 19)  # 7th day after the writ


def test_uk_by_election_impossible_writ_dates():
    with pytest.raises(TimetableError, match="impossible"):
        timetable("uk_parliamentary_by", date(2024, 2, 15), writ_received=date(2024, 2, 1))
    with pytest.raises(TimetableError, match="impossible"):
        timetable("uk_parliamentary_by", date(2024, 2, 15), writ_received=date(2023, 12, 1))
    with pytest.raises(TimetableError, match="writ"):
        timetable("uk_parliamentary_by", date(2024, 2, 15))
    with pytest.raises(TimetableError, match="before the poll"):
        timetable("uk_parliamentary_by", date(2024, 2, 15), writ_received=date(2024, 2, 20))


def test_pcc_2_may_2024_and_combined_with_the_local_elections():
    # Police and crime commissioner elections, Thu 2 May 2024 (SI 2012/1917; DOMAIN C1.5):
    # notice 25, nominations 4pm 19 (not Democracy Club's 18), SOPN 4pm 18.
    pcc = timetable("pcc", date(2024, 5, 2))
    found = {s.key: s.date for s in pcc}
    assert found["notice_of_election"] == date(2024, 3, 26)
    assert found["nominations_close"] == date(2024, 4, 5)
    assert found["sopn"] == date(2024, 4, 8)
    assert found["registration_deadline"] == date(2024, 4, 16)
    assert found["voter_authority_certificate_deadline"] == date(2024, 4, 24)
    # Combined with the local elections that day: each step once, at the earlier date.
    local = timetable("local", date(2024, 5, 2))
    merged = {s.key: s for s in combine([local, pcc])}
    assert merged["sopn"].date == date(2024, 4, 8)
    assert "2012/1917" in merged["sopn"].source and "2006/3304" in merged["sopn"].source


def test_a_year_past_2030():
    # Ordinary local elections, Thu 6 May 2032: Good Friday 26 Mar, Easter Monday 29 Mar and
    # the Early May bank holiday 3 May 2032 come from the holidays package, which never runs out.
    found = dates("local", date(2032, 5, 6))
    assert core(found) == {
        "notice_of_election": date(2032, 3, 31),
        "nominations_close": date(2032, 4, 8),
        "sopn": date(2032, 4, 9),
        "registration_deadline": date(2032, 4, 19),
        "postal_vote_deadline": date(2032, 4, 20),
        "proxy_deadline": date(2032, 4, 27),
        "notice_of_poll": date(2032, 4, 27),
        "final_notice_of_alteration": date(2032, 4, 28),
        "lost_postal_ballots_from": date(2032, 4, 29),
    }


def test_every_step_has_a_source_a_time_field_and_dates_in_order():
    for kind in ["local", "parish", "pcc", "mayor_combined_authority", "mayor_local", "referendum"]:
        steps = timetable(kind, date(2026, 5, 7))
        assert all(step.source for step in steps), kind
        assert [s.date for s in steps] == sorted(s.date for s in steps)
        assert steps[-1].key == "election_expenses" or kind == "referendum"
    referendum = dates("referendum", date(2026, 5, 7))
    assert "nominations_close" not in referendum and "sopn" not in referendum
    assert (
        step_time(next(s for s in timetable("local", date(2026, 5, 7)) if s.key == "poll")).hour
        == 22
    )


def test_overrides_replace_a_date_and_keep_the_statutory_one():
    steps = timetable(
        "uk_parliamentary_general",
        date(2019, 12, 12),
        overrides={
            "registration_deadline": Override(
                date(2019, 11, 26), "Early Parliamentary General Election Act 2019 s2"
            )
        },
    )
    step = next(s for s in steps if s.key == "registration_deadline")
    assert step.override_reason.startswith("Early Parliamentary")
    assert step.statutory_date == date(2019, 11, 26)
    with pytest.raises(TimetableError, match="no step"):
        timetable(
            "referendum", date(2026, 5, 7), overrides={"sopn": Override(date(2026, 4, 1), "x")}
        )


def test_days_of_mourning_are_dies_non():
    # The State Funeral of Queen Elizabeth II (Mon 19 Sep 2022) was a bank holiday; a day of
    # mourning recorded by the council (here Fri 16 Sep 2022) is disregarded too.
    plain = dates("casual_vacancy_principal", date(2022, 10, 6))
    mourning = dates(
        "casual_vacancy_principal", date(2022, 10, 6), extra_non_working_days={date(2022, 9, 16)}
    )
    assert plain["registration_deadline"] == date(2022, 9, 20)
    assert plain["notice_of_election"] == date(2022, 8, 31)
    assert mourning["notice_of_election"] == date(2022, 8, 30)


def test_unknown_types_and_nations_and_polls_on_dies_non():
    with pytest.raises(TimetableError, match="Unknown election type"):
        timetable("senate", date(2026, 5, 7))
    with pytest.raises(TimetableError, match="Unknown nation"):
        timetable("local", date(2026, 5, 7), nation="FRA")
    with pytest.raises(TimetableError, match="not held in Scotland"):
        timetable("local", date(2026, 5, 7), nation="SCT")
    with pytest.raises(TimetableError, match="Saturday"):
        timetable("local", date(2026, 5, 9))
    with pytest.raises(TimetableError, match="Christmas Day"):
        timetable("local", date(2025, 12, 25))


def test_casual_vacancy_rules():
    england = election_dies_non("ENG")
    # Kidsgrove Town Council: notice Mon 25 Mar 2024 -> the ten electors' 14 days end Tue 16 Apr
    # 2024 (Good Friday and Easter Monday excluded, Maundy Thursday counted; DOMAIN C1.3).
    assert parish_vacancy_request_period_ends(date(2024, 3, 25), calendar=england) == date(
        2024, 4, 16
    )
    assert principal_vacancy_poll_latest(date(2024, 3, 25), calendar=england) == date(2024, 5, 16)
    # Six-month rule: a vacancy within six months before the ordinary retirement day (the
    # fourth day after the 7 May 2026 poll) is not filled by election.
    assert vacancy_needs_election(date(2025, 10, 1), date(2026, 5, 11))
    assert not vacancy_needs_election(date(2025, 12, 1), date(2026, 5, 11))


def test_the_calendar_is_the_foundations():
    assert isinstance(election_dies_non("ENG"), calendars.WorkingDayCalendar)
    assert election_dies_non("ENG", uk_general_election=True).bank_holiday_regions == frozenset(
        calendars.UK_REGIONS
    )


def test_local_elections_1_may_2025_count_maundy_thursday():
    # Local elections in England on Thu 1 May 2025 (moved from the old local-election table's
    # tests). Published timetable (Electoral Commission via ALDC, Jan 2025; Stroud DC): notice
    # of election not later than Tue 25 Mar, nominations close 4pm Wed 2 Apr, SOPN Thu 3 Apr,
    # register Fri 11 Apr, postal 5pm Mon 14 Apr, proxy and VAC 5pm Wed 23 Apr, lost postal
    # ballots from Fri 25 Apr. Good Friday 18 Apr and Easter Monday 21 Apr are disregarded but
    # Maundy Thursday 17 Apr counts (EAA 2006 s20; DOMAIN C1.2): counting it is the only way to
    # reach Fri 11 Apr as the 12th working day.
    found = dates("local", date(2025, 5, 1))
    assert found["notice_of_election"] == date(2025, 3, 25)
    assert found["nominations_close"] == date(2025, 4, 2)
    assert found["sopn"] == date(2025, 4, 3)
    assert found["registration_deadline"] == date(2025, 4, 11)
    assert found["postal_vote_deadline"] == date(2025, 4, 14)
    assert found["proxy_deadline"] == found["voter_authority_certificate_deadline"]
    assert found["proxy_deadline"] == date(2025, 4, 23)
    assert found["lost_postal_ballots_from"] == date(2025, 4, 25)


@pytest.mark.parametrize("poll", [date(2024, 5, 2), date(2025, 5, 1), date(2026, 5, 7)])
def test_every_counted_deadline_is_a_working_day_with_its_count_before_the_poll(poll):
    england = election_dies_non("ENG")
    for step in timetable("local", poll):
        if step.working_days_before_poll is None:
            continue
        assert england.is_working_day(step.date), step.key
        # n working days back from the poll: n - 1 working days lie strictly between.
        between = calendars.clear_days_between(step.date, poll, calendar=england)
        assert between == step.working_days_before_poll - 1, step.key


@pytest.mark.parametrize(
    ("kind", "poll", "nation", "writ"),
    [
        ("local", date(2026, 5, 7), "ENG", None),
        ("local", date(2022, 5, 5), "WLS", None),
        ("referendum", date(2026, 5, 7), "ENG", None),
        ("uk_parliamentary_general", date(2019, 12, 12), "ENG", None),
        ("uk_parliamentary_by", date(2024, 2, 15), "ENG", date(2024, 1, 10)),
    ],
)
def test_the_timetables_notices_of_alteration_are_the_registers(kind, poll, nation, writ):
    """One computation: the timetable's election notices of alteration are those the register
    publishes (``register_rules.election_notices_of_alteration_for_poll``), the first interim
    on the last day for nominations and the final on the fifth working day."""
    from elections import register_rules

    steps = {s.key: s for s in timetable(kind, poll, nation=nation, writ_received=writ)}
    uk = kind == "uk_parliamentary_general"
    calendar = election_dies_non(nation, uk_general_election=uk)
    close = steps["nominations_close"].date if "nominations_close" in steps else None
    notices = register_rules.election_notices_of_alteration_for_poll(
        poll, calendar=calendar, nominations_close=close
    )
    assert steps["first_interim_notice_of_alteration"].date == notices.first_interim
    assert steps["final_notice_of_alteration"].date == notices.final
    assert steps["final_notice_of_alteration"].working_days_before_poll == 5
    assert steps["final_notice_of_alteration"].source.startswith("RPA 1983 s13B")
    if close:
        assert notices.first_interim == close
