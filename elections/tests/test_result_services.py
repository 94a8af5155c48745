"""Entering, checking and declaring a contest's count, putting results live, and confirming the
new councillors' terms of office (created by members only on confirmation)."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from democracy.models import AuditEvent
from democracy.tests.factories import WardFactory
from elections import result_services
from elections.result_models import ContestResult
from elections.result_services import CandidateVotes
from elections.tests.factories_results import enter_single, make_contest
from members.models import Councillor, Term

pytestmark = pytest.mark.django_db


def actions():
    return list(AuditEvent.private_objects.values_list("action", flat=True))


def test_a_reconciling_count_is_entered_with_the_elected_and_audited(electoral_officer):
    contest = make_contest(electoral_officer, ward=WardFactory(seats=1))
    result = enter_single(contest, electoral_officer)
    assert result.valid_ballot_papers == 1553
    assert result.rejected.total == 9
    assert [c.name for c in result.candidates.filter(elected=True)] == ["Ann Smith"]
    assert "elections.result.enter" in actions()
    lines = result_services.contest_result_check(result)
    assert lines[0] == "Verified: 1562 ballot papers, as issued."
    assert "Turnout (ballot box): 31.24%" in lines


def test_a_count_that_does_not_reconcile_is_refused_and_nothing_saved(electoral_officer):
    contest = make_contest(electoral_officer, ward=WardFactory(seats=1))
    with pytest.raises(ValidationError) as error:
        enter_single(contest, electoral_officer, ballot_papers_counted=1570)
    assert "8 fewer than the 1570 ballot papers counted" in str(error.value.message_dict)
    assert not ContestResult.all_objects.exists()


def test_a_tie_must_be_decided_by_lot_and_the_lot_is_recorded(electoral_officer):
    contest = make_contest(electoral_officer, ward=WardFactory(seats=2), seats=2)
    candidates = [
        CandidateVotes("Ann", "Smith", "A", 700),
        CandidateVotes("Bob", "Jones", "B", 500),
        CandidateVotes("Cath", "Patel", "C", 500),
    ]
    values = {
        "electorate": 4000,
        "ballot_papers_issued": 1000,
        "ballot_papers_counted": 1000,
        "valid_ballot_papers": 1000,
        "candidates": candidates,
    }
    with pytest.raises(ValidationError) as error:
        result_services.contest_result_enter(contest=contest, by=electoral_officer, **values)
    assert "lot" in error.value.message_dict
    result = result_services.contest_result_enter(
        contest=contest, by=electoral_officer, drawn_by_lot=["Cath Patel"], **values
    )
    assert "fell on Cath Patel" in result.lot_record
    elected = result.candidates.filter(elected=True)
    assert sorted(c.name for c in elected) == ["Ann Smith", "Cath Patel"]
    assert elected.get(elected_by_lot=True).name == "Cath Patel"


def test_a_declared_result_cannot_change(electoral_officer):
    contest = make_contest(electoral_officer, ward=WardFactory(seats=1))
    result = enter_single(contest, electoral_officer)
    result_services.contest_result_declare(result=result, by=electoral_officer)
    assert "elections.result.declare" in actions()
    with pytest.raises(ValidationError, match="declared"):
        enter_single(contest, electoral_officer)


def test_terms_of_office_are_created_only_on_confirmation(electoral_officer):
    ward = WardFactory(seats=1, name="Abbey")
    contest = make_contest(electoral_officer, ward=ward)
    result = enter_single(contest, electoral_officer)
    result = result_services.contest_result_declare(result=result, by=electoral_officer)
    preview = result_services.contest_result_terms_preview(result)
    assert preview == [
        "Ann Smith (Kingsmere Independents): councillor for Abbey from 11 May 2026, elected at "
        "an ordinary election, on a new councillor record"
    ]
    assert not Term.objects.filter(ward=ward).exists()  # declared, listed, not yet created
    created = result_services.contest_result_confirm_terms(result=result, by=electoral_officer)
    assert created == preview
    term = Term.objects.get(ward=ward)
    assert term.councillor.full_name == "Ann Smith"
    assert term.start_date == date(2026, 5, 11)  # the fourth day after the 7 May 2026 poll
    assert "elections.result.confirm_terms" in actions()
    assert "members.term.start" in actions()
    with pytest.raises(ValidationError, match="already confirmed"):
        result_services.contest_result_confirm_terms(result=result, by=electoral_officer)


def test_a_re_elected_councillor_keeps_their_record(electoral_officer):
    existing = Councillor.all_objects.create(first_name="Ann", last_name="Smith", slug="ann-smith")
    contest = make_contest(electoral_officer, ward=WardFactory(seats=1))
    result = result_services.contest_result_declare(
        result=enter_single(contest, electoral_officer), by=electoral_officer
    )
    result_services.contest_result_confirm_terms(result=result, by=electoral_officer)
    assert Term.objects.get(ward=contest.ward).councillor == existing


def test_terms_cannot_be_confirmed_before_the_declaration(electoral_officer):
    contest = make_contest(electoral_officer, ward=WardFactory(seats=1))
    result = enter_single(contest, electoral_officer)
    with pytest.raises(ValidationError, match="Declare the result"):
        result_services.contest_result_confirm_terms(result=result, by=electoral_officer)
    assert not Term.objects.exists()


def _by_election(electoral_officer, ward, **values):
    from elections.tests.factories_elections import make_election

    election = make_election(
        electoral_officer,
        title="Abbey ward by-election",
        election_type="casual_vacancy_principal",
        poll_date=date(2025, 1, 16),
        vacancy_on=date(2024, 11, 20),
        **values,
    )
    return make_contest(electoral_officer, ward=ward, election=election)


def _declared_at(result, moment):
    ContestResult.all_objects.filter(pk=result.pk).update(declared_at=moment)
    return ContestResult.all_objects.get(pk=result.pk)


def test_a_by_election_term_runs_from_the_declaration_to_the_predecessors_retirement(
    electoral_officer,
):
    """LGA 1972 s 89(6): the councillor elected to fill a casual vacancy holds office until the
    day the councillor replaced would regularly have retired (here the fourth day after the
    6 May 2027 ordinary election, Monday 10 May 2027); they come into office when declared,
    in the small hours of the day after the Thursday 16 January 2025 poll."""
    from datetime import datetime
    from zoneinfo import ZoneInfo

    ward = WardFactory(seats=1, name="Abbey")
    predecessor = Councillor.all_objects.create(
        first_name="Olive", last_name="Barnes", slug="olive-barnes"
    )
    Term.objects.create(
        councillor=predecessor,
        ward=ward,
        start_date=date(2023, 5, 8),
        start_reason=Term.StartReason.ORDINARY_ELECTION,
        end_date=date(2024, 11, 20),
        end_reason=Term.EndReason.RESIGNED,
    )
    contest = _by_election(electoral_officer, ward, ordinary_retirement_on=date(2027, 5, 10))
    result = result_services.contest_result_declare(
        result=enter_single(contest, electoral_officer), by=electoral_officer
    )
    result = _declared_at(result, datetime(2025, 1, 17, 0, 40, tzinfo=ZoneInfo("Europe/London")))
    assert result_services.contest_result_terms_preview(result) == [
        "Ann Smith (Kingsmere Independents): councillor for Abbey from 17 January 2025 until "
        "10 May 2027 (the day the councillor replaced would have retired), elected at a "
        "by-election, on a new councillor record"
    ]
    result_services.contest_result_confirm_terms(result=result, by=electoral_officer)
    term = Term.objects.get(ward=ward, councillor__last_name="Smith")
    assert term.start_date == date(2025, 1, 17)
    assert term.end_date == date(2027, 5, 10)
    assert term.start_reason == Term.StartReason.BY_ELECTION
    assert term.end_reason == Term.EndReason.RETIRED


def test_a_by_election_without_the_retirement_day_recorded_says_so(electoral_officer):
    from datetime import datetime
    from zoneinfo import ZoneInfo

    ward = WardFactory(seats=1, name="Abbey")
    contest = _by_election(electoral_officer, ward)
    result = result_services.contest_result_declare(
        result=enter_single(contest, electoral_officer), by=electoral_officer
    )
    result = _declared_at(result, datetime(2025, 1, 16, 23, 55, tzinfo=ZoneInfo("Europe/London")))
    preview = result_services.contest_result_terms_preview(result)
    assert preview == [
        "Ann Smith (Kingsmere Independents): councillor for Abbey from 16 January 2025 (the "
        "ordinary day of retirement is not recorded on the election), elected at a "
        "by-election, on a new councillor record"
    ]
    result_services.contest_result_confirm_terms(result=result, by=electoral_officer)
    term = Term.objects.get(ward=ward)
    assert (term.start_date, term.end_date) == (date(2025, 1, 16), None)


def test_an_ordinary_election_term_has_no_end_fixed(electoral_officer):
    contest = make_contest(electoral_officer, ward=WardFactory(seats=1))
    result = result_services.contest_result_declare(
        result=enter_single(contest, electoral_officer), by=electoral_officer
    )
    result_services.contest_result_confirm_terms(result=result, by=electoral_officer)
    term = Term.objects.get(ward=contest.ward)
    assert (term.start_date, term.end_date, term.end_reason) == (date(2026, 5, 11), None, "")


def test_a_past_result_keeps_the_moment_it_was_declared_never_a_moment_to_come(electoral_officer):
    from datetime import datetime, time, timedelta

    from django.utils import timezone

    contest = make_contest(electoral_officer, ward=WardFactory(seats=1))  # polled 7 May 2026
    result = enter_single(contest, electoral_officer)
    with pytest.raises(ValidationError, match="future"):
        result_services.contest_result_declare(
            result=result, by=electoral_officer, declared_at=timezone.now() + timedelta(hours=1)
        )
    before_poll = timezone.make_aware(datetime.combine(date(2026, 5, 6), time(23, 0)))
    with pytest.raises(ValidationError, match="before polling day"):
        result_services.contest_result_declare(
            result=result, by=electoral_officer, declared_at=before_poll
        )
    result.refresh_from_db()
    assert not result.is_declared
    night = timezone.make_aware(datetime.combine(date(2026, 5, 8), time(2, 40)))
    result = result_services.contest_result_declare(
        result=result, by=electoral_officer, declared_at=night
    )
    result.refresh_from_db()
    assert result.is_declared and result.declared_at == night


def test_terms_already_held_by_members_are_recorded_and_never_confirmed_again(electoral_officer):
    contest = make_contest(electoral_officer, ward=WardFactory(seats=1))
    result = enter_single(contest, electoral_officer)
    with pytest.raises(ValidationError, match="Declare the result"):
        result_services.contest_result_terms_recorded(
            result=result, by=electoral_officer, note="Recorded before."
        )
    result = result_services.contest_result_declare(result=result, by=electoral_officer)
    with pytest.raises(ValidationError) as error:
        result_services.contest_result_terms_recorded(result=result, by=electoral_officer, note=" ")
    assert "note" in error.value.message_dict
    result_services.contest_result_terms_recorded(
        result=result, by=electoral_officer, note="Recorded in the members app before."
    )
    assert "elections.result.terms_recorded" in actions()
    with pytest.raises(ValidationError, match="already confirmed"):
        result_services.contest_result_confirm_terms(result=result, by=electoral_officer)
    assert not Term.objects.exists()  # nothing created
