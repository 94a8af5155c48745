"""The public document library (/documents/): published reports, appendices and minutes, with
their meeting, filtered by type and committee; nothing restricted; bounded queries."""

from __future__ import annotations

import pytest

from democracy.tests.factories_cache import render_public_pages_afresh
from meetings.tests.factories_public import SECRETS, PublicScene


@pytest.fixture
def scene(db):
    return PublicScene()


def test_the_library_lists_public_documents_of_each_type(client, scene):
    reports = client.get("/documents/").content.decode()
    assert f'href="/papers/reports/{scene.public_report.pk}/"' in reports
    assert f'href="/papers/reports/{scene.exempt_report.pk}/"' not in reports
    assert f'href="/papers/reports/{scene.confidential_report.pk}/"' not in reports
    assert scene.meeting.get_absolute_url() in reports
    appendices = client.get("/documents/", {"type": "appendices"}).content.decode()
    assert "Housing numbers" in appendices and "Valuations" not in appendices
    minutes = client.get("/documents/", {"type": "minutes"}).content.decode()
    assert f"/meetings/{scene.meeting.pk}/minutes.pdf" in minutes
    for page in (reports, appendices, minutes):
        for secret in SECRETS:
            assert secret not in page


def test_the_committee_filter_narrows_the_list(client, scene):
    other = client.get("/documents/", {"committee": "no-such-committee"})
    assert other.status_code == 200 and other.context["page"].paginator.count >= 1
    mine = client.get("/documents/", {"committee": scene.committee.slug})
    assert mine.context["chosen"] == scene.committee
    assert mine.context["page"].paginator.count == 1  # the one public report


@pytest.mark.parametrize("items", [2, 20])
def test_the_library_runs_the_same_queries_however_many_documents(
    client, db, items, django_assert_num_queries
):
    PublicScene(items=items)
    client.get("/documents/")
    render_public_pages_afresh()  # measure the view, not the public page cache
    with django_assert_num_queries(4):
        response = client.get("/documents/")
    assert response.context["page"].paginator.count == items + 1
