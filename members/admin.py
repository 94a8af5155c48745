from django.contrib import admin

from democracy.admin import AuditedAdmin
from members.models import (
    AllowancePayment,
    AllowanceScheme,
    AllowancesProfile,
    AllowanceWithholding,
    Councillor,
    GroupMembership,
    MileageRate,
    PoliticalGroup,
    PrivateContact,
    Renunciation,
    SpecialResponsibility,
    SpecialResponsibilityHolding,
    SRARate,
    Term,
)
from members.services.allowances import HMRC_MILEAGE


class TermInline(admin.TabularInline):
    model = Term
    extra = 0
    autocomplete_fields = ["ward"]


class GroupMembershipInline(admin.TabularInline):
    model = GroupMembership
    extra = 0


class PrivateContactInline(admin.StackedInline):
    model = PrivateContact
    can_delete = False
    verbose_name_plural = "private contact details (never published)"


@admin.register(Councillor)
class CouncillorAdmin(AuditedAdmin):
    list_display = ["last_name", "first_name", "current_ward_name", "current_group_name", "user"]
    search_fields = ["first_name", "last_name", "council_email"]
    prepopulated_fields = {"slug": ["first_name", "last_name"]}
    raw_id_fields = ["user"]
    inlines = [TermInline, GroupMembershipInline, PrivateContactInline]

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
