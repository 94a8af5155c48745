"""Councillors, co-opted members, their terms of office and political groups.

A ``Councillor`` row is a member of the council's committees as a person: an elected councillor
(``Kind.ELECTED``, in office through ``Term``s) or a co-opted member (``Kind.COOPTED``, in office
through ``CoOption``s). Both register interests (Localism Act 2011 s30(1)), receive allowances
(co-optees' allowance, SI 2003/1021 reg 9) and use the member portal; only elected councillors
represent wards, belong to political groups and count towards political balance.

``Councillor`` has no plain ``objects``: officer screens, services and the demo read
``Councillor.all_objects`` (everyone recorded); the public side reads
``Councillor.public_objects`` (through ``members.public``), which leaves out anyone never in
office (``members.rules.records.is_public_member``).
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Exists, OuterRef, Q, Subquery
from django.utils import timezone

from democracy.permissions import has_role
from democracy.roles import Role
from democracy.text_limits import SHORT, LimitedTextField
from democracy.validity import PeriodMixin, ends_after_start, in_force_on, no_overlap


class PoliticalGroup(models.Model):
    """A political group constituted under the Local Government (Committees and Political
    Groups) Regulations 1990 (SI 1990/1553) reg 8: the unit of political balance (LGHA 1989 s15).
    Councillors in no group are independents ("ungrouped members")."""

    name = models.CharField(max_length=100, unique=True)
    short_name = models.CharField(max_length=30)
    slug = models.SlugField(max_length=100, unique=True)
    colour = models.CharField(
        max_length=7,
        validators=[RegexValidator(r"^#[0-9a-fA-F]{6}$", "Enter a colour like #1d70b8")],
        help_text="Used beside the name, never alone, to tell groups apart.",
    )
    constituted_on = models.DateField(help_text="When the notice constituting the group was given.")
    dissolved_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class CouncillorQuerySet(models.QuerySet):
    def serving(self, on: date | None = None) -> CouncillorQuerySet:
        """Councillors holding office on ``on`` (today by default)."""
        on = on or timezone.localdate()
        return self.filter(pk__in=Term.objects.filter(in_force_on(on)).values("councillor_id"))

    def elected(self) -> CouncillorQuerySet:
        return self.filter(kind=Councillor.Kind.ELECTED)

    def co_opted(self, on: date | None = None) -> CouncillorQuerySet:
        """Co-opted members in office on ``on`` (today by default)."""
        on = on or timezone.localdate()
        return self.filter(pk__in=CoOption.objects.filter(in_force_on(on)).values("councillor_id"))

    def with_current_roles(self, on: date | None = None) -> CouncillorQuerySet:
        """Annotate ``current_ward_id``/``current_ward_name`` and ``current_group_name``/
        ``current_group_colour`` in the same query, so lists stay at a fixed number of queries."""
        on = on or timezone.localdate()
        term = Term.objects.filter(in_force_on(on), councillor=OuterRef("pk"))
        group = GroupMembership.objects.filter(in_force_on(on), councillor=OuterRef("pk"))
        return self.annotate(
            current_ward_id=Subquery(term.values("ward_id")[:1]),
            current_ward_name=Subquery(term.values("ward__name")[:1]),
            current_group_name=Subquery(group.values("group__name")[:1]),
            current_group_colour=Subquery(group.values("group__colour")[:1]),
        )


class PublicCouncillorManager(models.Manager.from_queryset(CouncillorQuerySet)):
    """Members with a public record (``members.rules.records.is_public_member`` in SQL): a
    councillor with a term of office, a co-opted member with a co-option. Nobody else, past or
    present, is named on any public page, export, feed or API."""

    def get_queryset(self) -> CouncillorQuerySet:
        has_term = Exists(Term.objects.filter(councillor=OuterRef("pk")))
        has_co_option = Exists(CoOption.objects.filter(councillor=OuterRef("pk")))
        return (
            super()
            .get_queryset()
            .filter(
                Q(has_term, kind=Councillor.Kind.ELECTED)
                | Q(has_co_option, kind=Councillor.Kind.COOPTED)
            )
        )


class Councillor(models.Model):
    """A member of the council's committees: an elected councillor or a co-opted member
    (``kind``). Its fields are public for a public member (``public_objects``) and for nobody
    else; private contact details live in ``PrivateContact``, which has no default manager."""

    class Kind(models.TextChoices):
        ELECTED = "elected", "Councillor"
        COOPTED = "coopted", "Co-opted member"

    kind = models.CharField(
        max_length=10,
        choices=Kind.choices,
        default=Kind.ELECTED,
        help_text="A co-opted member is not a councillor: they sit on committees by co-option.",
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="councillor",
        help_text="The account the councillor signs in to the member portal with.",
    )
    title = models.CharField(
        max_length=20, blank=True, help_text="For example Cllr Dr, Cllr; Mrs or Dr for a co-optee."
    )
    first_name = models.CharField(max_length=100)
    last_name = models.CharField(max_length=100)
    slug = models.SlugField(max_length=200, unique=True)
    council_email = models.EmailField(blank=True, help_text="The published council address.")
    council_phone = models.CharField(max_length=30, blank=True)

    all_objects = CouncillorQuerySet.as_manager()  # everyone recorded: officers and services
    public_objects = PublicCouncillorManager()  # the public side, through members.public

    class Meta:
        ordering = ["last_name", "first_name"]
        default_manager_name = "all_objects"
        base_manager_name = "all_objects"

    def __str__(self) -> str:
        return self.formal_name

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def is_co_opted(self) -> bool:
        return self.kind == self.Kind.COOPTED

    @property
    def formal_name(self) -> str:
        """ "Councillor Ann Smith" for a councillor; a co-opted member is not a councillor, so
        "Mrs Jane Doe" (their title and name)."""
        if self.is_co_opted:
            return f"{self.title} {self.full_name}".strip()
        return f"Councillor {self.full_name}"


class PrivateContactQuerySet(models.QuerySet):
    def visible_to(self, user) -> PrivateContactQuerySet:
        """A councillor sees their own details; democratic services officers see everyone's."""
        if has_role(user, Role.DEMOCRATIC_SERVICES_OFFICER, Role.DEMOCRATIC_SERVICES_MANAGER):
            return self
        if getattr(user, "is_authenticated", False):
            return self.filter(councillor__user=user)
        return self.none()


class PrivateContact(models.Model):
    """A councillor's home address and personal contact details: personal data, never public."""

    councillor = models.OneToOneField(
        Councillor, on_delete=models.CASCADE, related_name="private_contact"
    )
    home_address = LimitedTextField(max_length=SHORT, blank=True)
    personal_email = models.EmailField(blank=True)
    personal_phone = models.CharField(max_length=30, blank=True)

    private_objects = PrivateContactQuerySet.as_manager()

    class Meta:
        default_manager_name = "private_objects"

    def __str__(self) -> str:
        return f"Private contact details of {self.councillor}"


class Term(PeriodMixin, models.Model):
    """A term of office: a councillor representing a ward from one date to another."""

    class StartReason(models.TextChoices):
        ORDINARY_ELECTION = "ordinary", "Elected at an ordinary election"
        BY_ELECTION = "by_election", "Elected at a by-election"
        UNCONTESTED = "uncontested", "Returned unopposed"

    class EndReason(models.TextChoices):
        RETIRED = "retired", "Term ended at the ordinary election"
        DEFEATED = "defeated", "Not re-elected"
        RESIGNED = "resigned", "Resigned"
        DISQUALIFIED = "disqualified", "Disqualified"
        DIED = "died", "Died in office"

    councillor = models.ForeignKey(Councillor, on_delete=models.CASCADE, related_name="terms")
    ward = models.ForeignKey("elections.Ward", on_delete=models.PROTECT, related_name="terms")
    start_date = models.DateField(help_text="The fourth day after the poll for an election.")
    end_date = models.DateField(
        null=True, blank=True, help_text="The first day the councillor no longer holds office."
    )
    start_reason = models.CharField(max_length=20, choices=StartReason.choices)
    end_reason = models.CharField(max_length=20, choices=EndReason.choices, blank=True)

    class Meta:
        ordering = ["-start_date"]
        constraints = [
            models.CheckConstraint(condition=ends_after_start(), name="term_ends_after_start"),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True, end_reason="")
                | Q(end_date__isnull=False) & ~Q(end_reason=""),
                name="term_end_has_reason",
            ),
            no_overlap(
                "term_no_overlap",
                "councillor",
                message="This councillor already holds office for part of that period.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.councillor.full_name}, {self.ward} from {self.start_date:%-d %B %Y}"

    def clean(self) -> None:
        super().clean()
        if self.end_date and not self.end_reason:
            raise ValidationError({"end_reason": "Select why the term of office ended."})
        if self.end_reason and not self.end_date:
            raise ValidationError({"end_date": "Enter the date the term of office ended."})


class GroupMembership(PeriodMixin, models.Model):
    """Membership of a political group, dated so that political balance can be recomputed
    for any day (a change of group prompts a review under LGHA 1989 s15)."""

    councillor = models.ForeignKey(
        Councillor, on_delete=models.CASCADE, related_name="group_memberships"
    )
    group = models.ForeignKey(PoliticalGroup, on_delete=models.PROTECT, related_name="memberships")
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-start_date"]
        constraints = [
            models.CheckConstraint(
                condition=ends_after_start(), name="group_membership_ends_after_start"
            ),
            no_overlap(
                "group_membership_no_overlap",
                "councillor",
                message="This councillor is already in a group for part of that period.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.councillor.full_name} in {self.group}"


class CoOption(PeriodMixin, models.Model):
    """A period in which a person is a co-opted member of the authority: appointed to a
    committee or sub-committee without being a councillor (Localism Act 2011 s27(4); LGA 2000
    s49). ``start_date`` is the day they became a co-opted member, from which the 28 days to
    register their interests run (s30(1)); the co-optees' allowance (SI 2003/1021 reg 9) is paid
    pro rata by days co-opted when ``allowance_payable``. Their committee seats are recorded by
    meetings; ending the co-option ends them (``members.signals.left_office``)."""

    class EndReason(models.TextChoices):
        TERM_ENDED = "term_ended", "Term of appointment ended"
        RESIGNED = "resigned", "Resigned"
        REMOVED = "removed", "Appointment ended by the council"
        DIED = "died", "Died"

    councillor = models.ForeignKey(Councillor, on_delete=models.CASCADE, related_name="co_options")
    appointment = models.CharField(
        max_length=200,
        help_text="What they are co-opted as, for example Independent member of the Audit "
        "Committee or Parent governor representative.",
    )
    appointed_by = models.CharField(
        max_length=200, blank=True, help_text="The meeting or decision that appointed them."
    )
    voting = models.BooleanField(
        default=True,
        help_text="Entitled to vote on the committee. Only a voting co-optee is a co-opted "
        "member for the code of conduct and the register of interests (s27(4)).",
    )
    allowance_payable = models.BooleanField(
        default=True, help_text="Receives the scheme's co-optees' allowance."
    )
    start_date = models.DateField(help_text="The day they became a co-opted member.")
    end_date = models.DateField(
        null=True, blank=True, help_text="The first day they are no longer a co-opted member."
    )
    end_reason = models.CharField(max_length=20, choices=EndReason.choices, blank=True)

    class Meta:
        ordering = ["-start_date"]
        verbose_name = "co-option"
        constraints = [
            models.CheckConstraint(condition=ends_after_start(), name="co_option_ends_after_start"),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True, end_reason="")
                | Q(end_date__isnull=False) & ~Q(end_reason=""),
                name="co_option_end_has_reason",
            ),
            no_overlap(
                "co_option_no_overlap",
                "councillor",
                message="This person is already a co-opted member for part of that period.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.councillor.full_name}, {self.appointment} from {self.start_date:%-d %B %Y}"

    def clean(self) -> None:
        super().clean()
        if self.end_date and not self.end_reason:
            raise ValidationError({"end_reason": "Select why the co-option ended."})
        if self.end_reason and not self.end_date:
            raise ValidationError({"end_date": "Enter the date the co-option ended."})
