"""Ending a term of office in the managers' console does what ``term_end`` does everywhere else
(issue 10, defect 3): the councillor's committee seats end the same day (LGA 1972 s102: committee
members are appointed from among the councillors), so a former councillor with a login no longer
reads that committee's exempt papers. Before the fix the Term inline saved the row directly and
``term_end``, with its consequences, never ran."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest
from django.utils import timezone

from democracy.models import AuditEvent
from democracy.roles import Role
from democracy.tests.factories import (
    CommitteeFactory,
    CouncillorFactory,
    TermFactory,
    UserFactory,
)
from meetings.models import CommitteeMembership
from meetings.permissions import can_see_restricted
from meetings.services import meetings as meeting_services
from members.models import Term

pytestmark = pytest.mark.django_db


def councillor_form(councillor, term, **term_values) -> dict[str, str]:
    """The councillor's change page as the console posts it, with the one term row edited."""
    row = {
        "terms-0-id": str(term.pk),
        "terms-0-councillor": str(councillor.pk),
        "terms-0-ward": str(term.ward_id),
        "terms-0-start_date": term.start_date.isoformat(),
        "terms-0-start_reason": term.start_reason,
        "terms-0-end_date": "",
        "terms-0-end_reason": "",
    }
    row.update({f"terms-0-{name}": value for name, value in term_values.items()})
    return {
        "kind": councillor.kind,
        "title": councillor.title,
        "first_name": councillor.first_name,
        "last_name": councillor.last_name,
        "slug": councillor.slug,
        "user": str(councillor.user_id or ""),
        "terms-TOTAL_FORMS": "1",
        "terms-INITIAL_FORMS": "1",
        **row,
        "group_memberships-TOTAL_FORMS": "0",
        "group_memberships-INITIAL_FORMS": "0",
        "co_options-TOTAL_FORMS": "0",
        "co_options-INITIAL_FORMS": "0",
        "private_contact-TOTAL_FORMS": "0",
        "private_contact-INITIAL_FORMS": "0",
    }


@pytest.fixture
def seated(db):
    """A councillor with a login, in office since 8 May 2023 and sitting on Planning, and a
    Planning meeting a month from now with its agenda published."""
    user = UserFactory(username="cllr-harris", roles=[Role.COUNCILLOR])
    person = CouncillorFactory(user=user, first_name="Jo", last_name="Harris")
    term = TermFactory(councillor=person)
    planning = CommitteeFactory(name="Planning Committee")
    seat = CommitteeMembership.objects.create(
        committee=planning, councillor=person, role="member", start_date=date(2023, 5, 16)
    )
    day = timezone.localdate() + timedelta(weeks=5)
    meeting = meeting_services.meeting_create(
        committee=planning,
        starts_at=timezone.make_aware(datetime.combine(day, time(18, 30))),
        ends_at=timezone.make_aware(datetime.combine(day, time(21, 0))),
        location_note="Town Hall, Council Chamber",
        by=None,
    )
    meeting_services.agenda_publish(meeting=meeting, by=None)
    meeting.refresh_from_db()
    assert can_see_restricted(user, meeting)  # sits on the committee: reads its exempt papers
    return user, person, term, seat, meeting


def test_ending_a_term_in_the_console_ends_the_committee_seats(client, manager, seated):
    user, person, term, seat, meeting = seated
    left = timezone.localdate()
    client.force_login(manager)
    response = client.post(
        f"/manage/members/councillor/{person.pk}/change/",
        councillor_form(person, term, end_date=left.isoformat(), end_reason="resigned"),
    )
    assert response.status_code == 302, response.content.decode()[:3000]

    term.refresh_from_db()
    assert (term.end_date, term.end_reason) == (left, "resigned")
    seat.refresh_from_db()
    assert seat.end_date == left
    assert not can_see_restricted(user, meeting)
    actions = set(AuditEvent.private_objects.values_list("action", flat=True))
    assert {"members.term.end", "meetings.membership.end"} <= actions


def test_a_term_already_ended_cannot_be_rewritten_in_the_console(client, manager, seated):
    """Once ended (and its consequences done), a term's dates are history: the console shows
    them and saves nothing over them."""
    _, person, term, _, _ = seated
    client.force_login(manager)
    left = timezone.localdate()
    client.post(
        f"/manage/members/councillor/{person.pk}/change/",
        councillor_form(person, term, end_date=left.isoformat(), end_reason="resigned"),
    )
    client.post(
        f"/manage/members/councillor/{person.pk}/change/",
        councillor_form(
            person, term, end_date=(left + timedelta(days=400)).isoformat(), end_reason="retired"
        ),
    )
    term.refresh_from_db()
    assert (term.end_date, term.end_reason) == (left, "resigned")
    assert Term.objects.filter(councillor=person).count() == 1
