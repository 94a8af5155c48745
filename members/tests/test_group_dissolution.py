"""A political group dissolved, through the service or the console, ends the memberships in
force that day (issue 10, point 3: a consequence of a change is done by the service inside its
transaction, whichever way the change is made). Before, the console saved ``dissolved_on`` and
left every membership open, so the political balance still counted a group that was gone."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from democracy.models import AuditEvent
from democracy.roles import Role
from democracy.tests.factories import CouncillorFactory, TermFactory, UserFactory
from democracy.validity import in_force_on
from members import services
from members.models import GroupMembership, PoliticalGroup

pytestmark = pytest.mark.django_db

CONSTITUTED = date(2023, 5, 8)
GONE = date(2026, 9, 1)


@pytest.fixture
def group():
    group = services.group_create(
        name="Kingsmere First",
        short_name="KF",
        colour="#5a2d82",
        constituted_on=CONSTITUTED,
        by=None,
    )
    for _ in range(2):
        councillor = TermFactory(start_date=CONSTITUTED).councillor
        services.group_join(councillor=councillor, group=group, start_date=CONSTITUTED, by=None)
    return group


def in_force(group, day):
    return GroupMembership.objects.filter(in_force_on(day), group=group)


def test_dissolving_a_group_ends_its_memberships_that_day_and_refuses_later_joiners(group):
    services.group_dissolve(group=group, dissolved_on=GONE, by=None)
    assert in_force(group, date(2026, 8, 31)).count() == 2
    assert in_force(group, GONE).count() == 0
    assert "members.group.dissolve" in AuditEvent.private_objects.values_list("action", flat=True)
    with pytest.raises(ValidationError, match="dissolved on 1 September 2026"):
        services.group_join(
            councillor=CouncillorFactory(), group=group, start_date=date(2026, 10, 1), by=None
        )


def test_a_dissolution_before_a_later_membership_or_the_constitution_is_refused(group):
    newcomer = TermFactory(start_date=CONSTITUTED).councillor
    services.group_join(councillor=newcomer, group=group, start_date=date(2026, 10, 1), by=None)
    with pytest.raises(ValidationError, match="on or after the day it is dissolved"):
        services.group_dissolve(group=group, dissolved_on=GONE, by=None)
    with pytest.raises(ValidationError, match="constituted on 8 May 2023"):
        services.group_dissolve(group=group, dissolved_on=CONSTITUTED, by=None)
    group.refresh_from_db()
    assert group.dissolved_on is None and in_force(group, date(2026, 10, 1)).count() == 3


def console_form(group, **changes) -> dict[str, str]:
    form = {
        "name": group.name,
        "short_name": group.short_name,
        "slug": group.slug,
        "colour": group.colour,
        "constituted_on": group.constituted_on.isoformat(),
        "dissolved_on": "",
        "memberships-TOTAL_FORMS": "0",
        "memberships-INITIAL_FORMS": "0",
    }
    form.update(changes)
    return form


def test_dissolving_a_group_in_the_console_ends_its_memberships(client, group):
    manager = UserFactory(username="mgr", roles=[Role.DEMOCRATIC_SERVICES_MANAGER])
    client.force_login(manager)
    url = f"/manage/members/politicalgroup/{group.pk}/change/"
    page = client.get(url)
    assert page.status_code == 200
    prefix = page.context["inline_admin_formsets"][0].formset.prefix
    form = console_form(group, dissolved_on=GONE.isoformat())
    form = {k.replace("memberships-", f"{prefix}-"): v for k, v in form.items()}
    response = client.post(url, form)
    assert response.status_code == 302, response.content.decode()[:3000]
    group.refresh_from_db()
    assert group.dissolved_on == GONE
    assert in_force(group, GONE).count() == 0
    assert PoliticalGroup.objects.get(pk=group.pk).dissolved_on == GONE
