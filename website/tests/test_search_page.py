"""The public search page (/search/): results link to the public pages, snippets highlight the
words, filters are validated with messages naming the field, nothing restricted is ever shown,
and a page of results runs the same queries however many match."""

from __future__ import annotations

import pytest

from meetings import search
from meetings.tests.factories_public import SECRETS, PublicScene


@pytest.fixture
def scene(db):
    scene = PublicScene(items=3)
    search.index_agenda(scene.meeting)
    return scene


def test_results_lead_to_the_public_pages_with_the_words_highlighted(client, scene):
    response = client.get("/search/", {"q": "PUBLIC-REPORT-TEXT"})
    assert response.status_code == 200
    html = response.content.decode()
    assert f'href="/papers/reports/{scene.public_report.pk}/"' in html
    assert "<mark>" in html and "1 result" in html
    item = client.get("/search/", {"q": "local plan", "kinds": "item"}).content.decode()
    assert f'href="{scene.meeting.get_absolute_url()}"' in item
    assert "PUBLIC-ITEM-TEXT" in item


def test_restricted_papers_are_never_found(client, scene):
    for secret in SECRETS:
        html = client.get("/search/", {"q": secret}).content.decode()
        assert "0 results" in html, secret
    # Even the headings of the exempt item are shown only as the public agenda shows them.
    html = client.get("/search/", {"q": "depot"}).content.decode()
    assert "EXEMPT-ITEM-SECRET" not in html and "buyer" not in html


def test_bad_filters_are_named(client, scene):
    html = client.get("/search/", {"q": ""}).content.decode()
    assert "Enter what you are looking for" in html
    html = client.get(
        "/search/",
        {
            "q": "plan",
            "date_from_0": "5",
            "date_from_1": "13",
            "date_from_2": "2026",
        },
    ).content.decode()
    assert "From must be a real date" in html
    html = client.get(
        "/search/",
        {
            "q": "plan",
            "date_from_0": "5",
            "date_from_1": "5",
            "date_from_2": "2026",
            "date_to_0": "1",
            "date_to_1": "5",
            "date_to_2": "2026",
        },
    ).content.decode()
    assert "must be the same as or after" in html


def test_filters_narrow_the_results(client, scene):
    everything = client.get("/search/", {"q": "application"}).context["page"].paginator.count
    reports = client.get("/search/", {"q": "application", "kinds": "report"}).context["page"]
    assert 0 < reports.paginator.count < everything
    assert all(entry.kind == "report" for entry in reports.object_list)
    other = client.get("/search/", {"q": "application", "committee": "999999"})
    assert "Select a valid choice" in other.content.decode()


@pytest.mark.parametrize("items", [3, 30])
def test_a_page_of_results_runs_the_same_queries_however_many_match(
    client, db, items, django_assert_num_queries
):
    scene = PublicScene(items=items)
    search.index_agenda(scene.meeting)
    client.get("/search/", {"q": "application"})
    with django_assert_num_queries(3):  # the committees for the filter, the count, the page
        response = client.get("/search/", {"q": "application"})
    assert response.context["page"].paginator.count >= items
