"""School-day calendars: the terms an admission authority publishes and its closure days.

Appeal deadlines are counted in school days (School Admission Appeals Code 2022; SI 2012/1033),
so each calendar is data: its terms and the days the school is closed within them.
"""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q

from democracy import calendars
from democracy.statutory import Nation


class SchoolCalendar(models.Model):
    """Term dates published by the local authority (or an academy trust that sets its own)."""

    name = models.CharField(max_length=150, unique=True)
    slug = models.SlugField(max_length=150, unique=True)
    nation = models.CharField(max_length=10, choices=[(n.value, n.name.title()) for n in Nation])

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def as_calendar(self) -> calendars.SchoolDayCalendar:
        """The pure calendar the statutory rules count with."""
        return calendars.school_calendar(
            [(t.first_day, t.last_day) for t in self.terms.all()],
            closures=frozenset(self.closures.values_list("date", flat=True)),
            nation=Nation(self.nation),
        )


class SchoolTerm(models.Model):
    """A run of school days: a half term, from its first day to its last (both inclusive)."""

    calendar = models.ForeignKey(SchoolCalendar, on_delete=models.CASCADE, related_name="terms")
    name = models.CharField(max_length=60, help_text="For example Autumn 1.")
    first_day = models.DateField()
    last_day = models.DateField()

    class Meta:
        ordering = ["first_day"]
        constraints = [
            models.CheckConstraint(
                condition=Q(last_day__gte=F("first_day")), name="school_term_last_after_first"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.first_day:%-d %B %Y} to {self.last_day:%-d %B %Y})"


class SchoolClosure(models.Model):
    """A day inside a term when pupils are not in school: an INSET day, an election day."""

    calendar = models.ForeignKey(SchoolCalendar, on_delete=models.CASCADE, related_name="closures")
    date = models.DateField()
    reason = models.CharField(max_length=100)

    class Meta:
        ordering = ["date"]
        constraints = [
            models.UniqueConstraint(fields=["calendar", "date"], name="school_closure_unique_day")
        ]

    def __str__(self) -> str:
        return f"{self.date:%-d %B %Y}: {self.reason}"
