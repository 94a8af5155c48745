"""Conditional GET and the public page cache (democracy/public_cache.py): a repeat anonymous
request costs one query; an audited change (a publication) replaces every cached page at once;
signed-in users are never served a cached page; ETag and Last-Modified answer conditional
requests on pages, feeds, the web service and the API."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.cache import cache

from meetings.services import agenda as agenda_services
from meetings.services import decisions as decision_services
from meetings.tests.factories_public import PublicScene

pytestmark = pytest.mark.public_cache


@pytest.fixture
def scene(db):
    cache.clear()
    yield PublicScene()
    cache.clear()


def test_a_repeat_anonymous_request_is_one_query(client, scene, django_assert_num_queries):
    url = scene.meeting.get_absolute_url()
    first = client.get(url)
    with django_assert_num_queries(1):
        again = client.get(url)
    assert again.content == first.content
    assert again.headers["ETag"] == first.headers["ETag"]


def test_a_publication_replaces_the_cached_pages(client, scene):
    decisions = client.get("/decisions/").content.decode()
    assert "Adoption of the cycling strategy" not in decisions
    decision = decision_services.decision_record(
        kind="committee",
        title="Adoption of the cycling strategy",
        decided_on=date(2026, 1, 5),
        decision="To adopt it.",
        reasons="It is needed.",
        alternatives_considered="None.",
        decision_maker_committee=scene.committee,
        by=None,
    )
    decision_services.decision_publish(decision=decision, by=None, today=date(2026, 1, 6))
    assert "Adoption of the cycling strategy" in client.get("/decisions/").content.decode()


def test_signed_in_users_are_never_served_the_cache(
    client, scene, officer, django_assert_max_num_queries
):
    url = scene.meeting.get_absolute_url()
    client.get(url)  # cached for the anonymous
    client.force_login(officer)
    client.get(url)
    with pytest.raises(pytest.fail.Exception), django_assert_max_num_queries(1):
        client.get(url)


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/decisions/",
        "/meetings.ics",
        "/feeds/decisions.rss",
        "/mgWebService.asmx/GetCommittees",
    ],
)
def test_conditional_get_answers_not_modified(client, scene, path):
    first = client.get(path)
    assert first.status_code == 200
    etag, modified = first.headers["ETag"], first.headers["Last-Modified"]
    assert client.get(path, headers={"If-None-Match": etag}).status_code == 304
    assert client.get(path, headers={"If-Modified-Since": modified}).status_code == 304
    assert client.get(path, headers={"If-None-Match": '"other"'}).status_code == 200


def test_the_sitemap_is_served_and_cached_for_the_anonymous(
    client, scene, django_assert_num_queries
):
    """The sitemap view answers with a TemplateResponse, rendered only after the view returns:
    the cache must render it before keeping it (it failed with ContentNotRenderedError, a 500
    for every anonymous visitor while the cache was on, as in production)."""
    first = client.get("/sitemap.xml")
    assert first.status_code == 200
    assert scene.meeting.get_absolute_url() in first.content.decode()
    with django_assert_num_queries(1):
        again = client.get("/sitemap.xml")
    assert again.content == first.content


@pytest.mark.parametrize("path", ["/", "/decisions/", "/committees/"])
def test_a_signed_in_user_is_never_answered_against_the_anonymous_copy(
    client, scene, officer, password, path
):
    """Issue 11, item 11: the browser revalidates the copy it kept while signed out; the server
    answered 304 (the ETag did not vary with the session), so the signed-in user saw "Sign in"
    and the public page. Conditional GET is for anonymous visitors only."""
    anonymous = client.get(path)
    assert anonymous.status_code == 200
    assert "Cookie" in anonymous["Vary"]
    etag, modified = anonymous["ETag"], anonymous["Last-Modified"]
    signed_in = client.post("/account/login/", {"username": officer.username, "password": password})
    assert signed_in.status_code == 302
    for validators in ({"If-None-Match": etag}, {"If-Modified-Since": modified}):
        response = client.get(path, headers=validators)
        assert response.status_code == 200
        page = response.content.decode()
        assert officer.get_full_name() in page
        assert "Sign out" in page
        assert "Cookie" in response["Vary"]
        assert "ETag" not in response  # nothing to revalidate a signed-in page against
    # Signed out again, the anonymous copy is the one revalidated.
    client.logout()
    assert client.get(path, headers={"If-None-Match": etag}).status_code == 304


def test_a_private_change_leaves_the_cached_pages_be(client, scene, django_assert_num_queries):
    """Issue 11, item 14: any audited write, even a draft report edit, emptied the whole public
    cache. A change the public cannot see (a report on an agenda not yet published, a decision
    recorded but not published) keeps every cached page; publishing replaces them."""
    from meetings.services import reports as report_services
    from meetings.tests.factories_public import add_meetings

    url = "/decisions/"
    first = client.get(url)
    [draft_meeting] = add_meetings(scene.committee, 1)  # scheduled: its agenda is unpublished
    first = client.get(url)  # the new meeting is public, so the cache was replaced
    item = agenda_services.item_add(meeting=draft_meeting, title="Draft business", by=None)
    report = report_services.report_create(item=item, title="A draft", author=None, by=None)
    report_services.report_update(
        report=report, title="A draft", body_html="<p>Still being written.</p>", by=None
    )
    decision = decision_services.decision_record(
        kind="committee",
        title="Adoption of the walking strategy",
        decided_on=date(2026, 1, 5),
        decision="To adopt it.",
        reasons="It is needed.",
        alternatives_considered="None.",
        decision_maker_committee=scene.committee,
        by=None,
    )
    with django_assert_num_queries(1):
        again = client.get(url)
    assert again.content == first.content
    assert again["ETag"] == first["ETag"]
    decision_services.decision_publish(decision=decision, by=None, today=date(2026, 1, 6))
    assert "Adoption of the walking strategy" in client.get(url).content.decode()


def test_cached_public_responses_may_be_kept_by_browsers_and_proxies(
    client, scene, officer, settings
):
    """What the page cache keeps for the anonymous (and its 304s) may be kept by browsers and
    proxies: by default they ask again every time (``no-cache``), so a publication shows at
    once; a council may let them keep it a while (``PUBLIC_CACHE_MAX_AGE``). Nothing of the
    kind on a signed-in user's page."""
    anonymous = client.get("/decisions/")
    assert anonymous["Cache-Control"] == "public, no-cache"
    assert client.get("/decisions/")["Cache-Control"] == "public, no-cache"  # the hit
    revalidated = client.get("/decisions/", headers={"If-None-Match": anonymous["ETag"]})
    assert revalidated.status_code == 304
    assert revalidated["Cache-Control"] == "public, no-cache"
    settings.PUBLIC_CACHE_MAX_AGE = 300
    assert client.get("/councillors/")["Cache-Control"] == "public, max-age=300"
    client.force_login(officer)
    assert "public" not in client.get("/decisions/").get("Cache-Control", "")
