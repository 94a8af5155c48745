"""The managers' console: the Django admin, where every write reaches the services.

A model registered here is managed in one of three ways, and the console test
(``website/tests/test_console_writes.py``) holds which, model by model:

* **through its service**: a ``ServiceInline`` (or a ``save_model`` of the app's admin) calls the
  same ``<entity>_<verb>`` service the officer screens call, so the same rules refuse the same
  input and the same consequences follow in the same transaction (ending a term ends the
  councillor's committee seats);
* **audited**: reference data with no consequences beyond itself (a ward's name, a non-working
  day) is validated and saved by ``AuditedAdmin`` with an audit row, as a service would;
* **refused**: read-only, with a link to the officer screen where the change is made.

Secrets never reach the audit log: ``audit.changes_from_form`` redacts them by widget and by
name, and ``audit.record`` again by name and value (issue 11, Security 1).
"""

from __future__ import annotations

from collections.abc import Callable

# Imported first so that their registrations exist, to be replaced below by ours.
import axes.admin
import django_otp.plugins.otp_totp.admin  # noqa: F401
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.utils import unquote
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html, format_html_join
from django_otp.plugins.otp_totp.models import TOTPDevice

from democracy import audit
from democracy.accounts.services import totp_remove
from democracy.models import AuditEvent, NonWorkingDay, Reminder, User
from democracy.roles import CONSOLE_ROLES

# The site itself (its sections by task, its titles) is ``democracy.console.ConsoleSite``.


def _action(obj, verb: str) -> str:
    return f"{obj._meta.app_label}.{obj._meta.model_name}.{verb}"


def _messages(error: ValidationError) -> list[str]:
    """A service's refusal as sentences that name the field they are about."""
    if hasattr(error, "error_dict"):
        return [
            message if field == "__all__" else f"{field.replace('_', ' ').capitalize()}: {message}"
            for field, errors in error.message_dict.items()
            for message in errors
        ]
    return list(error.messages)


def officer_screen_link(url_name: str, args: Callable[[object], list] | None, obj) -> str:
    """A link to the officer screen where ``obj`` is changed (or the console's own note)."""
    try:
        url = reverse(url_name, args=args(obj) if args else [])
    except NoReverseMatch:
        return "Changed on the officer screens"
    return format_html('<a class="govuk-link" href="{}">Change on the officer screen</a>', url)


def confirm_first(
    model_admin, request, queryset, *, action: str, title: str, warning: str, button: str
) -> TemplateResponse | None:
    """A dangerous action (a reset, a release) asks before it acts, as deleting does: the page
    lists what it will act on and posts the same action back with ``confirmed``. None once the
    manager has confirmed."""
    if request.POST.get("confirmed") == "yes":
        return None
    context = {
        **model_admin.admin_site.each_context(request),
        "title": title,
        "subtitle": None,
        "warning": warning,
        "button": button,
        "action": action,
        "objects": list(queryset),
        "opts": model_admin.model._meta,
        "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
    }
    return TemplateResponse(request, "admin/confirm_action.html", context)


# --- Inlines ----------------------------------------------------------------------------------


class ServiceInline(admin.TabularInline):
    """Rows saved only through the app's services: ``save_row`` is called for each form that
    changed (new or existing) inside the console's transaction; deleting rows is refused. A
    service's refusal (a ``ValidationError``) rolls everything back and is shown on the page."""

    extra = 0
    can_delete = False

    def save_row(self, request, form, parent):  # pragma: no cover - abstract
        """Save one changed row through the service; return the saved object."""
        raise NotImplementedError

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        formset.service_inline = self
        return formset

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyInline(admin.TabularInline):
    """Rows shown, never changed here: a link on each row leads to the officer screen that
    changes them through the service."""

    extra = 0
    can_delete = False
    officer_screen: tuple[str, Callable[[object], list] | None] = ("", None)

    def get_readonly_fields(self, request, obj=None):
        return [*self.get_fields(request, obj)]

    def get_fields(self, request, obj=None):
        fields = list(self.fields or [f.name for f in self.model._meta.fields if f.editable])
        fields = [f for f in fields if f not in {"id", self.fk_name or ""}]
        return [*fields, "where_to_change"]

    @admin.display(description="Change")
    def where_to_change(self, obj) -> str:
        url_name, args = self.officer_screen
        return officer_screen_link(url_name, args, obj) if obj and obj.pk else ""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


# --- Model admins -----------------------------------------------------------------------------


class AuditedAdmin(admin.ModelAdmin):
    """Writes through the console leave the same audit trail as writes through the services,
    and a service's refusal comes back as a message on the page with nothing saved."""

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if request.method != "POST":
            return super().changeform_view(request, object_id, form_url, extra_context)
        try:
            with transaction.atomic():
                return super().changeform_view(request, object_id, form_url, extra_context)
        except ValidationError as error:
            # Nothing was saved; show the same form again with the service's words on it.
            request._service_errors = _messages(error)
            return super().changeform_view(request, object_id, form_url, extra_context)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form_class = super().get_form(request, obj, change=change, **kwargs)
        refusals = getattr(request, "_service_errors", None)
        if not refusals:
            return form_class

        class RefusedByTheService(form_class):
            def clean(self):
                cleaned = super().clean()
                for message in refusals:
                    self.add_error(None, message)
                return cleaned

        return RefusedByTheService

    def save_model(self, request, obj, form, change):
        with transaction.atomic():
            changes = audit.changes_from_form(form, change=change)
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
        """Rows of a ``ServiceInline`` go through its service; other editable inline rows
        (a ward's polling districts, a school calendar's terms) are audited one by one."""
        service_inline = getattr(formset, "service_inline", None)
        with transaction.atomic():
            if service_inline is not None:
                formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
                for row in formset.forms:
                    if row.has_changed() and row not in formset.deleted_forms:
                        adding = row.instance.pk is None
                        saved = service_inline.save_row(request, row, form.instance)
                        if adding:
                            formset.new_objects.append(saved or row.instance)
                        else:
                            formset.changed_objects.append((row.instance, row.changed_data))
                return
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
                id(f.instance): audit.changes_from_form(f, change=True)
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


class ReadOnlyAdmin(admin.ModelAdmin):
    """Listed and shown, never changed here: the record changes only through the officer
    screens (and so through the services), linked from the page."""

    officer_screen: tuple[str, Callable[[object], list] | None] = ("", None)

    def get_readonly_fields(self, request, obj=None):
        return [*super().get_readonly_fields(request, obj), "where_to_change"]

    @admin.display(description="Where to change it")
    def where_to_change(self, obj) -> str:
        url_name, args = self.officer_screen
        return officer_screen_link(url_name, args, obj) if obj and obj.pk else ""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


# --- Accounts (issue 11, Security 2 and 3) ------------------------------------------------------


def permissions_of(user) -> set[str]:
    return set() if user.is_superuser else user.get_all_permissions()


def group_permissions(group: Group) -> set[str]:
    return {
        f"{app}.{codename}"
        for app, codename in group.permissions.values_list("content_type__app_label", "codename")
    }


def groups_within_reach(editor) -> list[int]:
    """The roles ``editor`` may grant or take away: those conferring no permission the editor
    does not hold (a superuser: all)."""
    groups = Group.objects.prefetch_related("permissions__content_type")
    if editor.is_superuser:
        return [g.pk for g in groups]
    own = permissions_of(editor)
    return [g.pk for g in groups if group_permissions(g) <= own]


def outranks(user, editor) -> bool:
    """``user`` holds a privilege ``editor`` does not: superuser status, or any permission."""
    if editor.is_superuser:
        return False
    if user.is_superuser:
        return True
    return not user.get_all_permissions() <= permissions_of(editor)


@admin.register(User)
class CouncilUserAdmin(AuditedAdmin, UserAdmin):
    """Accounts. Only a superuser changes privileges (``is_superuser``, ``is_staff``, direct
    permissions) or grants a role conferring permissions the editor lacks, and only a superuser
    changes an account that outranks the editor (a manager cannot take over a superuser by
    setting their password). Console access (``is_staff``) follows the roles a manager grants.
    Accounts are deactivated, never deleted: the audit log names its actors."""

    list_display = ["username", "first_name", "last_name", "email", "roles", "is_active"]
    list_filter = ["groups", "is_active", "is_staff"]

    PRIVILEGE_FIELDS = ["is_superuser", "is_staff", "user_permissions"]

    @admin.display(description="Roles")
    def roles(self, obj: User) -> str:
        return ", ".join(g.name for g in obj.groups.all())

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("groups")

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            readonly += [*self.PRIVILEGE_FIELDS, "last_login", "date_joined"]
        return readonly

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "groups":
            kwargs["queryset"] = Group.objects.filter(pk__in=groups_within_reach(request.user))
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def has_change_permission(self, request, obj=None):
        if obj is not None and outranks(obj, request.user):
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return False

    def save_related(self, request, form, formsets, change):
        user = form.instance
        out_of_reach = set()
        if change:
            reach = set(groups_within_reach(request.user))
            out_of_reach = set(
                Group.objects.filter(user=user).exclude(pk__in=reach).values_list("pk", flat=True)
            )
        super().save_related(request, form, formsets, change)
        if out_of_reach:  # roles the editor could neither see nor take away stay as they were
            user.groups.add(*out_of_reach)
        if not request.user.is_superuser and "groups" in form.changed_data:
            console = user.groups.filter(name__in=[r.value for r in CONSOLE_ROLES]).exists()
            if user.is_staff != console:
                audit.record(
                    "democracy.user.update",
                    user,
                    by=request.user,
                    changes={"is_staff": [user.is_staff, console]},
                    note="Console access follows the roles granted in the console",
                )
                user.is_staff = console
                user.save(update_fields=["is_staff"])

    def user_change_password(self, request, id, form_url=""):
        """Setting someone's password here is audited (never the password itself)."""
        with transaction.atomic():
            response = super().user_change_password(request, id, form_url)
            if request.method == "POST" and response.status_code == 302:
                user = self.get_object(request, unquote(id))
                audit.record(
                    "democracy.user.password_set"
                    if user.has_usable_password()
                    else "democracy.user.password_disable",
                    user,
                    by=request.user,
                    changes={"password": [audit.REDACTED, audit.REDACTED]},
                    note="Set in the console",
                )
            return response


admin.site.unregister(Group)


@admin.register(Group)
class RoleAdmin(AuditedAdmin, GroupAdmin):
    """Roles are made by a data migration and their permissions kept by ``roles_sync``; only a
    superuser changes one here, audited."""

    def has_add_permission(self, request):
        return request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "permissions":
            kwargs["queryset"] = Permission.objects.select_related("content_type")
        return super().formfield_for_manytomany(db_field, request, **kwargs)


admin.site.unregister(TOTPDevice)


@admin.register(TOTPDevice)
class AuthenticatorAdmin(admin.ModelAdmin):
    """Authenticator apps: who has one and when it was used, never its secret (no key, no
    ``otpauth://`` link, no QR code). A manager may only reset one (audited); its owner then
    enrols again at their next sign-in."""

    list_display = ["user", "name", "confirmed", "created_at", "last_used_at"]
    list_filter = ["confirmed"]
    search_fields = ["user__username", "user__first_name", "user__last_name"]
    fields = ["user", "name", "confirmed", "created_at", "last_used_at"]
    readonly_fields = fields
    actions = ["reset"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("user")

    @admin.action(
        description="Reset the authenticator (its owner enrols again)", permissions=["reset"]
    )
    def reset(self, request, queryset):
        asking = confirm_first(
            self,
            request,
            queryset,
            action="reset",
            title="Reset these authenticators?",
            warning="Their owners will not be able to use the console or the officer screens "
            "until they set up two-step verification again at their next sign-in.",
            button="Yes, reset them",
        )
        if asking:
            return asking
        users = {device.user for device in queryset}
        for user in users:
            totp_remove(user=user, by=request.user)
        self.message_user(
            request,
            f"Reset the authenticator of {len(users)} account(s): they enrol again at sign-in.",
            messages.SUCCESS,
        )

    def has_reset_permission(self, request):
        return request.user.has_perm("otp_totp.delete_totpdevice")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions


for _model in (AccessAttempt, AccessLog, AccessFailureLog):
    if admin.site.is_registered(_model):
        admin.site.unregister(_model)


@admin.register(AccessAttempt)
class LockoutAdmin(axes.admin.AccessAttemptAdmin):
    """Failed sign-ins and lock-outs. Deleting an attempt releases the lock-out: audited."""

    actions = []
    fieldsets = (
        (None, {"fields": ("username", "path_info", "failures_since_start", "expiration")}),
        ("Meta data", {"fields": ("user_agent", "ip_address", "http_accept")}),
    )

    def has_change_permission(self, request, obj=None):
        return False

    def delete_model(self, request, obj):
        with transaction.atomic():
            audit.record(
                "axes.accessattempt.release",
                obj,
                by=request.user,
                changes={
                    "username": [obj.username, None],
                    "failures_since_start": [obj.failures_since_start, None],
                },
                note="Lock-out released in the console",
            )
            super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        with transaction.atomic():
            for obj in queryset:
                self.delete_model(request, obj)


@admin.register(AccessLog)
class AccessLogAdmin(axes.admin.AccessLogAdmin):
    """The sign-in log: evidence, read-only."""

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AccessFailureLog)
class AccessFailureLogAdmin(axes.admin.AccessFailureLogAdmin):
    """Failed sign-ins: evidence, read-only."""

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


# --- The foundation's own records ---------------------------------------------------------------


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Read-only: the log is evidence. Nobody, not even a superuser, edits or deletes it here
    (and the database refuses UPDATE, DELETE and TRUNCATE on the table)."""

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
    """The reminders outbox: read-only (a reminder is derived from the records and claimed once
    by the worker; deleting one would only have it derived and sent again)."""

    list_display = ["email_subject", "kind", "due_on", "send_at", "status", "attempts", "sent_at"]
    list_filter = ["kind", ("sent_at", admin.EmptyFieldListFilter), "due_on"]
    search_fields = ["email_subject", "kind"]
    date_hierarchy = "send_at"
    readonly_fields = [f.name for f in Reminder._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(NonWorkingDay)
class NonWorkingDayAdmin(AuditedAdmin):
    list_display = ["date", "kind", "description"]
    list_filter = ["kind"]
    date_hierarchy = "date"
