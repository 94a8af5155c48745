"""Issue 15 point 6: a call-in received on paper or by email is recorded by an officer, each
signatory confirmed with the date and the means, and the portal's validity rules apply (who may
call in, the number of signatories, received within the call-in period).

The decision is the Gloucestershire worked example (factories_decisions): published Tue 15 Apr
2025, call-ins must arrive before the end of Thu 24 Apr 2025.
"""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from democracy.models import AuditEvent
from meetings.models import CallIn, CallInSignature, Decision
from meetings.services import call_in as services
from meetings.tests.factories_decisions import (
    published_decision,
    schedule,
    scrutiny,
    scrutiny_members,
    serving_councillors,
)

DEADLINE = date(2025, 4, 24)
RECORDED = date(2025, 4, 28)  # the officer records it after the weekend
GROUNDS = "The decision was taken without consulting the affected wards."


@pytest.fixture
def decision(db):
    return published_decision()


@pytest.fixture
def councillors(db):
    return scrutiny_members(6)


def confirmed(councillors, *, on=date(2025, 4, 25), means="phone"):
    return [services.ConfirmedSignatory(c, on, means) for c in councillors]


def record(decision, councillors, *, received_on=date(2025, 4, 23), by=None, **kwargs):
    values = {
        "decision": decision,
        "lead": councillors[0],
        "grounds": GROUNDS,
        "received_on": received_on,
        "received_by": CallIn.Received.PAPER,
        "signatories": confirmed(councillors),
        "by": by,
        "today": RECORDED,
    }
    values.update(kwargs)
    return services.call_in_record_received(**values)


def test_a_paper_call_in_received_in_time_is_accepted_with_each_confirmation(
    decision, councillors, officer
):
    schedule(scrutiny(), date(2025, 5, 6))
    result = record(decision, councillors[:5], by=officer)
    call_in = result.call_in
    assert call_in.status == CallIn.Status.ACCEPTED
    assert (call_in.received_by, call_in.received_on) == ("paper", date(2025, 4, 23))
    assert call_in.validity["submitted_on"] == "2025-04-23"
    assert call_in.validity["signatories"] == 5
    signatures = list(call_in.signatures.order_by("pk"))
    assert [s.councillor for s in signatures] == councillors[:5]
    assert {(s.confirmed_on, s.confirmed_means, s.confirmed_by) for s in signatures} == {
        (date(2025, 4, 25), CallInSignature.Means.PHONE, officer)
    }
    decision.refresh_from_db()
    assert decision.status == Decision.Status.CALLED_IN
    assert call_in.scrutiny_item is not None
    actions = set(AuditEvent.private_objects.values_list("action", flat=True))
    assert {"meetings.call_in.received", "meetings.call_in.signature_confirmed"} <= actions


def test_one_received_after_the_period_is_refused_and_nothing_is_saved(decision, councillors):
    with pytest.raises(ValidationError) as excinfo:
        record(decision, councillors[:5], received_on=date(2025, 4, 25))
    assert excinfo.value.message_dict["received_on"] == [
        "The call-in period ended at the end of Thursday 24 April 2025."
    ]
    assert not CallIn.all_objects.exists()
    decision.refresh_from_db()
    assert decision.status == Decision.Status.OPEN


def test_too_few_signatories_is_refused_as_in_the_portal(decision, councillors):
    with pytest.raises(ValidationError) as excinfo:
        record(decision, councillors[:4])
    assert excinfo.value.message_dict["signatories"] == [
        "A call-in needs 5 councillors: it has 4, so 1 more councillor must sign it."
    ]
    assert not CallIn.all_objects.exists()


def test_a_signatory_the_constitution_excludes_is_named(decision, councillors):
    outsider = serving_councillors(1)[0]  # not on overview and scrutiny
    with pytest.raises(ValidationError) as excinfo:
        record(decision, [*councillors[:4], outsider])
    errors = excinfo.value.message_dict
    assert list(errors) == ["signatories.4.councillor", "signatories"]
    assert outsider.formal_name in errors["signatories.4.councillor"][0]
    assert not CallIn.all_objects.exists()


def test_each_signature_needs_its_confirmation_and_the_lead_must_sign(decision, councillors):
    signatories = confirmed(councillors[1:6])
    signatories[2] = services.ConfirmedSignatory(councillors[3], None, "")
    with pytest.raises(ValidationError) as excinfo:
        record(decision, councillors, signatories=signatories)
    errors = excinfo.value.message_dict
    name = councillors[3].formal_name
    assert errors["signatories.2.confirmed_on"] == [f"Enter the date {name} confirmed signing."]
    assert errors["signatories.2.means"] == [f"Select how {name} confirmed signing."]
    assert errors["lead"] == [
        f"{councillors[0].formal_name} leads the call-in, so must be one of its signatories."
    ]
    assert not CallIn.all_objects.exists()


def test_a_decision_already_called_in_cannot_be_called_in_on_paper(decision, councillors):
    record(decision, councillors[:5])
    with pytest.raises(ValidationError, match="already been called in"):
        record(decision, councillors[1:6], lead=councillors[1])


# --- The officer's page --------------------------------------------------------------------------


def form_data(councillors, **changes):
    data = {
        "lead": str(councillors[0].pk),
        "grounds": GROUNDS,
        "received_by": "email",
        "received_on_0": "23",
        "received_on_1": "4",
        "received_on_2": "2025",
    }
    for k, c in enumerate(councillors):
        data |= {
            f"sig_{k}_councillor": str(c.pk),
            f"sig_{k}_means": "email",
            f"sig_{k}_confirmed_0": "25",
            f"sig_{k}_confirmed_1": "4",
            f"sig_{k}_confirmed_2": "2025",
        }
    data.update(changes)
    return data


@pytest.fixture
def on_the_day(settings, monkeypatch):
    """The page records with today's date: pin it to the officer's Monday."""
    from django.utils import timezone

    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: RECORDED)


def test_the_officer_records_an_emailed_call_in(client, officer, decision, councillors, on_the_day):
    client.force_login(officer)
    url = reverse("meetings:call-in-received", args=[decision.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, form_data(councillors[:5]))
    assert response.status_code == 302, response.context["form"].errors
    call_in = CallIn.all_objects.get(decision=decision)
    assert call_in.received_by == "email" and call_in.status == CallIn.Status.ACCEPTED
    assert call_in.signatures.filter(confirmed_means="email").count() == 5


def test_the_page_names_the_row_at_fault_and_saves_nothing(
    client, officer, decision, councillors, on_the_day
):
    client.force_login(officer)
    url = reverse("meetings:call-in-received", args=[decision.pk])
    response = client.post(url, form_data(councillors[:5], sig_2_means=""))
    assert response.status_code == 200
    page = response.content.decode()
    assert f"Select how {councillors[2].formal_name} confirmed signing." in page
    assert 'href="#id_sig_2_means"' in page
    assert not CallIn.all_objects.exists()


@pytest.mark.parametrize("persona", ["councillor", "author", "clerk"])
def test_only_officers_record_a_call_in_received_outside_the_portal(
    client, request, decision, persona
):
    url = reverse("meetings:call-in-received", args=[decision.pk])
    assert client.get(url)["Location"].startswith("/account/login/")
    client.force_login(request.getfixturevalue(persona))
    assert client.get(url).status_code == 403
