"""Reading the public pages in the website tests: their text, the interests tables, the register
link a scraper follows, and the queries a page runs."""

from __future__ import annotations

from html.parser import HTMLParser

from django.db import connection
from django.test.utils import CaptureQueriesContext


def text_of(response) -> str:
    return response.content.decode()


def count_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200, url
    return len(queries)


class InterestsTables(HTMLParser):
    """Reads ``table.mgInterestsTable`` as Democracy Club's interests scraper does: for each
    table its caption, every ``th`` as a header, and each ``tr`` with ``td`` cells as a row
    mapped to the headers. Also collects every link (href, text) in document order."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: list[dict] = []
        self.links: list[tuple[str, str]] = []
        self._table = None
        self._cell: list[str] | None = None
        self._row: list[str] | None = None
        self._in_caption = False
        self._link: list | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "table" and "mgInterestsTable" in (attrs.get("class") or "").split():
            self._table = {"caption": "", "headers": [], "rows": []}
        elif self._table is not None and tag == "caption":
            self._in_caption = True
        elif self._table is not None and tag == "tr":
            self._row = []
        elif self._table is not None and tag in ("th", "td"):
            self._cell = [tag]
        if tag == "a":
            self._link = [attrs.get("href", ""), ""]

    def handle_endtag(self, tag):
        if tag == "table" and self._table is not None:
            self.tables.append(self._table)
            self._table = None
        elif tag == "caption":
            self._in_caption = False
        elif tag in ("th", "td") and self._cell is not None:
            kind, text = self._cell[0], " ".join("".join(self._cell[1:]).split())
            if kind == "th":
                self._table["headers"].append(text)
            else:
                self._row.append(text)
            self._cell = None
        elif tag == "tr" and self._row is not None:
            if self._row:
                headers = self._table["headers"]
                assert len(headers) == len(self._row), (headers, self._row)
                self._table["rows"].append(dict(zip(headers, self._row, strict=True)))
            self._row = None
        elif tag == "a" and self._link is not None:
            self.links.append((self._link[0], " ".join(self._link[1].split())))
            self._link = None

    def handle_data(self, data):
        if self._in_caption:
            self._table["caption"] += data.strip()
        if self._cell is not None:
            self._cell.append(data)
        if self._link is not None:
            self._link[1] += data


def parse(body: str) -> InterestsTables:
    parser = InterestsTables()
    parser.feed(body)
    return parser


def register_link(links: list[tuple[str, str]]) -> str | None:
    """The link Democracy Club's interests scraper follows from a councillor's page: the first
    whose text names the register or whose address is mgRofI.aspx or mgConvert2PDF.aspx."""
    for href, text in links:
        text, lowered = text.lower(), href.lower()
        if "declarations at meetings" in text or "mglistdeclarationsofinterest" in lowered:
            continue
        if (
            "register of interests" in text
            or "declarations of interest" in text
            or "register of member interests" in text
            or "mgrofi.aspx" in lowered
            or "mgconvert2pdf.aspx" in lowered
        ):
            return href
    return None
