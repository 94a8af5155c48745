from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError

from democracy.admin import AuditedAdmin
from meetings.models import Committee, CommitteeMembership
from meetings.services.committees import check_seat_kind, untrained_warning


class MembershipForm(forms.ModelForm):
    """A seat chosen in the console obeys the same rules as ``membership_appoint``: a co-opted
    member (a person on the record) only in a co-opted seat while co-opted, a councillor never
    in one; each refusal beside the field it is about. A co-opted member given by name only
    (``coopted_name``) is unchanged."""

    class Meta:
        model = CommitteeMembership
        fields = ["committee", "councillor", "coopted_name", "role", "start_date", "end_date"]

    def _post_clean(self):
        # After the model's own checks, so that a refusal here (which takes the field out of
        # cleaned_data) does not also trip the model's "a councillor or a name" rule.
        super()._post_clean()
        data = self.cleaned_data
        person, role, start = data.get("councillor"), data.get("role"), data.get("start_date")
        if person is not None and role and start:
            try:
                check_seat_kind(person, role, start)
            except ValidationError as error:
                for field, errors in error.error_dict.items():
                    self.add_error(field, errors)


class MembershipInline(admin.TabularInline):
    model = CommitteeMembership
    form = MembershipForm
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
