"""Members in the managers' console. Terms of office are started and ended here through
``term_start`` and ``term_end`` (there is no other screen for them), so ending a term ends the
councillor's group membership and committee seats in the same transaction; records the officer
screens change (co-options, group memberships, positions, outside bodies, interests, gifts,
dispensations, allowances) are shown here read-only with a link to that screen."""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError

from democracy.admin import AuditedAdmin, ReadOnlyAdmin, ReadOnlyInline, ServiceInline
from members.models import (
    AllowancePayment,
    AllowanceScheme,
    AllowancesProfile,
    AllowanceWithholding,
    CoOption,
    Councillor,
    Dispensation,
    GiftOrHospitality,
    GroupMembership,
    Interest,
    InterestDeclaration,
    MileageRate,
    OutsideBody,
    OutsideBodyAppointment,
    PoliticalGroup,
    Position,
    PositionHolding,
    PrivateContact,
    Renunciation,
    SpecialResponsibility,
    SpecialResponsibilityHolding,
    SRARate,
    Term,
    TrainingEvent,
    TrainingModule,
)
from members.services import allowances as allowance_services
from members.services.councillors import (
    check_term_start,
    councillor_create,
    group_dissolve,
    term_end,
    term_start,
)

TERM_START = ["ward", "start_date", "start_reason"]
TERM_END = ["end_date", "end_reason"]


class TermForm(forms.ModelForm):
    """A term row: a new one is checked as ``term_start`` checks it; a saved one keeps its
    start, and once ended its end (the consequences have been done and are history)."""

    class Meta:
        model = Term
        fields = [*TERM_START, *TERM_END]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        frozen = []
        if self.instance.pk:
            frozen += TERM_START
            if self.instance.end_date:
                frozen += TERM_END
        for name in frozen:
            self.fields[name].disabled = True

    def clean(self):
        cleaned = super().clean()
        ward, start = cleaned.get("ward"), cleaned.get("start_date")
        if self.instance.pk is None and ward and start and self.has_changed():
            try:
                check_term_start(councillor=self.instance.councillor, ward=ward, start_date=start)
            except ValidationError as error:
                for field, errors in error.error_dict.items():
                    self.add_error(field if field in self.fields else None, errors)
        return cleaned


class TermInline(ServiceInline):
    """Terms of office, through ``term_start`` and ``term_end``: a new row starts a term (and
    ends it, for a past term recorded after the fact); giving a current term an end date ends
    it, with its consequences. Terms are never deleted."""

    model = Term
    form = TermForm
    autocomplete_fields = ["ward"]

    def save_row(self, request, form, parent):
        data = form.cleaned_data
        if form.instance.pk is None:
            return term_start(
                councillor=parent,
                ward=data["ward"],
                start_date=data["start_date"],
                start_reason=data["start_reason"],
                end_date=data.get("end_date"),
                end_reason=data.get("end_reason", ""),
                by=request.user,
            )
        term = Term.objects.select_for_update().get(pk=form.instance.pk)
        if term.end_date is None and data.get("end_date"):
            term_end(
                term=term, end_date=data["end_date"], end_reason=data["end_reason"], by=request.user
            )
        return term


class GroupMembershipInline(ReadOnlyInline):
    model = GroupMembership
    fields = ["councillor", "group", "start_date", "end_date"]
    officer_screen = ("members:officer-group-change", lambda m: [m.councillor_id])


class CoOptionInline(ReadOnlyInline):
    model = CoOption
    fields = ["appointment", "appointed_by", "voting", "start_date", "end_date", "end_reason"]
    officer_screen = ("members:officer-co-opted-member", lambda c: [c.councillor_id])


class PrivateContactInline(ReadOnlyInline):
    model = PrivateContact
    fields = ["home_address", "personal_email", "personal_phone"]
    verbose_name_plural = "private contact details (never published)"
    officer_screen = ("members:officer-private", lambda c: [c.councillor_id])


@admin.register(Councillor)
class CouncillorAdmin(AuditedAdmin):
    list_display = [
        "last_name",
        "first_name",
        "kind",
        "current_ward_name",
        "current_group_name",
        "user",
    ]
    list_filter = ["kind"]
    search_fields = ["first_name", "last_name", "council_email"]
    raw_id_fields = ["user"]
    inlines = [TermInline, GroupMembershipInline, CoOptionInline, PrivateContactInline]

    def get_fields(self, request, obj=None):
        fields = [f for f in super().get_fields(request, obj) if f != "slug"]
        return fields if obj is None else [*fields, "slug"]

    def get_readonly_fields(self, request, obj=None):
        # The slug is in every public address of the councillor; what kind of member they are
        # decides which of the records (terms or co-options) they may hold.
        return ["slug", "kind"] if obj is not None else []

    def save_model(self, request, obj, form, change):
        """A new member through ``councillor_create`` (with their private contact record and
        a unique slug); a change to their name or council contact details is audited."""
        if change:
            return super().save_model(request, obj, form, change)
        data = form.cleaned_data
        created = councillor_create(
            kind=data["kind"],
            title=data.get("title", ""),
            first_name=data["first_name"],
            last_name=data["last_name"],
            council_email=data.get("council_email", ""),
            council_phone=data.get("council_phone", ""),
            user=data.get("user"),
            by=request.user,
        )
        obj.pk, obj.slug = created.pk, created.slug
        obj._state.adding, obj._state.db = False, created._state.db

    def has_delete_permission(self, request, obj=None):
        return False  # a member's record of office is kept

    def get_queryset(self, request):
        return super().get_queryset(request).with_current_roles().select_related("user")

    @admin.display(description="Ward", ordering="current_ward_name")
    def current_ward_name(self, obj):
        return obj.current_ward_name or "Not serving"

    @admin.display(description="Group", ordering="current_group_name")
    def current_group_name(self, obj):
        return obj.current_group_name or "Independent"


class GroupMemberInline(GroupMembershipInline):
    officer_screen = ("members:officer-group-change", lambda m: [m.councillor_id])


@admin.register(PoliticalGroup)
class PoliticalGroupAdmin(AuditedAdmin):
    list_display = ["name", "short_name", "constituted_on", "dissolved_on"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [GroupMemberInline]

    def has_delete_permission(self, request, obj=None):
        return False  # political balance is worked out from its dated memberships

    def save_model(self, request, obj, form, change):
        """A dissolution given here is the service's (``group_dissolve``): the memberships in
        force that day end with it, or the page says why not and nothing is saved."""
        super().save_model(request, obj, form, change)
        if change and "dissolved_on" in form.changed_data and obj.dissolved_on is not None:
            group_dissolve(group=obj, dissolved_on=obj.dissolved_on, by=request.user)


# --- Records and training (officers have their own screens under /members/officers/) ----------


class PositionHoldingInline(ReadOnlyInline):
    model = PositionHolding
    fields = ["councillor", "start_date", "end_date"]
    officer_screen = ("members:officer-position", lambda h: [h.position_id])


@admin.register(Position)
class PositionAdmin(AuditedAdmin):
    list_display = ["title", "kind", "group", "holders"]
    list_filter = ["kind"]
    search_fields = ["title"]
    inlines = [PositionHoldingInline]

    def has_delete_permission(self, request, obj=None):
        return False


class OutsideBodyAppointmentInline(ReadOnlyInline):
    model = OutsideBodyAppointment
    officer_screen = ("members:officer-outside-body", lambda a: [a.body_id])


@admin.register(OutsideBody)
class OutsideBodyAdmin(AuditedAdmin):
    list_display = ["name", "kind"]
    search_fields = ["name"]
    inlines = [OutsideBodyAppointmentInline]

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(TrainingModule)
class TrainingModuleAdmin(ReadOnlyAdmin):
    list_display = ["name", "mandatory"]
    search_fields = ["name"]
    officer_screen = ("members:officer-training", None)


@admin.register(TrainingEvent)
class TrainingEventAdmin(ReadOnlyAdmin):
    list_display = ["module", "starts_at", "venue", "online", "cost", "capacity"]
    list_filter = ["module"]
    officer_screen = ("members:officer-training-event", lambda e: [e.pk])


# --- Registers of interests (members/models/interests.py) ----------------------------------------


class InterestInline(ReadOnlyInline):
    model = Interest
    officer_screen = ("members:officer-declaration", lambda i: [i.declaration_id])
    fields = [
        "position",
        "category",
        "whose",
        "description",
        "organisation",
        "address",
        "sensitive",
        "sensitive_agreed_by",
        "sensitive_agreed_on",
    ]


@admin.register(InterestDeclaration)
class InterestDeclarationAdmin(ReadOnlyAdmin):
    """Read-only: declarations change only through the portal and the officers' review pages,
    and a published version never changes (Localism Act 2011 s29 register)."""

    list_display = ["councillor", "status", "version", "submitted_at", "published_at"]
    list_filter = ["status"]
    search_fields = ["councillor__first_name", "councillor__last_name"]
    inlines = [InterestInline]
    officer_screen = ("members:officer-declaration", lambda d: [d.pk])

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("councillor")


# --- Members' allowances (SI 2003/1021) ---------------------------------------------------------


def _scheme_year(scheme) -> list[str]:
    return [f"{scheme.year_start.year}-{(scheme.year_start.year + 1) % 100:02d}"]


class MileageRateInline(ReadOnlyInline):
    model = MileageRate
    officer_screen = ("members:officer-allowance-scheme", lambda r: _scheme_year(r.scheme))


class SRARateInline(ReadOnlyInline):
    model = SRARate
    officer_screen = ("members:officer-sra-rate", lambda r: _scheme_year(r.scheme))


@admin.register(AllowanceScheme)
class AllowanceSchemeAdmin(ReadOnlyAdmin):
    """Made and amended by the officers' allowances pages (SI 2003/1021 regs 10 and 16)."""

    list_display = ["__str__", "adopted_on", "basic_allowance", "totals_published_on"]
    inlines = [SRARateInline, MileageRateInline]
    officer_screen = ("members:officer-allowance-scheme", _scheme_year)


@admin.register(SpecialResponsibility)
class SpecialResponsibilityAdmin(AuditedAdmin):
    list_display = ["name"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(SpecialResponsibilityHolding)
class SpecialResponsibilityHoldingAdmin(AuditedAdmin):
    """Who holds a special responsibility, through ``responsibility_assign`` and, once held,
    ``responsibility_end`` (only the end date changes); never deleted (payments follow it)."""

    list_display = ["councillor", "responsibility", "start_date", "end_date"]
    list_filter = ["responsibility"]
    autocomplete_fields = ["councillor", "responsibility"]

    def get_readonly_fields(self, request, obj=None):
        return ["councillor", "responsibility", "start_date"] if obj is not None else []

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        if change:
            held = SpecialResponsibilityHolding.objects.select_for_update().get(pk=obj.pk)
            allowance_services.responsibility_end(
                holding=held, end_date=data["end_date"], by=request.user
            )
            return
        created = allowance_services.responsibility_assign(
            councillor=data["councillor"],
            responsibility=data["responsibility"],
            start_date=data["start_date"],
            end_date=data.get("end_date"),
            by=request.user,
        )
        obj.pk, obj._state.adding, obj._state.db = created.pk, False, created._state.db

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AllowanceWithholding)
class AllowanceWithholdingAdmin(ReadOnlyAdmin):
    list_display = ["councillor", "start_date", "end_date", "reason"]
    officer_screen = ("members:officer-allowances", None)


@admin.register(Renunciation)
class RenunciationAdmin(ReadOnlyAdmin):
    list_display = ["councillor", "scope", "percentage", "start_date", "end_date"]
    officer_screen = ("members:officer-allowances", None)


@admin.register(AllowancesProfile)
class AllowancesProfileAdmin(AuditedAdmin):
    """Payroll details, through ``profile_set``; never deleted (payroll exports read them)."""

    list_display = ["councillor", "payroll_number", "cost_centre"]
    autocomplete_fields = ["councillor"]

    def get_readonly_fields(self, request, obj=None):
        return ["councillor"] if obj is not None else []

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        saved = allowance_services.profile_set(
            councillor=obj.councillor,
            payroll_number=data["payroll_number"],
            cost_centre=data.get("cost_centre", ""),
            by=request.user,
        )
        obj.pk, obj._state.adding, obj._state.db = saved.pk, False, saved._state.db

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AllowancePayment)
class AllowancePaymentAdmin(admin.ModelAdmin):
    """The reg 15 record: read-only; corrections are adjustment rows made by the services."""

    list_display = ["pay_date", "councillor", "head", "kind", "amount"]
    list_filter = ["head", "kind", "scheme"]
    date_hierarchy = "pay_date"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Dispensation)
class DispensationAdmin(ReadOnlyAdmin):
    """Granted on the officers' page (Localism Act 2011 s33)."""

    list_display = ["councillor", "granted_by", "granted_on", "expires_on", "ground"]
    search_fields = ["councillor__first_name", "councillor__last_name", "scope"]
    officer_screen = ("members:officer-dispensations", None)


@admin.register(GiftOrHospitality)
class GiftOrHospitalityAdmin(ReadOnlyAdmin):
    """Registered by the member in the portal; published or returned on the officers' page."""

    list_display = ["councillor", "kind", "donor", "estimated_value", "received_on", "status"]
    list_filter = ["status", "kind", "accepted"]
    search_fields = ["councillor__first_name", "councillor__last_name", "donor"]
    officer_screen = ("members:officer-gifts", None)
