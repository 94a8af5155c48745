"""Political balance: reviews of the allocation of seats to political groups (LGHA 1989 s15;
SI 1990/1553 reg 17) and variations the council agreed with no member voting against (s17).

Both are public records of council decisions: there is nothing private here.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from democracy.text_limits import LONG, SHORT, LimitedTextField

__all__ = ["BalanceReview", "BalanceVariation"]


class BalanceReview(models.Model):
    """A review of the allocation of seats to political groups, with what it found.

    LGHA 1989 s15(1): at or as soon as practicable after the annual meeting; SI 1990/1553 reg
    17: when a group is constituted or its membership changes (notice under reg 8 or 9), or a
    member asks for one. ``snapshot`` keeps the position as computed, so a later change of data
    does not rewrite what the review saw; ``tie_decisions`` keeps the officer's choices on exact
    halves (``Tie.key`` to the contenders given the higher number of seats).
    """

    class Reason(models.TextChoices):
        ANNUAL_MEETING = "annual_meeting", "Annual meeting (s15(1))"
        GROUP_CHANGE = "group_change", "Change of group membership (reg 17)"
        COUNCIL_MEMBERSHIP = "council_membership", "Change in the council's membership"
        MEMBER_REQUEST = "member_request", "Requested by a member or group (reg 17)"
        COMMITTEES_CHANGED = "committees_changed", "Committees or their sizes changed"
        OTHER = "other", "Other"

    reviewed_on = models.DateField(help_text="The date the position was reviewed as at.")
    reason = models.CharField(max_length=30, choices=Reason.choices)
    note = LimitedTextField(max_length=SHORT, blank=True)
    snapshot = models.JSONField(help_text="The computed position the review saw.")
    tie_decisions = models.JSONField(default=dict, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="balance_reviews",
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-reviewed_on", "-recorded_at"]
        get_latest_by = ["reviewed_on", "recorded_at"]

    def __str__(self) -> str:
        return f"Political balance review of {self.reviewed_on:%-d %B %Y}"


class BalanceVariationQuerySet(models.QuerySet):
    def in_force(self, on: date) -> BalanceVariationQuerySet:
        return self.filter(Q(resolved_on__lte=on) & (Q(ends_on__isnull=True) | Q(ends_on__gt=on)))


class BalanceVariation(models.Model):
    """Arrangements for seats on one or more bodies that depart from s15, adopted under LGHA 1989
    s17(1): lawful only if the decision is taken with notice and **no member votes against**.

    ``allocation`` is the agreed number of seats on each body, as ``{committee id: {participant:
    seats}}`` where a participant is ``"group:<id>"`` or ``"non_aligned"``. The bodies it covers
    are taken out of the s15 calculation while it is in force.
    """

    committees = models.ManyToManyField(
        "meetings.Committee", related_name="balance_variations", help_text="The bodies affected."
    )
    resolved_on = models.DateField(help_text="The date of the meeting that resolved it.")
    meeting = models.ForeignKey(
        "meetings.Meeting",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="balance_variations",
    )
    minute_reference = models.CharField(max_length=100, blank=True)
    description = LimitedTextField(max_length=LONG)
    allocation = models.JSONField()
    votes_against = models.PositiveSmallIntegerField(
        help_text="LGHA 1989 s17(1): must be none; a single vote against defeats a variation."
    )
    ends_on = models.DateField(
        null=True, blank=True, help_text="The first day it no longer applies, if it has ended."
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="balance_variations",
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    objects = BalanceVariationQuerySet.as_manager()

    class Meta:
        ordering = ["-resolved_on", "-recorded_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(votes_against=0), name="balance_variation_no_votes_against"
            ),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gt=models.F("resolved_on")),
                name="balance_variation_ends_after_resolution",
            ),
        ]

    def __str__(self) -> str:
        return f"Variation under s17 resolved on {self.resolved_on:%-d %B %Y}"
