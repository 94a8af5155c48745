"""The public side over the demo council's whole 2026/27 year: every page reachable from the
home page by links, and the web service's answer for every meeting, open without signing in, and
none of them holds a sentence of any exempt or confidential report, appendix, item description,
minute or decision in the demo."""

from __future__ import annotations

import re

import pytest
from django.utils.html import strip_tags

from meetings.models import AgendaItem, Appendix, Decision, Meeting, MinutesEntry, Report
from meetings.tests.factories_public import crawl

WORDS = re.compile(r"\s+")


def sentences(texts) -> set[str]:
    """Distinctive passages (40 characters or more) of the given texts."""
    found = set()
    for text in texts:
        for part in re.split(r"(?<=[.!?])\s+", WORDS.sub(" ", strip_tags(text or "")).strip()):
            if len(part) >= 40:
                found.add(part[:80])
    return found


def restricted_text() -> set[str]:
    """Passages of restricted texts that no public text contains (standard wording, such as how
    a vote is minuted, is in both)."""
    secret, public = [], []
    for report in Report.all_objects.select_related("item__parent"):
        item = report.item
        private = (
            report.is_restricted
            or item.is_restricted
            or (item.parent and item.parent.is_restricted)
        )
        (secret if private else public).append(report.body_html)
    for appendix in Appendix.all_objects.select_related("report__item__parent"):
        item = appendix.report.item
        private = (
            appendix.is_restricted
            or appendix.report.is_restricted
            or item.is_restricted
            or (item.parent and item.parent.is_restricted)
        )
        (secret if private else public).append(appendix.body_html)
    for item in AgendaItem.all_objects.all():
        (secret if item.is_restricted else public).append(item.description)
    for entry in MinutesEntry.all_objects.all():
        (secret if entry.is_restricted else public).append(entry.text)
    for decision in Decision.all_objects.all():
        texts = [decision.decision, decision.reasons, decision.alternatives_considered]
        (secret if decision.is_restricted else public).extend(texts)
    return sentences(secret) - sentences(public)


@pytest.mark.slow
def test_the_demo_council_public_side_leaks_nothing(kingsmere, db, client, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    secrets = restricted_text()
    assert secrets, "the demo has exempt papers to look for"
    responses = crawl(client, "/", limit=500)
    for meeting in Meeting.all_objects.all():
        response = client.get(f"/mgWebService.asmx/GetMeeting?lMeetingId={meeting.pk}")
        assert response.status_code == 200
        responses[f"GetMeeting {meeting.pk}"] = response.content.decode()
    for url in ["/mgWebService.asmx/GetCouncillorsByWard", "/feeds/documents.rss",
                "/feeds/decisions.atom", "/meetings.ics"]:  # fmt: skip
        responses[url] = client.get(url).content.decode()
    assert len(responses) > 100
    leaks = [(url, s) for url, text in responses.items() for s in secrets if s in text]
    assert leaks == []
