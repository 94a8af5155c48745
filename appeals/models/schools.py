"""Reference data: admission authorities, the traded-service agreements under which the council
clerks their appeals, schools and the appeals timetables authorities publish.

None of this is personal data, so these models keep a plain ``objects``.
"""

from __future__ import annotations

from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.fields import RangeOperators
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.db.models import F, Q

from appeals.models.calendars import SchoolCalendar
from democracy.text_limits import LONG, SHORT, LimitedTextField


class AdmissionAuthority(models.Model):
    """The body that decides admissions to a school and must arrange its appeals (SSFA 1998
    s94(1)-(2)): the local authority for community and voluntary controlled schools, the
    governing body for voluntary aided and foundation schools, the academy trust for academies.

    The council clerks its own appeals and, as a traded service, those of other authorities
    that buy it (``ServiceAgreement``). Each authority's appeal periods are counted in the school
    days of its calendar (DOMAIN D1: the school-day calendar is per admission authority).
    """

    class Kind(models.TextChoices):
        LOCAL_AUTHORITY = "local_authority", "Local authority"
        GOVERNING_BODY = "governing_body", "Governing body"
        ACADEMY_TRUST = "academy_trust", "Academy trust"

    name = models.CharField(max_length=200, unique=True)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    is_this_council = models.BooleanField(
        default=False,
        help_text="The council itself (community and voluntary controlled schools): no charge.",
    )
    calendar = models.ForeignKey(
        SchoolCalendar,
        on_delete=models.PROTECT,
        related_name="admission_authorities",
        help_text="The term dates and closure days its appeal periods are counted in.",
    )
    contact_name = models.CharField(max_length=150, blank=True)
    contact_email = models.EmailField(blank=True)
    address = LimitedTextField(max_length=SHORT, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "admission authorities"
        constraints = [
            models.UniqueConstraint(
                fields=["is_this_council"],
                condition=Q(is_this_council=True),
                name="admission_authority_one_council",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.is_this_council and self.kind != self.Kind.LOCAL_AUTHORITY:
            raise ValidationError({"kind": "The council is a local authority."})


class ServiceAgreement(models.Model):
    """A traded-service agreement: the council clerks an authority's appeals for a charge.

    Charges are per appeal lodged, per appeal heard, per appeal withdrawn before its hearing and
    per hearing session, plus an annual fee; the charging CSV prices each authority's activity
    under the agreement in force on the day. Two agreements of one authority never overlap
    (the database refuses it).
    """

    admission_authority = models.ForeignKey(
        AdmissionAuthority, on_delete=models.PROTECT, related_name="service_agreements"
    )
    reference = models.CharField(max_length=60, help_text="The contract or order number.")
    starts_on = models.DateField()
    ends_on = models.DateField(null=True, blank=True, help_text="Empty while it runs on.")
    annual_fee = models.DecimalField(
        max_digits=9, decimal_places=2, default=0, validators=[MinValueValidator(0)]
    )
    charge_per_appeal_lodged = models.DecimalField(
        max_digits=9, decimal_places=2, default=0, validators=[MinValueValidator(0)]
    )
    charge_per_appeal_heard = models.DecimalField(
        max_digits=9, decimal_places=2, default=0, validators=[MinValueValidator(0)]
    )
    charge_per_appeal_withdrawn = models.DecimalField(
        max_digits=9, decimal_places=2, default=0, validators=[MinValueValidator(0)]
    )
    charge_per_hearing = models.DecimalField(
        max_digits=9,
        decimal_places=2,
        default=0,
        validators=[MinValueValidator(0)],
        help_text="Per hearing session (a grouped hearing is one session).",
    )
    notes = LimitedTextField(max_length=LONG, blank=True)

    class Meta:
        ordering = ["admission_authority__name", "-starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                name="service_agreement_ends_after_start",
            ),
            ExclusionConstraint(
                name="service_agreement_no_overlap",
                expressions=[
                    (
                        # int8range(id, id, '[]') && …: equality without the btree_gist
                        # extension, as democracy.RoomBooking does.
                        models.Func(
                            F("admission_authority"),
                            F("admission_authority"),
                            models.Value("[]"),
                            function="int8range",
                        ),
                        RangeOperators.OVERLAPS,
                    ),
                    (
                        models.Func(
                            F("starts_on"), F("ends_on"), models.Value("[]"), function="daterange"
                        ),
                        RangeOperators.OVERLAPS,
                    ),
                ],
                violation_error_message=(
                    "This authority already has an agreement for part of that period."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.admission_authority}: {self.reference}"

    def in_force_on(self, day) -> bool:
        return self.starts_on <= day and (self.ends_on is None or day <= self.ends_on)


class School(models.Model):
    """A school appeals are heard for (or a child's current school).

    The URN is the Department for Education's unique reference number (Get Information about
    Schools). Who the admission authority is follows from the school's category (SSFA 1998 s88):
    the local authority for community and voluntary controlled schools, the governing body for
    voluntary aided and foundation schools, the academy trust for academies.
    """

    class Phase(models.TextChoices):
        NURSERY = "nursery", "Nursery"
        INFANT = "infant", "Infant"
        JUNIOR = "junior", "Junior"
        PRIMARY = "primary", "Primary"
        MIDDLE = "middle", "Middle"
        SECONDARY = "secondary", "Secondary"
        ALL_THROUGH = "all_through", "All-through"
        SPECIAL = "special", "Special"
        ALTERNATIVE_PROVISION = "alternative_provision", "Alternative provision"
        SIXTEEN_PLUS = "sixteen_plus", "16 plus"

    class Category(models.TextChoices):
        COMMUNITY = "community", "Community"
        VOLUNTARY_CONTROLLED = "voluntary_controlled", "Voluntary controlled"
        VOLUNTARY_AIDED = "voluntary_aided", "Voluntary aided"
        FOUNDATION = "foundation", "Foundation"
        ACADEMY = "academy", "Academy (academy trust)"

    #: Which kind of admission authority each category of school has (SSFA 1998 s88(1)).
    AUTHORITY_FOR_CATEGORY = {
        Category.COMMUNITY: AdmissionAuthority.Kind.LOCAL_AUTHORITY,
        Category.VOLUNTARY_CONTROLLED: AdmissionAuthority.Kind.LOCAL_AUTHORITY,
        Category.VOLUNTARY_AIDED: AdmissionAuthority.Kind.GOVERNING_BODY,
        Category.FOUNDATION: AdmissionAuthority.Kind.GOVERNING_BODY,
        Category.ACADEMY: AdmissionAuthority.Kind.ACADEMY_TRUST,
    }

    urn = models.CharField(
        "URN",
        max_length=6,
        unique=True,
        validators=[RegexValidator(r"^[0-9]{6}$", "Enter the URN as 6 digits, like 136812")],
    )
    name = models.CharField(max_length=200)
    phase = models.CharField(max_length=25, choices=Phase.choices)
    category = models.CharField(max_length=25, choices=Category.choices)
    admission_authority = models.ForeignKey(
        AdmissionAuthority, on_delete=models.PROTECT, related_name="schools"
    )
    address = LimitedTextField(max_length=SHORT, blank=True)
    closed_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.admission_authority_id and self.category:
            expected = self.AUTHORITY_FOR_CATEGORY[self.Category(self.category)]
            if self.admission_authority.kind != expected:
                raise ValidationError(
                    {
                        "admission_authority": (
                            f"A {self.get_category_display().lower()} school's admission "
                            f"authority is its {expected.label.lower()}; "
                            f"{self.admission_authority} is a "
                            f"{self.admission_authority.get_kind_display().lower()}"
                        )
                    }
                )


class AdmissionRound(models.Model):
    """An authority's published appeals timetable for one normal admission round (School
    Admission Appeals Code 2022 para 2.2: published on its website by 28 February).

    ``offer_date`` is national offer day (1 March for secondary places, 16 April for primary,
    or the next working day); ``lodging_deadline`` must allow at least 20 school days from it
    (Code para 2.3(a); checked by ``rules.check_lodging_deadline`` when the round is saved).
    """

    class Phase(models.TextChoices):
        PRIMARY = "primary", "Primary (Reception, infant and junior)"
        SECONDARY = "secondary", "Secondary"

    admission_authority = models.ForeignKey(
        AdmissionAuthority, on_delete=models.PROTECT, related_name="rounds"
    )
    entry_year = models.PositiveSmallIntegerField(
        help_text="The year the children start, for example 2026 for September 2026."
    )
    phase = models.CharField(max_length=10, choices=Phase.choices)
    offer_date = models.DateField()
    lodging_deadline = models.DateField()

    class Meta:
        ordering = ["-entry_year", "admission_authority__name", "phase"]
        constraints = [
            models.UniqueConstraint(
                fields=["admission_authority", "entry_year", "phase"],
                name="admission_round_unique",
            ),
            models.CheckConstraint(
                condition=Q(lodging_deadline__gt=F("offer_date")),
                name="admission_round_deadline_after_offer",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.admission_authority}: {self.get_phase_display()} places, {self.entry_year}"
