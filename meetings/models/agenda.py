"""Agendas: items, the reports behind them, their appendices and the sign-offs that clear them.

Exempt information (LGA 1972 s100A(4), Sch 12A) and confidential information (s100A(2)) are
marked on the item (the whole item is taken in private) or on a single report or appendix. A
marked document never reaches the public by any route: every query for documents chooses
``public()`` or ``visible_to(user)``; these models have no plain ``objects`` manager.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.db.models.query import ModelIterable
from django.utils import timezone

from democracy.constitution import sign_off_chain
from democracy.permissions import has_role
from democracy.roles import MEMBER_ROLES, Role
from democracy.statutory import Nation
from democracy.storage import private_storage
from democracy.text_limits import DOCUMENT, LONG, SHORT, LimitedTextField
from meetings.models.committees import sits_on_committee
from meetings.rules import privacy

# Schedule 12A paragraphs that describe exempt information, by nation. England: Part 1 paras 1-7
# (as substituted by SI 2006/88). Wales: Part 4 paras 12-18 (SI 2007/1022 (W.102)).
__all__ = ["AgendaItem", "Appendix", "Report", "SignOff"]


EXEMPT_PARAGRAPHS: dict[Nation, dict[int, str]] = {
    Nation.ENGLAND: {
        1: "Information relating to any individual.",
        2: "Information which is likely to reveal the identity of an individual.",
        3: "Information relating to the financial or business affairs of any particular person "
        "(including the authority holding that information).",
        4: "Information relating to any consultations or negotiations, or contemplated "
        "consultations or negotiations, in connection with any labour relations matter arising "
        "between the authority or a Minister of the Crown and employees of, or office holders "
        "under, the authority.",
        5: "Information in respect of which a claim to legal professional privilege could be "
        "maintained in legal proceedings.",
        6: "Information which reveals that the authority proposes (a) to give under any enactment "
        "a notice under or by virtue of which requirements are imposed on a person; or (b) to "
        "make an order or direction under any enactment.",
        7: "Information relating to any action taken or to be taken in connection with the "
        "prevention, investigation or prosecution of crime.",
    },
    Nation.WALES: {
        12: "Information relating to a particular individual.",
        13: "Information which is likely to reveal the identity of an individual.",
        14: "Information relating to the financial or business affairs of any particular person "
        "(including the authority holding that information).",
        15: "Information relating to any consultations or negotiations, or contemplated "
        "consultations or negotiations, in connection with any labour relations matter arising "
        "between the authority or a Minister of the Crown and employees of, or office holders "
        "under, the authority.",
        16: "Information in respect of which a claim to legal professional privilege could be "
        "maintained in legal proceedings.",
        17: "Information which reveals that the authority proposes (a) to give under any enactment "
        "a notice under or by virtue of which requirements are imposed on a person; or (b) to "
        "make an order or direction under any enactment.",
        18: "Information relating to any action taken or to be taken in connection with the "
        "prevention, investigation or prosecution of crime.",
    },
}

SCHEDULE_12A_PART = {Nation.ENGLAND: "Part 1", Nation.WALES: "Part 4"}


def restriction_notice(paragraphs: list[int], *, confidential: bool, nation: Nation) -> str:
    """The words printed in place of a document withheld from the public (s100B(5))."""
    if confidential:
        return (
            "Not for publication: this document contains confidential information within the "
            "meaning of section 100A(3) of the Local Government Act 1972."
        )
    ordered = [str(p) for p in sorted(paragraphs)]
    listed = ordered[0] if len(ordered) == 1 else f"{', '.join(ordered[:-1])} and {ordered[-1]}"
    noun = "paragraph" if len(paragraphs) == 1 else "paragraphs"
    return (
        f"Not for publication by virtue of {noun} {listed} of {SCHEDULE_12A_PART[nation]} of "
        "Schedule 12A to the Local Government Act 1972."
    )


class RestrictionMixin(models.Model):
    """Exempt paragraphs, the public interest statement and the confidential flag."""

    exempt_paragraphs = ArrayField(
        models.PositiveSmallIntegerField(),
        default=list,
        blank=True,
        help_text="The paragraphs of Schedule 12A describing the exempt information.",
    )
    public_interest_statement = LimitedTextField(
        max_length=LONG,
        blank=True,
        help_text="Why the public interest in keeping it exempt outweighs the public interest in "
        "disclosing it (Sch 12A para 10).",
    )
    confidential = models.BooleanField(
        default=False,
        help_text="Confidential information (s100A(3)): the public must be excluded.",
    )

    class Meta:
        abstract = True

    @property
    def is_restricted(self) -> bool:
        """Marked exempt or confidential itself (``meetings.rules.privacy.is_marked``). Whether
        an agenda item is taken in private is a wider question: ``privacy.item_is_private``."""
        return privacy.is_marked(self)

    def restriction_notice(self) -> str:
        return restriction_notice(
            self.exempt_paragraphs, confidential=self.confidential, nation=settings.COUNCIL_NATION
        )

    def clean_restriction(self) -> dict[str, str]:
        errors: dict[str, str] = {}
        allowed = EXEMPT_PARAGRAPHS[settings.COUNCIL_NATION]
        wrong = sorted(set(self.exempt_paragraphs) - set(allowed))
        if wrong:
            listed = ", ".join(str(p) for p in wrong)
            errors["exempt_paragraphs"] = (
                f"Schedule 12A has no paragraph {listed} describing exempt information; "
                f"choose from {min(allowed)} to {max(allowed)}."
            )
        if len(set(self.exempt_paragraphs)) != len(self.exempt_paragraphs):
            errors["exempt_paragraphs"] = "Each paragraph may be given once."
        if self.exempt_paragraphs and not self.public_interest_statement.strip():
            errors["public_interest_statement"] = (
                "Explain why the public interest in maintaining the exemption outweighs the "
                "public interest in disclosure."
            )
        return errors


def marked(prefix: str = "") -> Q:
    """The row reached through ``prefix`` is marked exempt or confidential: the SQL form of
    ``meetings.rules.privacy.is_marked``."""
    return Q(**{f"{prefix}confidential": True}) | ~Q(**{f"{prefix}exempt_paragraphs": []})


def taken_in_private() -> Q:
    """The agenda item is taken in private: the SQL form of
    ``meetings.rules.privacy.item_is_private`` (it or its report is marked, or its parent item
    or the parent's report is). Every part is a column of the item or an EXISTS, so the answer
    is never NULL."""
    marked_reports = Report.all_objects.filter(marked())
    marked_items = AgendaItem.all_objects.filter(marked())
    return (
        marked()
        | Q(Exists(marked_reports.filter(item=OuterRef("pk"))))
        | Q(Exists(marked_items.filter(pk=OuterRef("parent_id"))))
        | Q(Exists(marked_reports.filter(item=OuterRef("parent_id"))))
    )


def item_private(ref: str) -> Q:
    """The agenda item whose id is at ``ref`` (``"item__pk"`` from a report, ``"object_id"``
    from a search entry…) is taken in private (``taken_in_private``)."""
    return Q(Exists(AgendaItem.all_objects.filter(taken_in_private(), pk=OuterRef(ref))))


class PublicItemIterable(ModelIterable):
    """Yields public agenda items with the description of a private one blanked: the title of
    an item taken in private is public, what it is about beyond that may not be
    (``meetings.rules.privacy``)."""

    def __iter__(self):
        for item in super().__iter__():
            if item.is_private:
                item.description = ""
            yield item


class AgendaItemQuerySet(models.QuerySet):
    def with_privacy(self) -> AgendaItemQuerySet:
        """Each item annotated ``is_private`` (``meetings.rules.privacy.item_is_private``)."""
        return self.annotate(
            is_private=models.ExpressionWrapper(
                taken_in_private(), output_field=models.BooleanField()
            )
        )

    def taken_in_public(self) -> AgendaItemQuerySet:
        return self.exclude(taken_in_private())

    def taken_in_private(self) -> AgendaItemQuerySet:
        return self.filter(taken_in_private())

    def public(self) -> AgendaItemQuerySet:
        """The items of published agendas, each annotated ``is_private``; the description of a
        private item comes back blank. Never ``values()`` this: it would read the text."""
        qs = self.filter(meeting__agenda_published_at__isnull=False).with_privacy()
        qs._iterable_class = PublicItemIterable
        return qs


class AgendaItem(RestrictionMixin):
    """One item of business on a meeting's agenda, or a sub-item of one."""

    class Kind(models.TextChoices):
        APOLOGIES = "apologies", "Apologies for absence and substitutions"
        DECLARATIONS = "declarations", "Declarations of interest"
        MINUTES = "minutes", "Minutes of the previous meeting"
        URGENT_BUSINESS = "urgent_business", "Urgent business"
        EXCLUSION = "exclusion", "Exclusion of the press and public"
        BUSINESS = "business", "Business"

    meeting = models.ForeignKey("meetings.Meeting", on_delete=models.CASCADE, related_name="items")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="sub_items"
    )
    position = models.PositiveSmallIntegerField()
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.BUSINESS)
    title = models.CharField(max_length=300)
    description = LimitedTextField(max_length=LONG, blank=True)
    is_key_decision = models.BooleanField(default=False)
    added_late = models.BooleanField(
        default=False, help_text="Added after the agenda was published."
    )
    urgency_reasons = LimitedTextField(
        max_length=SHORT,
        blank=True,
        help_text="The chair's reasons for considering the item as a matter of urgency "
        "(LGA 1972 s100B(4)(b)).",
    )
    created_at = models.DateTimeField(default=timezone.now)

    all_objects = AgendaItemQuerySet.as_manager()

    class Meta:
        default_manager_name = "all_objects"
        base_manager_name = "all_objects"
        ordering = ["meeting", "position"]
        constraints = [
            # Deferred, so a reorder can swap positions inside one transaction.
            models.UniqueConstraint(
                fields=["meeting", "parent", "position"],
                name="agenda_item_unique_position",
                nulls_distinct=False,
                deferrable=models.Deferrable.DEFERRED,
            ),
            models.CheckConstraint(
                condition=Q(added_late=False) | ~Q(urgency_reasons=""),
                name="agenda_item_late_needs_reasons",
                violation_error_message="Record the chair's reasons for considering a late item.",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        super().clean()
        errors = self.clean_restriction()
        if self.added_late and not self.urgency_reasons.strip():
            errors["urgency_reasons"] = (
                "Record the chair's reasons for considering this item as a matter of urgency."
            )
        if errors:
            raise ValidationError(errors)


class DocumentQuerySet(models.QuerySet):
    """Visibility of reports and appendices. ``item_path`` reaches the agenda item."""

    item_path = "item__"

    def _restricted_anywhere(self) -> Q:
        """The document is marked, or its item is taken in private (``taken_in_private``: that
        covers the item, its report, which is an appendix's report, its parent item and the
        parent's report)."""
        return marked() | item_private(f"{self.item_path}pk")

    def _published(self) -> Q:
        """Published with the agenda, and cleared: a draft (say of a late item still being
        written) is never published by the agenda having been."""
        status = "report__status" if self.model is Appendix else "status"
        return Q(
            **{f"{self.item_path}meeting__agenda_published_at__isnull": False, status: "ready"}
        )

    def public(self):
        """What anyone may read: published with the agenda and restricted nowhere."""
        return self.filter(self._published()).exclude(self._restricted_anywhere())

    def visible_to(self, user):
        """Officers see everything. A councillor also sees restricted documents of meetings of
        committees they sit on (on the meeting's date). A report author sees their own reports
        and appendices at every stage. Everyone else sees what is public."""
        if has_role(user, Role.DEMOCRATIC_SERVICES_OFFICER, Role.DEMOCRATIC_SERVICES_MANAGER):
            return self
        visible = self._published() & ~self._restricted_anywhere()
        if has_role(user, *MEMBER_ROLES):
            visible |= self._published() & sits_on_committee(user, f"{self.item_path}meeting")
        if has_role(user, Role.REPORT_AUTHOR):
            author = "report__author" if self.model is Appendix else "author"
            visible |= Q(**{author: user})
        return self.filter(visible)


class ReportQuerySet(DocumentQuerySet):
    item_path = "item__"


class AppendixQuerySet(DocumentQuerySet):
    item_path = "report__item__"


def upload_to(instance, filename: str) -> str:
    return f"meetings/{timezone.now():%Y/%m}/{filename}"


class Report(RestrictionMixin):
    """The officer's report for an agenda item: written here (sanitised HTML), uploaded as a PDF,
    or both, and cleared through the council's sign-offs before it is ready."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        AWAITING_SIGN_OFF = "awaiting_sign_off", "Awaiting sign-off"
        CHANGES_REQUESTED = "changes_requested", "Changes requested"
        READY = "ready", "Ready"
        WITHDRAWN = "withdrawn", "Withdrawn"

    item = models.OneToOneField(AgendaItem, on_delete=models.CASCADE, related_name="report")
    title = models.CharField(max_length=300)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reports",
    )
    body_html = LimitedTextField(max_length=DOCUMENT, blank=True)
    pdf = models.FileField(upload_to=upload_to, storage=private_storage, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    submitted_at = models.DateTimeField(null=True, blank=True)
    ready_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    template = models.ForeignKey(
        "meetings.ReportTemplate",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reports",
        help_text="The council's report template the report is written in, section by section.",
    )

    all_objects = ReportQuerySet.as_manager()

    class Meta:
        default_manager_name = "all_objects"
        base_manager_name = "all_objects"

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        super().clean()
        errors = self.clean_restriction()
        if errors:
            raise ValidationError(errors)


class Appendix(RestrictionMixin):
    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="appendices")
    position = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=300)
    body_html = LimitedTextField(max_length=DOCUMENT, blank=True)
    pdf = models.FileField(upload_to=upload_to, storage=private_storage, blank=True)

    all_objects = AppendixQuerySet.as_manager()

    class Meta:
        default_manager_name = "all_objects"
        base_manager_name = "all_objects"
        ordering = ["report", "position"]
        verbose_name_plural = "appendices"
        constraints = [
            models.UniqueConstraint(fields=["report", "position"], name="appendix_unique_position")
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def label(self) -> str:
        return f"Appendix {self.position}"

    def clean(self) -> None:
        super().clean()
        errors = self.clean_restriction()
        if not self.body_html.strip() and not self.pdf:
            errors["pdf"] = "Upload the appendix as a PDF, or write its text."
        if errors:
            raise ValidationError(errors)


class SignOff(models.Model):
    """A clearance decision on a report by one of the council's sign-off roles (legal, finance,
    director: ``sign_off_chain()``), given by its holder in their own account or recorded by an
    officer with the evidence of a sign-off given outside the system."""

    class Decision(models.TextChoices):
        APPROVED = "approved", "Approved"
        CHANGES_REQUESTED = "changes_requested", "Changes requested"

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="sign_offs")
    role = models.CharField(max_length=50)
    decision = models.CharField(max_length=20, choices=Decision.choices)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="sign_offs"
    )
    signed_at = models.DateTimeField(default=timezone.now)
    comments = LimitedTextField(max_length=SHORT, blank=True)
    # A sign-off given outside the system (by email, on paper) and recorded by an officer carries
    # its evidence; one given by the approver in their own account has none.
    recorded_by_officer = models.BooleanField(default=False)
    evidence = LimitedTextField(max_length=SHORT, blank=True)

    # Clearance of a report is internal (the comments are about drafts): never public.
    all_objects = models.Manager()

    class Meta:
        default_manager_name = "all_objects"
        base_manager_name = "all_objects"
        ordering = ["signed_at"]

    def __str__(self) -> str:
        return f"{self.role}: {self.get_decision_display()} ({self.report})"

    def clean(self) -> None:
        super().clean()
        chain = sign_off_chain()
        if self.role not in chain:
            choices = ", ".join(chain)
            raise ValidationError({"role": f"Choose a sign-off role: {choices}."})
        if self.decision == self.Decision.CHANGES_REQUESTED and not self.comments.strip():
            raise ValidationError({"comments": "Say what needs to change."})
