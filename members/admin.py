from django.contrib import admin

from democracy.admin import AuditedAdmin
from members.models import (
    Councillor,
    Dispensation,
    GiftOrHospitality,
    GroupMembership,
    Interest,
    InterestDeclaration,
    OutsideBody,
    OutsideBodyAppointment,
    PoliticalGroup,
    Position,
    PositionHolding,
    PrivateContact,
    Term,
    TrainingEvent,
    TrainingModule,
)


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
    readonly_fields = ["published_at", "published_by"]
