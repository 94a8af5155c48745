"""The appeals demo, loaded relative to the day: a round of admission appeals for two schools
(one an academy clerked as a traded service), one exclusion review panel, one travel appeal;
loading again changes nothing."""

from __future__ import annotations

from datetime import date

import pytest

from appeals import demo
from appeals.models import Appeal, Decision, Hearing, School, ServiceAgreement
from democracy.models import AuditEvent

pytestmark = pytest.mark.django_db
AUDIT = AuditEvent._default_manager


def counts() -> dict[str, int]:
    return {
        "appeals": Appeal.cases.count(),
        "hearings": Hearing.hearings.count(),
        "decisions": Decision.private_objects.count(),
        "audit": AUDIT.count(),
    }


@pytest.mark.parametrize(
    "today", [date(2026, 12, 7), date(2027, 1, 15), date(2027, 7, 20)], ids=str
)
def test_the_demo_around_the_day_it_is_loaded(clerk, panel_member, today):
    demo.load(today=today)
    academy = School.objects.get(urn=demo.ACADEMY_URN)
    community = School.objects.get(urn=demo.COMMUNITY_URN)
    assert academy.category == "academy" and community.category == "community"
    # The academy's trust buys the clerking under a service agreement in force today.
    agreement = ServiceAgreement.objects.get(admission_authority=academy.admission_authority)
    assert agreement.in_force_on(today)
    # The academy's round: heard before today, two decided with their letters sent in time,
    # one withdrawn before the hearing.
    round_appeals = Appeal.cases.filter(school=academy)
    assert sorted(round_appeals.values_list("status", flat=True)) == [
        "decided",
        "decided",
        "withdrawn",
    ]
    held = Hearing.hearings.get(school=academy)
    assert held.status == Hearing.Status.HELD and held.is_grouped and held.date < today
    for decision in Decision.private_objects.filter(appeal__school=academy):
        assert decision.letter_sent_on <= decision.letter_due_on < today
    assert {d.outcome for d in Decision.private_objects.all()} == {"upheld", "dismissed"}
    # The community school: a grouped hearing to come, the panel account on its panel.
    coming = Hearing.hearings.get(school=community, kind=Hearing.Kind.ADMISSION)
    assert coming.date > today and coming.is_grouped
    assert coming.seats.filter(member__user=panel_member).exists()
    assert Appeal.cases.filter(school=community, status="lodged").count() == 1
    # An exclusion review panel within 15 school days, and a travel appeal waiting.
    review = Hearing.hearings.get(kind=Hearing.Kind.EXCLUSION_REVIEW)
    assert review.date > today and review.seats.count() == 3
    assert Appeal.cases.filter(kind="transport_stage_2", status="lodged").count() == 1
    # Written by the system; a second load changes nothing.
    assert not AUDIT.filter(action__startswith="appeals.").exclude(actor_name="system").exists()
    before = counts()
    demo.load(today=today)
    assert counts() == before
