from django.contrib import admin, messages

from democracy.admin import AuditedAdmin
from meetings.models import Committee, CommitteeMembership
from meetings.services.committees import untrained_warning


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
    filter_horizontal = ["required_training"]

    def save_formset(self, request, form, formset, change):
        """Warn (not refuse) when a new member lacks the training the committee requires."""
        new = [f.instance for f in formset.forms if f.instance.pk is None]
        super().save_formset(request, form, formset, change)
        for membership in new:
            if membership.pk and membership.councillor_id:
                warning = untrained_warning(membership.committee, membership.councillor)
                if warning:
                    messages.warning(request, warning)
