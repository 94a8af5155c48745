"""How agenda items are numbered: 1, 2, 3… at the top level, and 2a, 2b… for the sub-items of
item 2. Pure: it reads ``pk``, ``parent_id`` and ``position`` of items already loaded."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol


class Numberable(Protocol):
    pk: int
    parent_id: int | None
    position: int


def numbered[Item: Numberable](items: Sequence[Item]) -> list[tuple[str, Item]]:
    """("1", item), ("2", item), ("2a", sub-item)… for items already ordered by position."""
    labels: list[tuple[str, Item]] = []
    numbers: dict[int, str] = {}
    letters: dict[int, int] = {}
    top_number = 0
    for item in sorted(items, key=lambda i: (i.parent_id is not None, i.position)):
        if item.parent_id is None:
            top_number += 1
            numbers[item.pk] = str(top_number)
    for item in sorted(
        items,
        key=lambda i: (
            int(numbers.get(i.parent_id or i.pk, "0")),
            i.parent_id is not None,
            i.position,
        ),
    ):
        if item.parent_id is None:
            labels.append((numbers[item.pk], item))
        else:
            letters[item.parent_id] = letters.get(item.parent_id, 0) + 1
            labels.append((f"{numbers[item.parent_id]}{chr(96 + letters[item.parent_id])}", item))
    return labels
