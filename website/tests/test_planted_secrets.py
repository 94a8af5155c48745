"""Planted secrets (issue 10, point 5): nothing exempt, confidential, unpublished or personal
reaches the public by any route.

The one world (website/tests/factories_world.py) plants unique strings wherever the public must
not look: an exempt report (title, body, the text of its uploaded PDF), an exempt appendix, exempt
and confidential items and the description of an item whose report is exempt, exempt minutes and
decisions, the agenda and draft report of a meeting not yet published, a decision and a forward
plan entry not yet published, sensitive interests, councillors' and co-opted members' private
contact details, claims and gifts not published, and the name of a person who never held office.
Each app plants its own in its ``tests/factories_world.py``; a new domain (the register of
electors, appeals) adds its plants there and this test covers them.

The real Celery worker builds the packs and the search index. Each planted string is first shown
to be in the system (an entitled user sees it), and signed-in users visit the public pages first
with the public page cache on, as in production, so a page cached for them would be served to
the crawl. Then an anonymous visitor reads everything public: every page reachable by links from
the home page, every address of the permission matrix, every public address of every object in
the database (reports, appendices, packs, minutes, decisions, meetings, committees, councillors
and co-opted members, registers), every feed and calendar, the sitemap, the open data API (from
its OpenAPI description, list by list and link by link), the Modern.Gov-compatible web service
(GET and SOAP) and page addresses, PDFs (their text and metadata) and site search for every
planted string and the words around it; and every file under ``MEDIA_ROOT``, which the web
server publishes at ``/media/`` with no view in between. No planted string may appear anywhere,
in any case.
"""

from __future__ import annotations

import io
import json
import re
from collections import Counter, deque
from datetime import timedelta
from pathlib import Path
from urllib.parse import parse_qs, quote, quote_plus, urlencode, urljoin, urlsplit

import pytest
from django.conf import settings
from django.core.cache import cache
from django.test import Client
from django.urls import Resolver404, resolve
from django.utils import timezone
from django.utils.html import escape

from website.tests.factories_world import build_world, response_text, url_context
from website.tests.permission_matrix import MATRIX

pytestmark = [pytest.mark.public_cache, pytest.mark.worker, pytest.mark.slow]

# Pages behind a sign-in: the permission matrix asks for each of them; the crawl does not
# follow links into them (an anonymous visitor is sent to sign in).
SIGNED_IN_PREFIXES = ("/officers/", "/members/portal/", "/account/", "/manage/", "/dashboard/")
NOT_PAGES = ("/static/", "/media/")
PER_ROUTE = 40  # links followed per route (calendars and filters would go on for ever)
LIMIT = 3000

LINK = re.compile(r"""(?:href|src|action)\s*=\s*["']([^"'#]+)""")
ABSOLUTE = re.compile(r"""https?://[^\s"'<>\\)]+""")


@pytest.fixture
def shared_media(settings, tmp_path, monkeypatch):
    """One media directory for this process and the worker it starts."""
    root = tmp_path / "media"
    settings.MEDIA_ROOT = str(root)
    settings.PRIVATE_MEDIA_ROOT = str(tmp_path / "private")
    monkeypatch.setenv("MEDIA_ROOT", str(root))
    monkeypatch.setenv("PRIVATE_MEDIA_ROOT", str(tmp_path / "private"))
    return root


SEARCH_RESULTS = re.compile(r'<ol class="govuk-list app-search-results".*?</ol>', re.DOTALL)


def without_the_question(url: str, text: str) -> str:
    """A search page repeats what was asked (in its title, heading and form): leave that out,
    but keep every word of the results themselves."""
    if route_of(url) != "search/":
        return text
    asked = parse_qs(urlsplit(url).query).get("q", [""])[0]
    if not asked:
        return text
    results = "\n".join(SEARCH_RESULTS.findall(text))
    rest = SEARCH_RESULTS.sub("", text)
    for form in {asked, escape(asked), quote(asked), quote_plus(asked)}:
        rest = re.sub(re.escape(form), "", rest, flags=re.IGNORECASE)
    return f"{results}\n{rest}"


def route_of(url: str) -> str:
    try:
        return resolve(urlsplit(url).path).route
    except Resolver404:
        return "(no route)"


class Crawl:
    """An anonymous visitor reading the site: explicit addresses, and the links found in pages,
    feeds, XML and JSON (to this site only, not into signed-in pages)."""

    def __init__(self) -> None:
        self.client = Client()
        self.hosts = {"testserver", urlsplit(settings.SITE_URL).netloc}
        self.texts: dict[str, str] = {}
        self.statuses: dict[str, int] = {}
        self.per_route: Counter[str] = Counter()
        self.queue: deque[tuple[str, bool]] = deque()

    def ask(self, *urls: str) -> None:
        self.queue.extend((url, True) for url in urls)

    def _follow(self, href: str, base: str) -> None:
        parts = urlsplit(urljoin(base, href.replace("&amp;", "&")))
        if parts.scheme not in ("", "http", "https") or parts.netloc not in ("", *self.hosts):
            return
        local = parts.path + (f"?{parts.query}" if parts.query else "")
        if not local.startswith("/") or local.startswith((*SIGNED_IN_PREFIXES, *NOT_PAGES)):
            return
        if local in self.texts:
            return
        self.queue.append((local, False))

    def run(self) -> None:
        while self.queue and len(self.texts) < LIMIT:
            url, asked = self.queue.popleft()
            if url in self.texts:
                continue
            route = route_of(url)
            if not asked:
                if self.per_route[route] >= PER_ROUTE:
                    continue
                self.per_route[route] += 1
            self.record(url, self.client.get(url))

    def record(self, url: str, response) -> None:
        text = response_text(response)
        self.texts[url] = without_the_question(url, text)
        self.statuses[url] = response.status_code
        if response.status_code in (301, 302):
            self._follow(response["Location"], url)
            return
        content_type = response.get("Content-Type", "")
        if "pdf" in content_type:
            return
        for href in LINK.findall(text):
            self._follow(href, url)
        for href in ABSOLUTE.findall(text):
            self._follow(href.rstrip(".,;"), url)


def every_public_address(world) -> list[str]:
    """The public addresses of every object in the database, whether the public may see it or
    not (the answer must then be a 404, or a page without it)."""
    from elections.models import Ward
    from meetings.models import AgendaPack, Appendix, Committee, Decision, Meeting, Report
    from members.models import Councillor, InterestDeclaration

    today = timezone.localdate()
    window = urlencode(
        {
            "sFromDate": f"{today - timedelta(days=60):%d/%m/%Y}",
            "sToDate": f"{today + timedelta(days=60):%d/%m/%Y}",
        }
    )
    mg = "/mgWebService.asmx"
    urls = [
        "/",
        "/sitemap.xml",
        "/api/v1/",
        "/meetings.ics",
        "/feeds/documents.rss",
        "/feeds/documents.atom",
        "/feeds/decisions.rss",
        "/feeds/decisions.atom",
        "/councillors/?status=former",
        "/mgMemberIndex.aspx",
        "/mgCalendarMonthView.aspx",
        f"/mgDelegatedDecisions.aspx?DR={today - timedelta(days=60):%d/%m/%Y}-{today:%d/%m/%Y}",
        f"{mg}?WSDL",
        f"{mg}/GetCommittees",
        f"{mg}/GetCouncillorsByWard",
        f"{mg}/GetAllMeetingsByDate?lCommitteeId=-1&{window}",
    ]
    for person in Councillor._base_manager.all():
        urls += [
            f"/councillors/{person.slug}/",
            f"/members/{person.slug}/interests/",
            f"/members/{person.slug}/interests.json",
            f"/members/{person.slug}/gifts/",
            f"/mgUserInfo.aspx?UID={person.pk}",
            f"/mgRofI.aspx?UID={person.pk}",
            f"/api/v1/popolo/persons/{person.pk}",
            f"/api/v1/popolo/persons/{person.pk}/interests",
            f"/api/v1/popolo/memberships?person_id={person.pk}",
        ]
    for declaration in InterestDeclaration._base_manager.select_related("councillor"):
        version = declaration.version or 1 + max(
            InterestDeclaration._base_manager.filter(
                councillor=declaration.councillor, version__isnull=False
            ).values_list("version", flat=True),
            default=0,
        )
        urls.append(f"/members/{declaration.councillor.slug}/interests/{version}/")
    for committee in Committee._base_manager.all():
        urls += [
            f"/committees/{committee.slug}/",
            f"/committees/{committee.slug}/meetings.ics",
            f"/committees/{committee.slug}/feed.rss",
            f"/committees/{committee.slug}/feed.atom",
            f"/api/v1/committees/{committee.pk}",
            f"/mgCommitteeDetails.aspx?ID={committee.pk}",
            f"{mg}/GetMeetings?lCommitteeId={committee.pk}&{window}",
        ]
    for meeting in Meeting._base_manager.all():
        urls += [
            f"/meetings/{meeting.pk}/",
            f"/api/v1/meetings/{meeting.pk}",
            f"{mg}/GetMeeting?lMeetingId={meeting.pk}",
            f"/meetings/{meeting.pk}/packs/public.pdf",
            f"/meetings/{meeting.pk}/packs/full.pdf",
            f"/meetings/{meeting.pk}/minutes.pdf",
            f"/officers/meetings/{meeting.pk}/packs/public/",
            f"/officers/meetings/{meeting.pk}/minutes/public.pdf",
            f"/ieListDocuments.aspx?CId={meeting.committee_id}&MId={meeting.pk}",
            *attachment_addresses(meeting.pk * 10 + 4),
        ]
    for report in Report._base_manager.all():
        urls += [f"/papers/reports/{report.pk}/", f"/papers/reports/{report.pk}.pdf"]
        urls += attachment_addresses(report.pk * 10 + 1)
    for appendix in Appendix._base_manager.all():
        urls.append(f"/papers/appendices/{appendix.pk}.pdf")
        urls += attachment_addresses(appendix.pk * 10 + 2)
    for pack in AgendaPack._base_manager.all():
        urls += attachment_addresses(pack.pk * 10 + 3)
    for decision in Decision._base_manager.all():
        urls += [
            f"/decisions/{decision.pk}/",
            f"/api/v1/decisions/{decision.pk}",
            f"/ieDecisionDetails.aspx?ID={decision.pk}",
        ]
    for ward in Ward._base_manager.all():
        urls.append(f"{mg}/GetCouncillorsByWardId?lWardId={ward.pk}")
    return urls


def attachment_addresses(attachment_id: int) -> list[str]:
    """A document by its Modern.Gov attachment id (the document's id and a digit for its kind:
    report 1, appendix 2, pack 3, minutes 4)."""
    return [
        f"/mgWebService.asmx/GetAttachment?lAttachmentId={attachment_id}",
        f"/mgConvert2PDF.aspx?ID={attachment_id}",
    ]


def matrix_addresses(world) -> list[str]:
    context = url_context(world)
    return [case.url.format(**context) for cases in MATRIX.values() for case in cases]


def publicly_readable_routes() -> set[str]:
    """Routes at which the permission matrix gives an anonymous visitor a 200."""
    return {
        route
        for route, cases in MATRIX.items()
        if any(case.expected["anonymous"] == 200 for case in cases)
    }


def api_addresses(client: Client) -> list[str]:
    """The open data API, followed from its OpenAPI description: every list (all of it on one
    page), and every item of every list at its own address and its sub-resources."""
    spec = json.loads(client.get("/api/v1/openapi.json").content)
    lists = [path for path in spec["paths"] if "{" not in path]
    urls = [f"{path}?page_size=500" for path in lists] + lists
    for path in spec["paths"]:
        if "{" not in path:
            continue
        base, _, rest = path.partition("/{")
        rest = rest.partition("}")[2]
        listing = json.loads(client.get(f"{base}?page_size=500").content)
        items = listing["items"] if isinstance(listing, dict) else listing
        # Popolo ids are paths ("person/7"): the address takes the number.
        ids = [str(item["id"]).rsplit("/", 1)[-1] for item in items if "id" in item]
        urls += [f"{base}/{id_}{rest}" for id_ in ids]
    return urls


def soap_get_meeting(client: Client, meeting_pk: int):
    envelope = (
        '<?xml version="1.0" encoding="utf-8"?><soap:Envelope '
        'xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body>'
        f'<GetMeeting xmlns="http://moderngov.co.uk/namespaces"><lMeetingId>{meeting_pk}'
        "</lMeetingId></GetMeeting></soap:Body></soap:Envelope>"
    )
    return client.post("/mgWebService.asmx", data=envelope, content_type="text/xml")


def published_files(media_root: Path) -> dict[str, str]:
    """What the web server publishes: every file under ``MEDIA_ROOT`` (served at ``/media/``
    in production, by the web server, with no view to check who asks), as text: a PDF's text and
    metadata, anything else its bytes. Private files (packs, uploaded papers, receipts, appeal
    evidence) are kept apart, under ``PRIVATE_MEDIA_ROOT``."""
    from pypdf import PdfReader

    texts = {}
    for path in sorted(p for p in media_root.rglob("*") if p.is_file()):
        body = path.read_bytes()
        if body.startswith(b"%PDF"):
            reader = PdfReader(io.BytesIO(body))
            meta = " ".join(str(v) for v in (reader.metadata or {}).values())
            text = meta + "\n".join(page.extract_text() or "" for page in reader.pages)
        else:
            text = body.decode("utf-8", errors="replace")
        texts[f"/media/{path.relative_to(media_root)}"] = text
    return texts


def signed_in(world, persona: str) -> Client:
    client = Client()
    client.force_login(world.users[persona])
    return client


def test_no_planted_secret_reaches_the_public(shared_media, celery_worker_process):
    from meetings.models import Meeting

    cache.clear()
    world = build_world()
    assert len(world.plants) >= 30
    # The real worker builds the packs publishing requested, and the search index.
    built = celery_worker_process.send("meetings.tasks.build_pending_packs", 0)
    assert built.get(timeout=600) >= 1, celery_worker_process.log()
    indexed = celery_worker_process.send("meetings.tasks.search_reindex")
    assert indexed.get(timeout=600) > 0, celery_worker_process.log()

    # Every planted string is in the system: someone entitled to it sees it.
    unseen = []
    for plant in world.plants:
        response = signed_in(world, plant.seen_by).get(plant.seen_at)
        if (
            response.status_code != 200
            or plant.secret.casefold() not in response_text(response).casefold()
        ):
            unseen.append((plant.what, plant.seen_by, plant.seen_at, response.status_code))
    assert unseen == [], (
        "entitled users do not see these plants, so the crawl would prove nothing:\n"
        + ("\n".join(map(str, unseen)))
    )

    # Signed-in users read the public pages first, with the cache on: nothing cached for them
    # may be served to anyone else.
    public = [url for url in matrix_addresses(world) if route_of(url) in publicly_readable_routes()]
    for persona in ["officer", "committee_councillor"]:
        client = signed_in(world, persona)
        for url in public:
            client.get(url)

    crawl = Crawl()
    crawl.ask(*every_public_address(world), *matrix_addresses(world))
    crawl.ask(*api_addresses(crawl.client))
    for plant in world.plants:
        crawl.ask(*[f"/search/?{urlencode({'q': q})}" for q in [plant.secret, *plant.search]])
    crawl.ask("/search/?q=planning", "/search/?q=report", "/search/?q=committee")
    crawl.run()
    for meeting in Meeting._base_manager.all():
        crawl.record(f"SOAP GetMeeting {meeting.pk}", soap_get_meeting(crawl.client, meeting.pk))

    # The crawl read what it should have: every route the public may read, the home page's
    # links to the meeting, its public pack and the co-opted member's profile and register.
    read = {route_of(url) for url, status in crawl.statuses.items() if status == 200}
    assert publicly_readable_routes() - read == set()
    meeting_page = world.held_meeting.get_absolute_url()
    assert crawl.statuses[meeting_page] == 200
    assert "Coral Coopersmith" in crawl.texts[meeting_page]
    assert "Not for publication by virtue of paragraph 3" in crawl.texts[meeting_page]
    assert "Local plan review" in crawl.texts[f"/meetings/{world.held_meeting.pk}/packs/public.pdf"]
    assert f"/councillors/{world.coral.slug}/" in crawl.texts
    assert 400 < len(crawl.texts) < LIMIT, "the crawl read too little, or stopped at its limit"

    # The files the web server publishes as they are, as well as what the site serves.
    published = published_files(shared_media)
    assert set(published).isdisjoint(crawl.texts)
    leaks = sorted(
        {
            (plant.what, url)
            for url, text in {**crawl.texts, **published}.items()
            for plant in world.plants
            if plant.secret.casefold() in text.casefold()
        }
    )
    assert leaks == [], "\n".join(f"{what}: {url}" for what, url in leaks)
