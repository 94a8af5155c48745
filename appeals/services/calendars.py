"""Writes to school calendars: validated, atomic, audited."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from itertools import pairwise

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify

from appeals.models import SchoolCalendar, SchoolClosure, SchoolTerm
from democracy.services import create_audited


@transaction.atomic
def school_calendar_create(
    *,
    name: str,
    nation: str,
    terms: Iterable[tuple[str, date, date]],
    closures: Iterable[tuple[date, str]] = (),
    by,
) -> SchoolCalendar:
    """Create a calendar from its half terms (name, first day, last day) and closure days.

    Terms must not overlap, and every closure day must fall inside a term.
    """
    calendar = create_audited(
        SchoolCalendar(name=name, slug=slugify(name), nation=nation),
        "appeals.school_calendar.create",
        by=by,
        fields=["name", "nation"],
    )
    ordered = sorted(terms, key=lambda term: term[1])
    for term_name, first_day, last_day in ordered:
        if last_day < first_day:
            raise ValidationError({"terms": f"{term_name} ends before it starts."})
    for previous, current in pairwise(ordered):
        if current[1] <= previous[2]:
            raise ValidationError({"terms": f"{current[0]} overlaps {previous[0]}."})
    for term_name, first_day, last_day in ordered:
        term = SchoolTerm(calendar=calendar, name=term_name, first_day=first_day, last_day=last_day)
        term.full_clean()
        term.save()
    for day, reason in closures:
        if not any(first <= day <= last for _, first, last in ordered):
            raise ValidationError({"closures": f"{day:%-d %B %Y} is not in any term."})
        closure = SchoolClosure(calendar=calendar, date=day, reason=reason)
        closure.full_clean()
        closure.save()
    return calendar


@transaction.atomic
def school_term_add(
    *, calendar: SchoolCalendar, name: str, first_day: date, last_day: date, by
) -> SchoolTerm:
    """Add a half term to a calendar; refused, naming the term, if it overlaps another."""
    if last_day < first_day:
        raise ValidationError({"last_day": "The last day must be on or after the first day"})
    overlapping = calendar.terms.filter(first_day__lte=last_day, last_day__gte=first_day).first()
    if overlapping:
        raise ValidationError({"first_day": f"{name or 'The term'} overlaps {overlapping}"})
    return create_audited(
        SchoolTerm(calendar=calendar, name=name, first_day=first_day, last_day=last_day),
        "appeals.school_term.add",
        by=by,
        fields=["calendar", "name", "first_day", "last_day"],
    )


@transaction.atomic
def school_closure_add(*, calendar: SchoolCalendar, day: date, reason: str, by) -> SchoolClosure:
    """Add a day the schools are closed inside a term (an INSET day, a polling day)."""
    if not calendar.terms.filter(first_day__lte=day, last_day__gte=day).exists():
        raise ValidationError(
            {"date": f"{day:%-d %B %Y} is not in any term of {calendar}: add the term first"}
        )
    if calendar.closures.filter(date=day).exists():
        raise ValidationError({"date": f"{day:%-d %B %Y} is already a closure day"})
    return create_audited(
        SchoolClosure(calendar=calendar, date=day, reason=reason),
        "appeals.school_closure.add",
        by=by,
        fields=["calendar", "date", "reason"],
    )
