"""Committees in the managers' console; their seats through ``membership_appoint`` and
``membership_end``, as on the officers' seats page."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError

from democracy.admin import AuditedAdmin, ServiceInline
from meetings.models import (
    Committee,
    CommitteeMembership,
    ReportTemplate,
    ReportTemplateSection,
)
from meetings.services.committees import (
    check_seat_kind,
    membership_appoint,
    membership_appoint_named,
    membership_end,
)

SEAT = ["councillor", "coopted_name", "role", "start_date"]


class MembershipForm(forms.ModelForm):
    """A seat chosen in the console obeys the same rules as ``membership_appoint``: a co-opted
    member (a person on the record) only in a co-opted seat while co-opted, a councillor never
    in one; each refusal beside the field it is about. A co-opted member given by name only
    (``coopted_name``) is unchanged."""

    class Meta:
        model = CommitteeMembership
        fields = ["committee", "councillor", "coopted_name", "role", "start_date", "end_date"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        frozen = []
        if self.instance.pk:  # a seat once taken keeps its holder, role and start
            frozen += [name for name in SEAT if name in self.fields]
            if self.instance.end_date:
                frozen.append("end_date")
        for name in frozen:
            self.fields[name].disabled = True

    def _post_clean(self):
        # After the model's own checks, so that a refusal here (which takes the field out of
        # cleaned_data) does not also trip the model's "a councillor or a name" rule.
        super()._post_clean()
        data = self.cleaned_data
        person, role, start = data.get("councillor"), data.get("role"), data.get("start_date")
        if person is not None and role and start and not self.instance.pk:
            try:
                check_seat_kind(person, role, start)
            except ValidationError as error:
                for field, errors in error.error_dict.items():
                    self.add_error(field, errors)


class MembershipInline(ServiceInline):
    """Seats: a new row is appointed by ``membership_appoint`` (its rules, its audit row, its
    training warning); giving a seat an end date ends it by ``membership_end``. Seats are never
    deleted: they are the record of who could vote and read the exempt papers."""

    model = CommitteeMembership
    form = MembershipForm
    autocomplete_fields = ["councillor"]

    def save_row(self, request, form, parent):
        data = form.cleaned_data
        if form.instance.pk is None:
            if data.get("councillor") is not None:
                seat = membership_appoint(
                    committee=parent,
                    councillor=data["councillor"],
                    role=data["role"],
                    start_date=data["start_date"],
                    by=request.user,
                )
                if seat.training_warning:
                    messages.warning(request, seat.training_warning)
            else:
                seat = membership_appoint_named(
                    committee=parent,
                    coopted_name=data["coopted_name"],
                    role=data["role"],
                    start_date=data["start_date"],
                    by=request.user,
                )
        else:
            seat = CommitteeMembership.objects.select_for_update().get(pk=form.instance.pk)
            if seat.end_date is not None:
                return seat  # already ended
        if data.get("end_date"):
            membership_end(membership=seat, end_date=data["end_date"], by=request.user)
        return seat


@admin.register(Committee)
class CommitteeAdmin(AuditedAdmin):
    list_display = ["name", "kind", "size", "quorum", "political_balance_applies", "dissolved_on"]
    list_filter = ["kind", "political_balance_applies"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [MembershipInline]
    filter_horizontal = ["required_training"]

    def has_delete_permission(self, request, obj=None):
        return False  # its meetings, decisions and seats are the record


class ReportTemplateSectionInline(admin.TabularInline):
    """The template's sections in order: each row added, changed or removed is audited."""

    model = ReportTemplateSection
    extra = 1
    fields = ["position", "heading", "guidance"]


@admin.register(ReportTemplate)
class ReportTemplateAdmin(AuditedAdmin):
    """The council's report templates: sections with standard headings that authors write under.
    A report keeps the sections it was started with, so changing a template changes only the
    reports started after; a template no longer wanted is made inactive, never deleted."""

    list_display = ["name", "is_default", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["name"]
    inlines = [ReportTemplateSectionInline]

    def has_delete_permission(self, request, obj=None):
        return False
