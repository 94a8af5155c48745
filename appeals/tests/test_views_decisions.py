"""The hearing and decision pages: recording the hearing, the decision form (errors on their
fields), the decision letter and the bundles, and who may open them."""

from __future__ import annotations

import pytest

from appeals.models import Appeal, Decision, Hearing
from appeals.tests.factories import build_scene, decide, hold, lodge, schedule
from democracy.models import AuditEvent
from democracy.tests.factories import set_constitution

pytestmark = pytest.mark.django_db
AUDIT = AuditEvent._default_manager


@pytest.fixture
def scene(clerk, panel_member):
    return build_scene(by=clerk, panel_user=panel_member)


@pytest.fixture
def hearing(scene, clerk):
    return schedule(scene, [lodge(scene.academy) for _ in range(2)], by=clerk)


def test_the_clerk_records_the_hearing(client, clerk, hearing):
    client.force_login(clerk)
    listings = list(hearing.listings.order_by("position"))
    response = client.get(f"/appeals/hearings/{hearing.pk}/record/")
    assert response.status_code == 200
    assert f"{listings[0].appeal.reference}: did the appellant attend?" in response.text
    form = {
        "authority_present": "Admissions officer",
        "notes": "Group stage heard.",
        f"attendance_{listings[0].pk}": "attended",
    }
    response = client.post(f"/appeals/hearings/{hearing.pk}/record/", form)
    assert response.status_code == 200
    assert f"Say whether the appellant in {listings[1].appeal.reference} attended" in (
        response.text
    )
    form[f"attendance_{listings[1].pk}"] = "written"
    response = client.post(f"/appeals/hearings/{hearing.pk}/record/", form, follow=True)
    assert "The hearing has been recorded" in response.text
    assert Hearing.hearings.get().status == Hearing.Status.HELD
    assert "Record the decision" in response.text


def test_over_long_hearing_notes_are_refused_naming_the_field_and_nothing_is_saved(
    client, clerk, hearing
):
    client.force_login(clerk)
    listings = list(hearing.listings.order_by("position"))
    first = listings[0].appeal.reference
    form = {"authority_present": "a" * 301, "notes": "Group stage heard."}
    for listing in listings:
        form[f"attendance_{listing.pk}"] = "attended"
        form[f"notes_{listing.pk}"] = "n" * 20_001
    response = client.post(f"/appeals/hearings/{hearing.pk}/record/", form)
    assert response.status_code == 200
    assert "Who presented the admission authority&#x27;s case must be 300 characters" in (
        response.text
    )
    assert f"{first}: clerk&#x27;s notes must be 20,000 characters or fewer" in response.text
    assert "Ensure this value" not in response.text
    form["authority_present"] = "Admissions officer"
    response = client.post(f"/appeals/hearings/{hearing.pk}/record/", form)
    assert response.status_code == 200  # before the fix: the database refused it, a 500
    assert f"{first}: clerk&#x27;s notes must be 20,000 characters or fewer" in response.text
    hearing.refresh_from_db()
    assert hearing.status != Hearing.Status.HELD
    assert {listing.notes for listing in hearing.listings.all()} == {""}


def test_the_decision_form_names_the_field_in_error(client, clerk, hearing):
    hold(hearing, by=clerk)
    appeal = hearing.listings.order_by("position").first().appeal
    client.force_login(clerk)
    url = f"/appeals/cases/{appeal.pk}/decision/"
    response = client.post(url, {"outcome": "upheld", "prejudice_found": "yes", "reasons": "x"})
    assert response.status_code == 200
    assert "Say whether the appellant&#x27;s case outweighs the prejudice (stage 2)" in (
        response.text
    )
    response = client.post(
        url,
        {
            "outcome": "upheld",
            "prejudice_found": "yes",
            "appellant_case_outweighs": "yes",
            "reasons": "The sibling link and the journey outweigh the prejudice.",
        },
        follow=True,
    )
    assert "has been recorded: upheld" in response.text
    assert Appeal.cases.get(pk=appeal.pk).status == Appeal.Status.DECIDED
    response = client.get(f"/appeals/cases/{appeal.pk}/decision/letter.pdf")
    assert response["Content-Type"] == "application/pdf"
    assert AUDIT.filter(action="appeals.appeal.decision_letter_view").count() == 1
    response = client.post(f"/appeals/cases/{appeal.pk}/decision/letter/send/", follow=True)
    assert "The decision letter has been emailed" in response.text
    assert Decision.private_objects.get(appeal=appeal).letter_sent_on is not None


def test_the_panels_bundle_is_open_to_its_panel_and_the_parties_bundle_only_to_the_clerk(
    client, clerk, panel_member, hearing
):
    listing = hearing.listings.first()
    client.force_login(panel_member)
    response = client.get(f"/appeals/hearings/{hearing.pk}/bundle.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    # Each case in the bundle is audited as viewed by the panel member.
    viewed = AUDIT.filter(action="appeals.appeal.bundle_view", actor=panel_member)
    assert sorted(viewed.values_list("object_id", flat=True)) == sorted(
        str(listing.appeal_id) for listing in hearing.listings.all()
    )
    assert client.get(f"/appeals/hearings/{hearing.pk}/bundle/{listing.pk}.pdf").status_code == 404
    client.force_login(clerk)
    assert client.get(f"/appeals/hearings/{hearing.pk}/bundle/{listing.pk}.pdf").status_code == 200


def test_a_panel_member_loses_sight_of_a_case_after_the_access_period(
    client, clerk, panel_member, hearing
):
    hold(hearing, by=clerk)
    appeals = [listing.appeal for listing in hearing.listings.order_by("position")]
    for appeal in appeals:
        decide(appeal, by=clerk)  # decided on 6 May 2026, long before today
    client.force_login(panel_member)
    set_constitution(appeals_panel_access_days=10_000)
    assert client.get(f"/appeals/cases/{appeals[0].pk}/").status_code == 200
    assert client.get(f"/appeals/hearings/{hearing.pk}/").status_code == 200
    set_constitution(appeals_panel_access_days=28)
    assert client.get(f"/appeals/cases/{appeals[0].pk}/").status_code == 404
    assert client.get(f"/appeals/hearings/{hearing.pk}/").status_code == 404
    assert client.get(f"/appeals/hearings/{hearing.pk}/bundle.pdf").status_code == 404
    client.force_login(clerk)
    assert client.get(f"/appeals/cases/{appeals[0].pk}/").status_code == 200


def test_the_clerk_records_a_stage_1_travel_review_s_outcome(client, clerk, scene):
    from datetime import date

    review = lodge(
        None,
        kind="transport_stage_1",
        decision_notified_on=date(2026, 3, 2),
        lodged_on=date(2026, 3, 9),
    )
    client.force_login(clerk)
    # The intake screen lists it with its own deadline: 20 working days after the request.
    intake = client.get("/appeals/cases/intake/").text
    assert "Stage 1 travel reviews waiting for an outcome" in intake
    assert review.reference in intake and "8 April 2026" in intake
    page = client.get(f"/appeals/cases/{review.pk}/").text
    assert "Record the outcome of the review" in page
    form = client.get(f"/appeals/cases/{review.pk}/decision/").text
    assert "The outcome of the review" in form and "Partly upheld" in form
    refused = client.post(f"/appeals/cases/{review.pk}/decision/", {"outcome": "upheld"}).text
    assert "Enter the reasons for the outcome of the review" in refused
    response = client.post(
        f"/appeals/cases/{review.pk}/decision/",
        {"outcome": "partly_upheld", "reasons": "Help with fares for the spring term."},
        follow=True,
    )
    assert f"The decision on {review.reference} has been recorded: partly upheld" in (response.text)
    assert Decision.private_objects.get(appeal=review).outcome == "partly_upheld"
    assert review.reference not in client.get("/appeals/cases/intake/").text


def test_over_long_clerks_notes_on_an_appeal_are_refused_naming_the_field(client, clerk, hearing):
    """Issue 11 item 7: the clerk's notes of each appeal's hearing had no limit in the form, so
    notes over the database's limit answered 500 (the CHECK constraint) instead of an error."""
    from democracy.text_limits import LONG

    client.force_login(clerk)
    listings = list(hearing.listings.order_by("position"))
    form = {"authority_present": "Admissions officer", "notes": "Group stage heard."}
    for listing in listings:
        form[f"attendance_{listing.pk}"] = "attended"
    form[f"notes_{listings[0].pk}"] = "x" * (LONG + 1)
    response = client.post(f"/appeals/hearings/{hearing.pk}/record/", form)
    assert response.status_code == 200
    assert (
        f"{listings[0].appeal.reference}: clerk&#x27;s notes must be 20,000 characters or fewer"
        in response.text
    )
    assert Hearing.hearings.get().status != Hearing.Status.HELD
