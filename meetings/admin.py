from django.contrib import admin

from democracy.admin import AuditedAdmin
from meetings.models import Committee, CommitteeMembership


class MembershipInline(admin.TabularInline):
    model = CommitteeMembership
    extra = 0
    autocomplete_fields = ["councillor"]


@admin.register(Committee)
class CommitteeAdmin(AuditedAdmin):
    list_display = ["name", "kind", "size", "quorum", "political_balance_applies", "dissolved_on"]
    list_filter = ["kind", "political_balance_applies"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [MembershipInline]
