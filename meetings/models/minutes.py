"""Minutes: drawn up from the agenda and the record of the meeting, published as a draft,
approved and signed at the next suitable meeting (LGA 1972 Sch 12 para 41(1)), then locked.

An approved minute changes only through a later resolution, recorded as a ``MinutesCorrection``.

The minute of an item taken in private inherits its restriction: the public version prints the
item's title and "Minutes of this item are not for publication (paragraph N …)". Entries and
corrections therefore have no plain ``objects`` manager; public pages use ``public()`` for the
text and ``withheld()`` (titles and grounds only, as dictionaries without the text) for the rest.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone

from democracy.permissions import has_role
from democracy.roles import MEMBER_ROLES, Role
from democracy.text_limits import MINUTES, LimitedTextField
from meetings.models.agenda import SCHEDULE_12A_PART, RestrictionMixin, marked
from meetings.models.committees import sits_on_committee

__all__ = ["Minutes", "MinutesCorrection", "MinutesEntry"]

OFFICER_ROLES = (Role.DEMOCRATIC_SERVICES_OFFICER, Role.DEMOCRATIC_SERVICES_MANAGER)


def minutes_notice(paragraphs: list[int], *, confidential: bool, nation: str) -> str:
    """The words printed in the public minutes in place of a restricted minute (s100C(2): a
    summary of the proceedings is kept open to inspection instead of exempt minutes)."""
    if confidential:
        return (
            "Minutes of this item are not for publication: they contain confidential "
            "information within the meaning of section 100A(3) of the Local Government Act 1972."
        )
    ordered = [str(p) for p in sorted(paragraphs)]
    listed = ordered[0] if len(ordered) == 1 else f"{', '.join(ordered[:-1])} and {ordered[-1]}"
    noun = "paragraph" if len(ordered) == 1 else "paragraphs"
    return (
        f"Minutes of this item are not for publication by virtue of {noun} {listed} of "
        f"{SCHEDULE_12A_PART[nation]} of Schedule 12A to the Local Government Act 1972."
    )


class MinutesQuerySet(models.QuerySet):
    def public(self):
        """Published, as a draft or approved."""
        return self.filter(published_at__isnull=False)

    def visible_to(self, user):
        if has_role(user, *OFFICER_ROLES):
            return self
        return self.public()


class Minutes(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Draft published"
        APPROVED = "approved", "Approved"

    meeting = models.OneToOneField(
        "meetings.Meeting", on_delete=models.CASCADE, related_name="minutes"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    created_at = models.DateTimeField(default=timezone.now)
    published_at = models.DateTimeField(null=True, blank=True)
    approved_at_meeting = models.ForeignKey(
        "meetings.Meeting",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="minutes_approved",
        help_text="The later meeting that approved these minutes as a correct record.",
    )
    approved_at_item = models.ForeignKey(
        "meetings.AgendaItem",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="minutes_approved",
        help_text="The 'minutes of the previous meeting' item of that meeting.",
    )
    approved_by_name = models.CharField(
        max_length=150, blank=True, help_text="The person presiding who signed the minutes."
    )
    locked_at = models.DateTimeField(null=True, blank=True)

    all_objects = MinutesQuerySet.as_manager()

    class Meta:
        default_manager_name = "all_objects"
        base_manager_name = "all_objects"
        verbose_name_plural = "minutes"
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="approved")
                | Q(
                    approved_at_meeting__isnull=False,
                    approved_at_item__isnull=False,
                    locked_at__isnull=False,
                    published_at__isnull=False,
                ),
                name="minutes_approved_is_recorded",
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(published_at__isnull=False),
                name="minutes_published_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"Minutes of {self.meeting}"

    @property
    def is_locked(self) -> bool:
        return self.locked_at is not None

    @property
    def is_published(self) -> bool:
        return self.published_at is not None


class MinutesEntryQuerySet(models.QuerySet):
    def unrestricted(self):
        """Entries whose text may be printed in a public version (publication not checked)."""
        return self.exclude(marked())

    def withheld(self):
        """The restricted entries as dictionaries with no text: what a public version prints in
        their place (publication not checked)."""
        return self.filter(marked()).values(
            "pk", "minutes_id", "position", "number", "title", "exempt_paragraphs", "confidential"
        )

    def public(self):
        """The entries anyone may read in full: published minutes, not restricted."""
        return self.filter(minutes__published_at__isnull=False).unrestricted()

    def visible_to(self, user):
        """Officers see every entry, drafts included; councillors sitting on the committee see
        restricted entries of published minutes; everyone else sees ``public()``."""
        if has_role(user, *OFFICER_ROLES):
            return self
        visible = Q(minutes__published_at__isnull=False) & ~marked()
        if has_role(user, *MEMBER_ROLES):
            visible |= Q(minutes__published_at__isnull=False) & sits_on_committee(
                user, "minutes__meeting"
            )
        return self.filter(visible)


class MinutesEntry(RestrictionMixin):
    """The minute of one agenda item, or (with no item) the record of who attended.

    The restriction is copied from the item and its report when the minutes are drafted: the
    minute of an item taken in private is as restricted as its papers."""

    minutes = models.ForeignKey(Minutes, on_delete=models.CASCADE, related_name="entries")
    item = models.ForeignKey(
        "meetings.AgendaItem",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="minutes_entries",
    )
    position = models.PositiveSmallIntegerField()
    number = models.CharField(max_length=8, blank=True, help_text="The agenda number, e.g. 4a.")
    title = models.CharField(max_length=300)
    text = LimitedTextField(max_length=MINUTES, blank=True)
    updated_at = models.DateTimeField(default=timezone.now)

    all_objects = MinutesEntryQuerySet.as_manager()

    class Meta:
        default_manager_name = "all_objects"
        base_manager_name = "all_objects"
        ordering = ["minutes", "position"]
        verbose_name_plural = "minutes entries"
        constraints = [
            models.UniqueConstraint(fields=["minutes", "position"], name="minutes_entry_position"),
            models.UniqueConstraint(
                fields=["minutes", "item"],
                condition=Q(item__isnull=False),
                name="minutes_entry_one_per_item",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}".strip()

    def public_notice(self) -> str:
        return minutes_notice(
            self.exempt_paragraphs, confidential=self.confidential, nation=settings.COUNCIL_NATION
        )


class MinutesCorrectionQuerySet(models.QuerySet):
    def public(self):
        return self.filter(entry__minutes__published_at__isnull=False).exclude(marked("entry__"))

    def visible_to(self, user):
        if has_role(user, *OFFICER_ROLES):
            return self
        if has_role(user, *MEMBER_ROLES):
            return self.filter(
                Q(pk__in=self.public().values("pk"))
                | sits_on_committee(user, "entry__minutes__meeting")
            )
        return self.public()


class MinutesCorrection(models.Model):
    """A change to approved minutes, made by a later resolution (the minutes are the council's
    record, signed by the chair: Sch 12 para 41; only the council can change them)."""

    entry = models.ForeignKey(MinutesEntry, on_delete=models.PROTECT, related_name="corrections")
    resolution = models.ForeignKey(
        "meetings.Resolution", on_delete=models.PROTECT, related_name="minutes_corrections"
    )
    before_text = LimitedTextField(max_length=MINUTES)
    after_text = LimitedTextField(max_length=MINUTES)
    made_at = models.DateTimeField(default=timezone.now)
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    all_objects = MinutesCorrectionQuerySet.as_manager()

    class Meta:
        default_manager_name = "all_objects"
        base_manager_name = "all_objects"
        ordering = ["made_at", "pk"]

    def __str__(self) -> str:
        return f"Correction to {self.entry} by {self.resolution}"

    def clean(self) -> None:
        super().clean()
        if self.before_text == self.after_text:
            raise ValidationError({"after_text": "The corrected text is the same as before."})
