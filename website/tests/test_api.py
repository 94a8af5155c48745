"""The open data API (website/api.py): shapes, Popolo validity against the published Popolo
schemas (shipped in website/tests/data/popolo), no restricted content, pagination, conditional
GET with ETag and Last-Modified, CORS for GET, bounded queries, and a schemathesis run of every
operation against the OpenAPI description the site serves."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
import schemathesis
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from jsonschema import Draft3Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT3

from democracy import calendars
from democracy.council import meeting_calendar
from democracy.tests.factories import CouncillorFactory, TermFactory
from democracy.tests.factories_cache import render_public_pages_afresh
from democracy.tests.factories_councillors import add_co_opted_member
from meetings.services import decisions as decision_services
from meetings.services import participation
from meetings.tests.factories_meetings import make_meeting
from meetings.tests.factories_public import SECRETS, PublicScene, add_meetings, seat_co_optees
from members.models import PrivateContact
from members.tests.factories_interests import (
    LAND,
    ORDINARY,
    SECRET,
    SECRET_ORG,
    SENSITIVE,
    publish_register,
)

POPOLO = Path(__file__).parent / "data" / "popolo"


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def scene(db):
    return PublicScene()


def get(client, path: str, **headers):
    return client.get(path, headers=headers)


def popolo_validator(name: str) -> Draft3Validator:
    """A validator for one Popolo schema whose $refs to popoloproject.com resolve to the copies
    kept with the tests (the schemas name both www.popoloproject.com and popoloproject.com)."""
    resources = []
    for path in POPOLO.glob("*.json"):
        contents = json.loads(path.read_text())
        resource = Resource.from_contents(contents, default_specification=DRAFT3)
        for host in ("http://www.popoloproject.com", "http://popoloproject.com"):
            resources.append((f"{host}/schemas/{path.name}", resource))
            resources.append((f"{host}/schemas/{path.name}#", resource))
    registry = Registry().with_resources(resources)
    schema = json.loads((POPOLO / f"{name}.json").read_text())
    return Draft3Validator(schema, registry=registry, format_checker=Draft3Validator.FORMAT_CHECKER)


def assert_valid(name: str, documents: list[dict]) -> None:
    validator = popolo_validator(name)
    for document in documents:
        errors = sorted(validator.iter_errors(document), key=str)
        assert not errors, (document, [e.message for e in errors])


# --- Meetings ------------------------------------------------------------------------------------


def test_a_meeting_lists_its_items_and_public_documents_and_nothing_restricted(client, scene):
    response = get(client, f"/api/v1/meetings/{scene.meeting.pk}")
    assert response.status_code == 200
    body = response.content.decode()
    for secret in SECRETS:
        assert secret not in body, secret
    meeting = response.json()
    assert meeting["committee_name"] == scene.committee.name
    items = {item["title"]: item for item in meeting["items"]}
    public = items[scene.public_item.title]
    assert public["restricted"] is False
    assert any(
        d["url"].endswith(f"/papers/reports/{scene.public_report.pk}/") or "report" in d["url"]
        for d in public["documents"]
    )
    exempt = items[scene.exempt_item.title]
    assert exempt["restricted"] is True and exempt["documents"] == []
    assert "Schedule 12A" in exempt["restriction_notice"]
    decisions = {d["title"]: d for d in meeting["decisions"]}
    assert decisions[scene.exempt_decision.title]["decision"] == ""
    assert decisions[scene.exempt_decision.title]["restricted"] is True


def test_a_meeting_lists_its_accepted_public_questions_with_consented_names_only(client, officer):
    day = calendars.working_days_after(timezone.localdate(), 15, calendar=meeting_calendar())
    meeting = make_meeting(day=day)

    def ask(name, email, text, *, kind="question", publish_name):
        return participation.submission_create(
            meeting=meeting,
            kind=kind,
            name=name,
            email=email,
            text=text,
            publish_name=publish_name,
        )

    consented = ask(
        "Casey Consent", "casey@example.com", "Will the pool reopen?", publish_name=True
    )
    unconsented = ask("Uma Private", "uma@example.com", "Bus routes?", publish_name=False)
    speaker = ask(
        "Dana Speaker", "dana@example.com", "Mill Park", kind="deputation", publish_name=True
    )
    declined = ask("Dee Clined", "dee@example.com", "DECLINEDTEXT", publish_name=True)
    ask("Pat Pending", "pat@example.com", "PENDINGTEXT", publish_name=True)
    participation.submission_decline(submission=declined, reason="Off topic", by=officer)
    # Cached with none accepted; accepting one changes what the public reads at once.
    assert get(client, f"/api/v1/meetings/{meeting.pk}").json()["public_questions"] == []
    for submission in (consented, unconsented, speaker):
        participation.submission_accept(submission=submission, by=officer)

    response = get(client, f"/api/v1/meetings/{meeting.pk}")
    assert response.status_code == 200
    listed = {(q["kind"], q["text"], q["name"]) for q in response.json()["public_questions"]}
    assert listed == {
        ("question", "Will the pool reopen?", "Casey Consent"),
        ("question", "Bus routes?", None),
        ("deputation", "Mill Park", "Dana Speaker"),
    }
    body = response.content.decode()
    for hidden in ("Uma Private", "@example.com", "DECLINEDTEXT", "Dee Clined", "PENDINGTEXT"):
        assert hidden not in body, hidden


def test_lists_are_paginated(client, scene):
    add_meetings(scene.committee, 4)
    first = get(client, "/api/v1/meetings?page_size=2").json()
    second = get(client, "/api/v1/meetings?page_size=2&page=2").json()
    assert first["count"] == second["count"] == 5
    assert len(first["items"]) == len(second["items"]) == 2
    assert {m["id"] for m in first["items"]}.isdisjoint({m["id"] for m in second["items"]})
    only_planning = get(client, f"/api/v1/meetings?committee={scene.committee.pk}").json()
    assert only_planning["count"] == 5
    assert get(client, "/api/v1/meetings?committee=0").json()["count"] == 0


def test_the_decisions_register_withholds_restricted_statements(client, scene):
    register = get(client, "/api/v1/decisions").json()
    assert register["count"] == 2
    body = json.dumps(register)
    for secret in SECRETS:
        assert secret not in body
    one = get(client, f"/api/v1/decisions/{scene.public_decision.pk}").json()
    assert one["decision"] and one["url"].endswith(f"/decisions/{scene.public_decision.pk}/")


def test_unknown_and_unpublished_things_are_not_found(client, scene):
    draft = decision_services.decision_record(
        kind="committee",
        title="Draft decision",
        decided_on=date(2026, 1, 5),
        decision="DRAFT-SECRET",
        reasons="r",
        alternatives_considered="a",
        decision_maker_committee=scene.committee,
        by=None,
    )
    assert get(client, f"/api/v1/decisions/{draft.pk}").status_code == 404
    assert get(client, "/api/v1/meetings/999999").status_code == 404
    assert get(client, "/api/v1/committees/999999").status_code == 404
    assert "DRAFT-SECRET" not in get(client, "/api/v1/decisions").content.decode()


# --- Popolo --------------------------------------------------------------------------------------


def test_councillors_are_valid_popolo_persons_organizations_and_memberships(client, scene):
    seat_co_optees(scene)  # co-opted members are persons too, with committee memberships only
    persons = get(client, "/api/v1/popolo/persons").json()["items"]
    organizations = get(client, "/api/v1/popolo/organizations").json()
    memberships = get(client, "/api/v1/popolo/memberships").json()["items"]
    assert persons and organizations and memberships
    assert_valid("person", persons)
    assert_valid("organization", organizations)
    assert_valid("membership", memberships)
    assert_valid("area", get(client, "/api/v1/popolo/areas").json())
    ids = {p["id"] for p in persons} | {o["id"] for o in organizations}
    for membership in memberships:
        assert membership["person_id"] in ids and membership["organization_id"] in ids
    kinds = {o["classification"] for o in organizations}
    assert kinds == {"council", "party", "committee"}
    assert {"Co-opted member", "Co-opted member (non-voting)"} <= {m["role"] for m in memberships}


# --- Co-opted members ----------------------------------------------------------------------------


def test_co_opted_members_are_popolo_persons_with_committee_memberships_only(client, scene):
    voting, non_voting = seat_co_optees(scene)
    never = CouncillorFactory(kind="coopted", title="Ms")  # no co-option: not public
    PrivateContact.private_objects.filter(councillor=voting).update(
        home_address="COOPTED-HOME-SECRET", personal_email="coopted-secret@example.com"
    )
    listed = {p["id"]: p for p in get(client, "/api/v1/popolo/persons").json()["items"]}
    assert f"person/{voting.pk}" in listed and f"person/{non_voting.pk}" in listed
    assert f"person/{never.pk}" not in listed
    person = get(client, f"/api/v1/popolo/persons/{voting.pk}").json()
    assert person == listed[f"person/{voting.pk}"]
    assert person["honorific_prefix"] == "Mrs" and person["name"] == "Petra Planner"
    assert person["email"] == "petra.planner@council.example.org"
    assert_valid("person", [person])
    body = get(client, f"/api/v1/popolo/persons/{voting.pk}").content.decode()
    assert "COOPTED-HOME-SECRET" not in body and "coopted-secret" not in body
    assert get(client, f"/api/v1/popolo/persons/{never.pk}").status_code == 404
    assert get(client, f"/api/v1/popolo/persons/{never.pk}/interests").status_code == 404

    rows = get(client, f"/api/v1/popolo/memberships?person_id={voting.pk}").json()["items"]
    assert [(r["organization_id"], r["role"], r["area_id"]) for r in rows] == [
        (f"organization/committee/{scene.committee.pk}", "Co-opted member", None)
    ]
    assert rows[0]["label"] == f"Co-opted member of {scene.committee.name}"
    [row] = get(client, f"/api/v1/popolo/memberships?person_id={non_voting.pk}").json()["items"]
    assert row["role"] == "Co-opted member (non-voting)"
    assert_valid("membership", [*rows, row])
    # No term of office, no ward, no party for anyone co-opted.
    every = get(client, "/api/v1/popolo/memberships?page_size=500").json()["items"]
    co_opted_ids = {f"person/{voting.pk}", f"person/{non_voting.pk}"}
    assert all(
        m["organization_id"].startswith("organization/committee/")
        for m in every
        if m["person_id"] in co_opted_ids
    )
    # Name-only co-optees are not persons: their seats are not memberships.
    assert all(m["person_id"] != "person/None" for m in every)


def test_a_co_opted_members_register_of_interests_withholds_sensitive_interests(client, scene):
    voting, non_voting = seat_co_optees(scene)
    publish_register(voting, [ORDINARY, SENSITIVE])
    response = get(client, f"/api/v1/popolo/persons/{voting.pk}/interests")
    assert response.status_code == 200
    body = response.content.decode()
    assert SECRET not in body and SECRET_ORG not in body and "threats" not in body
    register = response.json()
    assert register["person_id"] == f"person/{voting.pk}" and register["version"] == 1
    withheld = [i for i in register["interests"] if i["withheld"]]
    assert len(withheld) == 1 and "section 32(2)" in withheld[0]["description"]
    assert register["url"].endswith(f"/members/{voting.slug}/interests/")
    empty = get(client, f"/api/v1/popolo/persons/{non_voting.pk}/interests").json()
    assert empty["interests"] == [] and empty["version"] is None


def test_popolo_refuses_what_breaks_the_schema(client, scene):
    """The validator is real: a person with a malformed date or a missing contact value fails."""
    validator = popolo_validator("person")
    person = get(client, "/api/v1/popolo/persons").json()["items"][0]
    assert not list(validator.iter_errors(person))
    assert list(validator.iter_errors({**person, "birth_date": "7 May 1970"}))
    assert list(validator.iter_errors({**person, "contact_details": [{"type": "email"}]}))


def test_membership_end_dates_are_the_last_day_held(client, db):
    term = TermFactory(councillor=CouncillorFactory(), start_date=date(2023, 5, 8))
    term.end_date, term.end_reason = date(2025, 1, 31), "resigned"
    term.save()
    [row] = get(client, f"/api/v1/popolo/memberships?person_id={term.councillor_id}").json()[
        "items"
    ]
    assert (row["start_date"], row["end_date"]) == ("2023-05-08", "2025-01-30")
    assert (
        get(
            client, f"/api/v1/popolo/memberships?person_id={term.councillor_id}&current=true"
        ).json()["count"]
        == 0
    )


def test_private_contact_details_are_never_published(client, db):
    councillor = CouncillorFactory(council_email="cllr.smith@kingsmere.example.org")
    TermFactory(councillor=councillor)
    PrivateContact.private_objects.create(
        councillor=councillor,
        home_address="HOME-ADDRESS-SECRET",
        personal_email="personal-secret@example.com",
    )
    body = get(client, f"/api/v1/popolo/persons/{councillor.pk}").content.decode()
    assert "cllr.smith@kingsmere.example.org" in body
    assert "HOME-ADDRESS-SECRET" not in body and "personal-secret" not in body


# --- HTTP: conditional GET, CORS, methods --------------------------------------------------------


def test_conditional_get_answers_304_until_something_is_published(client, scene):
    first = get(client, "/api/v1/decisions")
    etag, modified = first.headers["ETag"], first.headers["Last-Modified"]
    assert get(client, "/api/v1/decisions", **{"If-None-Match": etag}).status_code == 304
    assert get(client, "/api/v1/decisions", **{"If-Modified-Since": modified}).status_code == 304
    # A publication (any audited change) makes a new version.
    decision_services.decision_record(
        kind="committee",
        title="Another",
        decided_on=date(2026, 1, 5),
        decision="d",
        reasons="r",
        alternatives_considered="a",
        decision_maker_committee=scene.committee,
        by=None,
    )
    again = get(client, "/api/v1/decisions", **{"If-None-Match": etag})
    assert again.status_code == 200 and again.headers["ETag"] != etag


def test_cors_allows_reading_from_any_site_and_nothing_else(client, scene):
    response = get(client, "/api/v1/committees", Origin="https://example.org")
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert "ETag" in response.headers["Access-Control-Expose-Headers"]
    preflight = client.options(
        "/api/v1/committees",
        headers={"Origin": "https://example.org", "Access-Control-Request-Method": "GET"},
    )
    assert set(preflight.headers["Access-Control-Allow-Methods"].split(", ")) == {
        "GET",
        "HEAD",
        "OPTIONS",
    }
    assert client.post("/api/v1/committees").status_code == 405
    assert (
        "Access-Control-Allow-Origin" not in get(client, "/search/", Origin="https://x.org").headers
    )


@pytest.mark.parametrize("meetings", [3, 30])
def test_lists_run_a_fixed_number_of_queries(
    client, scene, meetings, django_assert_max_num_queries
):
    add_meetings(scene.committee, meetings)
    for n in range(meetings // 3):
        add_co_opted_member(
            scene.committee, first_name=f"Co{n}", last_name="Opted", appointment="Member"
        )
    paths = ["/api/v1/meetings", "/api/v1/decisions", "/api/v1/popolo/memberships"]
    for path in [*paths, "/api/v1/popolo/persons"]:
        cache.clear()
        with django_assert_max_num_queries(8):
            assert get(client, path).status_code == 200


@pytest.mark.parametrize("items", [5, 40])
def test_a_meeting_runs_the_same_queries_with_5_or_40_items(
    client, db, items, django_assert_num_queries
):
    scene = PublicScene(items=items)
    get(client, f"/api/v1/meetings/{scene.meeting.pk}")  # warm the content-type cache
    render_public_pages_afresh()  # measure the view, not the public page cache
    with django_assert_num_queries(QUERIES_PER_MEETING):
        assert get(client, f"/api/v1/meetings/{scene.meeting.pk}").status_code == 200


QUERIES_PER_MEETING = 10


# --- Schemathesis --------------------------------------------------------------------------------


@pytest.fixture
def wsgi_keeps_the_test_connection():
    """Django closes the database connection at the end of each request; the test client stops
    it doing so, and so must a test that calls the WSGI application directly."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def test_every_operation_honours_the_openapi_description(db, wsgi_keeps_the_test_connection):
    """Schemathesis generates requests for every operation from the OpenAPI description the site
    serves and checks each response against it (status codes, content type, JSON schema)."""
    from democracy.wsgi import application

    seat_co_optees(PublicScene())
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) == 16  # with the index, /api/v1/, and the two results operations
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=10,
            deadline=None,
            suppress_health_check=list(HealthCheck),
            database=None,
        )
        def check(case):
            cache.clear()
            case.call_and_validate()

        check()


# --- Registers of interests --------------------------------------------------------------------


def test_a_register_of_interests_withholds_sensitive_interests(client, db):
    councillor = TermFactory().councillor
    publish_register(councillor, [ORDINARY, LAND, SENSITIVE])
    response = get(client, f"/api/v1/popolo/persons/{councillor.pk}/interests")
    assert response.status_code == 200
    body = response.content.decode()
    assert SECRET not in body and SECRET_ORG not in body and "threats" not in body
    register = response.json()
    assert register["version"] == 1
    withheld = [i for i in register["interests"] if i["withheld"]]
    assert len(withheld) == 1 and "section 32(2)" in withheld[0]["description"]
    assert withheld[0]["organisation"] == withheld[0]["address"] == ""
    assert "Kingsmere Housing Association" in body
    empty = TermFactory().councillor
    assert get(client, f"/api/v1/popolo/persons/{empty.pk}/interests").json()["interests"] == []
