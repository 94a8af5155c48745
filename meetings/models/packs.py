"""Agenda packs: the published PDFs of a meeting's papers, the cache of their rendered parts, and
the outbox row that asks for them to be built.

A meeting has, once its agenda is published, a *public* pack (every exempt or confidential
document replaced by a "Not for publication" sheet, LGA 1972 s100B(2) and (5)) and a *full* pack
for the members and officers entitled to the exempt papers; each item added after publication
goes into a numbered supplementary pack (public and full) with the chair's reasons of urgency
(s100B(4)(b)). The current pack of each kind is the one row of that kind with no
``superseded_at``; a rebuild inserts the new row and supersedes the old one in one transaction,
so a failed build leaves the previous pack current and a reader never sees half a pack.

Full packs and rendered parts hold exempt information: these models have no plain ``objects``
manager, and their files live in ``private_storage``, which has no URL: they are only ever
served by a view that checks who is asking.
"""

from __future__ import annotations

from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q
from django.utils import timezone

from democracy.permissions import has_role
from democracy.roles import MEMBER_ROLES, Role
from democracy.storage import private_storage
from democracy.text_limits import SHORT, LimitedTextField
from meetings.models.committees import sits_on_committee

__all__ = ["AgendaPack", "PackBuild", "RenderedPart", "private_storage"]


class RenderedPart(models.Model):
    """One rendered part of a pack (a report, an appendix, a notice sheet, a front sheet, or an
    uploaded PDF prepared for merging), keyed by the SHA-256 of everything it is made from, so an
    unchanged part is never rendered twice. ``layout`` is ``democracy.pdf.Layout``."""

    class Source(models.TextChoices):
        HTML = "html", "Rendered from HTML"
        PDF = "pdf", "Uploaded PDF"

    content_hash = models.CharField(max_length=64, unique=True)
    source = models.CharField(max_length=4, choices=Source.choices)
    file = models.FileField(storage=private_storage, upload_to="packs/parts/", max_length=200)
    page_count = models.PositiveIntegerField()
    layout = models.JSONField()
    created_at = models.DateTimeField(default=timezone.now)
    last_used_at = models.DateTimeField(default=timezone.now)

    all_objects = models.Manager()

    class Meta:
        default_manager_name = "all_objects"
        base_manager_name = "all_objects"

    def __str__(self) -> str:
        return f"{self.get_source_display()} {self.content_hash[:12]} ({self.page_count} pages)"


class AgendaPackQuerySet(models.QuerySet):
    def current(self):
        return self.filter(superseded_at=None)

    def public(self):
        """Public packs of published agendas: what anyone may download (the view also checks that
        nothing in the pack has been marked exempt since it was built)."""
        return self.current().filter(
            kind=AgendaPack.Kind.PUBLIC, meeting__agenda_published_at__isnull=False
        )

    def visible_to(self, user):
        """Public packs for everyone; full packs too for officers, and for councillors holding a
        seat on the meeting's committee on its date once the agenda is published: the same rule
        as ``meetings.permissions.can_see_restricted``."""
        if has_role(user, Role.DEMOCRATIC_SERVICES_OFFICER, Role.DEMOCRATIC_SERVICES_MANAGER):
            return self.current()
        published = Q(meeting__agenda_published_at__isnull=False)
        visible = published & Q(kind=AgendaPack.Kind.PUBLIC)
        if has_role(user, *MEMBER_ROLES):
            visible |= published & sits_on_committee(user, "meeting")
        return self.current().filter(visible)


class AgendaPack(models.Model):
    """A built pack: the main agenda pack (``supplement`` 0) or supplementary pack n."""

    class Kind(models.TextChoices):
        PUBLIC = "public", "Public"
        FULL = "full", "Full (with exempt information)"

    meeting = models.ForeignKey(
        "meetings.Meeting", on_delete=models.CASCADE, related_name="agenda_packs"
    )
    kind = models.CharField(max_length=6, choices=Kind.choices)
    supplement = models.PositiveSmallIntegerField(
        default=0, help_text="0 for the agenda pack; n for supplementary pack n (late items)."
    )
    file = models.FileField(storage=private_storage, upload_to="packs/", max_length=200)
    page_count = models.PositiveIntegerField()
    content_hash = models.CharField(
        max_length=64, help_text="SHA-256 of the pack's recipe: its parts, outline and title."
    )
    item_ids = ArrayField(
        models.PositiveIntegerField(),
        default=list,
        blank=True,
        help_text="The agenda items it covers.",
    )
    document_keys = ArrayField(
        models.CharField(max_length=40),
        default=list,
        blank=True,
        help_text="The documents printed in it, e.g. report:12, appendix:7.",
    )
    built_at = models.DateTimeField(default=timezone.now)
    superseded_at = models.DateTimeField(null=True, blank=True)

    all_objects = AgendaPackQuerySet.as_manager()

    class Meta:
        default_manager_name = "all_objects"
        base_manager_name = "all_objects"
        ordering = ["meeting", "supplement", "kind", "-built_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "kind", "supplement"],
                condition=Q(superseded_at__isnull=True),
                name="agenda_pack_one_current_per_kind",
            )
        ]

    def __str__(self) -> str:
        return f"{self.meeting}: {self.label}"

    @property
    def label(self) -> str:
        name = f"supplementary pack {self.supplement}" if self.supplement else "agenda pack"
        return f"{name} ({self.get_kind_display().lower()})"

    @property
    def url_kind(self) -> str:
        """The ``kind`` part of the download URL: public, full, supplement-1, supplement-1-full."""
        if not self.supplement:
            return self.kind
        suffix = "-full" if self.kind == self.Kind.FULL else ""
        return f"supplement-{self.supplement}{suffix}"


class PackBuild(models.Model):
    """The durable request to (re)build a meeting's packs: one pending row per meeting.

    ``meetings.services.packs.request_build`` inserts it or bumps ``generation``; the task claims
    it with one conditional UPDATE (a lease, so a worker that dies lets another take over); the
    build marks it done only if no newer request arrived while it ran. Losing the broker's message loses
    nothing: ``packs.build_pending_packs`` (beat) finds the row again.
    """

    meeting = models.ForeignKey("meetings.Meeting", on_delete=models.CASCADE, related_name="+")
    generation = models.PositiveIntegerField(default=1)
    requested_at = models.DateTimeField(default=timezone.now)
    claim_token = models.UUIDField(null=True, blank=True)
    claimed_until = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = LimitedTextField(max_length=SHORT, blank=True)
    done_at = models.DateTimeField(null=True, blank=True)

    # Internal, and ``last_error`` may name an exempt document: no plain ``objects``.
    all_objects = models.Manager()

    class Meta:
        default_manager_name = "all_objects"
        base_manager_name = "all_objects"
        ordering = ["requested_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting"],
                condition=Q(done_at__isnull=True),
                name="pack_build_one_pending_per_meeting",
            )
        ]

    def __str__(self) -> str:
        state = "done" if self.done_at else "pending"
        return f"Pack build for {self.meeting} ({state})"
