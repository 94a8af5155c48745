"""The demo registers of interests: every serving councillor has one published, with partners'
interests, one sensitive interest, one councillor with two versions, gifts (one declined) and two
dispensations; the co-opted members' registers (published, submitted, none); a second load
creates nothing; and the demo's Cabinet agendas give the interest
check at least one match."""

from __future__ import annotations

import pytest
from django.utils import timezone

from democracy.models import User
from meetings.models import Meeting
from meetings.views.interest_check import _interests, check, item_texts
from members.demo import interests as interests_demo
from members.models import (
    Councillor,
    Dispensation,
    GiftOrHospitality,
    Interest,
    InterestDeclaration,
)


def counts() -> dict[str, int]:
    return {
        "declarations": InterestDeclaration.all_objects.count(),
        "interests": Interest.private_objects.count(),
        "gifts": GiftOrHospitality.all_objects.count(),
        "dispensations": Dispensation.all_objects.count(),
    }


@pytest.fixture
def loaded(kingsmere, db):
    return None


def test_every_serving_councillor_has_a_published_register(loaded):
    serving = Councillor.all_objects.serving(timezone.localdate())
    current = InterestDeclaration.all_objects.current()
    # 47: one of the 48 resigned recently (the demo's by-election now).
    assert current.filter(councillor__in=serving).count() == serving.count() == 47
    assert InterestDeclaration.all_objects.filter(version=2).count() == 1
    assert Interest.private_objects.filter(whose="partner").count() >= 5
    [sensitive] = Interest.private_objects.filter(sensitive=True)
    assert sensitive.sensitive_agreed_by
    public = list(Interest.private_objects.public().filter(withheld=True))
    assert public and "Quay Street" not in repr(public)


def test_the_co_opted_members_registers(loaded):
    """Mrs Helen Marsh (voting, from 2 June 2025): published; Mr David Okoro (voting, from
    1 September 2026): submitted, waiting for review; Ms Ruth Ellison (no vote, so not a
    co-opted member for the register, s27(4)): none."""
    marsh, okoro, ellison = (
        Councillor.all_objects.get(kind="coopted", last_name=name)
        for name in ("Marsh", "Okoro", "Ellison")
    )
    current = InterestDeclaration.all_objects.current()
    [published] = current.filter(councillor=marsh)
    assert Interest.private_objects.public().filter(declaration_id=published.pk).count() == 4
    [submitted] = InterestDeclaration.all_objects.filter(councillor=okoro)
    assert submitted.status == "submitted" and submitted.interests.count() == 3
    assert not InterestDeclaration.all_objects.filter(councillor=ellison).exists()
    assert GiftOrHospitality.all_objects.public().filter(councillor=marsh).count() == 1


def test_gifts_and_dispensations(loaded):
    gifts = GiftOrHospitality.all_objects.public()
    assert gifts.count() == 6 and gifts.filter(accepted=False).count() == 1
    assert Dispensation.all_objects.count() == 2


def test_a_second_load_creates_nothing(loaded):
    before = counts()
    interests_demo.load()
    assert counts() == before


def test_the_interest_check_finds_a_match_on_a_cabinet_agenda(loaded):
    officer = User.objects.get(username="officer")
    found = []
    for meeting in Meeting.all_objects.filter(committee__kind="executive").select_related(
        "committee"
    ):
        members = meeting.committee.memberships.values_list("councillor_id", flat=True)
        rows = check(item_texts(officer, meeting), _interests(members), reveal_sensitive=False)
        found += [m for row in rows for m in row["matches"]]
    names = {hit.term for match in found for hit in match["hits"]}
    assert {"Kingsmere Housing Association", "Kingsmere Environmental Services Ltd"} <= names
    assert "Kingsmere" not in names  # the council's own name matches nothing on its own
