"""Electoral geography: wards and polling districts.

The register of electors, polls, candidates and results build on these in the elections issue.
"""

from __future__ import annotations

from datetime import date

from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone


class WardQuerySet(models.QuerySet):
    def current(self, on: date | None = None) -> WardQuerySet:
        """Wards in force on ``on`` (today by default): a boundary review abolishes and creates
        wards, and the old ones stay for the history of elections and terms of office."""
        on = on or timezone.localdate()
        return self.filter(
            Q(abolished_on__isnull=True) | Q(abolished_on__gt=on), created_on__lte=on
        )


class Ward(models.Model):
    """An electoral ward (or division, in a county) returning one or more councillors."""

    name = models.CharField(max_length=100)
    slug = models.SlugField(max_length=100, unique=True)
    gss_code = models.CharField(
        "GSS code",
        max_length=9,
        blank=True,
        validators=[
            RegexValidator(r"^[ENSW]\d{8}$", "Enter a 9-character GSS code, like E05012345")
        ],
        help_text="The Office for National Statistics code, like E05012345.",
    )
    seats = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1)], help_text="How many councillors the ward returns."
    )
    created_on = models.DateField(help_text="When the ward came into force (the order's date).")
    abolished_on = models.DateField(null=True, blank=True)

    objects = WardQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["gss_code"], condition=~Q(gss_code=""), name="ward_unique_gss_code"
            ),
            models.CheckConstraint(
                condition=Q(abolished_on__isnull=True) | Q(abolished_on__gt=models.F("created_on")),
                name="ward_abolished_after_created",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class PollingDistrict(models.Model):
    """A polling district: the unit the register and polling stations are organised by."""

    ward = models.ForeignKey(Ward, on_delete=models.PROTECT, related_name="polling_districts")
    code = models.CharField(
        max_length=10,
        validators=[
            RegexValidator(r"^[A-Z0-9]{1,10}$", "Use capital letters and numbers, like KA1")
        ],
        help_text="The district's letters, printed before each elector number, like KA1.",
    )
    name = models.CharField(max_length=100)

    class Meta:
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(fields=["code"], name="polling_district_unique_code")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"
