"""Results of the count (issue 13, point 5; DOMAIN.md C5), contest by contest.

Candidates are held here as the count knows them, by name and party description as on the
ballot paper. Where the contest has validly nominated candidates each result row is linked to
its nomination (``CandidateResult.candidate``), from which its name and description are taken;
a contest counted without nominations recorded here (a past election, imported) has names
alone.
A result is private while it is entered and checked (``all_objects``), public once declared
(``ContestResult.all_objects.declared()``, read only through ``elections.public``); an election's results
pages open when the returning officer puts them live (``ResultsLive``), showing each ward's
declaration status on the night.

No import of ``elections.models`` here (the parts of an app import without cycles): the
contest and election are named by label.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone

from elections.count_rules import REJECTION_HEADS, RejectedBallots


class ContestResultQuerySet(models.QuerySet):
    def declared(self) -> ContestResultQuerySet:
        return self.filter(status=ContestResult.Status.DECLARED)


class ContestResult(models.Model):
    """The count of one contest: verification, the ballot papers, the rejected papers under the
    statutory heads, and its declaration."""

    class Status(models.TextChoices):
        ENTERED = "entered", "Entered, not declared"
        DECLARED = "declared", "Declared"

    contest = models.OneToOneField(
        "elections.Contest", on_delete=models.CASCADE, related_name="result"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.ENTERED)
    electorate = models.PositiveIntegerField()
    ballot_papers_issued = models.PositiveIntegerField(
        help_text="From the ballot paper accounts (verification)."
    )
    ballot_papers_counted = models.PositiveIntegerField()
    valid_ballot_papers = models.PositiveIntegerField()
    rejected_want_of_official_mark = models.PositiveIntegerField(default=0)
    rejected_too_many_votes = models.PositiveIntegerField(default=0)
    rejected_identifies_voter = models.PositiveIntegerField(default=0)
    rejected_unmarked_or_uncertain = models.PositiveIntegerField(default=0)
    lot_record = models.CharField(
        "Record of the lot",
        max_length=500,
        blank=True,
        help_text="An equality of votes decided by lot (SI 2006/3304 Sch 2 r 49).",
    )
    entered_at = models.DateTimeField(default=timezone.now)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    declared_at = models.DateTimeField(null=True, blank=True)
    declared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    terms_confirmed_at = models.DateTimeField(null=True, blank=True)
    terms_confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )

    all_objects = ContestResultQuerySet.as_manager()  # electoral services and services

    class Meta:
        default_manager_name = "all_objects"
        base_manager_name = "all_objects"

    def __str__(self) -> str:
        return f"Result of {self.contest}"

    @property
    def is_declared(self) -> bool:
        return self.status == self.Status.DECLARED

    @property
    def rejected(self) -> RejectedBallots:
        return RejectedBallots(
            **{head: getattr(self, f"rejected_{head}") for head in REJECTION_HEADS}
        )


class CandidateResult(models.Model):
    """A candidate's votes in a contest, as named on the ballot paper, linked to the nomination
    when the contest's candidates were nominated here."""

    contest_result = models.ForeignKey(
        ContestResult, on_delete=models.CASCADE, related_name="candidates"
    )
    candidate = models.ForeignKey(
        "elections.Candidate",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="results",
        help_text="The validly nominated candidate these votes are for.",
    )
    first_names = models.CharField(max_length=100)
    surname = models.CharField(max_length=100)
    party = models.CharField(
        "Description", max_length=200, blank=True, help_text="Party, or Independent, or blank."
    )
    votes = models.PositiveIntegerField(validators=[MinValueValidator(0)])
    elected = models.BooleanField(default=False)
    elected_by_lot = models.BooleanField(default=False)

    all_objects = models.Manager()

    class Meta:
        default_manager_name = "all_objects"
        base_manager_name = "all_objects"
        ordering = ["-votes", "surname", "first_names"]
        constraints = [
            models.UniqueConstraint(
                fields=["contest_result", "first_names", "surname"],
                name="candidate_result_unique_name",
            ),
            models.UniqueConstraint(
                fields=["contest_result", "candidate"],
                name="candidate_result_unique_candidate",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return f"{self.first_names} {self.surname}"


class ResultsLive(models.Model):
    """An election's results pages are open to the public (live on the night) from
    ``published_at``: each contest shows whether it is declared, and the declared results."""

    election = models.OneToOneField(
        "elections.Election", on_delete=models.CASCADE, related_name="results_live"
    )
    published_at = models.DateTimeField(default=timezone.now)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    def __str__(self) -> str:
        return f"Results of {self.election_id} live"
