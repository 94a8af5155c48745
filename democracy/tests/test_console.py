"""The managers' console: every core record can be managed there, and every change is audited."""

from __future__ import annotations

import pytest

from democracy.models import AuditEvent
from democracy.tests.factories import CouncillorFactory, TermFactory, WardFactory
from members.models import Term

pytestmark = pytest.mark.django_db

CHANGELISTS = [
    "democracy/user",
    "democracy/auditevent",
    "democracy/reminder",
    "democracy/nonworkingday",
    "elections/ward",
    "elections/pollingdistrict",
    "members/councillor",
    "members/councillor/?kind__exact=coopted",
    "members/politicalgroup",
    "meetings/committee",
    "appeals/schoolcalendar",
    "otp_totp/totpdevice",
    "axes/accessattempt",
]


@pytest.mark.parametrize("changelist", CHANGELISTS)
def test_managers_reach_every_changelist(client, manager, changelist):
    TermFactory()
    client.force_login(manager)
    assert client.get(f"/manage/{changelist}/").status_code == 200


@pytest.mark.parametrize("persona", ["officer", "councillor", "clerk"])
def test_other_roles_are_kept_out_of_the_console(client, request, persona):
    client.force_login(request.getfixturevalue(persona))
    response = client.get("/manage/")
    assert response.status_code == 302
    assert response.url.startswith("/manage/login/")


def test_inline_changes_in_the_console_are_audited(client, manager):
    councillor = CouncillorFactory(first_name="Ada", last_name="Lovelace")
    term = TermFactory(councillor=councillor)
    ward = WardFactory(name="Priory")
    client.force_login(manager)
    page = client.get(f"/manage/members/councillor/{councillor.pk}/change/")
    assert page.status_code == 200
    form = {
        "kind": "elected",
        "title": "Cllr",
        "first_name": "Ada",
        "last_name": "Lovelace",
        "slug": councillor.slug,
        "council_email": "ada@kingsmere.example.org",
        "council_phone": "",
        "user": "",
        "terms-TOTAL_FORMS": "2",
        "terms-INITIAL_FORMS": "1",
        "terms-0-id": str(term.pk),
        "terms-0-councillor": str(councillor.pk),
        "terms-0-ward": str(term.ward_id),
        "terms-0-start_date": "2023-05-08",
        "terms-0-start_reason": "ordinary",
        # The councillor's earlier term, for another ward, recorded after the fact.
        "terms-1-councillor": str(councillor.pk),
        "terms-1-ward": str(ward.pk),
        "terms-1-start_date": "2019-05-06",
        "terms-1-end_date": "2023-05-08",
        "terms-1-start_reason": "ordinary",
        "terms-1-end_reason": "retired",
        "group_memberships-TOTAL_FORMS": "0",
        "group_memberships-INITIAL_FORMS": "0",
        "co_options-TOTAL_FORMS": "0",
        "co_options-INITIAL_FORMS": "0",
        # Private contact details are changed on the officers' page, not here.
        "private_contact-TOTAL_FORMS": "0",
        "private_contact-INITIAL_FORMS": "0",
    }
    response = client.post(f"/manage/members/councillor/{councillor.pk}/change/", form)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert Term.objects.filter(councillor=councillor).count() == 2
    actions = sorted(AuditEvent.private_objects.values_list("action", flat=True))
    # The earlier term is recorded by ``term_start``, as the officer's services record it.
    assert actions == ["members.councillor.update", "members.term.start"]
    earlier = AuditEvent.private_objects.get(action="members.term.start")
    assert earlier.changes["end_date"] == [None, "2023-05-08"]
    assert earlier.actor == manager
    update = AuditEvent.private_objects.get(action="members.councillor.update")
    assert update.changes == {"council_email": ["", "ada@kingsmere.example.org"]}


def test_the_console_refuses_overlapping_terms_with_a_message(client, manager):
    term = TermFactory()
    client.force_login(manager)
    councillor = term.councillor
    form = {
        "kind": "elected",
        "title": "Cllr",
        "first_name": councillor.first_name,
        "last_name": councillor.last_name,
        "slug": councillor.slug,
        "terms-TOTAL_FORMS": "2",
        "terms-INITIAL_FORMS": "1",
        "terms-0-id": str(term.pk),
        "terms-0-councillor": str(councillor.pk),
        "terms-0-ward": str(term.ward_id),
        "terms-0-start_date": "2023-05-08",
        "terms-0-start_reason": "ordinary",
        "terms-1-councillor": str(councillor.pk),
        "terms-1-ward": str(term.ward_id),
        "terms-1-start_date": "2024-01-01",
        "terms-1-start_reason": "by_election",
        "group_memberships-TOTAL_FORMS": "0",
        "group_memberships-INITIAL_FORMS": "0",
        "co_options-TOTAL_FORMS": "0",
        "co_options-INITIAL_FORMS": "0",
        "private_contact-TOTAL_FORMS": "0",
        "private_contact-INITIAL_FORMS": "0",
    }
    response = client.post(f"/manage/members/councillor/{councillor.pk}/change/", form)
    assert response.status_code == 200
    assert "already holds office for part of that period" in response.content.decode()
    assert Term.objects.count() == 1
    assert not AuditEvent.private_objects.exists()


def test_records_changed_on_the_officer_screens_are_shown_with_a_link_there(client, manager):
    from democracy.tests.factories import PoliticalGroupFactory
    from members.models import GroupMembership

    term = TermFactory()
    councillor = term.councillor
    GroupMembership.objects.create(
        councillor=councillor, group=PoliticalGroupFactory(), start_date=term.start_date
    )
    client.force_login(manager)
    page = client.get(f"/manage/members/councillor/{councillor.pk}/change/").content.decode()
    assert f'href="/members/officers/councillors/{councillor.pk}/group/"' in page
    assert "Change on the officer screen" in page
    # No form field for the group rows: they are not posted from here.
    assert 'name="group_memberships-0-group"' not in page
