"""Electoral geography: wards and polling districts.

The register of electors, polls, candidates and results build on these in the elections issue.
"""

from __future__ import annotations

import builtins
import re
from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone

from democracy.permissions import has_role
from democracy.roles import Role
from democracy.text_limits import SHORT, LimitedTextField
from elections.election_rules import election_problems
from elections.register_rules import (
    attainer_date_problem,
    format_elector_number,
    masked_nino,
    normalise_postcode,
)
from elections.timetables import ELECTION_TYPE_LABELS, TimetableNation


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


# --- The register of electors (issue 12; DOMAIN.md C3) ---------------------------------------
#
# The most private data the system holds. Nothing here is public: every page is for electoral
# services only (a 404 to anyone else), every view of a person's record is audited by id only
# (``Elector.__str__`` is the elector number, never a name), and electors have no plain
# ``objects``: a query says what it is for (``Elector.register.for_officer(user)``).

POSTCODE_MESSAGE = "Enter a real postcode, like KM1 2AB"


def validate_postcode(value: str) -> None:
    if normalise_postcode(value) != value:
        raise ValidationError(POSTCODE_MESSAGE)


class PollingPlace(models.Model):
    """A building or area where polling stations are (Representation of the People Act 1983
    s18B): what the Democracy Club polling station finder shows a voter."""

    reference = models.CharField(
        max_length=30, unique=True, help_text="The electoral management system's identifier."
    )
    name = models.CharField(max_length=200)
    address_1 = models.CharField("Address line 1", max_length=200, blank=True)
    address_2 = models.CharField("Address line 2", max_length=200, blank=True)
    address_3 = models.CharField("Address line 3", max_length=200, blank=True)
    address_4 = models.CharField("Address line 4", max_length=200, blank=True)
    postcode = models.CharField(max_length=8, blank=True, validators=[validate_postcode])
    uprn = models.CharField(
        "UPRN",
        max_length=12,
        blank=True,
        validators=[RegexValidator(r"^[0-9]{1,12}$", "A UPRN is up to 12 digits")],
    )
    easting = models.PositiveIntegerField(null=True, blank=True)
    northing = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class PollingStation(models.Model):
    """A polling station at a polling place, serving one polling district."""

    place = models.ForeignKey(PollingPlace, on_delete=models.PROTECT, related_name="stations")
    polling_district = models.ForeignKey(
        PollingDistrict, on_delete=models.PROTECT, related_name="stations"
    )
    number = models.PositiveSmallIntegerField(default=1, validators=[MinValueValidator(1)])
    # The elector numbers this station serves when its district has several stations; blank
    # for an even split of the register (elections.station_allocation).
    first_elector_number = models.PositiveIntegerField(
        "First elector number", null=True, blank=True, validators=[MinValueValidator(1)]
    )
    last_elector_number = models.PositiveIntegerField(
        "Last elector number", null=True, blank=True, validators=[MinValueValidator(1)]
    )

    class Meta:
        ordering = ["polling_district__code", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["polling_district", "number"], name="polling_station_unique_number"
            )
        ]

    def __str__(self) -> str:
        return f"Station {self.number} for {self.polling_district.code}"


class Property(models.Model):
    """A property on the register: an address in a polling district."""

    reference = models.CharField(
        max_length=30,
        unique=True,
        help_text="The property reference of the electoral management system it came from.",
    )
    uprn = models.CharField(
        "UPRN",
        max_length=12,
        blank=True,
        validators=[RegexValidator(r"^[0-9]{1,12}$", "A UPRN is up to 12 digits")],
        help_text="The Unique Property Reference Number from the address gazetteer.",
    )
    address_1 = models.CharField("Address line 1", max_length=200)
    address_2 = models.CharField("Address line 2", max_length=200, blank=True)
    address_3 = models.CharField("Address line 3", max_length=200, blank=True)
    address_4 = models.CharField("Address line 4", max_length=200, blank=True)
    address_5 = models.CharField("Address line 5", max_length=200, blank=True)
    address_6 = models.CharField("Address line 6", max_length=200, blank=True)
    postcode = models.CharField(max_length=8, validators=[validate_postcode])
    polling_district = models.ForeignKey(
        PollingDistrict, on_delete=models.PROTECT, related_name="properties"
    )

    class Meta:
        ordering = ["postcode", "address_1"]
        verbose_name_plural = "properties"
        # Looked up by the whole UPRN or postcode only: plain indexes, without the second,
        # pattern-matching (LIKE) index of each that db_index=True makes on a text column,
        # which nothing used and every register import had to build (issue 12).
        indexes = [
            models.Index(fields=["uprn"], name="property_uprn"),
            models.Index(fields=["postcode"], name="property_postcode"),
        ]

    def __str__(self) -> str:
        return f"Property {self.reference}"

    @property
    def address_lines(self) -> list[str]:
        lines = [self.address_1, self.address_2, self.address_3, self.address_4]
        return [line for line in [*lines, self.address_5, self.address_6] if line]


class ElectorQuerySet(models.QuerySet):
    def for_officer(self, user) -> ElectorQuerySet:
        """Electors for an electoral services officer; nothing for anyone else."""
        if not has_role(user, Role.ELECTORAL_SERVICES_OFFICER):
            return self.none()
        return self

    def live(self, on: date | None = None) -> ElectorQuerySet:
        """Entries on the register on ``on`` (today by default): added and not yet deleted."""
        on = on or timezone.localdate()
        return self.filter(Q(deleted_on__isnull=True) | Q(deleted_on__gt=on), added_on__lte=on)


class Elector(models.Model):
    """An entry in the register of electors (Representation of the People Act 1983 s9).

    The elector number is the polling district's letters, ``number`` and ``suffix`` (additions
    by a notice of alteration take a suffix: AB123/1). Overseas electors (marker F) have no
    address in the register; anonymous electors (s9B, marker N) appear only as their number.
    """

    class AbsentVote(models.TextChoices):
        NONE = "", "Votes in person"
        POSTAL = "postal", "Postal vote"
        PROXY = "proxy", "Proxy vote"
        POSTAL_PROXY = "postal_proxy", "Postal proxy"

    class Franchise(models.TextChoices):
        ALL = "", "All elections"
        PEER = "L", "Peer: local government elections only (L)"
        EU = "G", "EU citizen: local government elections only (G)"
        EU_CONFIRMED = "B", "EU citizen, qualifying or with retained rights (B)"

    polling_district = models.ForeignKey(
        PollingDistrict, on_delete=models.PROTECT, related_name="electors"
    )
    number = models.PositiveIntegerField(validators=[MinValueValidator(1)])
    suffix = models.PositiveSmallIntegerField(default=0)
    qualifying_address = models.ForeignKey(
        Property,
        on_delete=models.PROTECT,
        related_name="electors",
        null=True,
        blank=True,
        help_text="The property the elector is registered at (none for overseas electors).",
    )
    title = models.CharField(max_length=20, blank=True)
    first_names = models.CharField(max_length=150)
    surname = models.CharField(max_length=150)
    franchise = models.CharField(max_length=1, choices=Franchise, blank=True, default="")
    attainer_18_on = models.DateField(
        "Turns 18 on",
        null=True,
        blank=True,
        help_text="For 16- and 17-year-olds: the register shows this date, never the birth date.",
    )
    anonymous = models.BooleanField(
        default=False, help_text="An anonymous elector (s9B): shown only as number and N."
    )
    open_register_opt_out = models.BooleanField("Opted out of the open register", default=False)
    absent_vote = models.CharField(max_length=12, choices=AbsentVote, blank=True, default="")
    overseas = models.BooleanField("Overseas elector (F)", default=False)
    service_voter = models.BooleanField(default=False)
    added_on = models.DateField()
    deleted_on = models.DateField(null=True, blank=True)

    register = ElectorQuerySet.as_manager()

    class Meta:
        base_manager_name = "register"
        default_manager_name = "register"
        ordering = ["polling_district__code", "number", "suffix"]
        constraints = [
            models.UniqueConstraint(
                fields=["polling_district", "number", "suffix"],
                condition=Q(deleted_on__isnull=True),
                name="elector_unique_live_number",
            ),
            models.CheckConstraint(
                condition=Q(deleted_on__isnull=True) | Q(deleted_on__gte=models.F("added_on")),
                name="elector_deleted_after_added",
            ),
            models.CheckConstraint(
                condition=Q(qualifying_address__isnull=False) | Q(overseas=True),
                name="elector_has_address_unless_overseas",
            ),
        ]

    def __str__(self) -> str:
        # Never the name: this is what audit rows show.
        return f"Elector {self.elector_number}"

    @property
    def elector_number(self) -> str:
        return format_elector_number(self.polling_district.code, self.number, self.suffix)

    @property
    def markers(self) -> str:
        """The letters printed before the name in the register (DOMAIN.md C3)."""
        letters = [self.franchise] if self.franchise else []
        if self.overseas:
            letters.append("F")
        if self.anonymous:
            letters.append("N")
        return "".join(letters)

    def clean(self) -> None:
        errors: dict[str, str] = {}
        problem = attainer_date_problem(self.attainer_18_on, self.added_on)
        if problem:
            errors["attainer_18_on"] = problem
        if self.deleted_on and self.added_on and self.deleted_on < self.added_on:
            errors["deleted_on"] = "The date deleted must be on or after the date added"
        if self.qualifying_address_id is None and not self.overseas:
            errors["qualifying_address"] = (
                "Choose the elector's property: only overseas electors have none"
            )
        if (
            self.qualifying_address_id is not None
            and self.polling_district_id is not None
            and self.qualifying_address.polling_district_id != self.polling_district_id
        ):
            errors["qualifying_address"] = "The property is in another polling district"
        if self.overseas and self.service_voter:
            errors["service_voter"] = "An overseas elector is not also a service voter"
        if errors:
            raise ValidationError(errors)


class RegisterImport(models.Model):
    """One import of a register file (issue 12, point 2): its progress, fed by the task that
    runs it, and every error found, by line and column. All or nothing: a failed import
    imported nothing."""

    class Status(models.TextChoices):
        WAITING = "waiting", "Waiting to start"
        RUNNING = "running", "Importing"
        FAILED = "failed", "Not imported"
        DONE = "done", "Imported"

    class Layout(models.TextChoices):
        REGISTER = "register", "Register of electors (this system's format)"
        DEMOCRACY_CLUB = "democracy_club", "Democracy Club polling station export (Xpress)"

    filename = models.CharField(max_length=255)
    stored_as = models.CharField(max_length=255, blank=True)
    layout = models.CharField(max_length=20, choices=Layout, blank=True)
    status = models.CharField(max_length=10, choices=Status, default=Status.WAITING)
    phase = models.CharField(max_length=100, blank=True)
    bytes_total = models.PositiveBigIntegerField(default=0)
    bytes_read = models.PositiveBigIntegerField(default=0)
    rows_read = models.PositiveIntegerField(default=0)
    properties_imported = models.PositiveIntegerField(default=0)
    electors_imported = models.PositiveIntegerField(default=0)
    error_count = models.PositiveIntegerField(default=0)
    errors = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Register import {self.pk}"

    @property
    def percent(self) -> int:
        if self.status == self.Status.DONE:
            return 100
        if not self.bytes_total:
            return 0
        # Reading the file is most of the work; checking and saving it the last part.
        return min(99, int(95 * self.bytes_read / self.bytes_total))

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.FAILED, self.Status.DONE)


class RegisterSupply(models.Model):
    """A supply of the full register to someone entitled to it (a candidate, a political party,
    a credit reference agency...), recorded with its recipient and legal basis (issue 12, point
    4; the Representation of the People (England and Wales) Regulations 2001 Part VI)."""

    class Recipient(models.TextChoices):
        CANDIDATE = "candidate", "Candidate"
        PARTY = "party", "Registered political party"
        REPRESENTATIVE = "representative", "Elected representative"
        CREDIT_REFERENCE = "credit_reference", "Credit reference agency"
        GOVERNMENT = "government", "Government department or public body"
        OTHER = "other", "Other person entitled by law"

    recipient = models.CharField(max_length=200)
    recipient_kind = models.CharField("Kind of recipient", max_length=20, choices=Recipient)
    legal_basis = models.CharField(
        max_length=200,
        help_text="The provision that entitles them, like “RPR 2001 reg 108 (candidate)”.",
    )
    polling_districts = models.ManyToManyField(PollingDistrict, related_name="supplies")
    supplied_on = models.DateField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-supplied_on", "-pk"]
        verbose_name_plural = "register supplies"

    def __str__(self) -> str:
        return f"Supply of the full register {self.pk}"


# --- Rolling registration and notices of alteration (issue 12, points 3 and 4; DOMAIN.md C3) ----
#
# Applications hold what the "Register to vote" service collects. The National Insurance number
# is kept only until the application is verified (a DWP match needs it) and is then erased; no
# list shows more than its last characters. None of these has a plain ``objects``: electoral
# services reach them through ``for_officer(user)``.


class ElectoralServicesQuerySet(models.QuerySet):
    def for_officer(self, user):
        """Every row for an electoral services officer; nothing for anyone else."""
        if not has_role(user, Role.ELECTORAL_SERVICES_OFFICER):
            return self.none()
        return self


class RegistrationInvitation(models.Model):
    """A resident invited to register (DOMAIN.md C4): up to three written invitations
    and a personal visit, each a ``InvitationContact``, until they apply."""

    address = models.ForeignKey(Property, on_delete=models.PROTECT, related_name="invitations")
    name = models.CharField("Name of the person invited", max_length=200)
    email = models.EmailField(
        "Email address",
        blank=True,
        help_text="Only if the resident gave one: invitations may be sent by email.",
    )
    created_at = models.DateTimeField(default=timezone.now)
    application = models.OneToOneField(
        "RegistrationApplication",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="invitation",
    )

    register = ElectoralServicesQuerySet.as_manager()

    class Meta:
        base_manager_name = "register"
        default_manager_name = "register"
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        # Never the name: this is what audit rows and reminder emails show.
        return f"Invitation to register {self.pk}"


class InvitationContact(models.Model):
    """One invitation to register, or the personal visit, given on a date."""

    class Kind(models.TextChoices):
        WRITTEN = "written", "Invitation to register"
        VISIT = "visit", "Personal visit"

    class Method(models.TextChoices):
        POST = "post", "By post"
        HAND = "hand", "Delivered by hand"
        EMAIL = "email", "By email"
        IN_PERSON = "in_person", "In person (visit)"

    invitation = models.ForeignKey(
        RegistrationInvitation, on_delete=models.CASCADE, related_name="contacts"
    )
    kind = models.CharField(max_length=10, choices=Kind)
    method = models.CharField(max_length=10, choices=Method)
    given_on = models.DateField("Date given")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    register = ElectoralServicesQuerySet.as_manager()

    class Meta:
        base_manager_name = "register"
        default_manager_name = "register"
        ordering = ["given_on", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.pk}"


class RegistrationApplication(models.Model):
    """An application to register (DOMAIN.md C3, C4), as the online "Register to
    vote" service or a paper form gives it."""

    class Channel(models.TextChoices):
        ONLINE = "online", "Online (Register to vote)"
        PAPER = "paper", "Paper form"

    class Nationality(models.TextChoices):
        BRITISH = "british", "British"
        IRISH = "irish", "Irish"
        COMMONWEALTH = "commonwealth", "Qualifying Commonwealth citizen"
        EU = "eu", "EU citizen (qualifying or with retained rights)"
        OTHER = "other", "Another nationality"

    class Verification(models.TextChoices):
        PENDING = "pending", "Not verified yet"
        DWP_MATCH = "dwp_match", "Matched with DWP records"
        UNMATCHED = "unmatched", "Not matched with DWP records"
        DOCUMENTS = "documents", "Documentary evidence"
        ATTESTATION = "attestation", "Attestation"

    class Status(models.TextChoices):
        RECEIVED = "received", "Received"
        ACCEPTED = "accepted", "Accepted"
        REJECTED = "rejected", "Rejected"

    received_on = models.DateField("Date received")
    channel = models.CharField(max_length=10, choices=Channel, default=Channel.ONLINE)
    title = models.CharField(max_length=20, blank=True)
    first_names = models.CharField(max_length=150)
    surname = models.CharField(max_length=150)
    address = models.ForeignKey(Property, on_delete=models.PROTECT, related_name="applications")
    date_of_birth = models.DateField()
    nino = models.CharField(
        "National Insurance number",
        max_length=9,
        blank=True,
        help_text="Kept only until the application is verified, then erased.",
    )
    nino_ending = models.CharField(max_length=3, blank=True)
    no_nino_reason = models.CharField(
        "Why there is no National Insurance number", max_length=500, blank=True
    )
    nationality = models.CharField(max_length=15, choices=Nationality)
    anonymous = models.BooleanField(
        "Anonymous application",
        default=False,
        help_text="An application for anonymous entry (s9B): no objection period.",
    )
    open_register_opt_out = models.BooleanField("Opted out of the open register", default=False)
    email = models.EmailField(
        "Email address",
        blank=True,
        help_text="Optional: notices about the application (an objection, a hearing) are "
        "emailed to it.",
    )
    verification = models.CharField(max_length=12, choices=Verification, default="pending")
    verified_on = models.DateField(null=True, blank=True)
    objection_period_ends = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status, default=Status.RECEIVED)
    determined_on = models.DateField(null=True, blank=True)
    determination_reason = models.CharField(max_length=500, blank=True)
    determined_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    register = ElectoralServicesQuerySet.as_manager()

    class Meta:
        base_manager_name = "register"
        default_manager_name = "register"
        ordering = ["-received_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="received") | Q(determined_on__isnull=False),
                name="application_determined_has_date",
            ),
        ]

    def __str__(self) -> str:
        # Never the name: this is what audit rows show.
        return f"Application {self.pk}"

    @property
    def reference(self) -> str:
        return f"A{self.pk:06d}"

    @property
    def masked_nino(self) -> str:
        """What pages show of the National Insurance number: its last three characters."""
        return masked_nino(self.nino_ending)

    @property
    def verified(self) -> bool:
        return self.verification in (
            self.Verification.DWP_MATCH,
            self.Verification.DOCUMENTS,
            self.Verification.ATTESTATION,
        )


class ApplicationObjection(models.Model):
    """An objection to an application to register, by someone on the register (RPR 2001 regs
    27-29; the five-working-day objection period, DOMAIN.md C4): recorded with the objector's
    elector number, grounds and the date received; heard or determined with reasons. While it is
    open, the application waits (``registration.application_determine``)."""

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        UPHELD = "upheld", "Upheld: the application is rejected"
        DISMISSED = "dismissed", "Dismissed"

    application = models.ForeignKey(
        RegistrationApplication, on_delete=models.PROTECT, related_name="objections"
    )
    objector = models.ForeignKey(
        "Elector",
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The objector's entry in the register.",
    )
    objector_name = models.CharField("Objector's name", max_length=200)
    objector_email = models.EmailField(
        "Objector's email address",
        blank=True,
        help_text="Optional: notices about the objection are emailed to it.",
    )
    grounds = LimitedTextField(max_length=SHORT)
    received_on = models.DateField("Date received")
    hearing_on = models.DateField("Hearing", null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status, default=Status.OPEN)
    determined_on = models.DateField(null=True, blank=True)
    reasons = LimitedTextField("Reasons for the decision", max_length=SHORT, blank=True)
    determined_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    register = ElectoralServicesQuerySet.as_manager()

    class Meta:
        base_manager_name = "register"
        default_manager_name = "register"
        ordering = ["-received_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="open") | (Q(determined_on__isnull=False) & ~Q(reasons="")),
                name="objection_determined_has_date_and_reasons",
            ),
        ]

    def __str__(self) -> str:
        # Never a name: this is what audit rows and emails show.
        return f"Objection {self.reference}"

    @property
    def reference(self) -> str:
        return f"O{self.pk:06d}"


class NoticeOfAlteration(models.Model):
    """A notice of alteration of the register (RPA 1983 s13A, s13B): the monthly notice on the
    first working day of the month, or an election's interim and final notices. Its alterations
    take effect when it is published."""

    class Kind(models.TextChoices):
        MONTHLY = "monthly", "Monthly notice of alteration"
        FIRST_INTERIM = "first_interim", "First interim election notice of alteration"
        INTERIM = "interim", "Interim election notice of alteration"
        FINAL = "final", "Final election notice of alteration"

    kind = models.CharField(max_length=15, choices=Kind)
    publication_date = models.DateField()
    application_deadline = models.DateField(null=True, blank=True)
    determination_deadline = models.DateField()
    poll_date = models.DateField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = models.Manager()  # a notice is published; its entries are the private part

    class Meta:
        ordering = ["publication_date", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "publication_date"], name="notice_of_alteration_unique_date"
            ),
            models.CheckConstraint(
                condition=Q(kind="monthly") | Q(poll_date__isnull=False),
                name="election_notice_has_poll_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} of {self.publication_date:%-d %B %Y}"


class AlterationQuerySet(ElectoralServicesQuerySet):
    def pending(self):
        return self.filter(notice__isnull=True)


class RegisterAlteration(models.Model):
    """A determined change to the register, pending until the notice that carries it is
    published (RPA 1983 s13A(2), wording UNVERIFIED in DOMAIN.md C3): an addition (from an accepted application, with its elector
    number allocated at determination), a deletion, or a change to an entry."""

    class Kind(models.TextChoices):
        ADDITION = "addition", "Addition"
        DELETION = "deletion", "Deletion"
        CHANGE = "change", "Change"

    kind = models.CharField(max_length=10, choices=Kind)
    polling_district = models.ForeignKey(
        PollingDistrict, on_delete=models.PROTECT, related_name="alterations"
    )
    number = models.PositiveIntegerField()
    suffix = models.PositiveSmallIntegerField(default=0)
    application = models.OneToOneField(
        RegistrationApplication,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="alteration",
    )
    elector = models.ForeignKey(
        Elector, on_delete=models.PROTECT, null=True, blank=True, related_name="alterations"
    )
    changes = models.JSONField(default=dict, blank=True)
    reason = models.CharField(max_length=500, blank=True)
    determined_on = models.DateField()
    determined_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    notice = models.ForeignKey(
        NoticeOfAlteration,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="alterations",
    )

    register = AlterationQuerySet.as_manager()

    class Meta:
        base_manager_name = "register"
        default_manager_name = "register"
        ordering = ["polling_district__code", "number", "suffix", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["polling_district", "number", "suffix"],
                condition=Q(kind="addition", notice__isnull=True),
                name="alteration_unique_pending_number",
            ),
            models.CheckConstraint(
                condition=(Q(kind="addition") & Q(application__isnull=False))
                | (~Q(kind="addition") & Q(elector__isnull=False)),
                name="alteration_has_its_subject",
            ),
        ]

    def __str__(self) -> str:
        number = format_elector_number(self.polling_district.code, self.number, self.suffix)
        return f"{self.get_kind_display()} {number}"

    @property
    def elector_number(self) -> str:
        return format_elector_number(self.polling_district.code, self.number, self.suffix)


# --- Elections, contests and their statutory timetables (issue 13; DOMAIN.md C1) ---------------
#
# An election is one type of poll for one body on one day; several elections on one day are
# taken together (a combined poll, RPA 1983 s15) and share polling stations and the timetable's
# common steps. The timetable itself is computed (``elections.timetables``), never stored: what
# is stored is what the law cannot know - one-off legislation's dates (overrides), the day each
# step was actually done, and the declaration of the result.


ELECTION_TYPE_CHOICES = [(kind.value, label) for kind, label in ELECTION_TYPE_LABELS.items()]
NATION_CHOICES = [(nation.value, nation.label) for nation in TimetableNation]


class CombinedPoll(models.Model):
    """The elections polling on one day (a combined poll when there are several)."""

    poll_date = models.DateField(unique=True)

    class Meta:
        ordering = ["-poll_date"]

    def __str__(self) -> str:
        return f"Poll on {self.poll_date:%-d %B %Y}"


class Election(models.Model):
    """An election (or referendum) the council runs or takes part in, identified in Democracy
    Club's scheme (``local.kingsmere.2026-05-07``; uk-election-ids)."""

    title = models.CharField(
        max_length=200, help_text="For example, Kingsmere District Council elections 2026."
    )
    election_type = models.CharField(
        "Type of election", max_length=40, choices=ELECTION_TYPE_CHOICES
    )
    nation = models.CharField(max_length=3, choices=NATION_CHOICES, default="ENG")
    organisation = models.CharField(
        "Organisation or area",
        max_length=100,
        help_text="The council, parish, police area, combined authority or constituency.",
    )
    poll_date = models.DateField("Polling day")
    combined_poll = models.ForeignKey(
        CombinedPoll, on_delete=models.PROTECT, related_name="elections"
    )
    election_id = models.CharField(
        "Election identifier",
        max_length=250,
        help_text="Democracy Club's identifier; a casual vacancy shares its council's on the day.",
    )
    writ_received_on = models.DateField(
        "Writ received", null=True, blank=True, help_text="UK Parliamentary by-elections only."
    )
    vacancy_on = models.DateField(
        "Vacancy occurred", null=True, blank=True, help_text="Casual vacancies only."
    )
    vacancy_notice_on = models.DateField(
        "Notice of vacancy published", null=True, blank=True, help_text="Casual vacancies only."
    )
    request_received_on = models.DateField(
        "Request for an election received",
        null=True,
        blank=True,
        help_text="Casual vacancies: the electors' written request (two for a principal council, "
        "ten for a parish).",
    )
    ordinary_retirement_on = models.DateField(
        "Ordinary day of retirement",
        null=True,
        blank=True,
        help_text="Casual vacancies: when the vacating member would ordinarily have retired.",
    )
    declared_on = models.DateField("Result declared", null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )

    class Meta:
        ordering = ["-poll_date", "title"]
        constraints = [
            models.UniqueConstraint(
                fields=["election_id", "election_type"], name="election_unique_identifier"
            ),
            models.CheckConstraint(
                condition=Q(writ_received_on__isnull=True) | Q(election_type="uk_parliamentary_by"),
                name="election_writ_only_for_by_election",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def type_label(self) -> str:
        return self.get_election_type_display()

    @property
    def is_casual_vacancy(self) -> bool:
        return self.election_type.startswith("casual_vacancy")

    def clean(self) -> None:
        errors = election_problems(
            election_type=self.election_type,
            nation=self.nation,
            poll_date=self.poll_date,
            writ_received_on=self.writ_received_on,
            vacancy_on=self.vacancy_on,
            vacancy_notice_on=self.vacancy_notice_on,
            request_received_on=self.request_received_on,
            ordinary_retirement_on=self.ordinary_retirement_on,
            declared_on=self.declared_on,
        )
        if errors:
            raise ValidationError(errors)


class Contest(models.Model):
    """A contest (Democracy Club's "ballot") in an election: one ward or division and its seats,
    or the whole area of a PCC, mayoral election or referendum."""

    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="contests")
    ward = models.ForeignKey(
        Ward, on_delete=models.PROTECT, null=True, blank=True, related_name="contests"
    )
    division_name = models.CharField(
        "Ward, division or constituency",
        max_length=100,
        blank=True,
        help_text="Left blank for an election of the whole area (PCC, mayor, referendum).",
    )
    seats = models.PositiveSmallIntegerField(default=1, validators=[MinValueValidator(1)])
    by_election = models.BooleanField(default=False)
    ballot_id = models.CharField("Ballot identifier", max_length=250, unique=True)

    class Meta:
        ordering = ["election", "division_name"]

    def __str__(self) -> str:
        return self.division_name or str(self.election)


class TimetableOverride(models.Model):
    """A step's date fixed by one-off legislation (or a court), replacing the statutory date for
    one election, with its legal basis (DOMAIN C1.6, Part E.2)."""

    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="overrides")
    step = models.CharField(max_length=60)
    date = models.DateField()
    reason = models.CharField(
        "Reason and legal basis",
        max_length=500,
        help_text="For example, Early Parliamentary General Election Act 2019 s2.",
    )
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["date"]
        constraints = [
            models.UniqueConstraint(
                fields=["election", "step"], name="timetable_override_unique_step"
            )
        ]

    def __str__(self) -> str:
        return f"Override of {self.step} for {self.election}"


class TimetableStepDone(models.Model):
    """The day an officer did a step of an election's timetable (published the notice...)."""

    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="steps_done")
    step = models.CharField(max_length=60)
    done_on = models.DateField("Done on")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["done_on"]
        constraints = [
            models.UniqueConstraint(fields=["election", "step"], name="timetable_step_done_unique")
        ]

    def __str__(self) -> str:
        return f"{self.step} done for {self.election}"


class ElectionFeedToken(models.Model):
    """An officer's secret calendar address for the election timetables: only a SHA-256 hash is
    kept; the address itself is shown once, when it is made."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="election_feed_token"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"Election calendar address of user {self.user_id}"


# --- The annual canvass (issue 12, points 5 and 6; DOMAIN.md C4) --------------------------------
#
# Rules in ``elections.canvass_rules``; every write in ``elections.canvass``. Like the register,
# nothing here is public, except the one question the online response form asks (a reference and
# its security code), answered the same way whether or not the reference exists. Security codes
# are kept as salted hashes only, like passwords.


class Canvass(models.Model):
    """One year's annual canvass (RPA 1983 s9D): its dates, and where it has got to."""

    year = models.PositiveSmallIntegerField(unique=True)
    starts_on = models.DateField(help_text="The canvass period starts on 1 July.")
    revised_register_by = models.DateField(
        help_text="By 1 December (RPA 1983 s13(1)), or 1 February after an election (s13(1A))."
    )
    election_in_period = models.BooleanField(
        "An election in the canvass period",
        default=False,
        help_text="Publication of the revised register may then be deferred to 1 February.",
    )
    attempt_interval_days = models.PositiveSmallIntegerField(
        default=28,
        validators=[MinValueValidator(1)],
        help_text="Days between Route 2 contact attempts (the Commission's view: at most 28).",
    )
    previous_revised_on = models.DateField(
        null=True,
        blank=True,
        help_text="When the last revised register was published: additions and deletions count "
        "from the day after.",
    )
    routed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-year"]
        verbose_name_plural = "canvasses"

    def __str__(self) -> str:
        return f"Canvass {self.year}"


class CanvassMatch(models.Model):
    """An elector's data matching results in a canvass: the national data match (green, amber
    or red) and, where the ERO compared local records, the local result that overrides it."""

    class Result(models.TextChoices):
        GREEN = "green", "Green (matched)"
        AMBER = "amber", "Amber (partly matched)"
        RED = "red", "Red (not matched)"

    canvass = models.ForeignKey(Canvass, on_delete=models.CASCADE, related_name="matches")
    elector = models.ForeignKey(Elector, on_delete=models.CASCADE, related_name="+")
    national_result = models.CharField(max_length=5, choices=Result, blank=True)
    local_result = models.CharField(max_length=5, choices=Result, blank=True)

    register = models.Manager()  # electors' personal data: electoral services only

    class Meta:
        default_manager_name = "register"
        constraints = [
            models.UniqueConstraint(fields=["canvass", "elector"], name="canvass_match_unique")
        ]

    def __str__(self) -> str:
        return f"Match {self.pk}"


class CanvassMatchImport(models.Model):
    """One import of national data match results (a CSV of elector number and result), with its
    progress and every error by line and column. All or nothing."""

    class Status(models.TextChoices):
        WAITING = "waiting", "Waiting to start"
        RUNNING = "running", "Importing"
        FAILED = "failed", "Not imported"
        DONE = "done", "Imported"

    canvass = models.ForeignKey(Canvass, on_delete=models.CASCADE, related_name="imports")
    filename = models.CharField(max_length=255)
    stored_as = models.CharField(max_length=255, blank=True)
    status = models.CharField(max_length=10, choices=Status, default=Status.WAITING)
    phase = models.CharField(max_length=100, blank=True)
    bytes_total = models.PositiveBigIntegerField(default=0)
    bytes_read = models.PositiveBigIntegerField(default=0)
    rows_read = models.PositiveIntegerField(default=0)
    results_imported = models.PositiveIntegerField(default=0)
    error_count = models.PositiveIntegerField(default=0)
    errors = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Data match import {self.pk}"

    @property
    def percent(self) -> int:
        if self.status == self.Status.DONE:
            return 100
        if not self.bytes_total:
            return 0
        return min(99, int(95 * self.bytes_read / self.bytes_total))

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.FAILED, self.Status.DONE)


class DefinedProperty(models.Model):
    """A property the ERO chose to canvass by Route 3 this year, with its responsible person."""

    class Kind(models.TextChoices):
        CARE_HOME = "care_home", "Registered residential care home"
        HMO = "hmo", "House in multiple occupation"
        STUDENT = "student", "Student halls of residence"
        HOSTEL = "hostel", "Hostel"
        OTHER = "other", "Other defined property"

    canvass = models.ForeignKey(Canvass, on_delete=models.CASCADE, related_name="defined")
    property = models.ForeignKey(Property, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=12, choices=Kind)
    responsible_person = models.CharField(max_length=200, blank=True)
    responsible_email = models.EmailField(blank=True)

    register = models.Manager()  # a named person and their email: electoral services only

    class Meta:
        default_manager_name = "register"
        constraints = [
            models.UniqueConstraint(fields=["canvass", "property"], name="defined_property_unique")
        ]

    def __str__(self) -> str:
        return f"Defined property {self.property_id}"


class CanvassPropertyQuerySet(models.QuerySet):
    def for_officer(self, user) -> CanvassPropertyQuerySet:
        if not has_role(user, Role.ELECTORAL_SERVICES_OFFICER):
            return self.none()
        return self


class CanvassProperty(models.Model):
    """A property in a canvass: its route, the hash of its security code (the code itself is
    printed once, never kept) and its response.

    Routing writes a row for every property on the register in one statement, so the table is
    kept lean: no copy of the polling district (it is the property's) and no stored reference
    (it is the canvass's year and the property's id, ``C26-0001234``), and only the one index
    its unique key needs (it leads with the canvass, so it serves the canvass's queries too)."""

    class Route(models.IntegerChoices):
        MATCHED = 1, "Route 1: matched"
        UNMATCHED = 2, "Route 2: unmatched"
        DEFINED = 3, "Route 3: defined property"

    class Response(models.TextChoices):
        NONE = "", "No response yet"
        NO_CHANGE = "no_change", "No change"
        CHANGES = "changes", "Changes"

    canvass = models.ForeignKey(
        Canvass, on_delete=models.CASCADE, related_name="properties", db_index=False
    )
    property = models.ForeignKey(
        Property, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    route = models.PositiveSmallIntegerField(choices=Route)
    security_code_hash = models.CharField(max_length=200, blank=True)
    code_issued_at = models.DateTimeField(null=True, blank=True)
    response = models.CharField(max_length=10, choices=Response, blank=True, default="")
    responded_at = models.DateTimeField(null=True, blank=True)
    next_attempt_due = models.DateField(null=True, blank=True)

    register = CanvassPropertyQuerySet.as_manager()

    class Meta:
        base_manager_name = "register"
        default_manager_name = "register"
        verbose_name_plural = "canvass properties"
        constraints = [
            models.UniqueConstraint(fields=["canvass", "property"], name="canvass_property_unique")
        ]

    def __str__(self) -> str:
        return f"Canvass property {self.reference}"

    @builtins.property  # ``property`` is the field above
    def reference(self) -> str:
        """The reference printed on the letter: ``C``, the canvass's year and the property."""
        return canvass_reference(self.canvass.year, self.property_id)


CANVASS_REFERENCE = re.compile(r"^C(\d{2})-?0*(\d{1,12})$")


def canvass_reference(year: int, property_id: int) -> str:
    return f"C{year % 100:02d}-{property_id:07d}"


def parse_canvass_reference(value: str) -> tuple[int, int] | None:
    """(year, property id) from a reference as printed (any case and spacing), or None."""
    match = CANVASS_REFERENCE.match("".join(value.upper().split()))
    if match is None:
        return None
    return 2000 + int(match[1]), int(match[2])


class CanvassResponse(models.Model):
    """A response for a property: no change, or changes. Changes are recorded here as data, as
    pending alterations of the register for the officer to determine."""

    class Channel(models.TextChoices):
        ONLINE = "online", "Online"
        PAPER = "paper", "Paper form"
        PHONE = "phone", "Telephone"
        CANVASSER = "canvasser", "Canvasser"

    class Alteration(models.TextChoices):
        NONE = "", "Nothing to alter"
        PENDING = "pending", "Pending alteration"
        DETERMINED = "determined", "Determined"

    canvass_property = models.ForeignKey(
        CanvassProperty, on_delete=models.CASCADE, related_name="responses"
    )
    outcome = models.CharField(max_length=10, choices=CanvassProperty.Response)
    channel = models.CharField(max_length=10, choices=Channel)
    changes = models.JSONField(default=list, blank=True)
    alteration = models.CharField(max_length=10, choices=Alteration, blank=True, default="")
    received_at = models.DateTimeField(default=timezone.now)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    register = models.Manager()

    class Meta:
        ordering = ["-received_at"]
        default_manager_name = "register"

    def __str__(self) -> str:
        return f"Canvass response {self.pk}"


class CanvassContact(models.Model):
    """A contact attempt at a Route 2 property (three, one of them personal)."""

    class Method(models.TextChoices):
        CCA = "cca", "Canvass Communication A"
        CCB = "ccb", "Canvass Communication B"
        CANVASS_FORM = "canvass_form", "Canvass form"
        ROUTE_3 = "route3", "Route 3 communication"
        EMAIL = "email", "Email"
        SMS = "sms", "Text message"
        PHONE = "phone", "Telephone call (personal)"
        DOOR_KNOCK = "door_knock", "Door knock (personal)"

    canvass_property = models.ForeignKey(
        CanvassProperty, on_delete=models.CASCADE, related_name="contacts"
    )
    number = models.PositiveSmallIntegerField(validators=[MinValueValidator(1)])
    method = models.CharField(max_length=12, choices=Method)
    made_on = models.DateField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(
                fields=["canvass_property", "number"], name="canvass_contact_unique_number"
            )
        ]

    def __str__(self) -> str:
        return f"Contact attempt {self.number} ({self.canvass_property_id})"


class CanvassBatch(models.Model):
    """A mail-merge batch of canvass communications (CCA, CCB, canvass form or Route 3) for a
    polling district, built by a task with its progress recorded, and stored once under the hash
    of its content. ``attempt`` is the Route 2 contact attempt the letters are: the first, or a
    written second or third to the properties still without a response."""

    class Kind(models.TextChoices):
        CCA = "cca", "Canvass Communication A (Route 1)"
        CCB = "ccb", "Canvass Communication B (Route 2)"
        CANVASS_FORM = "form", "Canvass form (Route 2)"
        ROUTE_3 = "route3", "Route 3 communication"

    class Status(models.TextChoices):
        WAITING = "waiting", "Waiting to start"
        RUNNING = "running", "Building"
        FAILED = "failed", "Not built"
        DONE = "done", "Built"

    canvass = models.ForeignKey(Canvass, on_delete=models.CASCADE, related_name="batches")
    kind = models.CharField(max_length=6, choices=Kind)
    attempt = models.PositiveSmallIntegerField(
        "Contact attempt",
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(3)],
        help_text="1 for the first communication; 2 or 3 for a Route 2 written reminder.",
    )
    polling_district = models.ForeignKey(
        PollingDistrict, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    status = models.CharField(max_length=10, choices=Status, default=Status.WAITING)
    phase = models.CharField(max_length=100, blank=True)
    total = models.PositiveIntegerField(default=0)
    done_count = models.PositiveIntegerField(default=0)
    pages = models.PositiveIntegerField(default=0)
    content_sha256 = models.CharField(max_length=64, blank=True)
    stored_as = models.CharField(max_length=255, blank=True)
    error = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    claimed_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name_plural = "canvass batches"

    def __str__(self) -> str:
        return f"Canvass batch {self.pk}"

    @property
    def percent(self) -> int:
        if self.status == self.Status.DONE:
            return 100
        if not self.total:
            return 0
        return min(99, int(95 * self.done_count / self.total))

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.FAILED, self.Status.DONE)


class CanvassAttemptCount(models.Model):
    """Failed attempts at the online response form per visitor (a hash of the address) or per
    reference, per hour: a small counter in the database that throttles guessing."""

    scope = models.CharField(max_length=10)
    key = models.CharField(max_length=64)
    hour = models.DateTimeField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["scope", "key", "hour"], name="canvass_attempt_unique")
        ]

    def __str__(self) -> str:
        return f"Attempts {self.scope} {self.hour:%Y-%m-%d %H}"


# --- Nominations (issue 13, point 3; DOMAIN.md C1.3) -------------------------------------------
#
# The registered parties are a reference table (the Electoral Commission's register of political
# parties, PPERA 2000 Part II): a candidate may use one of a party's registered descriptions and
# its emblem (Local Elections (Principal Areas) (England and Wales) Rules 2006, SI 2006/3304,
# Sch 2 r 6 and r 19). A candidate's home address is personal data: it is public only on the
# statement of persons nominated, and only once that statement is published.


class RegisteredParty(models.Model):
    """A party on the Electoral Commission's register of political parties (Great Britain)."""

    name = models.CharField(max_length=200, unique=True)
    ec_reference = models.CharField(
        "Electoral Commission reference", max_length=10, unique=True, help_text="Like PP52."
    )
    emblem = models.CharField(
        "Registered emblem",
        max_length=200,
        blank=True,
        help_text="What the party's registered emblem shows, for the ballot paper proof.",
    )

    objects = models.Manager()  # a public register

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "registered parties"

    def __str__(self) -> str:
        return self.name


class PartyDescription(models.Model):
    """One of a party's registered descriptions (at most six words; PPERA 2000 s28A)."""

    party = models.ForeignKey(
        RegisteredParty, on_delete=models.CASCADE, related_name="descriptions"
    )
    description = models.CharField(max_length=75)

    objects = models.Manager()

    class Meta:
        ordering = ["party__name", "description"]
        constraints = [
            models.UniqueConstraint(
                fields=["party", "description"], name="party_description_unique"
            )
        ]

    def __str__(self) -> str:
        return self.description


class CandidateQuerySet(models.QuerySet):
    def for_officer(self, user) -> CandidateQuerySet:
        if not has_role(user, Role.ELECTORAL_SERVICES_OFFICER):
            return self.none()
        return self

    def standing(self) -> CandidateQuerySet:
        """Validly nominated and not withdrawn: the names on the ballot paper."""
        return self.filter(status="valid", withdrawn_at__isnull=True)

    def published(self) -> CandidateQuerySet:
        """Candidates of contests whose statement of persons nominated is published (the
        timetable step "sopn" recorded as done): what the public may see."""
        return self.standing().filter(
            contest__election__steps_done__step="sopn",
        )


class Candidate(models.Model):
    """A person nominated in a contest, from the nomination paper received (SI 2006/3304 Sch 2
    rr 4-13): as the ballot paper shows them, their address (or the statement that it is in an
    area, r 6(2A)), their description and emblem, their election agent, and the returning
    officer's decision on the paper."""

    class Status(models.TextChoices):
        RECEIVED = "received", "Received, not yet decided"
        VALID = "valid", "Valid"
        INVALID = "invalid", "Invalid"

    contest = models.ForeignKey(Contest, on_delete=models.PROTECT, related_name="candidates")
    surname = models.CharField(max_length=100)
    other_names = models.CharField("Other names", max_length=150)
    commonly_used_surname = models.CharField(max_length=100, blank=True)
    commonly_used_forenames = models.CharField(max_length=150, blank=True)
    home_address = models.CharField("Home address", max_length=300)
    address_area = models.CharField(
        "Area of the home address",
        max_length=150,
        blank=True,
        help_text="If the candidate asked for their address not to be made public: the area it "
        "is in, printed as “address in …”.",
    )
    party = models.ForeignKey(
        RegisteredParty,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="candidates",
    )
    description = models.CharField(
        max_length=75,
        blank=True,
        help_text="A registered description of the party, “Independent”, or blank.",
    )
    use_emblem = models.BooleanField("Party emblem on the ballot paper", default=False)
    agent_name = models.CharField("Election agent", max_length=200, blank=True)
    agent_address = models.CharField("Election agent's office address", max_length=300, blank=True)
    received_at = models.DateTimeField("Nomination paper received")
    status = models.CharField(max_length=10, choices=Status, default=Status.RECEIVED)
    invalid_reason = models.CharField(
        "Reason the nomination is invalid", max_length=500, blank=True
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    withdrawn_at = models.DateTimeField("Notice of withdrawal received", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    nominations = CandidateQuerySet.as_manager()

    class Meta:
        base_manager_name = "nominations"
        default_manager_name = "nominations"
        ordering = ["contest", "surname", "other_names", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="invalid") | ~Q(invalid_reason=""),
                name="candidate_invalid_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"Candidate {self.pk} in {self.contest}"

    @property
    def ballot_surname(self) -> str:
        return self.commonly_used_surname or self.surname

    @property
    def ballot_forenames(self) -> str:
        return self.commonly_used_forenames or self.other_names

    @property
    def ballot_name(self) -> str:
        """As the ballot paper prints it: SURNAME, then forenames (r 19)."""
        return f"{self.ballot_surname.upper()} {self.ballot_forenames}"

    @property
    def published_address(self) -> str:
        if self.address_area:
            return f"(address in {self.address_area})"
        return self.home_address

    @property
    def standing_description(self) -> str:
        return self.description


class PollCardBatch(models.Model):
    """A batch of poll cards (or postal poll cards, or the polling-station register) for one
    polling district at one election, made by a task with its progress recorded. The PDF is kept
    once in the private storage under the SHA-256 of its content (``content_hash``)."""

    class Kind(models.TextChoices):
        POLL_CARDS = "poll_cards", "Poll cards"
        POSTAL_POLL_CARDS = "postal_poll_cards", "Postal poll cards"
        STATION_REGISTER = "station_register", "Polling station register"

    class Status(models.TextChoices):
        WAITING = "waiting", "Waiting"
        RUNNING = "running", "Running"
        DONE = "done", "Done"
        FAILED = "failed", "Failed"

    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="card_batches")
    polling_district = models.ForeignKey(
        PollingDistrict, on_delete=models.PROTECT, related_name="card_batches"
    )
    # A station register of a district with several stations is one batch per station.
    polling_station = models.ForeignKey(
        PollingStation,
        on_delete=models.PROTECT,
        related_name="card_batches",
        null=True,
        blank=True,
    )
    kind = models.CharField(max_length=20, choices=Kind)
    status = models.CharField(max_length=10, choices=Status, default=Status.WAITING)
    cards_total = models.PositiveIntegerField(default=0)
    cards_done = models.PositiveIntegerField(default=0)
    content_hash = models.CharField(max_length=64, blank=True)
    stored_as = models.CharField(max_length=200, blank=True)
    error = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    register = ElectoralServicesQuerySet.as_manager()

    class Meta:
        base_manager_name = "register"
        default_manager_name = "register"
        ordering = ["-created_at", "-pk"]
        verbose_name_plural = "poll card batches"

    def __str__(self) -> str:
        station = f" station {self.polling_station.number}" if self.polling_station_id else ""
        return f"{self.get_kind_display()} for {self.polling_district.code}{station}"


# The count and its results (issue 13, point 5) live in their own module.
from elections.result_models import CandidateResult, ContestResult, ResultsLive  # noqa: E402, F401
