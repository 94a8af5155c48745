"""A committee can require training: appointing a councillor who has not attended it is
allowed, with a warning in the console; the records and training models are in the console."""

from __future__ import annotations

from datetime import date

import pytest

from democracy.tests.factories import CommitteeFactory, TermFactory
from meetings.models import CommitteeMembership
from members.services import training as training_services

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "changelist",
    ["members/position", "members/outsidebody", "members/trainingmodule", "members/trainingevent"],
)
def test_managers_reach_the_records_changelists(client, manager, changelist):
    client.force_login(manager)
    assert client.get(f"/manage/{changelist}/").status_code == 200


def test_the_console_warns_when_an_appointee_lacks_the_required_training(client, manager):
    module = training_services.module_create(name="Planning committee training", by=manager)
    committee = CommitteeFactory(name="Planning Committee", slug="planning-committee")
    councillor = TermFactory(start_date=date(2023, 5, 8)).councillor
    client.force_login(manager)
    form = {
        "name": committee.name,
        "slug": committee.slug,
        "kind": committee.kind,
        "parent": "",
        "terms_of_reference": "",
        "size": "9",
        "quorum": "3",
        "political_balance_applies": "on",
        "established_on": "2023-05-16",
        "dissolved_on": "",
        "required_training": [str(module.pk)],
        "memberships-TOTAL_FORMS": "1",
        "memberships-INITIAL_FORMS": "0",
        "memberships-0-committee": str(committee.pk),
        "memberships-0-councillor": str(councillor.pk),
        "memberships-0-coopted_name": "",
        "memberships-0-role": "member",
        "memberships-0-start_date": "2026-05-19",
        "memberships-0-end_date": "",
    }
    response = client.post(f"/manage/meetings/committee/{committee.pk}/change/", form, follow=True)
    assert CommitteeMembership.objects.filter(councillor=councillor).exists()
    assert [m.name for m in committee.required_training.all()] == ["Planning committee training"]
    html = response.content.decode()
    assert (
        f"{councillor.full_name} has not attended the training Planning Committee requires" in html
    )
