"""How agenda items are numbered: 1, 2, 3… at the top level, and 2a, 2b… for the sub-items of
item 2. Pure: it reads ``pk``, ``parent_id``, ``position`` and ``added_late`` of items already
loaded.

Once an agenda is published its numbers are the ones the public, the press and members have in
their papers (LGA 1972 s100B(3)), so they never change. An item added afterwards (a late item,
s100B(4)(b), in a supplementary pack) never renumbers the published ones: after the last
published item it takes the next number; inserted before a published item it takes a
supplementary number after the published item it follows (4A, 4B…).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol


class Numberable(Protocol):
    pk: int
    parent_id: int | None
    position: int
    added_late: bool


def top_level_numbers(late: Sequence[bool]) -> list[str]:
    """The numbers of the top-level items in agenda order, given whether each was added late.

    Items published with the agenda are 1, 2, 3… counting only themselves, so adding a late item
    anywhere leaves them as they were; a late item followed by no published item takes the next
    number, and one followed by a published item the number of the published item before it with
    a capital letter (4A, 4B)."""
    labels: list[str] = []
    count = 0
    last_published = "0"
    supplementary = 0
    for index, is_late in enumerate(late):
        if is_late and not all(late[index + 1 :]):
            supplementary += 1
            labels.append(f"{last_published}{chr(64 + supplementary)}")
            continue
        count += 1
        labels.append(str(count))
        if not is_late:
            last_published, supplementary = str(count), 0
    return labels


def numbered[Item: Numberable](items: Sequence[Item]) -> list[tuple[str, Item]]:
    """("1", item), ("2", item), ("2a", sub-item)… for items already ordered by position."""
    top = sorted((i for i in items if i.parent_id is None), key=lambda i: (i.position, i.pk))
    numbers = dict(
        zip((i.pk for i in top), top_level_numbers([bool(i.added_late) for i in top]), strict=True)
    )
    labels: list[tuple[str, Item]] = []
    for parent in top:
        labels.append((numbers[parent.pk], parent))
        children = sorted(
            (i for i in items if i.parent_id == parent.pk), key=lambda i: (i.position, i.pk)
        )
        for letter, child in enumerate(children, 1):
            labels.append((f"{numbers[parent.pk]}{chr(96 + letter)}", child))
    return labels
