"""What happened at a meeting: who attended, the interests declared, the votes taken and the
resolutions passed.

Attendance is public (LGA 1972 Sch 12 para 40: the names of the members present are recorded).
Declarations, votes and resolutions belong to an agenda item; those of an item taken in private
(``meetings.rules.privacy``) are part of that item's exempt minute, so
these models have no plain ``objects`` manager: every query chooses ``public()`` or
``visible_to(user)`` (or ``all_objects`` inside services).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from democracy.permissions import has_role
from democracy.roles import MEMBER_ROLES, Role
from democracy.text_limits import LONG, SHORT, LimitedTextField
from meetings.models.agenda import item_private
from meetings.models.committees import sits_on_committee
from meetings.models.minutes import Minutes

__all__ = ["Attendance", "Declaration", "OfficerPresent", "Resolution", "Vote", "VoteRecord"]


def minutes_published(meeting_path: str) -> Q:
    """The meeting's minutes have been published (as a draft, or approved)."""
    return Q(
        Exists(
            Minutes.all_objects.filter(meeting=OuterRef(meeting_path), published_at__isnull=False)
        )
    )


class ItemRecordQuerySet(models.QuerySet):
    """Visibility of records belonging to an agenda item (``item_path`` reaches the item).

    Public: the meeting's minutes are published and the item was taken in public. Officers see
    everything; a councillor sitting on the committee also sees the records of private items
    once the minutes are published (``meetings.permissions.can_see_restricted``)."""

    item_path = "item__"

    def public(self):
        meeting = f"{self.item_path}meeting"
        return self.filter(minutes_published(meeting)).exclude(item_private(f"{self.item_path}pk"))

    def visible_to(self, user):
        if has_role(user, Role.DEMOCRATIC_SERVICES_OFFICER, Role.DEMOCRATIC_SERVICES_MANAGER):
            return self
        meeting = f"{self.item_path}meeting"
        visible = minutes_published(meeting) & ~item_private(f"{self.item_path}pk")
        if has_role(user, *MEMBER_ROLES):
            visible |= minutes_published(meeting) & sits_on_committee(user, meeting)
        return self.filter(visible)


class VoteRecordQuerySet(ItemRecordQuerySet):
    item_path = "vote__item__"


class Attendance(models.Model):
    """One person on a meeting's attendance sheet: a councillor (a member of the committee, or a
    substitute filling a member's seat) or a co-opted member who is not a councillor."""

    class Status(models.TextChoices):
        PRESENT = "present", "Present"
        APOLOGIES = "apologies", "Apologies"
        ABSENT = "absent", "Absent"

    meeting = models.ForeignKey(
        "meetings.Meeting", on_delete=models.CASCADE, related_name="attendances"
    )
    councillor = models.ForeignKey(
        "members.Councillor",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="attendances",
    )
    coopted_name = models.CharField(
        max_length=150, blank=True, help_text="A co-opted member who is not a councillor."
    )
    status = models.CharField(max_length=10, choices=Status.choices)
    substitute_for = models.ForeignKey(
        "members.Councillor",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="substituted_by",
        help_text="The committee member whose seat this substitute filled.",
    )
    remote = models.BooleanField(
        default=False,
        help_text="Attended remotely: not present in law, so not counted for the quorum and "
        "not able to vote.",
    )
    voting = models.BooleanField(default=True, help_text="Entitled to vote at this meeting.")
    presiding = models.BooleanField(default=False, help_text="Chaired the meeting.")
    arrived_at = models.TimeField(null=True, blank=True)
    left_at = models.TimeField(null=True, blank=True)

    class Meta:
        ordering = ["meeting", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(councillor__isnull=False, coopted_name="")
                | Q(councillor__isnull=True) & ~Q(coopted_name=""),
                name="attendance_councillor_or_coopted",
            ),
            models.UniqueConstraint(
                fields=["meeting", "councillor"],
                condition=Q(councillor__isnull=False),
                name="attendance_unique_councillor",
            ),
            models.UniqueConstraint(
                fields=["meeting", "coopted_name"],
                condition=~Q(coopted_name=""),
                name="attendance_unique_coopted",
            ),
            models.UniqueConstraint(
                fields=["meeting"], condition=Q(presiding=True), name="attendance_one_chair"
            ),
            models.CheckConstraint(
                condition=Q(status="present")
                | Q(substitute_for__isnull=True, remote=False, presiding=False),
                name="attendance_only_present_substitutes",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name}: {self.get_status_display()}"

    @property
    def name(self) -> str:
        if self.councillor_id:
            return self.councillor.formal_name
        return self.coopted_name

    @property
    def is_present(self) -> bool:
        return self.status == self.Status.PRESENT

    @property
    def may_vote(self) -> bool:
        """Present in person and entitled to vote (remote attendees are not present in law)."""
        return self.is_present and self.voting and not self.remote

    def clean(self) -> None:
        super().clean()
        errors: dict[str, str] = {}
        if bool(self.councillor_id) == bool(self.coopted_name.strip()):
            errors["councillor"] = "Choose a councillor, or give a co-opted member's name."
        if self.status != self.Status.PRESENT:
            if self.substitute_for_id:
                errors["substitute_for"] = "Only someone present can attend as a substitute."
            if self.remote:
                errors["remote"] = "Only someone attending can attend remotely."
            if self.presiding:
                errors["presiding"] = "The person who chaired the meeting must be present."
        if self.substitute_for_id and self.substitute_for_id == self.councillor_id:
            errors["substitute_for"] = "A councillor cannot substitute for themselves."
        if self.arrived_at and self.left_at and self.left_at <= self.arrived_at:
            errors["left_at"] = "The time they left must be after the time they arrived."
        if errors:
            raise ValidationError(errors)


class OfficerPresent(models.Model):
    """An officer who attended the meeting (the clerk, the legal adviser, report authors), named
    with their role in the minutes after the members present. Public, like the attendance."""

    meeting = models.ForeignKey(
        "meetings.Meeting", on_delete=models.CASCADE, related_name="officers_present"
    )
    name = models.CharField(max_length=150)
    role = models.CharField(max_length=150, help_text="For example, Democratic Services Officer.")
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["meeting", "position", "pk"]
        verbose_name_plural = "officers present"

    def __str__(self) -> str:
        return f"{self.name} ({self.role})" if self.role else self.name

    def clean(self) -> None:
        super().clean()
        if not self.name.strip():
            raise ValidationError({"name": "Enter the officer's name."})
        if not self.role.strip():
            raise ValidationError({"role": f"Enter the role of {self.name.strip()}."})


class Declaration(models.Model):
    """An interest declared by a member present in an item of business.

    Types follow the LGA Model Councillor Code of Conduct 2020: disclosable pecuniary interests
    (Localism Act 2011 s30-31, SI 2012/1464: the member must not participate or vote without a
    dispensation under s33, and the code asks them to leave the room); other registrable
    interests and non-registrable interests (code Annex B: the member may speak as the public
    may, then must not take part where the matter directly relates to the interest).
    """

    class Type(models.TextChoices):
        DISCLOSABLE_PECUNIARY = "dpi", "Disclosable pecuniary interest"
        OTHER_REGISTRABLE = "ori", "Other registrable interest"
        NON_REGISTRABLE = "nri", "Non-registrable interest"

    item = models.ForeignKey(
        "meetings.AgendaItem", on_delete=models.CASCADE, related_name="declarations"
    )
    attendance = models.ForeignKey(
        Attendance, on_delete=models.PROTECT, related_name="declarations"
    )
    type = models.CharField(max_length=3, choices=Type.choices)
    nature = LimitedTextField(
        max_length=SHORT, help_text="The nature of the interest, as the member stated it."
    )
    left_room = models.BooleanField(
        default=False, help_text="Left the room for the item and took no part."
    )
    dispensation = models.CharField(
        max_length=200,
        blank=True,
        help_text="Reference of a dispensation under Localism Act 2011 s33, if one was granted.",
    )
    created_at = models.DateTimeField(default=timezone.now)

    all_objects = ItemRecordQuerySet.as_manager()

    class Meta:
        default_manager_name = "all_objects"
        base_manager_name = "all_objects"
        ordering = ["item__position", "created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.attendance.name}: {self.get_type_display()} in {self.item}"

    @property
    def bars_voting(self) -> bool:
        """The member may not vote on the item: a disclosable pecuniary interest without a
        dispensation (Localism Act 2011 s31(4)), or they left the room."""
        return self.left_room or (
            self.type == self.Type.DISCLOSABLE_PECUNIARY and not self.dispensation.strip()
        )

    def clean(self) -> None:
        super().clean()
        if not self.nature.strip():
            raise ValidationError({"nature": "Describe the nature of the interest."})


class Vote(models.Model):
    """A vote on a motion or amendment under an item: a show of hands (counts) or a recorded
    vote (names, from which the counts follow)."""

    class CastingVote(models.TextChoices):
        FOR = "for", "For"
        AGAINST = "against", "Against"

    class Result(models.TextChoices):
        CARRIED = "carried", "Carried"
        LOST = "lost", "Lost"

    item = models.ForeignKey("meetings.AgendaItem", on_delete=models.CASCADE, related_name="votes")
    motion = LimitedTextField(max_length=LONG, help_text="The motion or amendment put to the vote.")
    votes_for = models.PositiveSmallIntegerField(default=0)
    votes_against = models.PositiveSmallIntegerField(default=0)
    abstentions = models.PositiveSmallIntegerField(default=0)
    recorded = models.BooleanField(
        default=False,
        help_text="A member required the vote to be recorded by name (SI 1993/202 Sch 2 para 1).",
    )
    budget_decision = models.BooleanField(
        default=False,
        help_text="A vote at a budget decision meeting: names are always recorded (SI 2014/165).",
    )
    casting_vote = models.CharField(max_length=7, choices=CastingVote.choices, blank=True)
    cast_by = models.ForeignKey(
        Attendance,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="casting_votes",
        help_text="The person presiding who gave the casting vote.",
    )
    result = models.CharField(max_length=7, choices=Result.choices)
    created_at = models.DateTimeField(default=timezone.now)

    all_objects = ItemRecordQuerySet.as_manager()

    class Meta:
        default_manager_name = "all_objects"
        base_manager_name = "all_objects"
        ordering = ["item__position", "created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(casting_vote="", cast_by__isnull=True)
                | ~Q(casting_vote="") & Q(cast_by__isnull=False),
                name="vote_casting_vote_has_caster",
            )
        ]

    def __str__(self) -> str:
        return f"{self.motion[:60]}: {self.get_result_display()}"

    @property
    def by_name(self) -> bool:
        return self.recorded or self.budget_decision


class VoteRecord(models.Model):
    """How one member voted in a recorded vote."""

    class Choice(models.TextChoices):
        FOR = "for", "For"
        AGAINST = "against", "Against"
        ABSTAIN = "abstain", "Abstained"

    vote = models.ForeignKey(Vote, on_delete=models.CASCADE, related_name="records")
    attendance = models.ForeignKey(
        Attendance, on_delete=models.PROTECT, related_name="vote_records"
    )
    choice = models.CharField(max_length=7, choices=Choice.choices)

    all_objects = VoteRecordQuerySet.as_manager()

    class Meta:
        default_manager_name = "all_objects"
        base_manager_name = "all_objects"
        ordering = ["vote", "choice", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["vote", "attendance"], name="vote_record_unique")
        ]

    def __str__(self) -> str:
        return f"{self.attendance.name}: {self.get_choice_display()}"


class Resolution(models.Model):
    """A resolution of the meeting under an item.

    Minute numbers run from 1 in each municipal year for each committee, in the order the
    resolutions are recorded, and are printed as ``<number>/<yy>-<yy>`` (e.g. 23/26-27 for the
    23rd resolution of the committee in 2026/27). The municipal year is the meeting's series
    year, or else the year starting on 1 May in which the meeting falls.
    """

    item = models.ForeignKey(
        "meetings.AgendaItem", on_delete=models.CASCADE, related_name="resolutions"
    )
    committee = models.ForeignKey(
        "meetings.Committee", on_delete=models.PROTECT, related_name="resolutions"
    )
    municipal_year = models.PositiveSmallIntegerField()
    number = models.PositiveIntegerField()
    text = LimitedTextField(max_length=LONG, help_text="What the meeting resolved.")
    # Recorded at the meeting so the decision notice is drawn from the minute, not retyped
    # (SI 2012/2089 reg 12(b)-(c)).
    reasons = LimitedTextField(
        max_length=LONG, blank=True, help_text="The reasons for the resolution."
    )
    alternatives_considered = LimitedTextField(
        max_length=LONG, blank=True, help_text="The alternative options considered and rejected."
    )
    vote = models.OneToOneField(
        Vote, null=True, blank=True, on_delete=models.PROTECT, related_name="resolution"
    )
    created_at = models.DateTimeField(default=timezone.now)

    all_objects = ItemRecordQuerySet.as_manager()

    class Meta:
        default_manager_name = "all_objects"
        base_manager_name = "all_objects"
        ordering = ["municipal_year", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["committee", "municipal_year", "number"], name="resolution_unique_number"
            )
        ]

    def __str__(self) -> str:
        return f"Minute {self.reference}"

    @property
    def reference(self) -> str:
        year = self.municipal_year
        return f"{self.number}/{year % 100:02d}-{(year + 1) % 100:02d}"

    def clean(self) -> None:
        super().clean()
        if not self.text.strip():
            raise ValidationError({"text": "Enter the text of the resolution."})
