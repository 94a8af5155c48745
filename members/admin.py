from django.contrib import admin

from democracy.admin import AuditedAdmin
from members.models import (
    Councillor,
    GroupMembership,
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
