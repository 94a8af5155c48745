from django.contrib import admin

from democracy.admin import AuditedAdmin
from elections.models import PartyDescription, PollingDistrict, RegisteredParty, Ward


class PollingDistrictInline(admin.TabularInline):
    model = PollingDistrict
    extra = 0


@admin.register(Ward)
class WardAdmin(AuditedAdmin):
    list_display = ["name", "gss_code", "seats", "created_on", "abolished_on"]
    list_filter = ["seats", "abolished_on"]
    search_fields = ["name", "gss_code"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [PollingDistrictInline]

    def has_delete_permission(self, request, obj=None):
        return False  # a ward is abolished (``abolished_on``), never deleted: terms name it


@admin.register(PollingDistrict)
class PollingDistrictAdmin(AuditedAdmin):
    list_display = ["code", "name", "ward"]
    list_select_related = ["ward"]
    search_fields = ["code", "name", "ward__name"]


class PartyDescriptionInline(admin.TabularInline):
    model = PartyDescription
    extra = 0


@admin.register(RegisteredParty)
class RegisteredPartyAdmin(AuditedAdmin):
    """The Electoral Commission's register of parties, kept up to date by a manager. A party
    candidates have stood for is never deleted (the statement of persons nominated names it)."""

    list_display = ["name", "ec_reference", "emblem"]
    search_fields = ["name", "ec_reference"]
    inlines = [PartyDescriptionInline]

    def has_delete_permission(self, request, obj=None):
        return False
