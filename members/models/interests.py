"""Registers of interests, dispensations, and gifts and hospitality.

The register (Localism Act 2011 s29) is versioned: a member's ``InterestDeclaration`` is a
submission (draft, submitted, returned with a reason, published). Members are councillors and
co-opted members alike (``Councillor.kind``). Publishing one makes it an immutable version,
numbered per member; the newest published version is the current register
and every earlier one stays viewable. A change starts a new draft copied from the current
version.

Sensitive interests (s32): a line marked sensitive, with the monitoring officer's agreement
recorded, appears on every public route only as the s32(2) words under its category.
``Interest`` has no plain ``objects`` manager: public code takes ``Interest.private_objects
.public()``, which returns rows (dicts) whose detail fields of a sensitive line are already
replaced in SQL, so no public page, export or API can reach them.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Case, F, OuterRef, Q, Subquery, Value, When

from democracy.permissions import has_role
from democracy.roles import MEMBER_ROLES, Role
from democracy.text_limits import LONG, SHORT, LimitedTextField
from members.models.councillors import Councillor
from members.rules import interests as rules
from members.rules.interests import Category

OFFICERS = (Role.DEMOCRATIC_SERVICES_OFFICER, Role.DEMOCRATIC_SERVICES_MANAGER)


def is_officer(user) -> bool:
    return has_role(user, *OFFICERS)


class DeclarationQuerySet(models.QuerySet):
    def published(self) -> DeclarationQuerySet:
        return self.filter(status=InterestDeclaration.Status.PUBLISHED)

    def current(self) -> DeclarationQuerySet:
        """Each councillor's newest published version."""
        newest = (
            InterestDeclaration.all_objects.published()
            .filter(councillor=OuterRef("councillor"))
            .order_by("-version")
            .values("pk")[:1]
        )
        return self.published().filter(pk=Subquery(newest))

    def visible_to(self, user) -> DeclarationQuerySet:
        """Officers see every declaration; a member (councillor or co-opted) their own; nobody
        else any (the public read published versions through
        ``Interest.private_objects.public()``)."""
        if is_officer(user):
            return self
        if has_role(user, *MEMBER_ROLES):
            return self.filter(councillor__user=user)
        return self.none()


class InterestDeclaration(models.Model):
    """One submission of a member's register; once published, an immutable version.

    ``councillor`` is the member: an elected councillor or a co-opted member (s30(1) applies to
    "a member or co-opted member"). The 28 days of ``rules.registration_due`` run from the day
    they took office: a councillor's ``members.Term.start_date``, a co-opted member's
    ``members.CoOption.start_date``. Only a co-option with a vote makes someone a co-opted member
    under s27(4); a non-voting co-optee may register voluntarily but has no deadline
    (``rules.must_register``).
    """

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SUBMITTED = "submitted", "Submitted"
        RETURNED = "returned", "Returned"
        PUBLISHED = "published", "Published"

    councillor = models.ForeignKey(
        Councillor, on_delete=models.PROTECT, related_name="interest_declarations"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    change_aware_on = models.DateField(
        null=True,
        blank=True,
        help_text="For a change to the register: the day you became aware of it.",
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    return_reason = LimitedTextField(max_length=SHORT, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    all_objects = DeclarationQuerySet.as_manager()

    class Meta:
        default_manager_name = "all_objects"
        base_manager_name = "all_objects"
        ordering = ["councillor", "-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["councillor", "version"], name="interest_declaration_unique_version"
            ),
            models.UniqueConstraint(
                fields=["councillor"],
                condition=~Q(status="published"),
                name="interest_declaration_one_open",
                violation_error_message="This councillor already has a declaration in progress.",
            ),
            models.CheckConstraint(
                condition=Q(status="published", version__isnull=False, published_at__isnull=False)
                | (~Q(status="published") & Q(version__isnull=True)),
                name="interest_declaration_published_has_version",
            ),
        ]

    def __str__(self) -> str:
        if self.version:
            return f"Register of interests of {self.councillor.full_name}, version {self.version}"
        return f"{self.get_status_display()} register of interests of {self.councillor.full_name}"

    @property
    def is_editable(self) -> bool:
        return self.status in (self.Status.DRAFT, self.Status.RETURNED)


def _withheld_unless_public(field: str, withheld: str = "") -> Case:
    return Case(
        When(sensitive=True, then=Value(withheld)),
        default=F(field),
        output_field=models.TextField(),
    )


class InterestQuerySet(models.QuerySet):
    PUBLIC_FIELDS = (
        "id",
        "declaration_id",
        "category",
        "position",
        "withheld",
        "public_whose",
        "public_description",
        "public_organisation",
        "public_address",
    )

    def public(self):
        """Rows of published versions, as dicts, with a sensitive line's details replaced by the
        s32(2) words in SQL: no field of it leaves the database."""
        return (
            self.filter(declaration__status=InterestDeclaration.Status.PUBLISHED)
            .annotate(
                withheld=F("sensitive"),
                public_whose=_withheld_unless_public("whose"),
                public_description=_withheld_unless_public("description", rules.WITHHELD),
                public_organisation=_withheld_unless_public("organisation"),
                public_address=_withheld_unless_public("address"),
            )
            .order_by("declaration_id", "position", "id")
            .values(*self.PUBLIC_FIELDS)
        )

    def visible_to(self, user) -> InterestQuerySet:
        return self.filter(
            declaration__in=InterestDeclaration.all_objects.visible_to(user).values("pk")
        )


class Interest(models.Model):
    """One line of a declaration."""

    class Whose(models.TextChoices):
        SELF = "self", "Yours"
        PARTNER = "partner", "Your spouse, civil partner or cohabitee"

    declaration = models.ForeignKey(
        InterestDeclaration, on_delete=models.CASCADE, related_name="interests"
    )
    position = models.PositiveSmallIntegerField(default=0)
    category = models.CharField(
        max_length=30, choices=[(c.value, rules.CATEGORY_LABELS[c]) for c in Category]
    )
    whose = models.CharField(max_length=10, choices=Whose.choices, default=Whose.SELF)
    description = LimitedTextField(max_length=LONG)
    organisation = models.CharField(
        max_length=300,
        blank=True,
        help_text="The employer, company, body or organisation, as it would be named in a report.",
    )
    address = LimitedTextField(
        max_length=SHORT,
        blank=True,
        help_text="For land, licences and tenancies: the address or description.",
    )
    sensitive = models.BooleanField(
        default=False,
        help_text="Withheld from the published register under Localism Act 2011 s32.",
    )
    sensitive_reason = LimitedTextField(
        max_length=SHORT,
        blank=True,
        help_text="Why disclosure could lead to violence or intimidation.",
    )
    sensitive_agreed_by = models.CharField(
        max_length=200, blank=True, help_text="The monitoring officer who agreed."
    )
    sensitive_agreed_on = models.DateField(null=True, blank=True)

    private_objects = InterestQuerySet.as_manager()

    class Meta:
        default_manager_name = "private_objects"
        base_manager_name = "private_objects"
        ordering = ["declaration", "position", "id"]

    def __str__(self) -> str:
        return f"{self.get_category_display()} ({self.declaration})"

    @property
    def is_disclosable_pecuniary(self) -> bool:
        return rules.is_disclosable_pecuniary(self.category)

    def clean(self) -> None:
        super().clean()
        errors: dict[str, str] = {}
        if (
            self.whose == self.Whose.PARTNER
            and self.category
            and not rules.partner_may_hold(self.category)
        ):
            errors["whose"] = (
                "Only disclosable pecuniary interests are registered for a spouse, civil partner "
                "or cohabitee; this category is for your own interests."
            )
        if not self.description.strip():
            errors["description"] = "Describe the interest."
        if self.sensitive_agreed_by and not self.sensitive:
            errors["sensitive_agreed_by"] = "Only a sensitive interest needs the agreement."
        if self.sensitive_agreed_by and not self.sensitive_agreed_on:
            errors["sensitive_agreed_on"] = "Enter the date the monitoring officer agreed."
        if errors:
            raise ValidationError(errors)


class Dispensation(models.Model):
    """A dispensation under Localism Act 2011 s33: lets a member with a DPI take part in, or vote
    on, business they otherwise could not, for a stated period of at most four years."""

    class Ground(models.TextChoices):
        # s33(2)(a)-(e)
        QUORUM = "a", "Too many members would otherwise be prohibited to transact the business"
        BALANCE = "b", "The political balance would otherwise be upset so as to alter the outcome"
        INTERESTS = "c", "It is in the interests of people living in the area"
        EXECUTIVE = "d", "Every member of the executive would otherwise be prohibited"
        APPROPRIATE = "e", "It is otherwise appropriate to grant it"

    councillor = models.ForeignKey(
        Councillor, on_delete=models.PROTECT, related_name="dispensations"
    )
    granted_by = models.CharField(
        max_length=200, help_text="The committee or officer who granted it, for example Standards."
    )
    granted_on = models.DateField()
    expires_on = models.DateField(help_text="At most four years after the grant (s33(3)).")
    ground = models.CharField(max_length=1, choices=Ground.choices)
    scope = LimitedTextField(max_length=SHORT, help_text="The business or items it covers.")
    reasons = LimitedTextField(max_length=LONG)
    recorded_at = models.DateTimeField(auto_now_add=True)

    # Published in full, but only those of a public member (members.public): no plain objects.
    all_objects = models.Manager()

    class Meta:
        ordering = ["-granted_on", "id"]
        default_manager_name = "all_objects"

    def __str__(self) -> str:
        return f"Dispensation for {self.councillor.full_name} from {self.granted_on:%-d %B %Y}"

    def clean(self) -> None:
        super().clean()
        if self.granted_on and self.expires_on:
            latest = rules.dispensation_latest_expiry(self.granted_on)
            if self.expires_on <= self.granted_on:
                raise ValidationError({"expires_on": "The expiry date must be after the grant."})
            if self.expires_on > latest:
                raise ValidationError(
                    {
                        "expires_on": "A dispensation may last at most four years (Localism Act "
                        f"2011 s33(3)): the latest expiry is {latest:%-d %B %Y}."
                    }
                )


class GiftQuerySet(models.QuerySet):
    def public(self) -> GiftQuerySet:
        return self.filter(status=GiftOrHospitality.Status.PUBLISHED)

    def visible_to(self, user) -> GiftQuerySet:
        if is_officer(user):
            return self
        if has_role(user, *MEMBER_ROLES):
            return self.filter(Q(councillor__user=user) | Q(status="published"))
        return self.public()


class GiftOrHospitality(models.Model):
    """A gift or hospitality received, or offered and declined (LGA Model Code 2020 9.2, 9.3).

    The member registers it (submitted); a democratic services officer publishes it, or returns
    it to the member with a reason (returned) for the member to correct and resubmit, as a
    declaration of interests is returned. A published entry is never changed.

    ``registered_on`` is the day the member first registered it with the monitoring officer and
    is kept when a returned entry is corrected and resubmitted: the registration of 9.2 was made
    that day, and an officer's review does not restart the 28 days (see
    ``members.services.interests.gift_resubmit``).
    """

    class Kind(models.TextChoices):
        GIFT = "gift", "Gift"
        HOSPITALITY = "hospitality", "Hospitality"

    class Status(models.TextChoices):
        SUBMITTED = "submitted", "Awaiting review"
        RETURNED = "returned", "Returned for correction"
        PUBLISHED = "published", "Published"

    councillor = models.ForeignKey(Councillor, on_delete=models.PROTECT, related_name="gifts")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    donor = models.CharField(max_length=300, help_text="Who gave or offered it.")
    description = LimitedTextField(max_length=LONG)
    estimated_value = models.DecimalField(
        max_digits=10, decimal_places=2, validators=[MinValueValidator(Decimal("0.00"))]
    )
    received_on = models.DateField(help_text="The day it was received or offered.")
    accepted = models.BooleanField(default=True)
    reason = LimitedTextField(
        max_length=SHORT, blank=True, help_text="The occasion, or why it was declined."
    )
    registered_on = models.DateField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.SUBMITTED)
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    return_reason = LimitedTextField(
        max_length=SHORT,
        blank=True,
        help_text="Why democratic services returned it to the member for correction.",
    )
    returned_at = models.DateTimeField(null=True, blank=True)
    returned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    all_objects = GiftQuerySet.as_manager()

    class Meta:
        default_manager_name = "all_objects"
        base_manager_name = "all_objects"
        ordering = ["-received_on", "id"]
        verbose_name = "gift or hospitality"
        verbose_name_plural = "gifts and hospitality"
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="returned") | ~Q(return_reason=""),
                name="gift_returned_has_reason",
                violation_error_message="Say why the entry is being returned.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} from {self.donor} ({self.councillor.full_name})"

    @property
    def is_correctable(self) -> bool:
        """Only a returned entry may be changed, and only by its member."""
        return self.status == self.Status.RETURNED

    def clean(self) -> None:
        super().clean()
        if self.received_on and self.registered_on and self.registered_on < self.received_on:
            raise ValidationError(
                {"received_on": "The date received cannot be after the date it is registered."}
            )
