"""The public search page (/search/): results link to the public pages, snippets highlight the
words, filters are validated with messages naming the field, nothing restricted is ever shown,
and a page of results runs the same queries however many match."""

from __future__ import annotations

import re

import pytest

from democracy.tests.factories_cache import render_public_pages_afresh
from meetings import search
from meetings.models import Appendix
from meetings.tests.factories_public import SECRETS, PublicScene, pdf_upload


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


def test_an_appendix_leads_to_where_it_can_be_read(client, scene):
    """Issue 11 item 13: an appendix written as text (no PDF) was linked to its PDF, a 404."""
    html = client.get("/search/", {"q": "PUBLIC-APPENDIX-TEXT"}).content.decode()
    assert "1 result" in html
    [href] = re.findall(r'<a class="govuk-link" href="([^"]+)">Housing numbers</a>', html)
    page, anchor = href.split("#")
    assert page == f"/papers/reports/{scene.public_report.pk}/" and anchor == "appendix-1"
    report = client.get(page)
    assert report.status_code == 200
    assert f'id="{anchor}"' in report.content.decode()
    assert "PUBLIC-APPENDIX-TEXT" in report.content.decode()
    # An appendix with a PDF leads to the PDF.
    appendix = Appendix.all_objects.get(report=scene.public_report, position=1)
    appendix.pdf.save("housing.pdf", pdf_upload("housing.pdf"))
    html = client.get("/search/", {"q": "PUBLIC-APPENDIX-TEXT"}).content.decode()
    [href] = re.findall(r'<a class="govuk-link" href="([^"]+)">Housing numbers</a>', html)
    assert href == f"/papers/appendices/{appendix.pk}.pdf"
    assert client.get(href)["Content-Type"] == "application/pdf"


def test_every_result_leads_somewhere(client, scene):
    for words in ["plan", "application", "PUBLIC-APPENDIX-TEXT", "report"]:
        html = client.get("/search/", {"q": words}).content.decode()
        for href in re.findall(r'<a class="govuk-link" href="([^"#]+)(?:#[^"]*)?">', html):
            if href.startswith(("/papers/", "/meetings/", "/decisions/")):
                assert client.get(href).status_code == 200, href


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
    render_public_pages_afresh()  # measure the view, not the public page cache
    # The version, the committees for the filter, the page's ids with the count of all matches
    # (the public check runs once), the page's headlines.
    with django_assert_num_queries(4):
        response = client.get("/search/", {"q": "application"})
    assert response.context["page"].paginator.count >= items
