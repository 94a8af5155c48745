"""The managers' console: the Django admin, with every change audited."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.db import transaction
from django.utils.html import format_html_join

from democracy import audit
from democracy.models import AuditEvent, NonWorkingDay, Reminder, User

admin.site.site_header = "Democratic services console"
admin.site.site_title = "Console"
admin.site.index_title = "Manage the system"


def _action(obj, verb: str) -> str:
    return f"{obj._meta.app_label}.{obj._meta.model_name}.{verb}"


class AuditedAdmin(admin.ModelAdmin):
    """Writes through the console leave the same audit trail as writes through the services."""

    def save_model(self, request, obj, form, change):
        with transaction.atomic():
            fields = form.changed_data if change else list(form.cleaned_data)
            changes = {
                name: [form.initial.get(name) if change else None, form.cleaned_data.get(name)]
                for name in fields
                if name in form.cleaned_data
            }
            super().save_model(request, obj, form, change)
            if change and not changes:
                return  # saved only for its inlines; they are audited row by row
            audit.record(
                _action(obj, "update" if change else "create"),
                obj,
                by=request.user,
                changes=changes,
                note="Changed in the console",
            )

    def save_formset(self, request, form, formset, change):
        """Inline rows (terms of a councillor, members of a committee) are audited one by one."""
        with transaction.atomic():
            for inline_form in formset.forms:
                if inline_form in formset.deleted_forms and inline_form.instance.pk:
                    audit.record(
                        _action(inline_form.instance, "delete"),
                        inline_form.instance,
                        by=request.user,
                        note="Deleted in the console",
                    )
            created = {id(f.instance) for f in formset.forms if f.instance.pk is None}
            changed = {
                id(f.instance): {
                    n: [f.initial.get(n), f.cleaned_data.get(n)] for n in f.changed_data
                }
                for f in formset.forms
                if f.has_changed() and f not in formset.deleted_forms
            }
            for obj in formset.save():
                verb = "create" if id(obj) in created else "update"
                audit.record(
                    _action(obj, verb),
                    obj,
                    by=request.user,
                    changes=changed.get(id(obj), {}),
                    note="Changed in the console",
                )

    def delete_model(self, request, obj):
        with transaction.atomic():
            audit.record(
                _action(obj, "delete"), obj, by=request.user, note="Deleted in the console"
            )
            super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        with transaction.atomic():
            for obj in queryset:
                self.delete_model(request, obj)


@admin.register(User)
class CouncilUserAdmin(AuditedAdmin, UserAdmin):
    list_display = ["username", "first_name", "last_name", "email", "roles", "is_active"]
    list_filter = ["groups", "is_active", "is_staff"]

    @admin.display(description="Roles")
    def roles(self, obj: User) -> str:
        return ", ".join(g.name for g in obj.groups.all())

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("groups")


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Read-only: the log is evidence. Nobody, not even a superuser, edits or deletes it here
    (and the database refuses UPDATE and DELETE on the table)."""

    list_display = ["at", "actor_name", "action", "content_type", "object_repr"]
    list_filter = ["action", "content_type", ("actor", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["object_repr", "actor_name", "action", "object_id", "note"]
    date_hierarchy = "at"
    list_select_related = ["content_type"]
    readonly_fields = [
        "at",
        "actor",
        "actor_name",
        "action",
        "content_type",
        "object_id",
        "object_repr",
        "changes_table",
        "note",
    ]
    exclude = ["changes"]

    @admin.display(description="Changes")
    def changes_table(self, obj: AuditEvent) -> str:
        return format_html_join(
            "\n",
            "<div><strong>{}</strong>: {} &rarr; {}</div>",
            ((name, before, after) for name, (before, after) in sorted(obj.changes.items())),
        )

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Reminder)
class ReminderAdmin(admin.ModelAdmin):
    list_display = ["email_subject", "kind", "due_on", "send_at", "status", "attempts", "sent_at"]
    list_filter = ["kind", ("sent_at", admin.EmptyFieldListFilter), "due_on"]
    search_fields = ["email_subject", "kind"]
    date_hierarchy = "send_at"
    readonly_fields = [f.name for f in Reminder._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(NonWorkingDay)
class NonWorkingDayAdmin(AuditedAdmin):
    list_display = ["date", "kind", "description"]
    list_filter = ["kind"]
    date_hierarchy = "date"
