"""The forward plan: notices of key decisions (SI 2012/2089 reg 9) and of intended private
meetings of the executive (reg 5), with the general exception (reg 10) and special urgency
(reg 11) records for decisions that could not be given 28 clear days' notice.

An entry is a draft until its notice is published; drafts are for officers only, so there is
no plain ``objects`` manager: the public plan uses ``public()``, officers ``visible_to(user)``.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone

from democracy.permissions import has_role
from democracy.roles import Role
from democracy.text_limits import LONG, SHORT, LimitedTextField
from meetings.models.agenda import EXEMPT_PARAGRAPHS
from meetings.models.decisions import UrgencyAgreer

__all__ = ["ForwardPlanEntry"]


class ForwardPlanQuerySet(models.QuerySet):
    def public(self) -> ForwardPlanQuerySet:
        """Entries whose notice (or general exception notice, or special urgency agreement) has
        been made available, and that have not been withdrawn."""
        return self.filter(
            Q(notice_published_on__isnull=False)
            | Q(general_exception_notice_on__isnull=False)
            | Q(special_urgency_agreed_on__isnull=False),
            withdrawn_on__isnull=True,
        )

    def visible_to(self, user) -> ForwardPlanQuerySet:
        if has_role(user, Role.DEMOCRATIC_SERVICES_OFFICER, Role.DEMOCRATIC_SERVICES_MANAGER):
            return self.all()
        return self.public()

    def current(self) -> ForwardPlanQuerySet:
        """Entries not withdrawn and not yet decided."""
        return self.filter(withdrawn_on__isnull=True, decisions__isnull=True)


class ForwardPlanEntry(models.Model):
    """One decision on the forward plan, with what reg 9(1)(a)-(h) require the notice to say."""

    title = models.CharField(
        max_length=300,
        error_messages={"blank": "Enter the matter to be decided."},
        help_text="reg 9(1)(b): the matter to be decided.",
    )
    matter = LimitedTextField(
        max_length=LONG,
        blank=True,
        help_text="A fuller description of the matter in respect of which the "
        "decision is to be made.",
    )
    decision_maker_committee = models.ForeignKey(
        "meetings.Committee",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="forward_plan_entries",
        help_text="reg 9(1)(c): the decision-making body (the executive or a committee of it).",
    )
    decision_maker_name = models.CharField(
        max_length=200,
        blank=True,
        help_text="reg 9(1)(c): or the name and title of the individual decision maker.",
    )
    expected_decision_date = models.DateField(
        error_messages={"null": "Enter the date the decision is expected."},
        help_text="reg 9(1)(d): the date on which, or the start of the period in which, the "
        "decision is to be made.",
    )
    is_key_decision = models.BooleanField(default=True)
    documents = LimitedTextField(
        max_length=LONG,
        blank=True,
        help_text="reg 9(1)(e): the documents submitted to the decision maker for consideration.",
    )
    contact = models.CharField(
        max_length=300,
        error_messages={
            "blank": "Enter where copies of the documents can be obtained (reg 9(1)(f))."
        },
        help_text="reg 9(1)(f): the address from which copies of the documents may be obtained, "
        "or the contact officer.",
    )
    # reg 5: an intended private meeting (or private part of one).
    private = models.BooleanField(
        default=False, help_text="The decision is intended to be taken in private (reg 5)."
    )
    private_paragraphs = ArrayField(
        models.PositiveSmallIntegerField(),
        default=list,
        blank=True,
        help_text="The paragraphs of Schedule 12A that would make the meeting private.",
    )
    private_reasons = LimitedTextField(
        max_length=SHORT,
        blank=True,
        help_text="reg 5(3) and 5(5)(a): the reasons for holding the meeting in private.",
    )
    private_final_notice_on = models.DateField(
        null=True, blank=True, help_text="reg 5(4): the further notice five clear days before."
    )
    private_representations = LimitedTextField(
        max_length=LONG,
        blank=True,
        help_text="reg 5(5)(b): representations received about why the meeting "
        "should be open to the public.",
    )
    private_response = LimitedTextField(
        max_length=LONG,
        blank=True,
        help_text="reg 5(5)(c): the response to any such representations.",
    )
    private_urgency_agreed_by_role = models.CharField(
        max_length=30, choices=UrgencyAgreer.choices, blank=True
    )
    private_urgency_agreed_by = models.CharField(max_length=200, blank=True)
    private_urgency_agreed_on = models.DateField(null=True, blank=True)
    private_urgency_reasons = LimitedTextField(max_length=SHORT, blank=True)
    # reg 9(2): the notice of the key decision (and the reg 5(2) notice of intention).
    notice_published_on = models.DateField(null=True, blank=True)
    # reg 10: general exception.
    general_exception_reasons = LimitedTextField(
        max_length=SHORT,
        blank=True,
        help_text="reg 10(3): why compliance with reg 9 was impracticable.",
    )
    scrutiny_chair_informed_on = models.DateField(
        null=True, blank=True, help_text="reg 10(1)(a): the scrutiny chair informed in writing."
    )
    general_exception_notice_on = models.DateField(
        null=True, blank=True, help_text="reg 10(1)(b): the notice made available."
    )
    # reg 11: special urgency.
    special_urgency_agreed_by_role = models.CharField(
        max_length=30, choices=UrgencyAgreer.choices, blank=True
    )
    special_urgency_agreed_by = models.CharField(max_length=200, blank=True)
    special_urgency_agreed_on = models.DateField(null=True, blank=True)
    special_urgency_reasons = LimitedTextField(
        max_length=SHORT,
        blank=True,
        help_text="reg 11(3): why the decision is urgent and cannot be deferred.",
    )
    agenda_item = models.OneToOneField(
        "meetings.AgendaItem",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="forward_plan_entry",
        help_text="The agenda item at which the decision will be taken.",
    )
    withdrawn_on = models.DateField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(default=timezone.now)

    all_objects = ForwardPlanQuerySet.as_manager()

    class Meta:
        default_manager_name = "all_objects"
        base_manager_name = "all_objects"
        ordering = ["expected_decision_date", "pk"]
        verbose_name_plural = "forward plan entries"

    def __str__(self) -> str:
        return self.title

    @property
    def decision_maker(self) -> str:
        if self.decision_maker_committee_id and self.decision_maker_name:
            return f"{self.decision_maker_committee.name} ({self.decision_maker_name})"
        if self.decision_maker_committee_id:
            return self.decision_maker_committee.name
        return self.decision_maker_name

    @property
    def decision_date(self):
        """The meeting's date once the entry is on an agenda, else the expected date."""
        if self.agenda_item_id:
            return self.agenda_item.meeting.date
        return self.expected_decision_date

    def clean(self) -> None:
        super().clean()
        errors: dict[str, str] = {}
        if self.decision_maker_committee_id is None and not self.decision_maker_name.strip():
            errors["decision_maker_name"] = (
                "Choose the decision-making body, or enter the name and title of the decision "
                "maker (reg 9(1)(c))."
            )
        if self.private:
            allowed = EXEMPT_PARAGRAPHS[settings.COUNCIL_NATION]
            wrong = sorted(set(self.private_paragraphs) - set(allowed))
            if not self.private_paragraphs:
                errors["private_paragraphs"] = (
                    "Choose the paragraphs of Schedule 12A that make the meeting private."
                )
            elif wrong:
                errors["private_paragraphs"] = (
                    f"Schedule 12A has no paragraph {', '.join(map(str, wrong))} describing "
                    f"exempt information; choose from {min(allowed)} to {max(allowed)}."
                )
            if not self.private_reasons.strip():
                errors["private_reasons"] = (
                    "Enter the reasons for holding the meeting in private (reg 5(2))."
                )
        if errors:
            raise ValidationError(errors)
