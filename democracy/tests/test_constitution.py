"""The constitution as data: the law's limits on a council's choices (pure rules), the manager's
audited change, and the one read function every app uses."""

from __future__ import annotations

from datetime import time

import pytest
from django.core.exceptions import ValidationError

from democracy import constitution as the_constitution
from democracy.constitution import constitution_update, period, sign_off_chain
from democracy.models import AuditEvent, Constitution
from democracy.statutory import PERIODS, CouncilKind, Nation, limit_objection

ENGLISH_DISTRICT = {"nation": Nation.ENGLAND, "kind": CouncilKind.DISTRICT}
AGENDA = "Agenda publication (clear working days before the meeting)"

# --- The law's limits (pure) --------------------------------------------------------------------


def test_a_council_may_lengthen_the_agenda_period_to_seven_clear_days():
    # LGA 1972 s100B(3): "at least" five clear days; more is lawful.
    assert limit_objection("agenda_clear_days", 7, label=AGENDA, **ENGLISH_DISTRICT) is None
    assert limit_objection("agenda_clear_days", 5, label=AGENDA, **ENGLISH_DISTRICT) is None


def test_four_clear_days_is_below_the_s100b_floor_and_the_message_says_why():
    problem = limit_objection("agenda_clear_days", 4, label=AGENDA, **ENGLISH_DISTRICT)
    assert problem == (
        "Agenda publication (clear working days before the meeting) must be at least 5, the "
        "statutory minimum under LGA 1972 s100B(3): a council may lengthen a statutory period "
        "but never shorten it"
    )


def test_the_floor_follows_the_nation_and_kind():
    # Wales was not amended by SI 2002/715 (three clear days); parishes: LGA 1972 Sch 12 para 10(2).
    wales = {"nation": Nation.WALES, "kind": CouncilKind.UNITARY}
    assert limit_objection("agenda_clear_days", 3, label=AGENDA, **wales) is None
    assert "at least 3" in limit_objection("agenda_clear_days", 2, label=AGENDA, **wales)
    parish = {"nation": Nation.ENGLAND, "kind": CouncilKind.PARISH}
    assert "LGA 1972 Sch 12 para 10(2)" in limit_objection(
        "agenda_clear_days", 2, label=AGENDA, **parish
    )


def test_a_members_statutory_time_limit_may_be_shortened_never_lengthened():
    # Localism Act 2011 s30(1): 28 days to register interests.
    label = "Days a new member has to register their interests"
    assert (
        limit_objection("interest_registration_days", 21, label=label, **ENGLISH_DISTRICT) is None
    )
    problem = limit_objection("interest_registration_days", 29, label=label, **ENGLISH_DISTRICT)
    assert "no more than 28" in problem and "Localism Act 2011 s30(1)" in problem


def test_the_councils_own_choices_have_no_statutory_limit():
    for name in ("call_in_working_days", "call_in_signatories", "public_speaking_minutes"):
        assert limit_objection(name, 1, label=name, **ENGLISH_DISTRICT) is None


def test_every_period_is_a_field_of_the_constitution():
    fields = {f.name for f in Constitution._meta.concrete_fields}
    assert set(PERIODS) <= fields


# --- The manager's change ----------------------------------------------------------------------


@pytest.mark.django_db
def test_a_change_is_saved_and_audited_with_before_and_after(manager):
    constitution_update(values={"agenda_clear_days": 7, "call_in_working_days": 3}, by=manager)
    assert period("agenda_clear_days") == 7
    assert period("call_in_working_days") == 3
    [event] = AuditEvent.private_objects.filter(action="democracy.constitution.update")
    assert event.actor == manager
    assert event.changes == {"agenda_clear_days": [5, 7], "call_in_working_days": [5, 3]}


@pytest.mark.django_db
def test_a_value_below_the_floor_is_refused_and_nothing_is_saved(manager):
    with pytest.raises(ValidationError) as caught:
        constitution_update(values={"agenda_clear_days": 4, "call_in_working_days": 3}, by=manager)
    [message] = caught.value.message_dict["agenda_clear_days"]
    assert "at least 5" in message and "LGA 1972 s100B(3)" in message
    assert period("agenda_clear_days") == 5
    assert period("call_in_working_days") == 5
    assert not AuditEvent.private_objects.filter(action="democracy.constitution.update").exists()


@pytest.mark.django_db
def test_an_unchanged_form_writes_no_audit_row(manager):
    constitution_update(values={"agenda_clear_days": 5}, by=manager)
    assert not AuditEvent.private_objects.filter(action="democracy.constitution.update").exists()


@pytest.mark.django_db
def test_the_sign_off_chain_keeps_its_order_and_refuses_a_repeat(manager):
    constitution_update(
        values={"report_sign_offs": ["Monitoring officer", " Section 151 officer ", ""]},
        by=manager,
    )
    assert sign_off_chain() == ["Monitoring officer", "Section 151 officer"]
    with pytest.raises(ValidationError, match="names Legal twice"):
        constitution_update(values={"report_sign_offs": ["Legal", "legal"]}, by=manager)


@pytest.mark.django_db
def test_the_row_comes_back_with_statutory_values_if_it_was_lost(manager):
    Constitution.objects.all().delete()
    assert period("agenda_clear_days") == 5
    assert the_constitution.meeting_defaults().start_time == time(18, 30)


@pytest.mark.django_db
def test_a_request_reads_the_row_once(django_assert_num_queries):
    # What the request_started and request_finished signals call.
    the_constitution._request_begins()
    try:
        with django_assert_num_queries(1):
            period("agenda_clear_days")
            period("call_in_working_days")
            sign_off_chain()
    finally:
        the_constitution._request_ends()
    # Outside a request every read goes to the database, so a change is seen at once.
    Constitution.objects.update(agenda_clear_days=8)
    assert period("agenda_clear_days") == 8


@pytest.mark.django_db
def test_a_bulk_load_reads_the_row_once_and_sees_its_own_change(manager, django_assert_num_queries):
    with the_constitution.read_once():
        with django_assert_num_queries(1):
            period("agenda_clear_days")
            period("call_in_working_days")
        constitution_update(values={"agenda_clear_days": 9}, by=manager)
        assert period("agenda_clear_days") == 9
    Constitution.objects.update(agenda_clear_days=10)
    assert period("agenda_clear_days") == 10


@pytest.mark.django_db
def test_an_upgrade_keeps_the_policies_an_older_installation_set_in_its_environment(monkeypatch):
    from importlib import import_module

    from django.apps import apps

    migration = import_module("democracy.migrations.0011_council_policies")
    the_constitution.constitution()  # the row exists, as after 0010
    monkeypatch.setenv("ALLOWANCES_WITHHOLD_DURING_SUSPENSION", "false")
    monkeypatch.setenv("ALLOWANCES_COST_CENTRE", "DEM01")
    monkeypatch.setenv("APPEALS_RETENTION_YEARS", "6")
    migration.keep_environment_policies(apps, None)
    row = the_constitution.constitution()
    assert row.allowances_withhold_during_suspension is False
    assert row.allowances_cost_centre == "DEM01"
    assert row.appeals_retention_years == 6
    assert row.appeals_evidence_link_days == 28  # not set: the default stays
