from django.contrib import admin

from democracy.admin import AuditedAdmin
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
from members.services.allowances import HMRC_MILEAGE


class TermInline(admin.TabularInline):
    model = Term
    extra = 0
    autocomplete_fields = ["ward"]


class GroupMembershipInline(admin.TabularInline):
    model = GroupMembership
    extra = 0


class CoOptionInline(admin.TabularInline):
    model = CoOption
    extra = 0


class PrivateContactInline(admin.StackedInline):
    model = PrivateContact
    can_delete = False
    verbose_name_plural = "private contact details (never published)"


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
    prepopulated_fields = {"slug": ["first_name", "last_name"]}
    raw_id_fields = ["user"]
    inlines = [TermInline, GroupMembershipInline, CoOptionInline, PrivateContactInline]

    def get_queryset(self, request):
        return super().get_queryset(request).with_current_roles().select_related("user")

    @admin.display(description="Ward", ordering="current_ward_name")
    def current_ward_name(self, obj):
        return obj.current_ward_name or "Not serving"

    @admin.display(description="Group", ordering="current_group_name")
    def current_group_name(self, obj):
        return obj.current_group_name or "Independent"


@admin.register(PoliticalGroup)
class PoliticalGroupAdmin(AuditedAdmin):
    list_display = ["name", "short_name", "constituted_on", "dissolved_on"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [GroupMembershipInline]


# --- Records and training (officers have their own screens under /members/officers/) ----------


class PositionHoldingInline(admin.TabularInline):
    model = PositionHolding
    extra = 0
    autocomplete_fields = ["councillor"]


@admin.register(Position)
class PositionAdmin(AuditedAdmin):
    list_display = ["title", "kind", "group", "holders"]
    list_filter = ["kind"]
    search_fields = ["title"]
    inlines = [PositionHoldingInline]


class OutsideBodyAppointmentInline(admin.TabularInline):
    model = OutsideBodyAppointment
    extra = 0
    autocomplete_fields = ["councillor"]


@admin.register(OutsideBody)
class OutsideBodyAdmin(AuditedAdmin):
    list_display = ["name", "kind"]
    search_fields = ["name"]
    inlines = [OutsideBodyAppointmentInline]


@admin.register(TrainingModule)
class TrainingModuleAdmin(AuditedAdmin):
    list_display = ["name", "mandatory"]
    search_fields = ["name"]


@admin.register(TrainingEvent)
class TrainingEventAdmin(AuditedAdmin):
    list_display = ["module", "starts_at", "venue", "online", "cost", "capacity"]
    list_filter = ["module"]


# --- Registers of interests (members/models/interests.py) ----------------------------------------


class InterestInline(admin.TabularInline):
    model = Interest
    extra = 0
    can_delete = False
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
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(InterestDeclaration)
class InterestDeclarationAdmin(AuditedAdmin):
    """Read-only: declarations change only through the portal and the officers' review pages,
    and a published version never changes (Localism Act 2011 s29 register)."""

    list_display = ["councillor", "status", "version", "submitted_at", "published_at"]
    list_filter = ["status"]
    search_fields = ["councillor__first_name", "councillor__last_name"]
    inlines = [InterestInline]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("councillor")


# --- Members' allowances (SI 2003/1021) ---------------------------------------------------------


class MileageRateInline(admin.TabularInline):
    model = MileageRate
    extra = 0


class SRARateInline(admin.TabularInline):
    model = SRARate
    extra = 0
    autocomplete_fields = ["responsibility"]


@admin.register(AllowanceScheme)
class AllowanceSchemeAdmin(AuditedAdmin):
    list_display = ["__str__", "adopted_on", "basic_allowance", "totals_published_on"]
    inlines = [SRARateInline, MileageRateInline]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        scheme = form.instance
        if not scheme.mileage.exists():  # a new scheme starts with HMRC's rates
            for vehicle, rate, threshold, above in HMRC_MILEAGE:
                MileageRate.objects.create(
                    scheme=scheme,
                    vehicle=vehicle,
                    rate=rate,
                    threshold_miles=threshold,
                    rate_above_threshold=above,
                )


@admin.register(SpecialResponsibility)
class SpecialResponsibilityAdmin(AuditedAdmin):
    list_display = ["name"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(SpecialResponsibilityHolding)
class SpecialResponsibilityHoldingAdmin(AuditedAdmin):
    list_display = ["councillor", "responsibility", "start_date", "end_date"]
    list_filter = ["responsibility"]
    autocomplete_fields = ["councillor", "responsibility"]


@admin.register(AllowanceWithholding)
class AllowanceWithholdingAdmin(AuditedAdmin):
    list_display = ["councillor", "start_date", "end_date", "reason"]
    autocomplete_fields = ["councillor"]


@admin.register(Renunciation)
class RenunciationAdmin(AuditedAdmin):
    list_display = ["councillor", "scope", "percentage", "start_date", "end_date"]
    autocomplete_fields = ["councillor"]


@admin.register(AllowancesProfile)
class AllowancesProfileAdmin(AuditedAdmin):
    list_display = ["councillor", "payroll_number", "cost_centre"]
    autocomplete_fields = ["councillor"]


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
class DispensationAdmin(AuditedAdmin):
    list_display = ["councillor", "granted_by", "granted_on", "expires_on", "ground"]
    search_fields = ["councillor__first_name", "councillor__last_name", "scope"]
    autocomplete_fields = ["councillor"]


@admin.register(GiftOrHospitality)
class GiftOrHospitalityAdmin(AuditedAdmin):
    list_display = ["councillor", "kind", "donor", "estimated_value", "received_on", "status"]
    list_filter = ["status", "kind", "accepted"]
    search_fields = ["councillor__first_name", "councillor__last_name", "donor"]
    autocomplete_fields = ["councillor"]
    readonly_fields = ["published_at", "published_by", "returned_at", "returned_by"]
