"""Is an agenda item taken in private? The one answer, used by every page, pack, set of minutes,
feed, API, web service, sitemap and search index (through ``AgendaItemQuerySet.with_privacy``,
which applies this same rule in SQL, and ``meetings.public``).

LGA 1972 s100A(2) and (4): the public must be excluded while confidential information would be
disclosed, and may be excluded by resolution while exempt information (Schedule 12A) would be.
An item is therefore taken in private when it, or the report before the meeting for it, is
marked exempt or confidential; and a sub-item is discussed under its item, so a sub-item of an
item taken in private is taken in private too. A report is marked even once withdrawn: what it
contained stays exempt.

Of a private item the public may see its number, its title and the "Not for publication" notice
naming the grounds (s100B(5)); never its description, its papers or its minute. An item is not
made private by a private sub-item: it comes after the exclusion resolution on the agenda
(``meetings.services.agenda.arrange``) but what it says of itself is public.

Pure: the markings are anything with ``exempt_paragraphs`` and ``confidential`` (the models, or
plain values in tests); nothing here reads the database.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Protocol


class Marking(Protocol):
    exempt_paragraphs: Sequence[int]
    confidential: bool


def is_marked(marking: Marking | None) -> bool:
    """The item, report or appendix is marked exempt (any paragraph of Schedule 12A) or
    confidential (s100A(3))."""
    return marking is not None and (bool(marking.confidential) or bool(marking.exempt_paragraphs))


def restricting_markings(
    item: Marking,
    *,
    report: Marking | None = None,
    parent: Marking | None = None,
    parent_report: Marking | None = None,
) -> list[Marking]:
    """The markings that make the item private, nearest first (none when it is taken in
    public)."""
    sources = [item, report]
    if parent is not None:
        sources += [parent, parent_report]
    return [s for s in sources if is_marked(s)]


def item_is_private(
    item: Marking,
    *,
    report: Marking | None = None,
    parent: Marking | None = None,
    parent_report: Marking | None = None,
) -> bool:
    """Taken in private: the item or its report is marked, or (for a sub-item) its parent item
    or the parent's report is."""
    return bool(
        restricting_markings(item, report=report, parent=parent, parent_report=parent_report)
    )


@dataclass(frozen=True)
class Restriction:
    """The grounds on which an item is taken in private: the paragraphs of Schedule 12A, and
    whether the information is confidential."""

    exempt_paragraphs: list[int] = field(default_factory=list)
    confidential: bool = False

    @property
    def is_restricted(self) -> bool:
        return self.confidential or bool(self.exempt_paragraphs)


def item_restriction(
    item: Marking,
    *,
    report: Marking | None = None,
    parent: Marking | None = None,
    parent_report: Marking | None = None,
) -> Restriction:
    """Every ground that makes the item private, gathered from the same markings as
    ``item_is_private`` (empty when it is taken in public): what its notice, its minute and the
    exclusion resolution cite."""
    sources = restricting_markings(item, report=report, parent=parent, parent_report=parent_report)
    return Restriction(
        exempt_paragraphs=sorted({p for s in sources for p in s.exempt_paragraphs}),
        confidential=any(s.confidential for s in sources),
    )


class AgendaMarking(Marking, Protocol):
    pk: int
    parent_id: int | None


def agenda_privacy(
    items: Iterable[AgendaMarking], reports: Mapping[int, Marking]
) -> dict[int, Restriction]:
    """Each item of an agenda already loaded (with its reports by item id) mapped to its
    ``item_restriction``: ``.is_restricted`` says whether it is taken in private."""
    items = list(items)
    by_pk = {item.pk: item for item in items}
    answers = {}
    for item in items:
        parent = by_pk.get(item.parent_id) if item.parent_id else None
        answers[item.pk] = item_restriction(
            item,
            report=reports.get(item.pk),
            parent=parent,
            parent_report=reports.get(parent.pk) if parent is not None else None,
        )
    return answers


def private_business(
    items: Iterable[AgendaMarking], reports: Mapping[int, Marking]
) -> dict[int, list[Restriction]]:
    """The top-level items of an agenda that come after the resolution excluding the press and
    public (s100A(4)), each with the grounds it is taken on: an item goes there when it is taken
    in private or any of its sub-items is, and the resolution cites the grounds of them all."""
    items = list(items)
    restrictions = agenda_privacy(items, reports)
    grounds: dict[int, list[Restriction]] = {}
    for item in items:
        if restrictions[item.pk].is_restricted:
            grounds.setdefault(item.parent_id or item.pk, []).append(restrictions[item.pk])
    return grounds
