"""Co-opted members (people, not councillors: Localism Act 2011 s27(4)) at a meeting: the
attendance sheet offers them in their own seats with the vote their seat carries, never as
substitutes; the minutes name them as co-opted members, not councillors; a voting co-optee's
recorded vote counts and a non-voting one is refused a vote.

Built on the Planning Committee scene of ``test_proceedings_services``: Mrs Helen Marsh holds a
voting co-opted seat and Ms Ruth Ellison a non-voting one, both from 19 May 2026.
"""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from democracy.tests.factories import CoOptionFactory
from meetings.models import Attendance, CommitteeMembership, VoteRecord
from meetings.packs import _members as pack_membership
from meetings.services import membership_appoint
from meetings.services import minutes as minutes_services
from meetings.services import proceedings as services
from meetings.services.proceedings import AttendanceLine
from meetings.tests.factories_proceedings import PRESENT, TODAY, Scene

SEATED = date(2026, 5, 19)


class CoOptedScene(Scene):
    def __init__(self) -> None:
        super().__init__()
        self.helen = self.co_opt("Mrs", "Helen", "Marsh", voting=True)
        self.ruth = self.co_opt("Ms", "Ruth", "Ellison", voting=False)

    def co_opt(self, title: str, first: str, last: str, *, voting: bool):
        person = CoOptionFactory(
            councillor__title=title,
            councillor__first_name=first,
            councillor__last_name=last,
            voting=voting,
        ).councillor
        membership_appoint(
            committee=self.committee,
            councillor=person,
            role=CommitteeMembership.Role.COOPTED_VOTING
            if voting
            else CommitteeMembership.Role.COOPTED_NON_VOTING,
            start_date=SEATED,
            by=self.officer,
        )
        return person

    def sheet(self, **overrides) -> list[AttendanceLine]:
        lines = {
            "helen": AttendanceLine(status=PRESENT, councillor=self.helen),
            "ruth": AttendanceLine(status=PRESENT, councillor=self.ruth, voting=False),
            **overrides,
        }
        return super().sheet(**lines)


@pytest.fixture
def scene(db):
    return CoOptedScene()


def index_of(form, person) -> int:
    return next(n for n, seat in enumerate(form.seats) if seat.councillor_id == person.pk)


def test_the_sheet_offers_co_optees_in_their_seats_but_never_as_substitutes(client, officer, scene):
    client.force_login(officer)
    url = reverse("meetings:attendance", args=[scene.meeting.pk])
    form = client.get(url).context["form"]
    helen, ruth = index_of(form, scene.helen), index_of(form, scene.ruth)
    assert form.fields[f"status_{helen}"].label == "Mrs Helen Marsh (co-opted member (voting))"
    assert form.fields[f"status_{ruth}"].label == "Ms Ruth Ellison (co-opted member (non-voting))"
    # The vote comes with the seat: no "attended without a vote" box for either.
    assert f"nonvoting_{helen}" not in form.fields and f"nonvoting_{ruth}" not in form.fields
    dev = index_of(form, scene.dev)
    offered = {label for _, label in form.fields[f"subby_{dev}"].choices}
    chairs = {label for _, label in form.fields["chair"].choices}
    assert not {"Mrs Helen Marsh", "Ms Ruth Ellison"} & offered
    assert "Councillor Frank Fisher (named substitute)" in offered
    # Nobody substitutes for a co-optee: their rows have no substitute box.
    assert f"subby_{helen}" not in form.fields and f"subby_{ruth}" not in form.fields
    assert "Mrs Helen Marsh" in chairs and "Ms Ruth Ellison" not in chairs
    assert "Councillor Helen Marsh" not in client.get(url).content.decode()


def test_recording_attendance_takes_each_co_optees_vote_from_their_seat(client, officer, scene):
    client.force_login(officer)
    url = reverse("meetings:attendance", args=[scene.meeting.pk])
    form = client.get(url).context["form"]
    data = {
        "status_0": "present",
        "status_1": "present",
        "status_2": "present",
        "status_3": "apologies",
        "status_4": "present",
        f"status_{index_of(form, scene.helen)}": "present",
        f"status_{index_of(form, scene.ruth)}": "present",
        f"subby_{index_of(form, scene.dev)}": str(scene.frank.pk),
        "chair": str(scene.chair.pk),
    }
    response = client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    helen, ruth = scene.attendance(scene.helen), scene.attendance(scene.ruth)
    assert (helen.is_present, helen.voting, helen.name) == (True, True, "Mrs Helen Marsh")
    assert (ruth.is_present, ruth.voting, ruth.name) == (True, False, "Ms Ruth Ellison")
    # Alice, Bilal, Carys, Emma, Frank (for Dev) and Mrs Marsh: six voting members in person.
    assert services.quorum_status(scene.meeting).counted == 6


def test_a_co_optee_cannot_substitute_for_a_councillor(scene):
    with pytest.raises(ValidationError) as excinfo:
        scene.record_sheet(
            helen=AttendanceLine(status=PRESENT, councillor=scene.helen, substitute_for=scene.dev),
        )
    messages = [m for ms in excinfo.value.message_dict.values() for m in ms]
    assert "Mrs Helen Marsh is co-opted and cannot substitute." in messages
    assert not Attendance.objects.exists()


def test_the_minutes_name_co_optees_as_co_opted_members(scene):
    scene.record_sheet()
    text = minutes_services.attendance_text(minutes_services.meeting_record(scene.meeting))
    assert text.startswith(
        "Present: Councillor Alice Ashworth (in the chair), Councillor Bilal Bashir, Councillor "
        "Carys Cole and Councillor Frank Fisher (substitute for Councillor Dev Desai). Co-opted "
        "members: Ms Ruth Ellison (non-voting), Mrs Helen Marsh and Mrs Jane Doe (non-voting)."
    )
    assert "Councillor Helen Marsh" not in text and "Councillor Ruth Ellison" not in text


def test_a_recorded_vote_counts_a_voting_co_optee_by_name(scene):
    scene.record_sheet()
    names = {
        scene.attendance(scene.chair): "for",
        scene.attendance(scene.vice): "for",
        scene.attendance(scene.carys): "against",
        scene.attendance(scene.frank): "against",
        scene.attendance(scene.helen): "for",
    }
    vote = services.vote_record(
        item=scene.application,
        motion="That planning permission be granted",
        recorded=True,
        names=names,
        by=scene.officer,
        today=TODAY,
    )
    assert (vote.votes_for, vote.votes_against, vote.result) == (3, 2, "carried")
    helen = VoteRecord.all_objects.get(attendance=scene.attendance(scene.helen))
    assert helen.choice == "for"
    vote = type(vote).all_objects.prefetch_related("records__attendance__councillor").get()
    text = minutes_services.vote_text(vote)
    assert "For: Councillor Alice Ashworth, Councillor Bilal Bashir and Mrs Helen Marsh." in text


def test_a_non_voting_co_optee_is_refused_a_vote(scene):
    scene.record_sheet()
    ruth = scene.attendance(scene.ruth)
    assert ruth.pk not in services.electorate(scene.application).eligible
    with pytest.raises(ValidationError) as excinfo:
        services.vote_record(
            item=scene.application,
            motion="That planning permission be granted",
            recorded=True,
            names={scene.attendance(scene.chair): "for", ruth: "for"},
            by=scene.officer,
            today=TODAY,
        )
    assert "Ms Ruth Ellison is not a voting member" in str(excinfo.value)
    # Nor can the sheet give her a vote her seat does not carry.
    with pytest.raises(ValidationError) as excinfo:
        scene.record_sheet(ruth=AttendanceLine(status=PRESENT, councillor=scene.ruth))
    messages = [m for ms in excinfo.value.message_dict.values() for m in ms]
    assert "Ms Ruth Ellison is a non-voting co-opted member." in messages


def test_the_pack_lists_co_optees_by_their_own_title(scene):
    names = pack_membership(scene.meeting)
    assert "Mrs Helen Marsh (Co-opted member (voting))" in names
    assert "Ms Ruth Ellison (Co-opted member (non-voting))" in names
    assert not [n for n in names if "Councillor Helen" in n or "Councillor Ruth" in n]
