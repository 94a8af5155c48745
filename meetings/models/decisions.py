"""The decisions register and call-in.

Every decision the council records: resolutions of committees, executive (cabinet) decisions,
decisions of individual executive members and key decisions taken by officers, each with the
written statement SI 2012/2089 regs 12-13 require (the decision and its date, the reasons, the
alternatives considered and rejected, any conflict of interest declared and any dispensation
granted by the head of paid service). Executive decisions can be called in by overview and
scrutiny (LGA 2000 s9F) until the window in the council's constitution closes.

A decision may contain exempt or confidential information (Sch 12A; SI 2012/2089 reg 20): its
title stays public, the details do not. ``Decision`` has no plain ``objects`` manager; the public
register uses ``public()``, which hands out restricted rows with their details blanked, and
officers use ``visible_to(user)``.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.query import ModelIterable
from django.utils import timezone

from democracy.permissions import has_role
from democracy.roles import Role
from democracy.text_limits import LONG, SHORT, LimitedTextField
from meetings.models.agenda import RestrictionMixin

__all__ = ["CallIn", "CallInSignature", "Decision", "UrgencyAgreer"]

# The parts of a decision's written statement withheld from the public when it is restricted.
RESTRICTED_DETAILS = (
    "decision",
    "reasons",
    "alternatives_considered",
    "conflicts_declared",
    "dispensations",
)


class UrgencyAgreer(models.TextChoices):
    """Who may agree that an executive decision (or a private meeting) is urgent and cannot
    reasonably be deferred: SI 2012/2089 reg 11(a)-(c) and reg 5(6), in that order."""

    SCRUTINY_CHAIR = "scrutiny_chair", "Chair of the relevant overview and scrutiny committee"
    AUTHORITY_CHAIR = "authority_chair", "Chair of the council"
    AUTHORITY_VICE_CHAIR = "authority_vice_chair", "Vice-chair of the council"


class WithheldDetailsIterable(ModelIterable):
    """Yields decisions with the details of restricted ones blanked (``details_withheld``)."""

    def __iter__(self):
        for decision in super().__iter__():
            if decision.is_restricted:
                for name in RESTRICTED_DETAILS:
                    setattr(decision, name, "")
                decision.details_withheld = True
            yield decision


class DecisionQuerySet(models.QuerySet):
    _withholds_details = False

    def _clone(self):
        clone = super()._clone()
        clone._withholds_details = self._withholds_details
        return clone

    def public(self) -> DecisionQuerySet:
        """The published register as anyone may read it: restricted decisions keep their title
        and dates but their written statement is blanked (``details_withheld``), and the
        register says which paragraphs of Schedule 12A apply."""
        qs = self.exclude(status=Decision.Status.RECORDED).filter(published_on__isnull=False)
        qs._iterable_class = WithheldDetailsIterable
        qs._withholds_details = True
        return qs

    def visible_to(self, user) -> DecisionQuerySet:
        """Democratic services officers see every decision in full, unpublished ones included;
        everyone else sees the public register."""
        if has_role(user, Role.DEMOCRATIC_SERVICES_OFFICER, Role.DEMOCRATIC_SERVICES_MANAGER):
            return self.all()
        return self.public()

    def _check_values(self, fields) -> None:
        if self._withholds_details and (not fields or set(fields) & set(RESTRICTED_DETAILS)):
            raise PermissionError(
                "The public register cannot read a decision's details as values(); "
                "iterate over the decisions instead, so restricted details are withheld."
            )

    def values(self, *fields, **expressions):
        self._check_values((*fields, *expressions))
        return super().values(*fields, **expressions)

    def values_list(self, *fields, flat=False, named=False):
        self._check_values(fields)
        return super().values_list(*fields, flat=flat, named=named)

    def open_for_call_in(self, today: date) -> DecisionQuerySet:
        return self.filter(status=Decision.Status.OPEN, call_in_deadline__gte=today)


class Decision(RestrictionMixin):
    """An entry in the decisions register."""

    class Kind(models.TextChoices):
        COMMITTEE_RESOLUTION = "committee", "Committee resolution"
        EXECUTIVE = "executive", "Executive (cabinet) decision"
        EXECUTIVE_MEMBER = "executive_member", "Individual executive member decision"
        OFFICER_KEY_DECISION = "officer_key", "Officer key decision"

    class Status(models.TextChoices):
        RECORDED = "recorded", "Recorded, not yet published"
        PUBLISHED = "published", "Published (not subject to call-in)"
        OPEN = "open", "Open for call-in"
        CALLED_IN = "called_in", "Called in"
        IMPLEMENTABLE = "implementable", "Implementable"
        URGENT = "urgent", "Urgent: exempt from call-in"
        REFERRED_BACK = "referred_back", "Referred back to the decision maker"
        REFERRED_TO_COUNCIL = "referred_to_council", "Referred to full council"

    EXECUTIVE_KINDS = frozenset({Kind.EXECUTIVE, Kind.EXECUTIVE_MEMBER, Kind.OFFICER_KEY_DECISION})

    kind = models.CharField(max_length=20, choices=Kind.choices)
    title = models.CharField(
        max_length=300,
        error_messages={"blank": "Enter the title."},
        help_text="Shown in the public register even when the details are exempt, so it must not "
        "disclose exempt information.",
    )
    decision_maker_committee = models.ForeignKey(
        "meetings.Committee",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="decisions",
        help_text="The committee, or the executive, that made the decision.",
    )
    decision_maker_councillor = models.ForeignKey(
        "members.Councillor",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="decisions",
        help_text="The executive member who made an individual decision.",
    )
    decision_maker_name = models.CharField(
        max_length=200,
        blank=True,
        help_text="The portfolio or officer post, e.g. Cabinet Member for Housing or Director "
        "of Place.",
    )
    meeting = models.ForeignKey(
        "meetings.Meeting",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="decisions",
    )
    agenda_item = models.ForeignKey(
        "meetings.AgendaItem",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="decisions",
    )
    resolution = models.OneToOneField(
        "meetings.Resolution",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="decision_notice",
        help_text="The minute the decision notice was drawn from.",
    )
    forward_plan_entry = models.ForeignKey(
        "meetings.ForwardPlanEntry",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="decisions",
    )
    is_key_decision = models.BooleanField(
        default=False,
        help_text="SI 2012/2089 reg 8: significant expenditure or savings, or "
        "significant effects on communities in two or more wards.",
    )
    # The written statement: SI 2012/2089 reg 12(a)-(e) and reg 13.
    decided_on = models.DateField(
        error_messages={"null": "Enter the date the decision was made."},
        help_text="reg 12(a): the date the decision was made.",
    )
    decision = LimitedTextField(
        max_length=LONG,
        error_messages={"blank": "Enter the decision."},
        help_text="reg 12(a): a record of the decision.",
    )
    reasons = LimitedTextField(
        max_length=LONG,
        error_messages={"blank": "Enter the reasons for the decision (reg 12(b))."},
        help_text="reg 12(b): the reasons for the decision.",
    )
    alternatives_considered = LimitedTextField(
        max_length=LONG,
        error_messages={
            "blank": "Enter the alternative options considered and rejected (reg 12(c)); "
            "write 'None' if there were none."
        },
        help_text="reg 12(c): the alternative options considered and rejected.",
    )
    conflicts_declared = LimitedTextField(
        max_length=LONG,
        blank=True,
        help_text="reg 12(d): any conflict of interest declared by a member consulted or of the "
        "decision-making body. Leave blank if none was declared. For a decision made at an "
        "agenda item, read from the declarations recorded at the item, never typed.",
    )
    dispensations = LimitedTextField(
        max_length=LONG,
        blank=True,
        help_text="reg 12(e): for a declared conflict, the note of any dispensation granted by "
        "the head of paid service.",
    )
    published_on = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.RECORDED)
    subject_to_call_in = models.BooleanField(default=False)
    call_in_deadline = models.DateField(
        null=True, blank=True, help_text="The last day a call-in may arrive."
    )
    implementable_on = models.DateField(null=True, blank=True)
    # Urgency: the decision is exempt from call-in (e.g. Gloucestershire call-in rule 10).
    urgency_agreed_by = models.CharField(
        max_length=300,
        blank=True,
        help_text="Who consented to the decision being treated as urgent, with their office.",
    )
    urgency_agreed_on = models.DateField(null=True, blank=True)
    urgency_reasons = LimitedTextField(
        max_length=SHORT,
        blank=True,
        help_text="Why delay would seriously prejudice the council or the public.",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(default=timezone.now)

    all_objects = DecisionQuerySet.as_manager()

    class Meta:
        default_manager_name = "all_objects"
        base_manager_name = "all_objects"
        ordering = ["-decided_on", "-pk"]
        indexes = [
            models.Index(fields=["status", "call_in_deadline"]),
            models.Index(fields=["-decided_on"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="recorded") | Q(published_on__isnull=False),
                name="decision_published_has_date",
            ),
            models.CheckConstraint(
                condition=~Q(status="urgent") | (~Q(urgency_agreed_by="") & ~Q(urgency_reasons="")),
                name="decision_urgent_has_consent",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    details_withheld = False

    def get_absolute_url(self) -> str:
        """The public register's page (details withheld there when restricted)."""
        from django.urls import reverse

        return reverse("meetings:public-decision", args=[self.pk])

    @property
    def is_executive(self) -> bool:
        return self.kind in self.EXECUTIVE_KINDS

    @property
    def is_published(self) -> bool:
        return self.status != self.Status.RECORDED

    @property
    def decision_maker(self) -> str:
        """The body or person who made the decision, for the register."""
        if self.decision_maker_councillor_id:
            who = self.decision_maker_councillor.full_name
            return f"{self.decision_maker_name} ({who})" if self.decision_maker_name else who
        if self.decision_maker_committee_id:
            return self.decision_maker_committee.name
        return self.decision_maker_name

    def clean(self) -> None:
        super().clean()
        errors = self.clean_restriction()
        if self.kind in (self.Kind.COMMITTEE_RESOLUTION, self.Kind.EXECUTIVE):
            if self.decision_maker_committee_id is None:
                errors["decision_maker_committee"] = "Choose the committee that made the decision."
        elif self.kind == self.Kind.EXECUTIVE_MEMBER:
            if self.decision_maker_councillor_id is None:
                errors["decision_maker_councillor"] = (
                    "Choose the executive member who made the decision."
                )
        elif self.kind == self.Kind.OFFICER_KEY_DECISION and not self.decision_maker_name.strip():
            errors["decision_maker_name"] = "Enter the post of the officer who made the decision."
        if self.dispensations.strip() and not self.conflicts_declared.strip():
            errors["conflicts_declared"] = (
                "Record the conflict of interest the dispensation relates to (reg 12(d))."
            )
        if (
            self.agenda_item_id
            and self.meeting_id
            and self.agenda_item.meeting_id != self.meeting_id
        ):
            errors["agenda_item"] = "The agenda item must be on the meeting's agenda."
        if self.published_on and self.decided_on and self.published_on < self.decided_on:
            errors["published_on"] = "A decision cannot be published before it is made."
        if self.urgency_agreed_by.strip() or self.urgency_reasons.strip():
            if not self.urgency_agreed_by.strip():
                errors["urgency_agreed_by"] = "Enter who agreed that the decision is urgent."
            if not self.urgency_reasons.strip():
                errors["urgency_reasons"] = "Enter why the decision is urgent."
            if self.urgency_agreed_on is None:
                errors["urgency_agreed_on"] = "Enter the date the urgency was agreed."
        if errors:
            raise ValidationError(errors)


class CallIn(models.Model):
    """A call-in of an executive decision by councillors (LGA 2000 s9F; the council's call-in
    procedure rules): started by a lead councillor with grounds, signed by others in the member
    portal, submitted, then considered by overview and scrutiny."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Collecting signatures"
        ACCEPTED = "accepted", "Called in: awaiting scrutiny"
        DECIDED = "decided", "Outcome recorded"
        LAPSED = "lapsed", "Lapsed: not submitted before the deadline"
        WITHDRAWN = "withdrawn", "Withdrawn"

    class Outcome(models.TextChoices):
        NO_FURTHER_ACTION = (
            "no_further_action",
            "No further action: the decision may be implemented",
        )
        REFERRED_BACK = "referred_back", "Referred back to the decision maker to reconsider"
        REFERRED_TO_COUNCIL = "referred_to_council", "Referred to full council"

    decision = models.ForeignKey(Decision, on_delete=models.PROTECT, related_name="call_ins")
    lead = models.ForeignKey(
        "members.Councillor", on_delete=models.PROTECT, related_name="led_call_ins"
    )
    grounds = LimitedTextField(
        max_length=LONG,
        error_messages={"blank": "Enter the grounds for the call-in."},
        help_text="Why the decision should be reviewed.",
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    signatories = models.ManyToManyField(
        "members.Councillor", through="CallInSignature", related_name="signed_call_ins"
    )

    class Received(models.TextChoices):
        PORTAL = "portal", "Through the member portal"
        PAPER = "paper", "On paper"
        EMAIL = "email", "By email"

    received_by = models.CharField(
        max_length=10,
        choices=Received.choices,
        default=Received.PORTAL,
        help_text="How the call-in reached democratic services.",
    )
    received_on = models.DateField(
        null=True,
        blank=True,
        help_text="The day a call-in on paper or by email arrived (it must arrive in the call-in "
        "period).",
    )
    created_at = models.DateTimeField(default=timezone.now)
    submitted_at = models.DateTimeField(null=True, blank=True)
    validity = models.JSONField(
        default=dict,
        blank=True,
        help_text="The checks made when the call-in was submitted: signatories, threshold, "
        "deadline.",
    )
    scrutiny_item = models.OneToOneField(
        "meetings.AgendaItem",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="call_in",
    )
    outcome = models.CharField(max_length=30, choices=Outcome.choices, blank=True)
    outcome_on = models.DateField(null=True, blank=True)
    outcome_meeting = models.ForeignKey(
        "meetings.Meeting",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="call_in_outcomes",
    )
    outcome_notes = LimitedTextField(max_length=LONG, blank=True)

    # Nothing of a call-in is public (the decision's status is, through ``Decision.public()``):
    # drafts and their grounds are for the councillors signing them and for officers.
    all_objects = models.Manager()

    class Meta:
        default_manager_name = "all_objects"
        base_manager_name = "all_objects"
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["decision", "lead"],
                condition=Q(status__in=["draft", "accepted"]),
                name="call_in_one_live_per_lead",
                violation_error_message="You have already started a call-in of this decision.",
            ),
            models.UniqueConstraint(
                fields=["decision"],
                condition=Q(status__in=["accepted", "decided"]),
                name="call_in_one_accepted_per_decision",
                violation_error_message="This decision has already been called in.",
            ),
            models.CheckConstraint(
                condition=Q(outcome="") | Q(outcome_on__isnull=False),
                name="call_in_outcome_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"Call-in of {self.decision}"


class CallInSignature(models.Model):
    """A councillor's signature on a call-in: made by the councillor in the member portal, or,
    on a call-in received on paper or by email, confirmed with the councillor by an officer
    (the date and the means of confirmation recorded)."""

    class Means(models.TextChoices):
        IN_PERSON = "in_person", "In person"
        PHONE = "phone", "By telephone"
        EMAIL = "email", "By email from their council address"
        LETTER = "letter", "By signed letter"

    call_in = models.ForeignKey(CallIn, on_delete=models.CASCADE, related_name="signatures")
    councillor = models.ForeignKey(
        "members.Councillor", on_delete=models.PROTECT, related_name="call_in_signatures"
    )
    signed_at = models.DateTimeField(default=timezone.now)
    confirmed_on = models.DateField(null=True, blank=True)
    confirmed_means = models.CharField(max_length=10, choices=Means.choices, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The officer who confirmed the signature with the councillor.",
    )

    all_objects = models.Manager()  # not public, like the call-in

    class Meta:
        default_manager_name = "all_objects"
        base_manager_name = "all_objects"
        ordering = ["signed_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["call_in", "councillor"],
                name="call_in_signature_once",
                violation_error_message="You have already signed this call-in.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.councillor.full_name} signed {self.call_in}"
