"""Agenda pack downloads (meetings/views/packs.py): who gets which pack.

Public packs (``public``, ``supplement-<n>``) are open to everyone, signed in or not, once the
agenda is published. Full packs (``full``, ``supplement-<n>-full``) only to officers and to
councillors holding a seat on the committee on the day; everyone else, the public included, gets
the same 404 as for a pack that does not exist.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from meetings import packs
from meetings.models import Report
from meetings.services import agenda as agenda_services
from meetings.tests.factories_packs import make_pack_meeting, pages_text

PERSONAS = [
    "anonymous",
    "officer",
    "manager",
    "author",
    "councillor",
    "other_councillor",
    "electoral_officer",
    "clerk",
    "panel_member",
]
MAY_READ_FULL = {"officer", "manager", "councillor"}
KINDS = ["public", "full", "supplement-1", "supplement-1-full"]


def url(meeting, kind: str) -> str:
    return reverse("meetings:pack", args=[meeting.pk, kind])


def as_persona(client, request, persona: str):
    client.logout()
    if persona != "anonymous":
        client.force_login(request.getfixturevalue(persona))
    return client


@pytest.fixture
def published(db, officer, councillor, request):
    """The scenario meeting with its packs and a supplement built."""
    request.getfixturevalue("media")
    meeting = make_pack_meeting(officer, councillor)
    agenda_services.item_add(
        meeting=meeting, title="Flood defence works", urgency_reasons="Price expires.", by=officer
    )
    packs.build_meeting_packs(meeting)
    return meeting


def test_the_permission_matrix_over_every_kind_of_pack(client, request, published):
    outcomes = {}
    for persona in PERSONAS:
        as_persona(client, request, persona)
        for kind in KINDS:
            outcomes[persona, kind] = client.get(url(published, kind)).status_code
    expected = {
        (persona, kind): 200 if not kind.endswith("full") or persona in MAY_READ_FULL else 404
        for persona in PERSONAS
        for kind in KINDS
    }
    assert outcomes == expected


def test_the_full_pack_has_the_exempt_report_and_the_public_pack_not(client, published, councillor):
    client.force_login(councillor)
    full = client.get(url(published, "full"))
    public = client.get(url(published, "public"))
    assert "DEPOT-SECRET-PRICE" in "".join(pages_text(b"".join(full.streaming_content)))
    assert "DEPOT-SECRET-PRICE" not in "".join(pages_text(b"".join(public.streaming_content)))


def test_a_pack_is_served_inline_with_a_readable_name(client, published, officer):
    response = client.get(url(published, "public"))
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        'inline; filename="planning-committee-10-december-2026-agenda-pack.pdf"'
    )
    assert response["Cache-Control"] == "no-cache"
    client.force_login(officer)
    response = client.get(url(published, "supplement-1-full"))
    assert response["Content-Disposition"] == (
        'inline; filename="planning-committee-10-december-2026-supplementary-agenda-1-full.pdf"'
    )
    assert response["Cache-Control"] == "private, no-store"
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_unknown_kinds_meetings_and_supplements_are_404(client, published, officer):
    client.force_login(officer)
    for kind in ["exempt", "supplement-2", "supplement-0", "public-full", "supplement-1-public"]:
        assert client.get(url(published, kind)).status_code == 404, kind
    assert (
        client.get(reverse("meetings:pack", args=[published.pk + 999, "public"])).status_code == 404
    )


def test_only_reading_is_allowed(client, published):
    assert client.post(url(published, "public")).status_code == 405
    assert client.head(url(published, "public")).status_code == 200


@pytest.mark.usefixtures("media")
def test_nothing_is_served_before_the_agenda_is_published(client, request, db, officer):
    meeting = make_pack_meeting(officer, publish=False)
    for persona in ["anonymous", "officer", "councillor"]:
        as_persona(client, request, persona)
        for kind in KINDS:
            assert client.get(url(meeting, kind)).status_code == 404, (persona, kind)


def test_a_public_pack_printing_a_document_now_exempt_is_not_served(client, published, officer):
    # Even if the restriction were changed without asking for a rebuild (say, in the console),
    # the download view checks the pack against today's restrictions.
    report = Report.all_objects.get(item__title="Land at Mill Lane")
    Report.all_objects.filter(pk=report.pk).update(exempt_paragraphs=[1])
    assert client.get(url(published, "public")).status_code == 404
    client.force_login(officer)
    assert client.get(url(published, "full")).status_code == 200
    assert client.get(url(published, "supplement-1")).status_code == 200


def test_the_download_runs_a_fixed_number_of_queries(
    client, published, councillor, django_assert_max_num_queries
):
    client.force_login(councillor)
    with django_assert_max_num_queries(12):
        assert client.get(url(published, "full")).status_code == 200


def test_available_packs_lists_what_each_person_may_download(
    published, officer, other_councillor, councillor
):
    from django.contrib.auth.models import AnonymousUser

    def kinds(user):
        return sorted(p.url_kind for p in packs.available_packs(published, user))

    assert kinds(AnonymousUser()) == ["public", "supplement-1"]
    assert kinds(other_councillor) == ["public", "supplement-1"]
    assert kinds(councillor) == ["full", "public", "supplement-1", "supplement-1-full"]
    assert kinds(officer) == ["full", "public", "supplement-1", "supplement-1-full"]
