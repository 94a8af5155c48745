"""The accessibility check a report passes before it is sent for sign-off.

Reports are published on the council's website and in its PDF packs, so they must meet WCAG 2.2
AA (the Public Sector Bodies (Websites and Mobile Applications) (No. 2) Accessibility
Regulations 2018, reg 4). The check covers what authors most often get wrong in a Word
document: headings in order with no level skipped (WCAG 1.3.1, 2.4.6), a text alternative for
every image (1.1.1) and a header row for every table (1.3.1).

Pure: takes the report's (sanitised) HTML, returns what to fix, in the order it appears.
"""

from __future__ import annotations

from html.parser import HTMLParser

# The report's title is the page's h1; its sections and their headings start at h2.
FIRST_LEVEL = 2


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self.level = FIRST_LEVEL - 1
        self.heading: tuple[int, list[str]] | None = None
        self.images = 0
        self.tables = 0
        # Per open table: [number, rows seen, first row has a header cell, text seen]
        self.table_stack: list[list] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if len(tag) == 2 and tag[0] == "h" and tag[1].isdigit():
            self.heading = (int(tag[1]), [])
        elif tag == "img":
            self.images += 1
            alt = (dict(attrs).get("alt") or "").strip()
            if not alt:
                self.problems.append(
                    f"Image {self.images} has no alt text: describe what it shows."
                )
        elif tag == "table":
            self.tables += 1
            self.table_stack.append([self.tables, 0, False, []])
        elif tag == "tr" and self.table_stack:
            self.table_stack[-1][1] += 1
        elif tag == "th" and self.table_stack and self.table_stack[-1][1] <= 1:
            self.table_stack[-1][2] = True

    def handle_endtag(self, tag: str) -> None:
        if self.heading and tag == f"h{self.heading[0]}":
            level, words = self.heading
            text = " ".join(" ".join(words).split()) or "(empty)"
            if level > self.level + 1:
                expected = self.level + 1
                self.problems.append(
                    f"The heading “{text}” skips a level: it is a level {level} heading after "
                    f"a level {self.level} heading. Make it a level {expected} heading."
                )
            self.level = level
            self.heading = None
        elif tag == "table" and self.table_stack:
            number, _rows, has_header, words = self.table_stack.pop()
            if not has_header:
                start = " ".join(" ".join(words).split()[:4])
                about = f" (starting “{start}”)" if start else ""
                self.problems.append(
                    f"Table {number}{about} has no header row: mark its first row as a header row."
                )

    def handle_data(self, data: str) -> None:
        if self.heading is not None:
            self.heading[1].append(data)
        if self.table_stack:
            self.table_stack[-1][3].append(data)


def problems(html: str) -> list[str]:
    """What must be fixed before the report can be sent for sign-off (empty: nothing)."""
    reader = _Reader()
    reader.feed(html or "")
    reader.close()
    return reader.problems
