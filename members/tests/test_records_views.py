"""Councillor records pages: the permission matrix (officer pages; the portal's own-record
pages), a change of group prompting a balance review, the change request round trip, and a
fixed number of queries on the lists."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from democracy.tests.factories import PERSONAS, PoliticalGroupFactory, TermFactory
from members.models import (
    Councillor,
    DetailsChangeRequest,
    GroupMembership,
    OutsideBody,
    Position,
    PrivateContact,
)
from members.services import records as services

OFFICERS = {"officer", "manager"}


@pytest.fixture
def world(db, officer):
    cllr = TermFactory(start_date=date(2023, 5, 8)).councillor
    PrivateContact.private_objects.create(councillor=cllr, home_address="1 Secret Lane")
    position = services.position_create(title="Mayor", kind=Position.Kind.MAYOR, by=officer)
    holding = services.holding_start(
        position=position, councillor=cllr, start_date=date(2026, 5, 19), by=officer
    )
    body = services.outside_body_create(
        name="Kingsmere Leisure Trust", kind=OutsideBody.Kind.CHARITY, by=officer
    )
    appointment = services.appointment_start(
        body=body,
        councillor=cllr,
        role="Trustee",
        start_date=date(2026, 5, 19),
        appointed_by="council",
        by=officer,
    )
    suspension = services.suspension_record(
        councillor=cllr, start_date=date(2026, 1, 1), end_date=None, reason="Standards", by=officer
    )
    change = services.change_request_submit(
        councillor=cllr, values={"biography": "Proposed."}, by=None
    )
    return {
        "cllr": cllr,
        "position": position,
        "holding": holding,
        "body": body,
        "appointment": appointment,
        "suspension": suspension,
        "change": change,
    }


def officer_urls(w) -> list[str]:
    c = w["cllr"].pk
    return [
        reverse("members:officer-councillors"),
        reverse("members:officer-councillor", args=[c]),
        reverse("members:officer-profile", args=[c]),
        reverse("members:officer-private", args=[c]),
        reverse("members:officer-suspension-add", args=[c]),
        reverse("members:officer-suspension-end", args=[w["suspension"].pk]),
        reverse("members:officer-group-change", args=[c]),
        reverse("members:officer-positions"),
        reverse("members:officer-position-create"),
        reverse("members:officer-position", args=[w["position"].pk]),
        reverse("members:officer-holding-add", args=[w["position"].pk]),
        reverse("members:officer-holding-end", args=[w["holding"].pk]),
        reverse("members:officer-outside-bodies"),
        reverse("members:officer-outside-body-create"),
        reverse("members:officer-outside-body", args=[w["body"].pk]),
        reverse("members:officer-appointment-add", args=[w["body"].pk]),
        reverse("members:officer-appointment-end", args=[w["appointment"].pk]),
        reverse("members:officer-change-requests"),
        reverse("members:officer-change-request", args=[w["change"].pk]),
        reverse("members:officer-councillor-training", args=[c]),
        reverse("members:officer-training"),
        reverse("members:officer-training-module-create"),
        reverse("members:officer-training-event-create"),
    ]


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_democratic_services_see_the_officer_pages(client, request, world, persona):
    client.force_login(request.getfixturevalue(persona))
    expected = 200 if persona in OFFICERS else 403
    for url in officer_urls(world):
        assert client.get(url).status_code == expected, url


def test_anonymous_visitors_are_sent_to_sign_in(client, world):
    portal = [reverse("members:portal-details"), reverse("members:portal-details-change")]
    for url in [*officer_urls(world), *portal]:
        response = client.get(url)
        assert response.status_code == 302 and response.url.startswith(reverse("login")), url


def test_a_missing_record_is_a_404_for_officers(client, officer, world):
    client.force_login(officer)
    for name in (
        "members:officer-councillor",
        "members:officer-position",
        "members:officer-change-request",
    ):
        assert client.get(reverse(name, args=[999999])).status_code == 404


def test_private_contact_details_show_only_to_officers_and_the_councillor(
    client, officer, councillor, other_councillor
):
    mine = Councillor.all_objects.get(user=councillor)
    services.private_contact_update(
        councillor=mine, values={"home_address": "7 Private Road"}, by=officer
    )
    client.force_login(councillor)
    assert "7 Private Road" in client.get(reverse("members:portal-details")).content.decode()
    client.force_login(other_councillor)
    assert "7 Private Road" not in client.get(reverse("members:portal-details")).content.decode()
    client.force_login(officer)
    page = client.get(reverse("members:officer-councillor", args=[mine.pk])).content.decode()
    assert "7 Private Road" in page


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_portal_details_pages_are_for_councillors(client, request, persona):
    client.force_login(request.getfixturevalue(persona))
    expected = 200 if persona == "councillor" else 403
    for url in (reverse("members:portal-details"), reverse("members:portal-details-change")):
        assert client.get(url).status_code == expected


def test_someone_elses_change_request_is_a_404(client, councillor, other_councillor):
    mine = Councillor.all_objects.get(user=councillor)
    change = services.change_request_submit(
        councillor=mine, values={"home_address": "1 Mine Street"}, by=councillor
    )
    url = reverse("members:portal-change-request", args=[change.pk])
    client.force_login(other_councillor)
    assert client.get(url).status_code == 404
    client.force_login(councillor)
    response = client.get(url)
    assert response.status_code == 200 and "1 Mine Street" in response.content.decode()


def test_a_councillor_cannot_review_change_requests(client, councillor, world):
    client.force_login(councillor)
    url = reverse("members:officer-change-request", args=[world["change"].pk])
    assert client.post(url, {"decision": "apply"}).status_code == 403
    world["change"].refresh_from_db()
    assert world["change"].status == "pending"


def test_the_change_request_round_trip(client, councillor, officer):
    mine = Councillor.all_objects.get(user=councillor)
    client.force_login(councillor)
    response = client.post(
        reverse("members:portal-details-change"),
        {"biography": "I grew up in Kingsmere.", "personal_email": "me@example.com"},
    )
    change = DetailsChangeRequest.all_objects.get(councillor=mine)
    assert response.url == reverse("members:portal-change-request", args=[change.pk])
    # Issue 15 point 8: a second request while one waits is queued, not refused.
    again = client.post(reverse("members:portal-details-change"), {"website": "https://x.org"})
    assert again.status_code == 302
    assert DetailsChangeRequest.all_objects.filter(status="pending").count() == 2
    client.force_login(officer)
    url = reverse("members:officer-change-request", args=[change.pk])
    missing_note = client.post(url, {"decision": "reject", "note": ""})
    assert "Enter why the change is not being applied" in missing_note.content.decode()
    client.post(url, {"decision": "apply", "note": ""})
    mine.refresh_from_db()
    assert mine.profile.biography == "I grew up in Kingsmere."
    client.force_login(councillor)
    page = client.get(reverse("members:portal-change-request", args=[change.pk])).content.decode()
    assert "Applied" in page


def test_bad_input_names_the_field_and_saves_nothing(client, councillor):
    client.force_login(councillor)
    response = client.post(reverse("members:portal-details-change"), {"personal_email": "nope"})
    assert "Enter the personal email address in the right format" in response.content.decode()
    assert not DetailsChangeRequest.all_objects.exists()


def test_a_change_of_group_shows_a_banner_linking_to_the_balance_page(client, officer):
    cllr = TermFactory(start_date=date(2023, 5, 8)).councillor
    group = PoliticalGroupFactory(name="Green Group")
    client.force_login(officer)
    response = client.post(
        reverse("members:officer-group-change", args=[cllr.pk]),
        {"change": "join", "group": group.pk, "on_0": "1", "on_1": "9", "on_2": "2026"},
        follow=True,
    )
    html = response.content.decode()
    assert GroupMembership.objects.get(councillor=cllr).group == group
    assert "political balance must be reviewed" in html
    assert f'href="{reverse("meetings:balance")}?on=2026-09-01"' in html
    # Leaving when in no group names the problem.
    other = TermFactory(start_date=date(2023, 5, 8)).councillor
    response = client.post(
        reverse("members:officer-group-change", args=[other.pk]),
        {"change": "leave", "on_0": "1", "on_1": "9", "on_2": "2026"},
    )
    assert "is not in a group on 1 September 2026" in response.content.decode()


def test_officer_forms_record_through_the_services(client, officer, world):
    client.force_login(officer)
    cllr = world["cllr"]
    client.post(
        reverse("members:officer-holding-end", args=[world["holding"].pk]),
        {"end_date_0": "1", "end_date_1": "6", "end_date_2": "2026"},
    )
    world["holding"].refresh_from_db()
    assert world["holding"].end_date == date(2026, 6, 1)
    response = client.post(
        reverse("members:officer-holding-add", args=[world["position"].pk]),
        {"councillor": cllr.pk, "start_date_0": "1", "start_date_1": "5", "start_date_2": "2026"},
    )
    assert "Mayor already has a holder on that date" in response.content.decode()
    response = client.post(
        reverse("members:officer-position-create"),
        {"title": "Chief Whip", "kind": "group_whip", "holders": "1"},
    )
    assert "Select the political group this position belongs to" in response.content.decode()


def grow(n: int, officer) -> None:
    group = PoliticalGroupFactory()
    for i in range(n):
        cllr = TermFactory(start_date=date(2023, 5, 8)).councillor
        GroupMembership.objects.create(councillor=cllr, group=group, start_date=date(2023, 5, 8))
        position = services.position_create(
            title=f"Position {Position.objects.count()}", kind="other", by=officer
        )
        services.holding_start(
            position=position, councillor=cllr, start_date=date(2026, 5, 19), by=officer
        )
        body = services.outside_body_create(
            name=f"Body {OutsideBody.objects.count()}", kind="other", by=officer
        )
        services.appointment_start(
            body=body,
            councillor=cllr,
            role="Member",
            start_date=date(2026, 5, 19),
            appointed_by="executive",
            by=officer,
        )
        if i % 2:
            services.change_request_submit(councillor=cllr, values={"biography": "x"}, by=None)


@pytest.mark.parametrize(
    ("name", "queries"),
    [
        # session, user, roles, then the page's own (one for the list; a prefetch each)
        ("members:officer-councillors", 5),
        ("members:officer-positions", 6),
        ("members:officer-outside-bodies", 6),
        ("members:officer-change-requests", 6),
    ],
)
def test_lists_run_a_fixed_number_of_queries(
    client, officer, name, queries, django_assert_num_queries
):
    grow(2, officer)
    client.force_login(officer)
    url = reverse(name)
    with django_assert_num_queries(queries):
        client.get(url)
    grow(6, officer)
    with django_assert_num_queries(queries):
        client.get(url)


def test_the_councillor_page_runs_a_fixed_number_of_queries(
    client, officer, django_assert_num_queries
):
    cllr = TermFactory(start_date=date(2023, 5, 8)).councillor
    client.force_login(officer)
    url = reverse("members:officer-councillor", args=[cllr.pk])

    def more(n):
        for _ in range(n):
            position = services.position_create(
                title=f"Position {Position.objects.count()}", kind="other", by=officer
            )
            services.holding_start(
                position=position, councillor=cllr, start_date=date(2026, 5, 19), by=officer
            )
            body = services.outside_body_create(
                name=f"Body {OutsideBody.objects.count()}", kind="other", by=officer
            )
            services.appointment_start(
                body=body,
                councillor=cllr,
                role="Member",
                start_date=date(2026, 5, 19),
                appointed_by="council",
                by=officer,
            )

    more(1)
    with django_assert_num_queries(13):
        client.get(url)
    more(5)
    with django_assert_num_queries(13):
        client.get(url)


def test_an_officer_uploads_a_photo_and_a_gif_is_refused_naming_the_field(client, officer):
    from django.utils.html import escape

    from members.tests.factories_records import image

    # A name with an apostrophe, as the random names sometimes have: the page escapes it.
    cllr = TermFactory(
        start_date=date(2023, 5, 8),
        councillor__first_name="Damian",
        councillor__last_name="O'Connor",
    ).councillor
    client.force_login(officer)
    url = reverse("members:officer-profile", args=[cllr.pk])
    response = client.post(url, {"photo": image("GIF", name="me.gif"), "biography": "Hello"})
    assert "The photo must be a JPEG or PNG image" in response.content.decode()
    assert not services.profile_of(cllr).pk  # nothing saved
    response = client.post(url, {"photo": image("JPEG", name="me.jpg"), "biography": "Hello"})
    assert response.status_code == 302
    cllr.refresh_from_db()
    assert cllr.profile.photo.name.endswith(".jpg") and cllr.profile.biography == "Hello"
    page = client.get(reverse("members:officer-councillor", args=[cllr.pk])).content.decode()
    assert f'alt="Photo of {escape(cllr.full_name)}"' in page
