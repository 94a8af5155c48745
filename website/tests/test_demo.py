"""The demo council (Kingsmere District Council): what one load produces, that a second load
changes nothing (including edits made in between), determinism, and the production guard."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import resolve
from django.utils import timezone

from appeals.models import SchoolCalendar, SchoolClosure, SchoolTerm
from democracy.council import election_calendar
from democracy.demo_accounts import DEMO_LOGINS, DEMO_PASSWORD
from democracy.models import AuditEvent, User
from democracy.permissions import landing_url, roles_of
from democracy.roles import Role
from democracy.validity import in_force_on
from elections import demo as elections_demo
from elections import election_timetable, register_rules, registration
from elections.canvass import canvass_progress, progress_by_route
from elections.models import (
    Candidate,
    Canvass,
    CanvassContact,
    CanvassMatch,
    CanvassProperty,
    CanvassResponse,
    Election,
    Elector,
    NoticeOfAlteration,
    PollingDistrict,
    Property,
    RegisterAlteration,
    RegistrationApplication,
    TimetableStepDone,
    Ward,
)
from elections.result_models import CandidateResult, ContestResult
from meetings.models import Committee, CommitteeMembership
from meetings.services.proceedings import COUNCILLOR_SEATS
from members.models import Councillor, GroupMembership, PoliticalGroup, Term
from website import demo

COMMITTEES = {
    "Council",
    "Cabinet",
    "Planning Committee",
    "Licensing Committee",
    "Overview and Scrutiny Committee",
    "Audit and Governance Committee",
    "Standards Committee",
}
# Appointed at the demo's annual meeting.
ANNUAL_MEETING = date(2026, 5, 19)


def counts() -> dict[str, int]:
    return {
        "elections": Election.objects.count(),
        "candidates": Candidate.nominations.count(),
        "results": ContestResult.all_objects.count(),
        "candidate results": CandidateResult.all_objects.count(),
        "steps done": TimetableStepDone.objects.count(),
        "canvasses": Canvass.objects.count(),
        "canvass properties": CanvassProperty.register.count(),
        "canvass contacts": CanvassContact.objects.count(),
        "canvass responses": CanvassResponse.register.count(),
        "applications": RegistrationApplication.register.count(),
        "alterations": RegisterAlteration.register.count(),
        "notices of alteration": NoticeOfAlteration.objects.count(),
        "wards": Ward.objects.count(),
        "polling districts": PollingDistrict.objects.count(),
        "groups": PoliticalGroup.objects.count(),
        "councillors": Councillor.all_objects.count(),
        "terms": Term.objects.count(),
        "group memberships": GroupMembership.objects.count(),
        "committees": Committee.objects.count(),
        "committee memberships": CommitteeMembership.objects.count(),
        "school calendars": SchoolCalendar.objects.count(),
        "school terms": SchoolTerm.objects.count(),
        "school closures": SchoolClosure.objects.count(),
        "users": User.objects.count(),
        "audit events": AuditEvent.private_objects.count(),
    }


@pytest.fixture
def loaded(kingsmere, db):
    return None


def test_the_demo_is_refused_in_production_and_writes_nothing(db, settings):
    # Runs before the module's shared load (it asks for no demo data), so the database is empty.
    settings.PRODUCTION = True
    before = counts()
    with pytest.raises(demo.DemoRefusedInProduction):
        demo.load()
    assert counts() == before


def test_the_demo_council_has_17_wards_and_48_seats(loaded):
    assert Ward.objects.count() == 17
    assert sum(Ward.objects.values_list("seats", flat=True)) == 48
    assert Ward.objects.current().count() == 17


def test_47_councillors_serve_today_of_49_records_two_having_resigned(loaded):
    today = timezone.localdate()
    assert Councillor.all_objects.serving(today).count() == 47
    assert Councillor.all_objects.elected().count() == 49
    earlier, recent = Term.objects.exclude(end_date=None).order_by("end_date")
    assert (earlier.end_reason, earlier.end_date) == ("resigned", date(2025, 1, 31))
    # The by-election being run now fills the seat of the councillor who resigned recently.
    assert recent.end_reason == "resigned"
    assert recent.end_date == elections_demo.by_election_dates(today).vacancy_on
    for term in (earlier, recent):
        assert not Councillor.all_objects.serving(today).filter(pk=term.councillor_id).exists()
    # Every ward has its full complement today but the one with the vacancy.
    for ward in Ward.objects.all():
        vacant = 1 if ward == recent.ward else 0
        assert Term.objects.filter(ward=ward, end_date=None).count() == ward.seats - vacant, ward


def test_four_groups_and_three_independents_serve_today(loaded):
    assert PoliticalGroup.objects.count() == 4
    today = timezone.localdate()
    serving = Councillor.all_objects.serving(today).with_current_roles(today)
    # Two independents elected in 2023 and one councillor who left the Conservative group.
    assert serving.filter(current_group_name=None).count() == 3
    assert {row.current_ward_name for row in serving} == set(
        Ward.objects.values_list("name", flat=True)
    )


def test_the_standard_committees_each_have_a_chair_and_balanced_ones_are_full(loaded):
    committees = Committee.objects.all()
    assert set(committees.values_list("name", flat=True)) == COMMITTEES
    today = timezone.localdate()
    for committee in committees:
        for on in (ANNUAL_MEETING, today):
            seats = committee.memberships.filter(
                in_force_on(on), councillor__kind="elected", role__in=COUNCILLOR_SEATS
            )
            assert seats.filter(role="chair").count() == 1, (committee, on)
            if committee.political_balance_applies:
                assert seats.count() == committee.size, (committee, on)
    council = Committee.objects.get(name="Council")
    assert council.memberships.count() == 48


def test_three_co_opted_members_sit_in_co_opted_seats(loaded):
    assert Councillor.all_objects.count() == 52
    co_opted = Councillor.all_objects.filter(kind="coopted")
    assert co_opted.count() == 3
    assert not Term.objects.filter(councillor__in=co_opted).exists()
    assert {str(p) for p in Councillor.all_objects.co_opted(date(2026, 11, 22))} == {
        "Mrs Helen Marsh",
        "Mr David Okoro",
        "Ms Ruth Ellison",
    }
    seats = dict(
        CommitteeMembership.objects.filter(councillor__in=co_opted).values_list(
            "councillor__last_name", "role"
        )
    )
    assert seats == {
        "Marsh": "coopted_voting",
        "Okoro": "coopted_voting",
        "Ellison": "coopted_non_voting",
    }


def test_a_demo_user_for_every_role_lands_on_a_page_that_works(loaded, client):
    assert {login.role for login in DEMO_LOGINS} == set(Role)
    for login in DEMO_LOGINS:
        user = User.objects.get(username=login.username)
        assert login.role in roles_of(user)
        assert user.check_password(DEMO_PASSWORD), login.username
        url = landing_url(user)
        resolve(url)
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == 200, (login.role, url, response.status_code)
        client.logout()


def test_the_councillor_demo_user_is_the_leader_of_the_council(loaded):
    user = User.objects.get(username="councillor")
    councillor = Councillor.all_objects.get(user=user)
    assert (user.first_name, user.last_name) == (councillor.first_name, councillor.last_name)
    cabinet = Committee.objects.get(kind=Committee.Kind.EXECUTIVE)
    assert cabinet.memberships.get(role="chair").councillor == councillor
    assert Councillor.all_objects.serving().filter(pk=councillor.pk).exists()


def test_every_demo_record_is_audited_as_written_by_the_system(loaded):
    # The system, except the elections the electoral services officer ran.
    by_people = AuditEvent.private_objects.exclude(actor_name="system")
    assert set(by_people.values_list("actor_name", flat=True)) == {"Hannah Lewis"}
    assert not by_people.exclude(action__startswith="elections.").exists()
    # 49 councillors and 3 co-opted members.
    assert AuditEvent.private_objects.filter(action="members.councillor.create").count() == 52
    assert AuditEvent.private_objects.filter(action="members.term.start").count() == 49
    assert AuditEvent.private_objects.filter(action="members.co_option.start").count() == 3
    assert AuditEvent.private_objects.filter(action="members.term.end").count() == 2
    assert AuditEvent.private_objects.filter(action="meetings.membership.appoint").count() == (
        CommitteeMembership.objects.count()
    )


def test_loading_twice_changes_nothing(loaded):
    first = counts()
    demo.load()
    assert counts() == first


def test_a_second_load_keeps_a_renamed_councillor_without_a_duplicate(loaded):
    councillor = Councillor.all_objects.order_by("pk").first()
    Councillor.all_objects.filter(pk=councillor.pk).update(first_name="Renamed")
    first = counts()
    demo.load()
    assert counts() == first
    councillor.refresh_from_db()
    assert councillor.first_name == "Renamed"


def test_a_second_load_keeps_a_renamed_ward_without_a_duplicate(loaded):
    ward = Ward.objects.get(name="Abbey Meads")
    Ward.objects.filter(pk=ward.pk).update(name="Abbey Meads and Priorsfield")
    first = counts()
    demo.load()
    assert counts() == first
    ward.refresh_from_db()
    assert ward.name == "Abbey Meads and Priorsfield"
    assert not Ward.objects.filter(name="Abbey Meads").exists()


def test_a_second_load_keeps_a_renamed_committee_without_a_duplicate(loaded):
    committee = Committee.objects.get(name="Standards Committee")
    Committee.objects.filter(pk=committee.pk).update(name="Standards and Ethics Committee")
    first = counts()
    demo.load()
    assert counts() == first
    committee.refresh_from_db()
    assert committee.name == "Standards and Ethics Committee"


def test_the_demo_is_deterministic(loaded):
    # Observed on the first run (Faker en_GB seeded with 2023); a change means the demo data,
    # and every screenshot and walkthrough based on it, has changed.
    first_three = list(
        Councillor.all_objects.order_by("pk").values_list("first_name", "last_name")[:3]
    )
    assert first_three == [("Jacqueline", "Harrison"), ("Katie", "Watts"), ("Stanley", "Talbot")]


# --- The elections (issue 13, point 7) -----------------------------------------------------------


def test_the_last_ordinary_election_elected_the_sitting_councillors_with_their_parties(loaded):
    election = Election.objects.get(election_type="local", poll_date=date(2023, 5, 4))
    results = ContestResult.all_objects.filter(contest__election=election).select_related(
        "contest__ward"
    )
    assert results.count() == Ward.objects.count() == 17
    elected_then = Term.objects.filter(start_date=date(2023, 5, 9), start_reason="ordinary")
    parties = {
        "Conservative Group": "Local Conservatives",
        "Labour Group": "Labour Party",
        "Liberal Democrat Group": "Liberal Democrats",
        "Green Group": "Green Party",
    }
    for result in results:
        ward = result.contest.ward
        assert result.is_declared and result.terms_confirmed_at is not None, ward
        winners = {
            (c.first_names, c.surname, c.party) for c in result.candidates.all() if c.elected
        }
        terms = elected_then.filter(ward=ward).select_related("councillor")
        expected = set()
        for term in terms:
            councillor = term.councillor
            first = GroupMembership.objects.filter(
                councillor=councillor, start_date=date(2023, 5, 9)
            ).first()
            party = parties[first.group.name] if first else "Independent"
            expected.add((councillor.first_name, councillor.last_name, party))
        assert winners == expected, ward
        assert len(winners) == ward.seats
        # Losers stood too, with fewer votes than the last winner; the count reconciles.
        losers = [c for c in result.candidates.all() if not c.elected]
        assert losers
        assert max(c.votes for c in losers) < min(
            c.votes for c in result.candidates.all() if c.elected
        )
        assert result.valid_ballot_papers + result.rejected.total == result.ballot_papers_counted
        assert result.ballot_papers_counted < result.electorate
        assert election_demo_electorate(ward) == result.electorate
        # Every candidate was nominated, validly, and the statement published.
        assert Candidate.nominations.filter(contest=result.contest, status="valid").count() == (
            result.candidates.count()
        )
    assert election.steps_done.filter(step="sopn").exists()
    # No second term was made for anyone: the terms are the members demo's.
    assert Term.objects.count() == 49


def election_demo_electorate(ward) -> int:
    return elections_demo.ward_electorates()[ward.pk]


def test_the_last_election_is_public_on_the_results_pages_and_the_api(loaded, client):
    election = Election.objects.get(election_type="local", poll_date=date(2023, 5, 4))
    assert client.get("/elections/results/").status_code == 200
    page = client.get(f"/elections/results/{election.pk}/")
    assert page.status_code == 200
    winner = CandidateResult.all_objects.filter(
        contest_result__contest__election=election, elected=True
    ).first()
    assert winner.surname in page.content.decode()
    data = client.get(f"/api/v1/elections/{election.pk}/results").json()
    assert {c["status"] for c in data["contests"]} == {"declared"}
    assert len(data["contests"]) == 17


def test_a_by_election_is_being_run_with_steps_done_and_steps_to_come(loaded):
    today = timezone.localdate()
    [election] = Election.objects.filter(election_type="casual_vacancy_principal")
    dates = elections_demo.by_election_dates(today)
    assert election.poll_date == dates.poll
    assert 21 <= (election.poll_date - today).days <= 40
    assert election.poll_date.weekday() == 3  # a Thursday
    [contest] = election.contests.all()
    vacancy = Term.objects.get(end_date=election.vacancy_on)
    assert contest.ward == vacancy.ward
    rows = election_timetable.rows(election)  # the statutory timetable: valid, or this raises
    done = [row for row in rows if row.done_on]
    to_come = [row for row in rows if row.step.date > today]
    assert done and to_come
    notice = next(row for row in rows if row.step.key == "notice_of_election")
    assert notice.done_on == dates.notice_of_election_on <= notice.step.date
    assert not any(row.late for row in rows)
    assert all(row.done_on <= today for row in done)
    candidates = Candidate.nominations.filter(contest=contest)
    assert candidates.count() >= 3
    assert candidates.exclude(status="received").exists()
    close = next(row.step for row in rows if row.step.key == "nominations_close")
    if today <= close.date:  # nominations still open: the latest paper awaits its decision
        assert candidates.filter(status="received").count() == 1
    for candidate in candidates:
        assert timezone.localdate(candidate.received_at) <= min(today, close.date)


def test_loading_the_elections_twice_changes_nothing(loaded):
    first = counts()
    demo.load()
    assert counts() == first


# --- The register (issue 12, point 8) --------------------------------------------------------


def test_the_canvass_is_shown_as_far_as_it_has_gone_with_figures_that_add_up(loaded, client):
    today = timezone.localdate()
    year, stands_on = elections_demo.canvass_year(today)
    canvass = Canvass.objects.get(year=year)
    # The national data match: every elector but the anonymous, through the officer's import.
    [job] = canvass.imports.all()
    matched = Elector.register.filter(deleted_on=None, anonymous=False).count()
    assert job.status == "done" and job.results_imported == matched
    assert CanvassMatch.register.filter(canvass=canvass).count() == matched
    # Every property routed; the dashboard's rows add up to them, route by route.
    properties = CanvassProperty.register.filter(canvass=canvass)
    assert properties.count() == Property.objects.count()
    rows = canvass_progress(canvass, today=today)
    routes = progress_by_route(rows)
    assert [r.route for r in routes] == [1, 2, 3]
    assert sum(r.properties for r in routes) == properties.count()
    for total in routes:
        assert total.properties == properties.filter(route=total.route).count()
        assert total.responded + total.outstanding == total.properties
        assert total.responded == properties.filter(route=total.route).exclude(response="").count()
        assert total.responded > 0
    route_1, route_2, _route_3 = routes
    assert route_1.properties > route_2.properties  # most are matched
    # Each property answered once at most, on a day the canvass had reached.
    responses = CanvassResponse.register.filter(canvass_property__canvass=canvass)
    assert responses.count() == properties.exclude(response="").count()
    assert all(timezone.localdate(r.received_at) <= stands_on for r in responses)
    # The CCA and CCB went to every property; Route 2's third attempt is personal.
    contacts = CanvassContact.objects.filter(canvass_property__canvass=canvass)
    if stands_on >= date(year, 8, 1):
        assert contacts.filter(number=1).count() == properties.count()
    assert set(contacts.filter(number=3).values_list("method", flat=True)) <= {"door_knock"}
    assert not contacts.filter(made_on__gt=stands_on).exists()
    assert not contacts.filter(number__gt=1, canvass_property__route=1).exists()
    # The electoral services officer's dashboard shows it.
    client.force_login(User.objects.get(username="electoral"))
    page = client.get(f"/elections/register/canvass/{year}/")
    assert page.status_code == 200
    assert f"{route_1.properties:,}" in page.content.decode() or str(route_1.properties) in (
        page.content.decode()
    )


@pytest.mark.parametrize(
    ("today", "year", "stands_on"),
    [
        (date(2026, 9, 14), 2026, date(2026, 9, 14)),  # in progress
        (date(2026, 12, 7), 2026, date(2026, 12, 1)),  # the revised register published
        (date(2027, 3, 2), 2026, date(2026, 12, 1)),  # the last canvass, completed
    ],
)
def test_the_canvass_shown_is_this_years_in_progress_or_the_last_completed(today, year, stands_on):
    assert elections_demo.canvass_year(today) == (year, stands_on)


def test_rolling_registration_is_in_flight_with_the_next_notice_pending(loaded):
    today = timezone.localdate()
    applications = RegistrationApplication.register.all()
    assert applications.count() == 14
    waiting = applications.filter(status="received")
    assert waiting.filter(verification="pending").exists()  # awaiting verification
    assert waiting.filter(verification="unmatched").exists()  # evidence needed
    assert waiting.filter(verification="dwp_match", objection_period_ends__gte=today).exists()
    assert waiting.filter(verification__in=["documents", "attestation"]).exists()
    assert applications.filter(status="accepted").count() >= 3
    assert applications.filter(status="rejected").count() == 1
    # Once verified (or determined) the National Insurance number is gone.
    assert not applications.exclude(verification="pending").exclude(nino="").exists()
    for application in applications.exclude(determined_on=None):
        assert application.determined_on > application.objection_period_ends
        assert application.determined_on < today
    # The next monthly notice is prepared, not published, and carries the additions since.
    nxt = register_rules.next_monthly_notice_of_alteration(today, calendar=election_calendar())
    notice = NoticeOfAlteration.objects.get(kind="monthly", publication_date=nxt.publication)
    assert notice.published_at is None
    carried = registration.carried_by(notice)
    assert carried.count() >= 3
    assert set(carried.values_list("kind", flat=True)) == {"addition"}
    # Any earlier notice was published: its additions are on the register from its day.
    for published in NoticeOfAlteration.objects.exclude(published_at=None):
        for alteration in RegisterAlteration.register.filter(notice=published):
            assert alteration.elector.added_on == published.publication_date


def test_the_electoral_officers_pages_open_on_the_demo(loaded, client):
    by_election = Election.objects.get(election_type="casual_vacancy_principal")
    last = Election.objects.get(election_type="local", poll_date=date(2023, 5, 4))
    notice = NoticeOfAlteration.objects.filter(published_at=None).get()
    application = RegistrationApplication.register.first()
    client.force_login(User.objects.get(username="electoral"))
    for path in [
        "/elections/",
        "/elections/elections/",
        f"/elections/elections/{by_election.pk}/",
        f"/elections/elections/{by_election.pk}/nominations/",
        f"/elections/elections/{last.pk}/results/",
        "/elections/register/",
        "/elections/register/canvass/",
        "/elections/register/applications/",
        f"/elections/register/applications/{application.pk}/",
        f"/elections/register/notices/{notice.pk}/",
    ]:
        assert client.get(path).status_code == 200, path
    # The public sees the by-election coming, without its candidates before the statement.
    client.logout()
    page = client.get("/polls/").content.decode()
    contest = by_election.contests.get()
    assert contest.ward.name in page
    if not by_election.steps_done.filter(step="sopn").exists():
        for candidate in Candidate.nominations.filter(contest=contest):
            assert candidate.ballot_name not in page
