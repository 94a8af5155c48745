"""A report's HTML: sanitised with its own images allowed, put together from its sections, and
a Word document's HTML shared out among the sections.

Reports keep the structural HTML of ``democracy.richtext`` and add images, but only the report's
own (``<img src="/officers/report-images/<pk>/" alt="…">``, served with the report's permission
checks): any other image, and any attribute but ``src`` and ``alt``, is removed.
"""

from __future__ import annotations

import base64
import re
from collections.abc import Iterable
from html import escape, unescape

import nh3
from django.urls import reverse
from django.utils.html import strip_tags

from democracy.richtext import ALLOWED_ATTRIBUTES, ALLOWED_TAGS

IMAGE_PATH = re.compile(r"^/officers/report-images/(\d+)/$")
IMG_TAG = re.compile(r"<img\b[^>]*>")
SRC = re.compile(r'\bsrc="([^"]*)"')
ALT = re.compile(r'\balt="([^"]*)"')


def image_url(pk: int) -> str:
    return reverse("meetings:report-image", args=[pk])


def sanitise_report(html: str, image_ids: Iterable[int] = ()) -> str:
    """Sanitise ``html`` keeping images whose id is in ``image_ids`` (the report's own)."""
    allowed = {int(pk) for pk in image_ids}

    def keep(tag: str, attribute: str, value: str) -> str | None:
        if tag == "img" and attribute == "src":
            match = IMAGE_PATH.match(value)
            return value if match and int(match.group(1)) in allowed else None
        return value

    cleaned = nh3.clean(
        html or "",
        tags=ALLOWED_TAGS | {"img"},
        attributes={**ALLOWED_ATTRIBUTES, "img": {"src", "alt"}},
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
        strip_comments=True,
        attribute_filter=keep,
    )
    # An image whose source was not the report's own is dropped entirely.
    return IMG_TAG.sub(lambda m: m.group(0) if SRC.search(m.group(0)) else "", cleaned).strip()


def set_alt(html: str, pk: int, alt: str) -> str:
    """``html`` with the alt text of image ``pk`` set to ``alt``."""
    url = image_url(pk)

    def replace(match: re.Match) -> str:
        src = SRC.search(match.group(0))
        if not src or unescape(src.group(1)) != url:
            return match.group(0)
        return f'<img src="{escape(url)}" alt="{escape(alt)}">'

    return IMG_TAG.sub(replace, html or "")


def compose(sections: Iterable[tuple[str, str]]) -> str:
    """The report's body from its sections (heading, sanitised text): each written section under
    its heading as a level 2 heading; empty sections are left out."""
    parts = []
    for heading, body in sections:
        if strip_tags(body or "").strip() or "<img" in (body or ""):
            parts.append(f"<h2>{escape(heading)}</h2>{body}")
    return "".join(parts)


def _norm(text: str) -> str:
    return " ".join(unescape(strip_tags(text)).lower().replace("&", "and").split()).strip(" :.")


H2 = re.compile(r"<h2>(.*?)</h2>", re.S)


def share_out(html: str, headings: list[str]) -> list[str]:
    """Share a document's HTML out among sections with ``headings``: the text under a level 2
    heading that names a section (its words, case and punctuation aside) goes to that section;
    anything before the first such heading goes to the first section; a level 2 heading that
    names no section stays, with its text, in the section before it."""
    bodies = [""] * len(headings)
    wanted = {_norm(h): n for n, h in enumerate(headings)}
    current, last = 0, 0
    for match in H2.finditer(html):
        bodies[current] += html[last : match.start()]
        target = wanted.get(_norm(match.group(1)))
        if target is None:
            bodies[current] += match.group(0)
        else:
            current = target
        last = match.end()
    bodies[current] += html[last:]
    return [body.strip() for body in bodies]


def inline_images(html: str, images: dict[int, tuple[str, bytes]]) -> str:
    """``html`` for the PDF: each of the report's images as a data URI (``images``: id to
    content type and bytes), so the renderer fetches nothing."""

    def replace(match: re.Match) -> str:
        tag = match.group(0)
        src = SRC.search(tag)
        found = IMAGE_PATH.match(unescape(src.group(1))) if src else None
        if not found or int(found.group(1)) not in images:
            return ""
        content_type, data = images[int(found.group(1))]
        alt = ALT.search(tag)
        uri = f"data:{content_type};base64,{base64.b64encode(data).decode()}"
        return f'<img src="{uri}" alt="{alt.group(1) if alt else ""}">'

    return IMG_TAG.sub(replace, html or "")


def _own_images(report) -> list:
    from meetings.models import ReportImage

    if "<img" not in (report.body_html or ""):
        return []  # no query for the many reports without images
    return list(ReportImage.all_objects.filter(report=report))


def body_for(report) -> str:
    """The report's text for a page: sanitised again, with its own images."""
    return sanitise_report(report.body_html, [image.pk for image in _own_images(report)])


def body_for_pdf(report) -> str:
    """The report's text for a PDF: sanitised again, its images inlined from their files."""
    images = {}
    for image in _own_images(report):
        with image.file.open("rb") as handle:
            images[image.pk] = (image.content_type, handle.read())
    return inline_images(sanitise_report(report.body_html, images), images)


def label_missing_alt(html: str) -> str:
    """``html`` for the author's preview: an image still without alt text is labelled "Image N
    (alt text needed)", so the preview itself is accessible while the check asks for it."""
    count = 0

    def replace(match: re.Match) -> str:
        nonlocal count
        count += 1
        tag = match.group(0)
        alt = ALT.search(tag)
        if alt and alt.group(1).strip():
            return tag
        src = SRC.search(tag)
        return f'<img src="{src.group(1) if src else ""}" alt="Image {count} (alt text needed)">'

    return IMG_TAG.sub(replace, html or "")
