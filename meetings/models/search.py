"""The public search index: one row per thing anyone may find (an agenda item, a report, an
appendix, a minute, a decision), holding only text that was public when it was indexed.

Indexing reads the sources through their ``public()`` QuerySets, and ``SearchEntry.public()``
checks every row against those QuerySets again when searching, so a document restricted after it
was indexed drops out at once, before the index is refreshed. There is no plain ``objects``.
"""

from __future__ import annotations

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from meetings.models.agenda import AgendaItem, Appendix, Report, item_private, marked
from meetings.models.decisions import Decision
from meetings.models.minutes import MinutesEntry

__all__ = ["SearchEntry"]


def _source_public(sources: models.QuerySet) -> Q:
    """The row's source is among ``sources``: a correlated EXISTS on the source's primary key,
    so PostgreSQL checks only the rows the search matched (an ``IN (subquery)`` under OR became
    a hashed subplan that read every published agenda item on every query)."""
    return Q(Exists(sources.filter(pk=OuterRef("object_id"))))


class SearchEntryQuerySet(models.QuerySet):
    def public(self) -> SearchEntryQuerySet:
        """Rows whose source anyone may read now. An agenda item's row stands while its meeting's
        agenda is published; if the item is taken in private (``meetings.rules.privacy``: it,
        its report, its parent item or the parent's report is exempt or confidential) only its
        heading may be indexed (the public agenda lists it), and a row with text is refused.
        Each check is an EXISTS on the one source row, so its cost follows the rows matched,
        not the size of the sources."""
        items = AgendaItem.all_objects.filter(meeting__agenda_published_at__isnull=False)
        kind = SearchEntry.Kind
        return self.filter(
            (Q(kind=kind.ITEM) & _source_public(items) & (Q(body="") | ~item_private("object_id")))
            | (Q(kind=kind.REPORT) & _source_public(Report.all_objects.public()))
            | (Q(kind=kind.APPENDIX) & _source_public(Appendix.all_objects.public()))
            | (Q(kind=kind.MINUTE) & _source_public(MinutesEntry.all_objects.public()))
            | (
                Q(kind=kind.DECISION)
                & _source_public(Decision.all_objects.public().exclude(marked()))
            )
        )


class SearchEntry(models.Model):
    class Kind(models.TextChoices):
        ITEM = "item", "Agenda item"
        REPORT = "report", "Report"
        APPENDIX = "appendix", "Appendix"
        MINUTE = "minute", "Minutes"
        DECISION = "decision", "Decision"

    kind = models.CharField(max_length=10, choices=Kind.choices)
    object_id = models.PositiveBigIntegerField()
    meeting = models.ForeignKey(
        "meetings.Meeting", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    committee = models.ForeignKey(
        "meetings.Committee", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    date = models.DateField()
    title = models.CharField(max_length=400)
    body = models.TextField(blank=True)
    vector = SearchVectorField(null=True)
    indexed_at = models.DateTimeField(default=timezone.now)

    all_objects = SearchEntryQuerySet.as_manager()

    class Meta:
        default_manager_name = "all_objects"
        base_manager_name = "all_objects"
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id"], name="search_entry_once"),
        ]
        indexes = [
            GinIndex(fields=["vector"], name="search_entry_vector"),
            models.Index(fields=["date"], name="search_entry_date"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.title}"
