"""Decisions for the decision, call-in and forward plan tests, after the Gloucestershire worked
example (DOMAIN A4): a Cabinet decision made Mon 14 Apr 2025 and published Tue 15 Apr 2025."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from democracy.tests.factories import CommitteeFactory, TermFactory
from meetings.models import Committee, CommitteeMembership, Decision
from meetings.services import decisions as services
from meetings.services.meetings import meeting_create

LONDON = ZoneInfo("Europe/London")
DECIDED = date(2025, 4, 14)
PUBLISHED = date(2025, 4, 15)


def london(day: date, hour: int = 18) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=LONDON)


def schedule(committee, day: date):
    return meeting_create(
        committee=committee,
        starts_at=london(day),
        ends_at=london(day) + timedelta(hours=2),
        location_note="Council Chamber",
        by=None,
    )


def cabinet():
    return CommitteeFactory(name="Cabinet", slug="cabinet", kind=Committee.Kind.EXECUTIVE)


def scrutiny():
    """The Overview and Scrutiny Committee (the same one however often it is asked for)."""
    existing = Committee.objects.filter(slug="overview-and-scrutiny").first()
    return existing or CommitteeFactory(
        name="Overview and Scrutiny Committee",
        slug="overview-and-scrutiny",
        kind=Committee.Kind.OVERVIEW_AND_SCRUTINY,
    )


def serving_councillors(n: int):
    return [TermFactory(start_date=date(2023, 5, 8)).councillor for _ in range(n)]


def seat_on_scrutiny(*councillors):
    """Give each councillor a seat on the Overview and Scrutiny Committee: by default only its
    members may start or sign a call-in (``call_in_scrutiny_members_only``)."""
    committee = scrutiny()
    for councillor in councillors:
        CommitteeMembership.objects.create(
            committee=committee, councillor=councillor, start_date=date(2023, 5, 16)
        )
    return list(councillors)


def scrutiny_members(n: int):
    """``n`` serving councillors who sit on the Overview and Scrutiny Committee."""
    return seat_on_scrutiny(*serving_councillors(n))


def record_decision(*, by=None, **overrides) -> Decision:
    values = {
        "kind": Decision.Kind.EXECUTIVE,
        "title": "Adoption of the Local Cycling and Walking Infrastructure Plan",
        "decided_on": DECIDED,
        "decision": "To adopt the plan.",
        "reasons": "The plan sets out priority routes for investment.",
        "alternatives_considered": "Not adopting a plan: rejected, as funding bids need one.",
    }
    values |= overrides
    if "decision_maker_committee" not in values:
        if values["kind"] == Decision.Kind.EXECUTIVE:
            values["decision_maker_committee"] = (
                Committee.objects.filter(slug="cabinet").first() or cabinet()
            )
        elif values["kind"] == Decision.Kind.COMMITTEE_RESOLUTION:
            values["decision_maker_committee"] = Committee.objects.filter(
                slug="planning"
            ).first() or CommitteeFactory(name="Planning Committee", slug="planning")
    return services.decision_record(**values, by=by)


def published_decision(**overrides) -> Decision:
    decision = record_decision(**overrides)
    return services.decision_publish(decision=decision, by=None, today=PUBLISHED)


PERSONAS = [
    "officer",
    "manager",
    "author",
    "councillor",
    "other_councillor",
    "electoral_officer",
    "clerk",
    "panel_member",
]


def check_access(client, request, url, allowed: set[str], *, method="get", ok=200):
    """Anonymous visitors are sent to sign in; personas in ``allowed`` get ``ok``, others 403."""
    client.logout()
    response = getattr(client, method)(url)
    assert response.status_code == 302 and response["Location"].startswith("/account/login/")
    for persona in PERSONAS:
        client.force_login(request.getfixturevalue(persona))
        got = getattr(client, method)(url).status_code
        assert got == (ok if persona in allowed else 403), (url, persona, got)
    client.logout()
