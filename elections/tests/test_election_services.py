"""Elections, contests and timetable records through their services (issue 13, point 1):
validated, atomic, audited; identifiers in Democracy Club's scheme; combined polls; overrides
and steps marked done."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from democracy.models import AuditEvent
from democracy.tests.factories import UserFactory
from elections import election_services, election_timetable, services
from elections.models import CombinedPoll, Contest, Election, ElectionFeedToken
from elections.tests.factories_elections import make_election


@pytest.fixture
def actor(db):
    return UserFactory(username="eso", first_name="Hannah", last_name="Lewis")


def test_a_local_election_with_its_ward_contests_and_identifiers(actor):
    election = make_election(actor)
    assert election.election_id == "local.kingsmere.2026-05-07"
    ward = services.ward_create(name="Ashdown", seats=3, created_on=date(2019, 5, 2), by=actor)
    contest = election_services.contest_create(election=election, ward=ward, by=actor)
    assert (contest.division_name, contest.seats, contest.by_election) == ("Ashdown", 1, False)
    assert contest.ballot_id == "local.kingsmere.ashdown.2026-05-07"
    actions = list(AuditEvent.private_objects.values_list("action", flat=True).order_by("pk"))
    assert actions == [
        "elections.election.create",
        "elections.ward.create",
        "elections.contest.create",
    ]


def test_elections_on_one_day_are_one_combined_poll(actor):
    local = make_election(actor, poll_date=date(2024, 5, 2), title="Local 2024")
    pcc = make_election(
        actor,
        poll_date=date(2024, 5, 2),
        election_type="pcc",
        organisation="Thames Valley",
        title="PCC 2024",
    )
    by = make_election(
        actor,
        poll_date=date(2024, 5, 2),
        election_type="casual_vacancy_principal",
        title="Ashdown by-election",
    )
    assert local.combined_poll == pcc.combined_poll == by.combined_poll
    assert CombinedPoll.objects.count() == 1
    assert pcc.election_id == "pcc.thames-valley.2024-05-02"
    # A by-election shares its council's identifier on the day; its contest says "by".
    assert by.election_id == local.election_id
    contest = election_services.contest_create(election=by, division_name="Ashdown", by=actor)
    assert contest.ballot_id == "local.kingsmere.ashdown.by.2024-05-02"
    with pytest.raises(ValidationError, match="has no wards"):
        election_services.contest_create(election=pcc, division_name="North", by=actor)
    steps = {s.key: s for s in election_timetable.combined_steps([local, pcc])}
    assert steps["sopn"].date == date(2024, 4, 8)


def test_uk_parliamentary_identifiers(actor):
    general = make_election(
        actor,
        election_type="uk_parliamentary_general",
        poll_date=date(2024, 7, 4),
        organisation="United Kingdom",
        title="General election 2024",
    )
    assert general.election_id == "parl.2024-07-04"
    contest = election_services.contest_create(
        election=general, division_name="Kingsmere North", by=actor
    )
    assert contest.ballot_id == "parl.kingsmere-north.2024-07-04"
    by = make_election(
        actor,
        election_type="uk_parliamentary_by",
        poll_date=date(2024, 2, 15),
        writ_received_on=date(2024, 1, 18),
        organisation="Wellingborough",
        title="Wellingborough by-election",
    )
    assert by.election_id == "parl.wellingborough.by.2024-02-15"


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        ({"poll_date": date(2026, 5, 9)}, "poll_date", "not a working day"),
        ({"election_type": "uk_parliamentary_by"}, "writ_received_on", "writ was received"),
        (
            {"election_type": "uk_parliamentary_by", "writ_received_on": date(2026, 5, 1)},
            "writ_received_on",
            "impossible",
        ),
        ({"nation": "SCT"}, "nation", "not held in Scotland"),
        ({"writ_received_on": date(2026, 4, 1)}, "writ_received_on", "Only a UK"),
        ({"title": ""}, "title", "blank"),
    ],
)
def test_bad_elections_name_the_field_and_save_nothing(actor, values, field, message):
    with pytest.raises(ValidationError) as raised:
        make_election(actor, **values)
    assert field in raised.value.message_dict
    assert message in " ".join(raised.value.message_dict[field])
    assert not Election.objects.exists()
    assert not CombinedPoll.objects.exists()
    assert not AuditEvent.private_objects.exists()


def test_casual_vacancy_rules_refuse_what_the_law_refuses(actor):
    # Parish: ten electors have fourteen days after the notice (Kidsgrove: 25 Mar -> 16 Apr 2024).
    with pytest.raises(ValidationError, match="co-option"):
        make_election(
            actor,
            election_type="casual_vacancy_parish",
            organisation="Ashdown Parish",
            poll_date=date(2024, 5, 23),
            vacancy_notice_on=date(2024, 3, 25),
            request_received_on=date(2024, 4, 17),
        )
    parish = make_election(
        actor,
        election_type="casual_vacancy_parish",
        organisation="Ashdown Parish",
        poll_date=date(2024, 5, 23),
        vacancy_notice_on=date(2024, 3, 25),
        request_received_on=date(2024, 4, 16),
    )
    assert parish.pk
    # Six-month rule.
    with pytest.raises(ValidationError, match="six months"):
        make_election(
            actor,
            election_type="casual_vacancy_principal",
            poll_date=date(2026, 2, 26),
            vacancy_on=date(2026, 1, 5),
            ordinary_retirement_on=date(2026, 5, 11),
        )
    # Principal: the poll within 35 working days of the request (25 Mar 2024 -> 16 May 2024).
    with pytest.raises(ValidationError, match="35 working days"):
        make_election(
            actor,
            election_type="casual_vacancy_principal",
            poll_date=date(2024, 5, 23),
            vacancy_notice_on=date(2024, 3, 20),
            request_received_on=date(2024, 3, 25),
        )


def test_override_and_mark_done_are_audited_and_change_the_timetable(actor):
    election = make_election(
        actor,
        election_type="uk_parliamentary_general",
        organisation="United Kingdom",
        poll_date=date(2019, 12, 12),
        title="General election 2019",
    )
    election_services.timetable_override_set(
        election=election,
        step="registration_deadline",
        date=date(2019, 11, 26),
        reason="Early Parliamentary General Election Act 2019",
        by=actor,
    )
    election_services.timetable_step_mark_done(
        election=election, step="notice_of_election", done_on=date(2019, 11, 8), by=actor
    )
    election_services.timetable_step_mark_done(
        election=election, step="sopn", done_on=date(2019, 11, 15), by=actor
    )
    rows = {row.step.key: row for row in election_timetable.rows(election)}
    assert rows["registration_deadline"].step.override_reason.startswith("Early")
    assert rows["notice_of_election"].done_on == date(2019, 11, 8)
    assert not rows["notice_of_election"].late
    assert rows["sopn"].late  # a day after the latest permitted 14 Nov
    with pytest.raises(ValidationError, match="no step"):
        election_services.timetable_step_mark_done(
            election=election, step="nope", done_on=date(2019, 11, 8), by=actor
        )
    with pytest.raises(ValidationError, match="future"):
        election_services.timetable_step_mark_done(
            election=election, step="poll", done_on=date(2099, 1, 1), by=actor
        )
    election_services.timetable_step_undo(election=election, step="sopn", by=actor)
    rows = {row.step.key: row for row in election_timetable.rows(election)}
    assert rows["sopn"].done is None
    actions = list(AuditEvent.private_objects.values_list("action", flat=True).order_by("pk"))
    assert actions[1:] == [
        "elections.timetable_override.create",
        "elections.timetable_step.done",
        "elections.timetable_step.done",
        "elections.timetable_step.undo",
    ]


def test_moving_the_poll_moves_the_identifier_and_the_combined_poll(actor):
    election = make_election(actor)
    election_services.election_update(election=election, poll_date=date(2026, 5, 14), by=actor)
    election.refresh_from_db()
    assert election.election_id == "local.kingsmere.2026-05-14"
    assert election.combined_poll.poll_date == date(2026, 5, 14)
    event = AuditEvent.private_objects.order_by("-pk").first()
    assert event.action == "elections.election.update"
    assert event.changes["poll_date"] == ["2026-05-07", "2026-05-14"]


def test_feed_tokens_are_stored_hashed_and_never_audited(actor):
    token = election_services.election_feed_token_issue(user=actor)
    row = ElectionFeedToken.objects.get()
    assert token not in row.token_hash and len(row.token_hash) == 64
    assert election_services.election_feed_user(token) == actor
    assert election_services.election_feed_user("wrong") is None
    event = AuditEvent.private_objects.get(action="elections.feed_token.issue")
    assert token not in str(event.changes) and token not in event.note
    again = election_services.election_feed_token_issue(user=actor)
    assert election_services.election_feed_user(token) is None
    assert election_services.election_feed_user(again) == actor


def test_contest_needs_a_division(actor):
    election = make_election(actor)
    with pytest.raises(ValidationError, match="Choose a ward"):
        election_services.contest_create(election=election, by=actor)
    assert not Contest.objects.exists()


def test_the_demo_loads_the_next_ordinary_elections_once(db):
    from elections import demo

    # Kingsmere's all-out cycle from 2023: the first Thursday in May 2027, then 2031.
    assert demo.next_ordinary_poll(date(2026, 12, 7)) == date(2027, 5, 6)
    assert demo.next_ordinary_poll(date(2027, 5, 6)) == date(2027, 5, 6)
    assert demo.next_ordinary_poll(date(2027, 5, 7)) == date(2031, 5, 1)
    demo.load()
    election = demo.load_elections(today=date(2026, 12, 7))
    assert election.election_id == "local.kingsmere.2027-05-06"
    assert election.contests.count() == 17
    assert sum(election.contests.values_list("seats", flat=True)) == 48
    assert demo.load_elections(today=date(2026, 12, 7)) == election
    assert Election.objects.count() == 1
