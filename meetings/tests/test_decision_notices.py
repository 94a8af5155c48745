"""Issue 15 point 5: the decision notice is drawn from the minute (the resolution, reasons,
alternatives, the interests and dispensations declared at the item, the call-in deadline) for
the officer to review, and its interests are read from the declarations, never typed."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from playwright.sync_api import expect

from democracy.tests.factories_browser import axe_violations, sign_in_with_browser
from meetings.models import Decision
from meetings.services import decisions as decision_services
from meetings.services import proceedings as services
from meetings.tests.factories_proceedings import TODAY, Scene

NATURE = "Owns the field next to the application site"
DECLARED = (
    "Councillor Carys Cole declared a disclosable pecuniary interest: Owns the field next to the "
    "application site. They left the room and took no part in the discussion or vote."
)


@pytest.fixture
def scene(db):
    scene = Scene()
    scene.hold()
    scene.record_sheet()
    return scene


def declare(scene, *, dispensation: str = ""):
    return services.declaration_record(
        item=scene.application,
        attendance=scene.attendance(scene.carys),
        type="dpi",
        nature=NATURE,
        left_room=True,
        dispensation=dispensation,
        by=scene.officer,
        today=TODAY,
    )


def resolve(scene):
    return services.resolution_record(
        item=scene.application,
        text="That planning permission be granted subject to the conditions in the report.",
        reasons="The development accords with the local plan.",
        alternatives_considered="Refusal, which the officers advised could not be defended.",
        by=scene.officer,
        today=TODAY,
    )


def test_a_notice_typed_with_no_interests_states_the_one_the_minutes_recorded(client, scene):
    """The defect: the minutes recorded Cllr Cole's interest, the decision was typed with the
    interests box left empty, and its notice read "Conflicts of interest: None declared"."""
    declare(scene)
    decision = decision_services.decision_record(
        kind=Decision.Kind.COMMITTEE_RESOLUTION,
        title="Land at Mill Lane",
        decided_on=scene.meeting.date,
        decision="Granted.",
        reasons="Accords with the plan.",
        alternatives_considered="None",
        conflicts_declared="",
        decision_maker_committee=scene.committee,
        agenda_item=scene.application,
        by=scene.officer,
    )
    assert decision.conflicts_declared == DECLARED
    client.force_login(scene.officer)
    page = client.get(reverse("meetings:decision-detail", args=[decision.pk])).content.decode()
    assert "None declared" not in page
    assert "Owns the field next to the application site" in page
    # Correcting the decision cannot type the interest away either.
    decision_services.decision_update(
        decision=decision, changes={"conflicts_declared": "None"}, by=scene.officer
    )
    decision.refresh_from_db()
    assert decision.conflicts_declared == DECLARED


def test_the_notice_is_drawn_from_the_minute(scene):
    declare(scene, dispensation="DISP/2026/4")
    resolution = resolve(scene)
    decision = decision_services.decision_from_resolution(resolution=resolution, by=scene.officer)
    assert decision.resolution == resolution
    assert decision.kind == Decision.Kind.COMMITTEE_RESOLUTION
    assert decision.title == scene.application.title
    assert decision.decided_on == scene.meeting.date
    assert decision.decision == resolution.text
    assert decision.reasons == "The development accords with the local plan."
    assert decision.alternatives_considered.startswith("Refusal")
    assert decision.conflicts_declared.startswith("Councillor Carys Cole declared")
    assert decision.dispensations == "Councillor Carys Cole held a dispensation (DISP/2026/4)."
    with pytest.raises(ValidationError, match="already been drawn from minute"):
        decision_services.decision_from_resolution(resolution=resolution, by=scene.officer)


def test_a_minute_without_reasons_names_what_the_officer_must_add(scene):
    resolution = services.resolution_record(
        item=scene.application, text="That permission be granted.", by=scene.officer, today=TODAY
    )
    with pytest.raises(ValidationError) as excinfo:
        decision_services.decision_from_resolution(resolution=resolution, by=scene.officer)
    assert set(excinfo.value.message_dict) == {"reasons", "alternatives_considered"}
    assert not Decision.all_objects.exists()
    decision = decision_services.decision_from_resolution(
        resolution=resolution, reasons="Policy H1.", alternatives_considered="None", by=None
    )
    assert decision.reasons == "Policy H1."


def test_a_declaration_recorded_later_reaches_the_unpublished_notice(scene):
    decision = decision_services.decision_from_resolution(
        resolution=resolve(scene), by=scene.officer
    )
    assert decision.conflicts_declared == ""
    declaration = declare(scene)
    decision.refresh_from_db()
    assert decision.conflicts_declared == DECLARED
    services.declaration_remove(declaration=declaration, by=scene.officer, today=TODAY)
    decision.refresh_from_db()
    assert decision.conflicts_declared == ""


def test_after_the_notice_is_published_the_declarations_cannot_change(scene):
    declaration = declare(scene)
    decision = decision_services.decision_from_resolution(
        resolution=resolve(scene), by=scene.officer
    )
    decision_services.decision_publish(decision=decision, by=scene.officer, today=TODAY)
    with pytest.raises(ValidationError, match="would disagree"):
        services.declaration_remove(declaration=declaration, by=scene.officer, today=TODAY)
    with pytest.raises(ValidationError, match="would disagree"):
        services.declaration_record(
            item=scene.application,
            attendance=scene.attendance(scene.vice),
            type="nri",
            nature="Knows the applicant",
            by=scene.officer,
            today=TODAY,
        )


def test_an_executive_minute_gives_an_executive_decision_with_its_call_in_deadline(db):
    scene = Scene(committee_kind="executive")
    scene.hold()
    scene.record_sheet(dev=None, frank=None)
    resolution = resolve(scene)
    draft = decision_services.notice_draft(resolution, today=TODAY)
    assert draft.kind == Decision.Kind.EXECUTIVE
    assert draft.call_in_deadline == decision_services.call_in_window_for(TODAY).deadline
    decision = decision_services.decision_from_resolution(resolution=resolution, by=scene.officer)
    decision = decision_services.decision_publish(decision=decision, by=scene.officer, today=TODAY)
    assert decision.call_in_deadline == draft.call_in_deadline


def test_the_review_page_prefills_and_records(client, scene):
    declare(scene)
    resolution = resolve(scene)
    client.force_login(scene.officer)
    url = reverse("meetings:decision-from-resolution", args=[resolution.pk])
    response = client.get(url)
    page = response.content.decode()
    assert response.context["form"].initial["reasons"] == resolution.reasons
    assert "Owns the field next to the application site" in page
    assert 'name="conflicts_declared"' not in page  # never typed
    response = client.post(
        url,
        {
            "title": "Land at Mill Lane, Kingsmere",
            "decision": resolution.text,
            "reasons": resolution.reasons,
            "alternatives_considered": resolution.alternatives_considered,
            "conflicts_declared": "None",  # ignored: not a field of the notice
        },
    )
    decision = Decision.all_objects.get(resolution=resolution)
    assert response.status_code == 302
    assert response["Location"] == reverse("meetings:decision-detail", args=[decision.pk])
    assert decision.title == "Land at Mill Lane, Kingsmere"
    assert decision.conflicts_declared == DECLARED
    # A second visit goes to the notice already drawn.
    assert client.get(url)["Location"] == response["Location"]


def test_a_missing_part_is_named_and_nothing_is_saved(client, scene):
    resolution = resolve(scene)
    client.force_login(scene.officer)
    url = reverse("meetings:decision-from-resolution", args=[resolution.pk])
    response = client.post(url, {"title": "t", "decision": "d", "alternatives_considered": "x"})
    assert response.status_code == 200
    assert "Enter the reasons for the decision" in response.content.decode()
    assert not Decision.all_objects.exists()


@pytest.mark.parametrize("persona", ["councillor", "author", "clerk"])
def test_only_officers_draw_a_notice(client, request, scene, persona):
    resolution = resolve(scene)
    url = reverse("meetings:decision-from-resolution", args=[resolution.pk])
    assert client.get(url)["Location"].startswith("/account/login/")
    client.force_login(request.getfixturevalue(persona))
    assert client.get(url).status_code == 403
    client.force_login(scene.officer)
    assert client.get(reverse("meetings:decision-from-resolution", args=[999999])).status_code == (
        404
    )


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_officer_generates_the_notice_from_the_resolution(live_page, officer, password):
    scene = Scene()
    scene.hold()
    scene.record_sheet()
    declare(scene)
    resolve(scene)
    page = live_page
    sign_in_with_browser(page, officer.username, password)
    page.goto(f"{page.base}{reverse('meetings:item-proceedings', args=[scene.application.pk])}")
    page.get_by_role("link", name="Draft the decision notice").click()
    expect(page.locator("#notice-conflicts")).to_contain_text(NATURE)
    assert axe_violations(page) == []
    page.get_by_role("button", name="Record the decision notice").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "The decision notice has been recorded"
    )
    expect(page.locator("main")).to_contain_text(NATURE)
    expect(page.locator("main")).not_to_contain_text("None declared")
    assert axe_violations(page) == []
