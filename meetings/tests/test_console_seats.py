"""Committee seats in the console go through ``membership_appoint`` and ``membership_end``: the
same refusals as the officers' seats page (here, a full committee), shown on the form with nothing
saved; a seat once taken keeps its holder; ending one is ``membership_end``'s, audited."""

from __future__ import annotations

from datetime import date

import pytest

from democracy.models import AuditEvent
from democracy.tests.factories import CommitteeFactory, TermFactory
from meetings.models import CommitteeMembership

pytestmark = pytest.mark.django_db


def committee_form(committee, rows: list[dict], initial: int) -> dict:
    form = {
        "name": committee.name,
        "slug": committee.slug,
        "kind": committee.kind,
        "size": str(committee.size),
        "quorum": str(committee.quorum),
        "political_balance_applies": "on",
        "established_on": committee.established_on.isoformat(),
        "memberships-TOTAL_FORMS": str(len(rows)),
        "memberships-INITIAL_FORMS": str(initial),
    }
    for n, row in enumerate(rows):
        form.update({f"memberships-{n}-{k}": v for k, v in row.items()})
    return form


@pytest.fixture
def full(db):
    """A committee of one whose seat is taken."""
    committee = CommitteeFactory(name="Standards Committee", size=1, quorum=1)
    holder = TermFactory().councillor
    seat = CommitteeMembership.objects.create(
        committee=committee, councillor=holder, role="member", start_date=date(2023, 5, 16)
    )
    return committee, seat


def seat_row(seat, **values) -> dict:
    row = {
        "id": str(seat.pk),
        "committee": str(seat.committee_id),
        "councillor": str(seat.councillor_id),
        "coopted_name": "",
        "role": seat.role,
        "start_date": seat.start_date.isoformat(),
        "end_date": "",
    }
    row.update(values)
    return row


def test_a_seat_on_a_full_committee_is_refused_on_the_form_with_nothing_saved(
    client, manager, full
):
    committee, seat = full
    newcomer = TermFactory().councillor
    client.force_login(manager)
    response = client.post(
        f"/manage/meetings/committee/{committee.pk}/change/",
        committee_form(
            committee,
            [
                seat_row(seat),
                {
                    "committee": str(committee.pk),
                    "councillor": str(newcomer.pk),
                    "role": "member",
                    "start_date": "2026-05-19",
                },
            ],
            initial=1,
        ),
    )
    assert response.status_code == 200
    assert "Role: All 1 seats on Standards Committee are filled." in response.content.decode()
    assert not CommitteeMembership.objects.filter(councillor=newcomer).exists()
    assert not AuditEvent.private_objects.exists()


def test_a_taken_seat_keeps_its_holder_and_is_ended_by_membership_end(client, manager, full):
    committee, seat = full
    other = TermFactory().councillor
    client.force_login(manager)
    response = client.post(
        f"/manage/meetings/committee/{committee.pk}/change/",
        committee_form(
            committee,
            [seat_row(seat, councillor=str(other.pk), role="chair", end_date="2026-06-01")],
            initial=1,
        ),
    )
    assert response.status_code == 302
    seat.refresh_from_db()
    assert (seat.councillor_id, seat.role) != (other.pk, "chair")
    assert seat.end_date == date(2026, 6, 1)
    event = AuditEvent.private_objects.get()
    assert (event.action, event.actor) == ("meetings.membership.end", manager)
    assert event.changes == {"end_date": [None, "2026-06-01"]}
