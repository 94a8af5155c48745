"""Committees and their membership.

The meetings issue adds meetings, agendas, reports, minutes, decisions, call-in and the forward
plan on top of these.
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Exists, F, OuterRef, Q
from django.utils import timezone

from democracy.text_limits import LONG, LimitedTextField
from democracy.validity import PeriodMixin, ends_after_start, in_force_on, no_overlap

__all__ = ["Committee", "CommitteeMembership"]


class CommitteeQuerySet(models.QuerySet):
    def active(self, on: date | None = None) -> CommitteeQuerySet:
        on = on or timezone.localdate()
        return self.filter(Q(dissolved_on__isnull=True) | Q(dissolved_on__gt=on))


class Committee(models.Model):
    """A decision-making body: the council itself, the executive, a committee or sub-committee.

    LGA 1972 s101-102 (committees and sub-committees); LGA 2000 Part 1A (executive, overview and
    scrutiny); LGHA 1989 s15 (political balance applies to committees appointed by the council).
    """

    class Kind(models.TextChoices):
        COUNCIL = "council", "Full council"
        EXECUTIVE = "executive", "Executive (cabinet)"
        COMMITTEE = "committee", "Committee"
        SUB_COMMITTEE = "sub_committee", "Sub-committee"
        OVERVIEW_AND_SCRUTINY = "scrutiny", "Overview and scrutiny"
        JOINT_COMMITTEE = "joint", "Joint committee"
        PANEL = "panel", "Panel"
        WORKING_GROUP = "working_group", "Working group"

    name = models.CharField(max_length=150, unique=True)
    slug = models.SlugField(max_length=150, unique=True)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    terms_of_reference = LimitedTextField(max_length=LONG, blank=True)
    size = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1)], help_text="Number of voting seats for councillors."
    )
    quorum = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1)], help_text="Voting members who must be present."
    )
    political_balance_applies = models.BooleanField(
        default=True,
        help_text="LGHA 1989 s15: seats are allocated to political groups. Not for the "
        "executive, or where the council has agreed a variation under s17.",
    )

    class Substitutes(models.TextChoices):
        AS_THE_CONSTITUTION = "", "As the constitution says"
        SAME_GROUP = "same_group", "Only from the absent member's political group"
        ANY_COUNCILLOR = "any_councillor", "Any councillor"

    substitutes = models.CharField(
        "Who may substitute",
        max_length=20,
        choices=Substitutes.choices,
        blank=True,
        default="",
        help_text="This committee's own rule, where the constitution gives it one; an executive "
        "takes no substitutes whatever this says (LGA 2000 s9C).",
    )
    established_on = models.DateField()
    dissolved_on = models.DateField(null=True, blank=True)
    required_training = models.ManyToManyField(
        "members.TrainingModule",
        blank=True,
        related_name="required_by",
        help_text="Training a councillor should attend before sitting on the committee "
        "(for example planning or licensing); appointing someone without it is warned about.",
    )

    objects = CommitteeQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(quorum__lte=F("size")), name="committee_quorum_le_size"
            )
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        super().clean()
        if self.quorum and self.size and self.quorum > self.size:
            raise ValidationError(
                {"quorum": f"The quorum cannot be more than the committee's {self.size} seats."}
            )

    def substitutes_same_group(self, constitution_default: bool) -> bool:
        """Whether a substitute must come from the absent member's group on this committee:
        its own rule, else the constitution's."""
        if self.substitutes == self.Substitutes.SAME_GROUP:
            return True
        if self.substitutes == self.Substitutes.ANY_COUNCILLOR:
            return False
        return constitution_default


class CommitteeMembership(PeriodMixin, models.Model):
    """A seat on a committee held by a councillor (or a co-opted person) for a period."""

    class Role(models.TextChoices):
        CHAIR = "chair", "Chair"
        VICE_CHAIR = "vice_chair", "Vice-chair"
        MEMBER = "member", "Member"
        SUBSTITUTE = "substitute", "Substitute"
        COOPTED_VOTING = "coopted_voting", "Co-opted member (voting)"
        COOPTED_NON_VOTING = "coopted_non_voting", "Co-opted member (non-voting)"

    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="memberships")
    councillor = models.ForeignKey(
        "members.Councillor",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="committee_memberships",
    )
    coopted_name = models.CharField(
        max_length=150, blank=True, help_text="For co-opted members who are not councillors."
    )
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.MEMBER)
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["committee", "role", "start_date"]
        constraints = [
            models.CheckConstraint(
                condition=Q(councillor__isnull=False, coopted_name="")
                | Q(councillor__isnull=True) & ~Q(coopted_name=""),
                name="membership_councillor_or_coopted",
            ),
            models.CheckConstraint(
                condition=ends_after_start(), name="membership_ends_after_start"
            ),
            no_overlap(
                "membership_no_overlap",
                "committee",
                "councillor",
                message="This councillor already sits on the committee for part of that period.",
            ),
        ]

    def __str__(self) -> str:
        who = self.councillor.full_name if self.councillor else self.coopted_name
        return f"{who}, {self.get_role_display()} of {self.committee}"

    def clean(self) -> None:
        super().clean()
        if bool(self.councillor_id) == bool(self.coopted_name):
            raise ValidationError(
                {
                    "councillor": "Choose a councillor, or give the name of a co-opted member, not both."
                }
            )


def sits_on_committee(user, meeting_path: str) -> Q:
    """The user holds a seat (any role, substitutes included) on the committee of the meeting
    reached through ``meeting_path``, on the day of that meeting: the SQL form of
    ``meetings.permissions.sits_on``, for the ``visible_to(user)`` QuerySets."""
    seats = CommitteeMembership.objects.filter(
        in_force_on(OuterRef(f"{meeting_path}__starts_at__date")),
        committee=OuterRef(f"{meeting_path}__committee"),
        councillor__user=user,
    )
    return Q(Exists(seats))
