"""The council's appeals periods live in its constitution: a manager may lengthen a period that
protects the family (or tighten a time limit as a local target), never the other way; the
refusal names the field, the law's limit and its source, and nothing is saved."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from appeals import config, rules
from appeals.services import cases
from appeals.tests.factories import build_scene, lodge
from democracy.constitution import constitution, constitution_update
from democracy.models import AuditEvent, Constitution
from democracy.tests.factories_constitution import constitution_form

LODGING_LABEL = "Time to lodge an admission appeal (school days after the refusal is notified)"


def test_every_period_a_council_may_set_is_a_constitution_field_defaulting_to_the_law():
    changeable = config.changeable_periods()
    # The exclusion review application window is fixed by SI 2012/1033: no field to change it.
    assert "exclusion_application_school_days" not in changeable
    assert set(changeable) | {"exclusion_application_school_days"} == set(rules.PERIODS)
    for name, period in changeable.items():
        assert Constitution._meta.get_field(name).default == period.statutory, name


@pytest.mark.django_db
def test_a_lengthened_lodging_period_is_used(manager):
    constitution_update(values={"admission_lodging_school_days": 25}, by=manager)
    assert config.period("admission_lodging_school_days") == 25
    assert config.period("admission_notice_school_days") == 10
    assert config.period("exclusion_application_school_days") == 15


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("values", "named", "says"),
    [
        (
            {"admission_lodging_school_days": 19},
            "admission_lodging_school_days",
            f"{LODGING_LABEL} must be at least 20 school days, the statutory minimum under "
            "School Admission Appeals Code 2022 para 2.3(a)",
        ),
        (
            {"admission_in_year_hearing_school_days": 31},
            "admission_in_year_hearing_school_days",
            "must be no more than 30 school days, the statutory limit under Code 2022 para 2.4(c)",
        ),
    ],
)
def test_periods_against_the_law_are_refused_naming_the_field_and_nothing_is_saved(
    manager, values, named, says
):
    with pytest.raises(ValidationError) as caught:
        constitution_update(values={**values, "appeals_retention_years": 6}, by=manager)
    [message] = caught.value.message_dict[named]
    assert says in message
    row = constitution()
    assert getattr(row, named) == rules.PERIODS[named].statutory
    assert row.appeals_retention_years == 1


@pytest.mark.django_db
def test_the_appeals_policies_in_the_constitution_must_be_sensible(manager):
    with pytest.raises(ValidationError) as caught:
        constitution_update(
            values={"appeals_evidence_link_days": 0, "appeals_retention_years": 0}, by=manager
        )
    assert set(caught.value.message_dict) == {
        "appeals_evidence_link_days",
        "appeals_retention_years",
    }
    assert constitution().appeals_evidence_link_days == 28
    constitution_update(values={"appeals_retention_years": 6}, by=manager)
    assert constitution().appeals_retention_years == 6


# --- On the constitution page ------------------------------------------------------------------


@pytest.mark.django_db
def test_a_manager_lengthens_the_lodging_period_and_the_next_appeal_s_deadline_follows(
    client, manager, clerk, panel_member
):
    scene = build_scene(by=clerk, panel_user=panel_member)
    # Kingsmere School's authority (the council) published no round: the deadline is the
    # earliest the Code allows, 20 school days after offer day, 13 April 2026.
    first = lodge(scene.community_school, lodged_on=date(2026, 4, 15))
    assert cases.lodging_deadline_for(first) == date(2026, 4, 13) and first.lodged_late

    client.force_login(manager)
    page = client.get("/council/constitution/").content.decode()
    assert LODGING_LABEL in page
    assert "minimum is 20 school days (School Admission Appeals Code 2022" in page
    response = client.post(
        "/council/constitution/", constitution_form(admission_lodging_school_days=25)
    )
    assert response.status_code == 302
    [event] = AuditEvent.private_objects.filter(action="democracy.constitution.update")
    assert event.changes == {"admission_lodging_school_days": [20, 25]}
    assert event.actor == manager

    # Five school days more: Monday 20 April 2026.
    following = lodge(scene.community_school, lodged_on=date(2026, 4, 15))
    assert cases.lodging_deadline_for(following) == date(2026, 4, 20)
    assert (following.kind, following.lodged_late) == ("admission_normal", False)


@pytest.mark.django_db
def test_shortening_the_lodging_period_on_the_page_is_refused_with_the_law(client, manager):
    client.force_login(manager)
    response = client.post(
        "/council/constitution/",
        constitution_form(admission_lodging_school_days=15, call_in_working_days=3),
    )
    assert response.status_code == 200
    [message] = response.context["form"].errors["admission_lodging_school_days"]
    assert message.startswith(f"{LODGING_LABEL} must be at least 20 school days")
    assert "School Admission Appeals Code 2022 para 2.3(a)" in message
    assert "never shorten it" in message
    row = constitution()
    assert (row.admission_lodging_school_days, row.call_in_working_days) == (20, 5)
    assert not AuditEvent.private_objects.filter(action="democracy.constitution.update").exists()


@pytest.mark.django_db
def test_an_upgrade_keeps_the_periods_an_older_installation_set_in_its_environment(monkeypatch):
    from importlib import import_module

    from django.apps import apps

    migration = import_module("democracy.migrations.0012_appeals_periods")
    constitution()  # the row exists, as after 0011
    monkeypatch.setenv(
        "APPEALS_PERIODS", "admission_lodging_school_days=25,admission_notice_school_days=12"
    )
    migration.keep_environment_periods(apps, None)
    row = constitution()
    assert (row.admission_lodging_school_days, row.admission_notice_school_days) == (25, 12)
    assert row.transport_stage_1_request_working_days == 20  # not set: the law's value stays
