"""Rich text written in the browser (reports, minutes, decisions), made safe with nh3.

Only structural HTML survives: headings, paragraphs, lists, tables, emphasis and links. Scripts,
styles, event handlers, iframes and images are removed, so the text can be shown on public pages
and rendered into PDFs without risk.
"""

from __future__ import annotations

from html import unescape

import nh3
from django.utils.html import strip_tags

ALLOWED_TAGS = {
    "p", "br", "h2", "h3", "h4", "strong", "em", "b", "i", "u", "s", "sub", "sup",
    "ul", "ol", "li", "blockquote", "a", "abbr",
    "table", "caption", "thead", "tbody", "tfoot", "tr", "th", "td",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "th": {"scope", "colspan", "rowspan"},
    "td": {"colspan", "rowspan"},
    "ol": {"start", "type"},
}


def sanitise(html: str) -> str:
    """Keep the safe structure of ``html``; links get ``rel="noopener noreferrer"``."""
    return nh3.clean(
        html or "",
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
        strip_comments=True,
    ).strip()


def words_of(html: str) -> str:
    """The words of (sanitised) HTML on one line, with a space where each tag was, so headings,
    paragraphs and table cells do not run together ("£10,000</td><td>Road" stays two words).
    For matching and search indexing, never for display."""
    return " ".join(unescape(strip_tags((html or "").replace("<", " <"))).split())
