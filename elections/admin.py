from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.db import transaction

from democracy import audit
from democracy.admin import AuditedAdmin, ReadOnlyAdmin
from democracy.permissions import has_role
from democracy.roles import Role
from elections.models import (
    ApplicationObjection,
    Candidate,
    Canvass,
    CanvassProperty,
    Contest,
    Election,
    Elector,
    PartyDescription,
    PollingDistrict,
    Property,
    RegisteredParty,
    RegistrationApplication,
    Ward,
)
from elections.result_models import ContestResult


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


# --- The register and the elections, read-only (issue 12) -----------------------------------------
#
# Nothing here is written in the console: the register changes only through its services (an
# import, a notice of alteration, the canvass), and an election, its contests, candidates and
# results through the officer screens, each linked from the record. The register's personal
# data (electors, properties, applications and objections, canvass properties) and candidates'
# home addresses are shown only to a manager who is also in electoral services: to any other
# manager those models are not listed and their pages answer 403. A record of a person shown
# here is audited, as on the officer screens.


class ElectionsReadOnlyAdmin(ReadOnlyAdmin):
    """Read-only, linked to the officer screen that changes the record."""

    list_per_page = 50


class RegisterReadOnlyAdmin(ElectionsReadOnlyAdmin):
    """Register data: electoral services only, and every record shown audited by its id."""

    view_action = ""

    def _electoral(self, request) -> bool:
        user = request.user
        # A superuser (the break-glass account) sees everything in the console, as elsewhere.
        return user.is_superuser or has_role(user, Role.ELECTORAL_SERVICES_OFFICER)

    def has_module_permission(self, request):
        return self._electoral(request) and super().has_module_permission(request)

    def has_view_permission(self, request, obj=None):
        return self._electoral(request) and super().has_view_permission(request, obj)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        response = super().change_view(request, object_id, form_url, extra_context)
        if self.view_action and response.status_code == 200:
            obj = self.get_object(request, unquote(object_id))
            if obj is not None:
                with transaction.atomic():
                    audit.record(self.view_action, obj, by=request.user, note="Console")
        return response


@admin.register(Elector)
class ElectorAdmin(RegisterReadOnlyAdmin):
    """The list shows entries by number and markers, never a name (the names are on each
    entry's page, which is audited)."""

    view_action = "elections.elector.view"
    officer_screen = ("elections:register-elector", lambda e: [e.pk])
    list_display = [
        "__str__",
        "polling_district",
        "franchise",
        "anonymous",
        "open_register_opt_out",
        "added_on",
        "deleted_on",
    ]
    list_select_related = ["polling_district"]
    list_filter = ["anonymous", "open_register_opt_out", "overseas"]
    ordering = ["polling_district__code", "number", "suffix"]


@admin.register(Property)
class PropertyAdmin(RegisterReadOnlyAdmin):
    view_action = "elections.property.view"
    officer_screen = ("elections:register-property", lambda p: [p.pk])
    list_display = ["reference", "polling_district", "postcode"]
    list_select_related = ["polling_district"]
    ordering = ["polling_district__code", "postcode", "pk"]


@admin.register(RegistrationApplication)
class RegistrationApplicationAdmin(RegisterReadOnlyAdmin):
    """Never the National Insurance number: the officer screen shows its last characters."""

    view_action = "elections.application.view"
    officer_screen = ("elections:register-application", lambda a: [a.pk])
    exclude = ["nino"]
    list_display = ["__str__", "received_on", "verification", "status"]
    list_filter = ["status", "verification"]


@admin.register(ApplicationObjection)
class ApplicationObjectionAdmin(RegisterReadOnlyAdmin):
    view_action = "elections.objection.view"
    officer_screen = ("elections:register-objection", lambda o: [o.pk])
    list_display = ["__str__", "application", "received_on", "hearing_on", "status"]
    list_select_related = ["application"]
    list_filter = ["status"]


@admin.register(CanvassProperty)
class CanvassPropertyAdmin(RegisterReadOnlyAdmin):
    """Never the hash of a security code."""

    view_action = "elections.canvass_property.view"
    officer_screen = ("elections:canvass-property", lambda c: [c.canvass.year, c.pk])
    exclude = ["security_code_hash"]
    list_display = ["__str__", "route", "response", "next_attempt_due"]
    list_select_related = ["canvass"]
    list_filter = ["route", "response"]


@admin.register(Candidate)
class CandidateAdmin(RegisterReadOnlyAdmin):
    """A candidate's home address is public only on the published statement of persons
    nominated: electoral services only, like the register."""

    view_action = "elections.candidate.view"
    officer_screen = ("elections:candidate", lambda c: [c.contest.election_id, c.pk])
    list_display = ["__str__", "contest", "party", "status"]
    list_select_related = ["contest", "party"]
    list_filter = ["status"]


@admin.register(Canvass)
class CanvassAdmin(ElectionsReadOnlyAdmin):
    officer_screen = ("elections:canvass", lambda c: [c.year])
    list_display = ["year", "starts_on", "revised_register_by", "routed_at"]


@admin.register(Election)
class ElectionAdmin(ElectionsReadOnlyAdmin):
    officer_screen = ("elections:election", lambda e: [e.pk])
    list_display = ["title", "election_type", "poll_date", "declared_on"]
    list_filter = ["election_type"]
    ordering = ["-poll_date"]


@admin.register(Contest)
class ContestAdmin(ElectionsReadOnlyAdmin):
    officer_screen = ("elections:election", lambda c: [c.election_id])
    list_display = ["__str__", "election", "ward", "seats", "by_election"]
    list_select_related = ["election", "ward"]


@admin.register(ContestResult)
class ContestResultAdmin(ElectionsReadOnlyAdmin):
    officer_screen = ("elections:results-entry", lambda r: [r.contest.election_id])
    list_display = ["__str__", "status", "electorate", "valid_ballot_papers"]
    list_select_related = ["contest"]
    list_filter = ["status"]
