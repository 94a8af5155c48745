"""Appeals (cases): the child, the appellants, the grounds, the evidence, the status history and
the decision.

Every row here is personal data about a child and their family. No model here has a plain
``objects``: every query says whose eyes it is for. ``Appeal.cases.for_clerk(user)`` and
``Appeal.cases.visible_to(user)`` give nothing to anyone who is not an appeals clerk (or, for
``visible_to``, a panel member sitting on a hearing of the appeal); services and tasks, which act
for the council, use ``Appeal.cases.all()``; the other models are reached through their appeal
or ``private_objects``.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q
from django.utils import timezone

from appeals.models.schools import AdmissionAuthority, AdmissionRound, School
from democracy.constitution import constitution
from democracy.permissions import has_role
from democracy.roles import Role
from democracy.storage import private_storage
from democracy.text_limits import LONG, SHORT, LimitedTextField


class YearGroup(models.TextChoices):
    RECEPTION = "R", "Reception"
    YEAR_1 = "1", "Year 1"
    YEAR_2 = "2", "Year 2"
    YEAR_3 = "3", "Year 3"
    YEAR_4 = "4", "Year 4"
    YEAR_5 = "5", "Year 5"
    YEAR_6 = "6", "Year 6"
    YEAR_7 = "7", "Year 7"
    YEAR_8 = "8", "Year 8"
    YEAR_9 = "9", "Year 9"
    YEAR_10 = "10", "Year 10"
    YEAR_11 = "11", "Year 11"
    YEAR_12 = "12", "Year 12"
    YEAR_13 = "13", "Year 13"


#: Infant classes: Reception, Year 1 and Year 2 (SSFA 1998 s1 and s4; the School Admissions
#: (Infant Class Sizes) (England) Regulations 2012: 30 pupils to a school teacher).
INFANT_YEAR_GROUPS = frozenset({YearGroup.RECEPTION, YearGroup.YEAR_1, YearGroup.YEAR_2})


class InfantClassSizeGround(models.TextChoices):
    """The only grounds on which an infant class size appeal may be upheld (School Admission
    Appeals Code 2022, infant class size appeals; DOMAIN D1)."""

    NO_BREACH = "no_breach", "Admitting the child would not breach the infant class size limit"
    ARRANGEMENTS = (
        "arrangements",
        "The arrangements were unlawful or not correctly and impartially applied, and the child "
        "would have been offered a place",
    )
    UNREASONABLE = (
        "unreasonable",
        "The decision to refuse was not one a reasonable admission authority would have made",
    )


def panel_access_cutoff():
    """The earliest decision date whose appeal a panel member may still open."""
    return timezone.localdate() - timedelta(days=constitution().appeals_panel_access_days)


def panel_can_still_see(prefix: str = "") -> Q:
    """Appeals a panel member who heard them may still open: undecided, or decided within
    the constitution's ``appeals_panel_access_days`` days, and not anonymised (``prefix``
    reaches the appeal from another model, e.g. ``"listings__appeal__"``)."""
    return (
        Q(**{f"{prefix}determined_on": None})
        | Q(**{f"{prefix}determined_on__gte": panel_access_cutoff()})
    ) & Q(**{f"{prefix}anonymised_at": None})


class AppealQuerySet(models.QuerySet):
    def for_clerk(self, user) -> AppealQuerySet:
        """Every appeal for an appeals clerk; nothing for anyone else."""
        return self if has_role(user, Role.APPEALS_CLERK) else self.none()

    def visible_to(self, user) -> AppealQuerySet:
        """What ``user`` may open: everything for an appeals clerk; for a panel member, the
        appeals listed at the hearings they sit on, until the constitution's
        ``appeals_panel_access_days`` days after each is decided (and never once anonymised); nothing for anyone else."""
        if has_role(user, Role.APPEALS_CLERK):
            return self
        if has_role(user, Role.APPEALS_PANEL_MEMBER):
            return self.filter(
                panel_can_still_see(),
                listings__cancelled_at=None,
                listings__hearing__seats__member__user=user,
            ).distinct()
        return self.none()

    def open(self) -> AppealQuerySet:
        return self.exclude(
            status__in=[Appeal.Status.DECIDED, Appeal.Status.WITHDRAWN, Appeal.Status.REJECTED]
        )


class Appeal(models.Model):
    """One appeal (or review request) about one child.

    ``kind`` names the procedure and so the rules that apply (``appeals.rules``):
    admission appeals in the normal round, late and in-year (SSFA 1998 s94; School Admission
    Appeals Code 2022), an independent review of a permanent exclusion (Education Act 2002 s51A;
    SI 2012/1033) and the two stages of a home-to-school travel appeal (Travel to school for
    children of compulsory school age, statutory guidance 2024).
    """

    class Kind(models.TextChoices):
        ADMISSION_NORMAL = "admission_normal", "Admission appeal (normal admissions round)"
        ADMISSION_LATE = "admission_late", "Admission appeal (late)"
        ADMISSION_IN_YEAR = "admission_in_year", "Admission appeal (in-year)"
        EXCLUSION_REVIEW = "exclusion_review", "Exclusion independent review"
        TRANSPORT_STAGE_1 = "transport_stage_1", "Home to school travel: stage 1 review"
        TRANSPORT_STAGE_2 = "transport_stage_2", "Home to school travel: stage 2 appeal panel"

    ADMISSION_KINDS = frozenset(
        {Kind.ADMISSION_NORMAL, Kind.ADMISSION_LATE, Kind.ADMISSION_IN_YEAR}
    )
    TRANSPORT_KINDS = frozenset({Kind.TRANSPORT_STAGE_1, Kind.TRANSPORT_STAGE_2})

    class Status(models.TextChoices):
        LODGED = "lodged", "Lodged"
        LISTED = "listed", "Hearing arranged"
        HEARD = "heard", "Heard"
        DECIDED = "decided", "Decided"
        WITHDRAWN = "withdrawn", "Withdrawn"
        REJECTED = "rejected", "Rejected (out of time or not valid)"

    class Channel(models.TextChoices):
        ONLINE = "online", "Online form"
        PAPER = "paper", "Paper form"
        EMAIL = "email", "Email"
        INTAKE = "intake", "Taken by an officer"

    reference = models.CharField(max_length=20, unique=True, editable=False)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.LODGED)
    school = models.ForeignKey(
        School,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="appeals",
        help_text="The school applied for, or excluded from; for travel, the school attended.",
    )
    admission_authority = models.ForeignKey(
        AdmissionAuthority,
        on_delete=models.PROTECT,
        related_name="appeals",
        help_text="The authority arranging the appeal (kept as it was when the appeal was made).",
    )
    admission_round = models.ForeignKey(
        AdmissionRound,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="appeals",
        help_text="The published timetable a normal-round or late appeal belongs to.",
    )
    entry_year = models.PositiveSmallIntegerField(
        help_text="The school year the place is for, by the year it starts (2026 for 2026/27)."
    )
    year_group = models.CharField(max_length=2, choices=YearGroup.choices)
    decision_notified_on = models.DateField(
        help_text=(
            "When the decision appealed against was notified: the offer or refusal letter, the "
            "governing board's decision not to reinstate, or the travel decision."
        )
    )
    lodged_on = models.DateField(default=timezone.localdate)
    lodged_at = models.DateTimeField(default=timezone.now)
    channel = models.CharField(max_length=10, choices=Channel.choices)
    lodged_late = models.BooleanField(
        default=False, help_text="Lodged after the deadline for lodging appeals."
    )
    late_reason = LimitedTextField(max_length=SHORT, blank=True)
    infant_class_size = models.BooleanField(
        default=False,
        help_text="Refused because admission would breach the infant class size limit.",
    )
    grounds = LimitedTextField(
        max_length=LONG, help_text="The appellant's reasons, in their words."
    )
    infant_class_size_grounds = ArrayField(
        models.CharField(max_length=20, choices=InfantClassSizeGround.choices),
        default=list,
        blank=True,
    )
    sen_expert_requested = models.BooleanField(
        default=False, help_text="Exclusion reviews: the parent asks for a SEN expert."
    )
    previous_appeal = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="next_stage",
        help_text="Travel stage 2: the stage 1 review it escalates.",
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="The officer who entered it; empty when the appellant lodged it online.",
    )
    created_at = models.DateTimeField(default=timezone.now)
    # Retention (the appeals-hearing work fills these): when the appeal was determined, how
    # long its personal data is kept, and when it was anonymised.
    determined_on = models.DateField(null=True, blank=True)
    retain_until = models.DateField(null=True, blank=True)
    anonymised_at = models.DateTimeField(null=True, blank=True)

    cases = AppealQuerySet.as_manager()

    class Meta:
        ordering = ["-lodged_at", "-id"]
        default_manager_name = "cases"
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=["transport_stage_1", "transport_stage_2"])
                | Q(school__isnull=False),
                name="appeal_school_unless_travel",
            ),
        ]
        indexes = [models.Index(fields=["status", "kind"])]

    def __str__(self) -> str:
        # Never the child's name: this is what audit rows and room bookings show.
        return self.reference

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("appeals:case", args=[self.pk])

    @property
    def is_admission(self) -> bool:
        return self.kind in self.ADMISSION_KINDS

    @property
    def is_transport(self) -> bool:
        return self.kind in self.TRANSPORT_KINDS


class ReferenceCounter(models.Model):
    """The last number given to an appeal reference with this prefix and year
    (ADM-2026-0001): taken under a row lock, so references are never repeated."""

    prefix = models.CharField(max_length=3)
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["prefix", "year"], name="reference_counter_unique")
        ]

    def __str__(self) -> str:
        return f"{self.prefix}-{self.year}: {self.last}"


class PersonalQuerySet(models.QuerySet):
    """Rows reached only through an appeal the caller may see."""

    def of_visible_appeals(self, user) -> PersonalQuerySet:
        return self.filter(appeal__in=Appeal.cases.visible_to(user))


class Child(models.Model):
    """The child the appeal is about."""

    appeal = models.OneToOneField(Appeal, on_delete=models.CASCADE, related_name="child")
    first_name = models.CharField(max_length=100)
    last_name = models.CharField(max_length=100)
    date_of_birth = models.DateField()
    current_school = models.ForeignKey(
        School, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    current_school_name = models.CharField(
        max_length=200, blank=True, help_text="When the current school is not in the list."
    )

    private_objects = PersonalQuerySet.as_manager()

    class Meta:
        default_manager_name = "private_objects"
        verbose_name_plural = "children"

    def __str__(self) -> str:
        return f"Child in {self.appeal}"

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"


class Appellant(models.Model):
    """A parent or carer who makes the appeal, and how to reach them."""

    class Relationship(models.TextChoices):
        PARENT = "parent", "Parent"
        CARER = "carer", "Carer or guardian"
        CORPORATE_PARENT = "corporate_parent", "Local authority (corporate parent)"
        PUPIL = "pupil", "The pupil (aged 18 or over)"
        OTHER = "other", "Other person with parental responsibility"

    appeal = models.ForeignKey(Appeal, on_delete=models.CASCADE, related_name="appellants")
    name = models.CharField(max_length=200)
    relationship = models.CharField(max_length=20, choices=Relationship.choices)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=40, blank=True)
    address = LimitedTextField(max_length=SHORT, blank=True)
    postcode = models.CharField(max_length=10, blank=True)
    is_lead = models.BooleanField(default=True, help_text="Letters and emails go to them.")

    private_objects = PersonalQuerySet.as_manager()

    class Meta:
        default_manager_name = "private_objects"
        ordering = ["-is_lead", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["appeal"], condition=Q(is_lead=True), name="appellant_one_lead"
            )
        ]

    def __str__(self) -> str:
        return f"Appellant in {self.appeal}"


def evidence_upload_to(instance: Evidence, filename: str) -> str:
    # The stored name never carries the uploader's file name (which may name the child).
    return f"appeals/evidence/{instance.appeal_id}/{instance.sha256[:16]}{instance.extension}"


class Evidence(models.Model):
    """A document an appellant, the admission authority or the clerk adds to an appeal.

    Stored in private storage under a name derived from its hash; checked by its content (not its
    name or declared type) and size when it arrives (``appeals.uploads``).
    """

    class Source(models.TextChoices):
        LODGING = "lodging", "With the appeal"
        LINK = "link", "By the appellant's evidence link"
        CLERK = "clerk", "Added by the clerk"
        AUTHORITY = "authority", "Admission authority's case"

    appeal = models.ForeignKey(Appeal, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(upload_to=evidence_upload_to, storage=private_storage, max_length=200)
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=60)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    description = models.CharField(max_length=200, blank=True)
    source = models.CharField(max_length=10, choices=Source.choices)
    panel_only = models.BooleanField(
        default=False, help_text="In the panel's bundle only, not the parties'."
    )
    uploaded_at = models.DateTimeField(default=timezone.now)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    private_objects = PersonalQuerySet.as_manager()

    EXTENSIONS = {"application/pdf": ".pdf", "image/jpeg": ".jpg", "image/png": ".png"}

    class Meta:
        default_manager_name = "private_objects"
        ordering = ["uploaded_at", "id"]
        verbose_name_plural = "evidence"

    def __str__(self) -> str:
        return f"Evidence {self.pk} in {self.appeal}"

    @property
    def extension(self) -> str:
        return self.EXTENSIONS.get(self.content_type, "")


class EvidenceLink(models.Model):
    """A link emailed to the appellant to add evidence later, without an account.

    Only a SHA-256 hash of the token is stored: the token itself exists only in the email. The
    link does one thing (add evidence to this appeal), expires after
    the constitution's ``appeals_evidence_link_days`` days and can be revoked by the clerk.
    """

    class Purpose(models.TextChoices):
        ADD_EVIDENCE = "add_evidence", "Add evidence"

    appeal = models.ForeignKey(Appeal, on_delete=models.CASCADE, related_name="evidence_links")
    token_hash = models.CharField(max_length=64, unique=True)
    purpose = models.CharField(max_length=20, choices=Purpose.choices, default=Purpose.ADD_EVIDENCE)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    private_objects = PersonalQuerySet.as_manager()

    class Meta:
        default_manager_name = "private_objects"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Evidence link for {self.appeal}"

    def is_live(self, now=None) -> bool:
        now = now or timezone.now()
        return self.revoked_at is None and now < self.expires_at


class StatusChange(models.Model):
    """The appeal's status history: every change, who made it and when."""

    appeal = models.ForeignKey(Appeal, on_delete=models.CASCADE, related_name="status_changes")
    status = models.CharField(max_length=10, choices=Appeal.Status.choices)
    at = models.DateTimeField(default=timezone.now)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    note = models.CharField(max_length=300, blank=True)

    private_objects = PersonalQuerySet.as_manager()

    class Meta:
        default_manager_name = "private_objects"
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.appeal}: {self.get_status_display()} at {self.at:%Y-%m-%d %H:%M}"


class Decision(models.Model):
    """The panel's decision on one appeal (recorded by the clerk after the hearing).

    Admission appeals record how the test went as data: for an infant class size appeal, the
    ground on which it was upheld (if any); otherwise the two-stage test (stage 1: would
    admitting prejudice efficient education or the efficient use of resources; stage 2: do the
    appellant's reasons outweigh that prejudice). Exclusion reviews have their own outcomes
    (Education Act 2002 s51A(4): uphold the decision, recommend that the responsible body
    reconsiders, or quash it and direct the body to reconsider).
    """

    class Outcome(models.TextChoices):
        UPHELD = "upheld", "Upheld"
        DISMISSED = "dismissed", "Dismissed"
        WITHDRAWN = "withdrawn", "Withdrawn"
        EXCLUSION_UPHELD = "exclusion_upheld", "Decision not to reinstate upheld"
        RECOMMEND_RECONSIDERATION = "recommend", "Recommend the board reconsiders"
        QUASH = "quash", "Quash and direct the board to reconsider"
        PARTLY_UPHELD = "partly_upheld", "Partly upheld"

    appeal = models.OneToOneField(Appeal, on_delete=models.CASCADE, related_name="decision")
    outcome = models.CharField(max_length=20, choices=Outcome.choices)
    reasons = LimitedTextField(max_length=LONG, blank=True)
    infant_class_size_ground = models.CharField(
        max_length=20, choices=InfantClassSizeGround.choices, blank=True
    )
    prejudice_found = models.BooleanField(
        null=True, blank=True, help_text="Stage 1 of the two-stage test."
    )
    appellant_case_outweighs = models.BooleanField(
        null=True, blank=True, help_text="Stage 2 of the two-stage test."
    )
    decided_on = models.DateField()
    recorded_at = models.DateTimeField(default=timezone.now)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    letter_due_on = models.DateField(
        null=True,
        blank=True,
        help_text="Send the decision letter by: 5 school days after the hearing (Code 2022 para "
        "2.3; travel panels 5 working days).",
    )
    letter_sent_on = models.DateField(null=True, blank=True)

    private_objects = PersonalQuerySet.as_manager()

    class Meta:
        default_manager_name = "private_objects"

    def __str__(self) -> str:
        return f"Decision on {self.appeal}"

    @property
    def upheld(self) -> bool:
        return self.outcome in (self.Outcome.UPHELD, self.Outcome.PARTLY_UPHELD)
