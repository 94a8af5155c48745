"""Public participation: questions from the public and requests to speak or present a deputation
at a meeting, under the council's public participation scheme (its constitution: the deadline in
working days before the meeting, the minutes each speaker has).

A submission holds personal data (the asker's name and email). Only an accepted one is public,
and of it only the question or subject and, where the asker agreed, their name: never the email,
never a declined or pending submission. So this model has no plain ``objects``: every query
chooses ``public()`` (the accepted ones, for pages, packs, feeds and the API) or ``all_objects``
(officers' screens and services).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.db import models
from django.db.models import OuterRef, Q, Subquery
from django.utils import timezone

from democracy.text_limits import SHORT, LimitedTextField

__all__ = ["ListedSubmission", "PublicSubmission"]


class PublicSubmissionQuerySet(models.QuerySet):
    def public(self) -> PublicSubmissionQuerySet:
        """Accepted submissions to a meeting the public may see (every meeting is public from
        the moment it is scheduled, LGA 1972 s100A(6)(a))."""
        return self.filter(status=PublicSubmission.Status.ACCEPTED)

    def listed_for(self, meeting_id: int) -> list[ListedSubmission]:
        """The accepted questions and deputations of a meeting as the public may read them, in
        one query: the kind, the text, the asker's name only if they agreed, and the agenda
        item's title only if that item is taken in public. The email is never loaded."""
        from meetings.models.agenda import AgendaItem

        item_title = AgendaItem.all_objects.with_privacy().filter(
            pk=OuterRef("agenda_item_id"),
            is_private=False,
            meeting__agenda_published_at__isnull=False,
        )
        rows = (
            self.public()
            .filter(meeting_id=meeting_id)
            .annotate(item_title=Subquery(item_title.values("title")[:1]))
            .order_by("kind", "received_at", "pk")
            .values_list("kind", "text", "name", "publish_name", "item_title")
        )
        return [
            ListedSubmission(
                kind=kind,
                kind_label=PublicSubmission.Kind(kind).label,
                text=text,
                name=name if publish_name else "",
                item_title=item_title or "",
            )
            for kind, text, name, publish_name, item_title in rows
        ]


@dataclass(frozen=True)
class ListedSubmission:
    kind: str
    kind_label: str
    text: str
    name: str
    item_title: str

    @property
    def is_question(self) -> bool:
        return self.kind == PublicSubmission.Kind.QUESTION


class PublicSubmission(models.Model):
    class Kind(models.TextChoices):
        QUESTION = "question", "Question"
        DEPUTATION = "deputation", "Request to speak or present a deputation"

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for a decision"
        ACCEPTED = "accepted", "Accepted"
        DECLINED = "declined", "Declined"

    meeting = models.ForeignKey(
        "meetings.Meeting", on_delete=models.CASCADE, related_name="public_submissions"
    )
    agenda_item = models.ForeignKey(
        "meetings.AgendaItem",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="public_submissions",
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    # Blank only once erased after the retention period (``submissions_erase_expired``); the
    # service refuses a submission without them.
    name = models.CharField("Full name", max_length=200, blank=True)
    email = models.EmailField("Email address", blank=True)
    text = LimitedTextField(
        max_length=SHORT, blank=True, help_text="The question, or the subject of the deputation."
    )
    publish_name = models.BooleanField(
        default=False, help_text="The asker agreed that their name may be published."
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PENDING)
    decline_reason = LimitedTextField(max_length=SHORT, blank=True)
    received_at = models.DateTimeField(default=timezone.now)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    personal_data_erased_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="When the email, an unpublished name and anything not accepted were erased.",
    )

    all_objects = PublicSubmissionQuerySet.as_manager()

    class Meta:
        default_manager_name = "all_objects"
        base_manager_name = "all_objects"
        ordering = ["meeting", "received_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="declined") | ~Q(decline_reason=""),
                name="public_submission_declined_has_reason",
                violation_error_message="Give the reason for declining it.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} for {self.meeting}"

    @property
    def public_name(self) -> str:
        """The name the public may read: the asker's only if they agreed."""
        return self.name if self.publish_name else ""
