"""Dated periods stored as ``start_date`` (first day) and ``end_date`` (first day after; empty
while the period continues): terms of office, group and committee memberships.

Half-open periods chain without gaps or overlaps: a term that ends when the next begins has
``end_date`` equal to the next ``start_date``. PostgreSQL enforces "no overlap" with an exclusion
constraint over ``daterange(start_date, end_date, '[)')``.
"""

from __future__ import annotations

from datetime import date

from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.fields import RangeOperators
from django.core.exceptions import ValidationError
from django.db.models import F, Func, Q, Value


class PeriodMixin:
    """``clean()`` for models with ``start_date``/``end_date``: a period that ends on or before
    its start is reported on ``end_date`` (and the database's range checks are then skipped,
    since PostgreSQL cannot even build such a range)."""

    def is_in_force_on(self, on: date) -> bool:
        """The period covers ``on`` (``in_force_on`` for a row already loaded)."""
        return self.start_date <= on and (self.end_date is None or on < self.end_date)

    def clean(self) -> None:
        super().clean()
        if self.end_date is not None and self.start_date and self.end_date <= self.start_date:
            raise ValidationError(
                {
                    "end_date": f"The end date must be after the start date ({self.start_date:%-d %B %Y})."
                }
            )


def date_range(start: str = "start_date", end: str = "end_date") -> Func:
    """``daterange(start, end, '[)')``: an empty end means the period has not ended."""
    return Func(F(start), F(end), Value("[)"), function="daterange")


def in_force_on(on: date, prefix: str = "") -> Q:
    """The period covers ``on``. ``prefix`` reaches through a relation, e.g. ``"terms__"``."""
    return Q(**{f"{prefix}start_date__lte": on}) & (
        Q(**{f"{prefix}end_date__isnull": True}) | Q(**{f"{prefix}end_date__gt": on})
    )


def ends_after_start() -> Q:
    return Q(end_date__isnull=True) | Q(end_date__gt=F("start_date"))


def _singleton(field: str) -> Func:
    """``int8range(x, x, '[]')``: two such ranges overlap exactly when the values are equal.

    This lets a plain GiST index compare ids without the btree_gist extension, which the
    embedded PostgreSQL used by ``make run`` does not ship."""
    return Func(F(field), F(field), Value("[]"), function="int8range")


def no_overlap(name: str, *same: str, message: str) -> ExclusionConstraint:
    """No two rows with equal ``same`` fields (all set) have overlapping periods."""
    return ExclusionConstraint(
        name=name,
        expressions=[
            *((_singleton(field), RangeOperators.OVERLAPS) for field in same),
            (date_range(), RangeOperators.OVERLAPS),
        ],
        condition=Q(**{f"{field}__isnull": False for field in same}),
        violation_error_message=message,
    )
