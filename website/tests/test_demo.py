"""The demo council (Kingsmere District Council): what one load produces, that a second load
changes nothing (including edits made in between), determinism, and the production guard."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import transaction
from django.urls import resolve
from django.utils import timezone

from appeals.models import SchoolCalendar, SchoolClosure, SchoolTerm
from democracy.demo_accounts import DEMO_LOGINS
from democracy.models import AuditEvent, User
from democracy.permissions import landing_url, roles_of
from democracy.roles import Role
from democracy.validity import in_force_on
from elections.models import PollingDistrict, Ward
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


@pytest.fixture(scope="module")
def kingsmere(django_db_setup, django_db_blocker):
    """One load for the whole module (it takes seconds), inside a transaction rolled back at the
    end of the module; each test runs in its own savepoint within it, so edits and second loads
    made by a test are undone after it."""
    with django_db_blocker.unblock(), transaction.atomic():
        demo.load()
        yield
        transaction.set_rollback(True)


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


def test_48_councillors_serve_today_of_49_records_one_having_resigned(loaded):
    today = timezone.localdate()
    assert Councillor.all_objects.serving(today).count() == 48
    assert Councillor.all_objects.elected().count() == 49
    [resigned] = Term.objects.exclude(end_date=None)
    assert (resigned.end_reason, resigned.end_date) == ("resigned", date(2025, 1, 31))
    assert not Councillor.all_objects.serving(today).filter(pk=resigned.councillor_id).exists()
    # Every ward has its full complement today.
    for ward in Ward.objects.all():
        assert Term.objects.filter(ward=ward, end_date=None).count() == ward.seats, ward


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
    assert AuditEvent.private_objects.exclude(actor_name="system").count() == 0
    # 49 councillors and 3 co-opted members.
    assert AuditEvent.private_objects.filter(action="members.councillor.create").count() == 52
    assert AuditEvent.private_objects.filter(action="members.term.start").count() == 49
    assert AuditEvent.private_objects.filter(action="members.co_option.start").count() == 3
    assert AuditEvent.private_objects.filter(action="members.term.end").count() == 1
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
