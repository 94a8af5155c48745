"""The electoral geography of the cross-domain world (democracy/tests/factories_world.py): two
wards and a polling district, made through the services; and a small register of electors with
a polling place and station, planting an anonymous elector's name and the name of an elector who
opted out of the open register (issue 12, point 7)."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.core.files.uploadedfile import SimpleUploadedFile

from democracy.tests.factories_world import World
from elections import election_services, result_services
from elections.services import (
    elector_create,
    polling_district_create,
    polling_place_create,
    polling_station_create,
    property_create,
    register_import_start,
    ward_create,
)

ANONYMOUS_FIRST, ANONYMOUS_SURNAME = "Quillon", "Fairweatherby"
APPLICANT_FIRST, APPLICANT_SURNAME = "Ermintrude", "Scrivelsby"
INVITEE_NAME = "Barnaby Cholmondeley-Warren"
OBJECTION_GROUNDS = "Objection: Ignatius Pemberton-Slade says the applicant never lived here"
OPTED_OUT_FIRST, OPTED_OUT_SURNAME = "Ottoline", "Brackenshawe"
CANDIDATE_ADDRESS = "14 Quenbythorpe Lane"


def build(world: World) -> None:
    officer = world.users["officer"]
    ward = ward_create(name="Ashdown Ward", seats=3, created_on=date(2019, 5, 2), by=officer)
    other_ward = ward_create(
        name="Brookside Ward", seats=2, created_on=date(2019, 5, 2), by=officer
    )
    district = polling_district_create(ward=ward, code="AA", name="Ashdown North", by=officer)
    world.add(ward=ward, other_ward=other_ward, polling_district=district)
    build_register(world, district)
    build_elections(world, ward)


def build_elections(world: World, ward) -> None:
    """An election with a contest and a step done, and the electoral officer's secret calendar
    address (issue 13)."""
    electoral = world.users["electoral_officer"]
    election = election_services.election_create(
        title="Kingsmere District Council elections 2026",
        election_type="local",
        nation="ENG",
        organisation="Kingsmere",
        poll_date=date(2026, 5, 7),
        by=electoral,
    )
    contest = election_services.contest_create(election=election, ward=ward, seats=3, by=electoral)
    build_results(election, contest, electoral)
    election_services.timetable_step_mark_done(
        election=election, step="notice_of_election", done_on=date(2026, 3, 27), by=electoral
    )
    token = election_services.election_feed_token_issue(user=electoral)
    world.add(election=election, contest=contest, election_feed_token=token)
    build_nominations(world, election, contest)


def build_results(election, contest, electoral) -> None:
    """The contest's count entered and declared, and the election's results live (point 5)."""
    candidates = [
        result_services.CandidateVotes("Ann", "Smith", "Kingsmere Independents", 900),
        result_services.CandidateVotes("Bob", "Jones", "Labour Party", 800),
        result_services.CandidateVotes("Cath", "Patel", "Green Party", 700),
        result_services.CandidateVotes("Dev", "Rao", "", 100),
    ]
    result = result_services.contest_result_enter(
        contest=contest,
        electorate=4000,
        ballot_papers_issued=1010,
        ballot_papers_counted=1010,
        valid_ballot_papers=1000,
        rejected={"too_many_votes": 10},
        candidates=candidates,
        by=electoral,
    )
    result_services.contest_result_declare(result=result, by=electoral)
    result_services.results_publish_live(election=election, by=electoral)


def build_nominations(world: World, election, contest) -> None:
    """A candidate who asked for their home address not to be made public, and a batch of poll
    cards asked for (issue 13, points 3 and 4)."""
    from elections import nominations, poll_cards

    electoral = world.users["electoral_officer"]
    candidate = nominations.nomination_receive(
        contest=contest,
        surname="Hartington",
        other_names="Rosamund",
        home_address=f"{CANDIDATE_ADDRESS}, Kingsmere KM1 9ZZ",
        address_area="Kingsmere",
        received_at=datetime(2026, 4, 1, 11, 0, tzinfo=ZoneInfo("Europe/London")),
        by=electoral,
    )
    nominations.nomination_decide(candidate=candidate, valid=True, by=electoral)
    batch = poll_cards.poll_card_batch_start(
        election=election,
        polling_district=world.polling_district,
        kind="poll_cards",
        by=electoral,
    )
    world.add(candidate=candidate, poll_card_batch=batch)
    world.plant(
        CANDIDATE_ADDRESS,
        "the home address of a candidate who asked for it not to be made public",
        f"/elections/elections/{election.pk}/candidates/{candidate.pk}/",
        seen_by="electoral_officer",
    )


def build_register(world: World, district) -> None:
    electoral = world.users["electoral_officer"]
    place = polling_place_create(
        reference="PP1",
        name="Ashdown Village Hall",
        address_1="Ashdown Village Hall",
        address_2="Church Road",
        address_3="Kingsmere",
        postcode="KM1 4AA",
        by=electoral,
    )
    station = polling_station_create(place=place, polling_district=district, by=electoral)
    home = property_create(
        reference="P100",
        uprn="100012345678",
        address_1="7 Larkspur Close",
        address_3="Kingsmere",
        postcode="KM1 4AB",
        polling_district=district,
        by=electoral,
    )
    neighbour = property_create(
        reference="P101",
        address_1="9 Larkspur Close",
        address_3="Kingsmere",
        postcode="KM1 4AB",
        polling_district=district,
        by=electoral,
    )
    anonymous = elector_create(
        polling_district=district,
        number=1,
        qualifying_address=home,
        first_names=ANONYMOUS_FIRST,
        surname=ANONYMOUS_SURNAME,
        anonymous=True,
        added_on=date(2025, 12, 1),
        by=electoral,
    )
    opted_out = elector_create(
        polling_district=district,
        number=2,
        qualifying_address=neighbour,
        first_names=OPTED_OUT_FIRST,
        surname=OPTED_OUT_SURNAME,
        open_register_opt_out=True,
        absent_vote="postal",
        added_on=date(2025, 12, 1),
        by=electoral,
    )
    upload = SimpleUploadedFile("register.csv", b"property_reference\n", "text/csv")
    register_import = register_import_start(upload=upload, by=electoral)
    world.add(
        register_import=register_import,
        polling_place=place,
        polling_station=station,
        register_property=home,
        anonymous_elector=anonymous,
        opted_out_elector=opted_out,
    )
    build_rolling_registration(world, home)
    world.plant(
        f"{ANONYMOUS_FIRST} {ANONYMOUS_SURNAME}",
        "an anonymous elector's name",
        f"/elections/register/electors/{anonymous.pk}/",
        seen_by="electoral_officer",
    )
    build_canvass(world, district)
    world.plant(
        f"{OPTED_OUT_FIRST} {OPTED_OUT_SURNAME}",
        "the name of an elector who opted out of the open register",
        f"/elections/register/electors/{opted_out.pk}/",
        seen_by="electoral_officer",
    )


def build_rolling_registration(world: World, home) -> None:
    """An application to register, a resident invited to register and a monthly notice of
    alteration (issue 12, points 3 and 4)."""
    from elections import registration

    electoral = world.users["electoral_officer"]
    application = registration.application_receive(
        received_on=date(2026, 1, 5),
        first_names=APPLICANT_FIRST,
        surname=APPLICANT_SURNAME,
        address=home,
        date_of_birth=date(1988, 6, 14),
        nationality="british",
        nino="JT 98 76 54 B",
        by=electoral,
    )
    invitation = registration.invitation_create(address=home, name=INVITEE_NAME, by=electoral)
    registration.invitation_contact_record(
        invitation=invitation,
        kind="written",
        method="post",
        given_on=date(2026, 1, 5),
        by=electoral,
    )
    notice = registration.monthly_notice_prepare(year=2026, month=2, by=electoral)
    objection = registration.objection_record(
        application=application,
        objector_number=world.opted_out_elector.elector_number,
        objector_name="Ignatius Pemberton-Slade",
        grounds=OBJECTION_GROUNDS,
        received_on=date(2026, 1, 7),
        by=electoral,
    )
    world.add(
        registration_application=application,
        invitation=invitation,
        notice=notice,
        application_objection=objection,
    )
    world.plant(
        OBJECTION_GROUNDS,
        "the grounds of an objection to an application to register",
        f"/elections/register/objections/{objection.pk}/",
        seen_by="electoral_officer",
    )
    world.plant(
        f"{APPLICANT_FIRST} {APPLICANT_SURNAME}",
        "the name of an applicant to register",
        f"/elections/register/applications/{application.pk}/",
        seen_by="electoral_officer",
    )
    world.plant(
        INVITEE_NAME,
        "the name of a resident invited to register",
        f"/elections/register/invitations/{invitation.pk}/",
        seen_by="electoral_officer",
    )


MOVED_IN = "Perpetua Wrenfield-Oakes"


def build_canvass(world: World, district) -> None:
    """The 2026 canvass of the register above: routed, a data match import waiting, a batch of
    letters built, and an online response whose change names someone (planted: only electoral
    services may read it)."""
    from elections import canvass as canvass_services
    from elections.models import CanvassProperty

    electoral = world.users["electoral_officer"]
    canvass = canvass_services.canvass_create(year=2026, by=electoral)
    canvass_services.canvass_route(canvass=canvass, by=electoral)
    upload = SimpleUploadedFile("match.csv", b"elector_number,result\n", "text/csv")
    match_import = canvass_services.match_import_start(canvass=canvass, upload=upload, by=electoral)
    batch = canvass_services.batch_create(canvass=canvass, kind="ccb", by=electoral)
    canvass_services.batch_run(batch.pk)
    home = CanvassProperty.register.get(canvass=canvass, property=world.register_property)
    canvass_services.response_record(
        canvass_property=home,
        outcome="changes",
        channel="online",
        changes=[{"kind": "add", "name": MOVED_IN}],
    )
    world.add(
        canvass=canvass,
        canvass_property=home,
        canvass_match_import=match_import,
        canvass_batch=batch,
    )
    world.plant(
        MOVED_IN,
        "a name given in a canvass response",
        f"/elections/register/canvass/2026/properties/{home.pk}/",
        seen_by="electoral_officer",
    )
