"""Panels and hearings: the pool of panel members (their categories, training and declared
connections), hearings (one appeal, or several for one school heard together with a group stage
and an individual stage), who sits on each panel, and the room.

Hearings are never public (they are held in private and concern children), and panel members'
details are personal data: no model here has a plain ``objects``.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Exists, F, OuterRef, Q
from django.utils import timezone

from appeals.models.cases import Appeal, panel_can_still_see
from appeals.models.schools import AdmissionAuthority, School
from democracy.permissions import has_role
from democracy.roles import Role
from democracy.text_limits import LONG, LimitedTextField


class PanelCategory(models.TextChoices):
    """The categories panel members are appointed in.

    Admission appeal panels (SI 2012/9 Schedule; School Admission Appeals Code 2022 para 1.7):
    lay members (no personal experience of managing a school or providing education in one,
    disregarding experience as a governor or volunteer) and people with experience in education.
    Exclusion review panels (SI 2012/1033 Sch 1 para 3): lay members; head teachers (or people
    who were within the last five years); governors of maintained schools, PRU management
    committee members or academy trust directors with at least 12 consecutive months' service in
    the last five years who have not been a teacher or head teacher in that time.
    """

    LAY = "lay", "Lay member"
    EDUCATION = "education", "Experience in education"
    HEAD_TEACHER = "head_teacher", "Head teacher (now or in the last five years)"
    GOVERNOR = "governor", "Governor, management committee member or academy trust director"


class PanelMemberQuerySet(models.QuerySet):
    def for_clerk(self, user) -> PanelMemberQuerySet:
        return self if has_role(user, Role.APPEALS_CLERK) else self.none()

    def active(self) -> PanelMemberQuerySet:
        return self.filter(active=True)


class PanelMember(models.Model):
    """Someone the council may appoint to sit on appeal panels."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="appeals_panel_member",
        help_text="Their sign-in, to see the hearings they sit on.",
    )
    name = models.CharField(max_length=200)
    email = models.EmailField(blank=True)
    categories = ArrayField(
        models.CharField(max_length=20, choices=PanelCategory.choices),
        help_text="The categories they are appointed in.",
    )
    trained_on = models.DateField(
        null=True, blank=True, help_text="The last day of their most recent panel training."
    )
    active = models.BooleanField(default=True)

    private_objects = PanelMemberQuerySet.as_manager()

    class Meta:
        default_manager_name = "private_objects"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Connection(models.Model):
    """A connection a panel member has declared: with a school, an admission authority, or a
    child or family (recorded against the appeal), or a part in the decision appealed against.

    A member connected with the school, the admission authority or the child cannot sit on the
    panel that hears the appeal (SI 2012/9 Schedule; Code 2022 para 1.7 onwards; SI 2012/1033
    Sch 1 para 4), and nobody who took part in the decision can sit on the travel panel that
    reviews it (travel guidance 2024: independent of the original decision).
    """

    class Kind(models.TextChoices):
        SCHOOL = "school", "Works at, governs or is otherwise connected with the school"
        AUTHORITY = "authority", "Member or employee of the admission authority"
        CHILD = "child", "Knows the child or their family"
        DECISION = "decision", "Took part in the decision appealed against"

    member = models.ForeignKey(PanelMember, on_delete=models.CASCADE, related_name="connections")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    school = models.ForeignKey(
        School, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    admission_authority = models.ForeignKey(
        AdmissionAuthority, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    appeal = models.ForeignKey(
        Appeal, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    description = models.CharField(max_length=300, blank=True)
    declared_on = models.DateField(default=timezone.localdate)

    private_objects = models.Manager()

    class Meta:
        default_manager_name = "private_objects"
        ordering = ["declared_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(kind="school", school__isnull=False)
                    | Q(kind="authority", admission_authority__isnull=False)
                    | Q(kind__in=["child", "decision"], appeal__isnull=False)
                ),
                name="connection_names_what_it_is_with",
            )
        ]

    def __str__(self) -> str:
        return f"{self.member}: {self.get_kind_display()}"


class HearingQuerySet(models.QuerySet):
    def for_clerk(self, user) -> HearingQuerySet:
        return self if has_role(user, Role.APPEALS_CLERK) else self.none()

    def visible_to(self, user) -> HearingQuerySet:
        """Every hearing for a clerk; a panel member's own hearings; nothing for anyone else."""
        if has_role(user, Role.APPEALS_CLERK):
            return self
        if has_role(user, Role.APPEALS_PANEL_MEMBER):
            # Their own hearings, while one of its appeals is still theirs to see (undecided,
            # or decided within the constitution's appeals_panel_access_days days, and not
            # anonymised).
            still_theirs = HearingListing.private_objects.filter(
                panel_can_still_see("appeal__"), hearing=OuterRef("pk"), cancelled_at=None
            )
            return self.filter(seats__member__user=user).filter(Exists(still_theirs)).distinct()
        return self.none()

    def live(self) -> HearingQuerySet:
        return self.exclude(status=Hearing.Status.CANCELLED)


class Hearing(models.Model):
    """A sitting of an appeal panel: one appeal, or several for one school heard together.

    A multiple-appeal hearing (School Admission Appeals Code 2022, multiple appeals) has a group
    stage, where the admission authority puts its case to all the appellants together (stage 1
    of the two-stage test), then an individual stage for each appeal; the panel decides none
    until it has heard them all.
    """

    class Kind(models.TextChoices):
        ADMISSION = "admission", "Admission appeals"
        EXCLUSION_REVIEW = "exclusion_review", "Exclusion independent review panel"
        TRANSPORT = "transport", "Home to school travel appeal panel (stage 2)"

    class Status(models.TextChoices):
        PLANNED = "planned", "Planned"
        NOTIFIED = "notified", "Notice sent"
        HELD = "held", "Held"
        ADJOURNED = "adjourned", "Adjourned"
        CANCELLED = "cancelled", "Cancelled"

    kind = models.CharField(max_length=20, choices=Kind.choices)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PLANNED)
    admission_authority = models.ForeignKey(
        AdmissionAuthority, on_delete=models.PROTECT, related_name="hearings"
    )
    school = models.ForeignKey(
        School, on_delete=models.PROTECT, null=True, blank=True, related_name="hearings"
    )
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    group_stage_ends_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="Multiple-appeal hearings: when the group stage ends and individual cases start.",
    )
    room = models.ForeignKey(
        "democracy.Room", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    booking = models.OneToOneField(
        "democracy.RoomBooking",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    location_note = models.CharField(
        max_length=200, blank=True, help_text="Where it is held when not in a council room."
    )
    clerk = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="clerked_hearings"
    )
    notice_sent_on = models.DateField(null=True, blank=True)
    # What happened at the hearing (the clerk's record, ``services.hearing.hearing_record``).
    authority_present = models.CharField(
        max_length=300,
        blank=True,
        help_text="Who presented the admission authority's (or school's, or council's) case.",
    )
    notes = LimitedTextField(
        max_length=LONG,
        blank=True,
        help_text="The clerk's notes of the hearing (for a grouped hearing, the group stage).",
    )
    recorded_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    hearings = HearingQuerySet.as_manager()

    class Meta:
        default_manager_name = "hearings"
        ordering = ["starts_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="hearing_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(group_stage_ends_at__isnull=True)
                | (
                    Q(group_stage_ends_at__gt=F("starts_at"))
                    & Q(group_stage_ends_at__lt=F("ends_at"))
                ),
                name="hearing_group_stage_inside",
            ),
        ]

    def __str__(self) -> str:
        when = timezone.localtime(self.starts_at)
        where = f" for {self.school}" if self.school_id else ""
        return f"{self.get_kind_display()}{where}, {when:%-d %B %Y}"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("appeals:hearing", args=[self.pk])

    @property
    def date(self):
        return timezone.localtime(self.starts_at).date()

    @property
    def is_grouped(self) -> bool:
        return self.group_stage_ends_at is not None


class HearingListing(models.Model):
    """An appeal listed at a hearing, in the order the individual stage takes them.

    An appeal has at most one live listing; an adjourned or re-listed appeal keeps its earlier
    listing, cancelled, as history. Once the hearing is held it records who attended for the
    appellant and the clerk's notes of the individual stage.
    """

    class Attendance(models.TextChoices):
        ATTENDED = "attended", "The appellant attended"
        REPRESENTED = "represented", "The appellant was represented"
        WRITTEN = "written", "Did not attend: decided on the written case"

    hearing = models.ForeignKey(Hearing, on_delete=models.CASCADE, related_name="listings")
    appeal = models.ForeignKey(Appeal, on_delete=models.CASCADE, related_name="listings")
    position = models.PositiveSmallIntegerField(default=1)
    individual_starts_at = models.DateTimeField(null=True, blank=True)
    notice_given_on = models.DateField(null=True, blank=True)
    attendance = models.CharField(max_length=12, choices=Attendance.choices, blank=True)
    present = models.CharField(
        max_length=300,
        blank=True,
        help_text="Who attended for the appellant (names, and any representative or interpreter).",
    )
    notes = LimitedTextField(
        max_length=LONG, blank=True, help_text="The clerk's notes of this appeal's hearing."
    )
    listed_at = models.DateTimeField(default=timezone.now)
    cancelled_at = models.DateTimeField(null=True, blank=True)

    private_objects = models.Manager()

    class Meta:
        default_manager_name = "private_objects"
        ordering = ["hearing", "position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["appeal"],
                condition=Q(cancelled_at__isnull=True),
                name="hearing_listing_one_live_per_appeal",
            ),
            models.UniqueConstraint(
                fields=["hearing", "appeal"], name="hearing_listing_unique_appeal"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.appeal} at hearing {self.hearing_id}"


class PanelSeat(models.Model):
    """A member's seat on a hearing's panel, in the category they sit as; one chairs."""

    hearing = models.ForeignKey(Hearing, on_delete=models.CASCADE, related_name="seats")
    member = models.ForeignKey(PanelMember, on_delete=models.PROTECT, related_name="seats")
    sitting_as = models.CharField(max_length=20, choices=PanelCategory.choices, blank=True)
    is_chair = models.BooleanField(default=False)
    attended = models.BooleanField(
        null=True, blank=True, help_text="Recorded with the hearing; empty until then."
    )

    private_objects = models.Manager()

    class Meta:
        default_manager_name = "private_objects"
        ordering = ["-is_chair", "member__name"]
        constraints = [
            models.UniqueConstraint(fields=["hearing", "member"], name="panel_seat_unique"),
            models.UniqueConstraint(
                fields=["hearing"], condition=Q(is_chair=True), name="panel_seat_one_chair"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member} on hearing {self.hearing_id}"
