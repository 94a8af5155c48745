from django.contrib import admin

from democracy.admin import AuditedAdmin
from elections.models import PollingDistrict, Ward


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
