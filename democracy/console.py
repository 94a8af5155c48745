"""The managers' console as managers think of it: sections by task, in plain English.

Django's admin lists models under the package that defines them ("Axes", "Otp_Totp",
"Authentication and Authorization"). A manager looks for a task: who may sign in, the meetings,
the members. ``ConsoleSite`` groups every registered model under the task it serves and names it
as the officer screens do; a model nobody has placed yet goes under "Other records" rather than
disappearing. The header links to the manager's own account security (two-step verification)
and to the constitution and venues pages.
"""

from __future__ import annotations

from axes.apps import AppConfig as AxesConfig
from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.contrib.auth.apps import AuthConfig
from django_otp.plugins.otp_totp.apps import DefaultConfig as TOTPConfig

# The task sections, in the order the index lists them: (title, the app labels whose models
# belong there unless named in MODEL_SECTIONS).
SECTIONS: list[tuple[str, tuple[str, ...]]] = [
    ("People and access", ("auth", "axes", "otp_totp")),
    ("Meetings", ("meetings",)),
    ("Members", ("members",)),
    ("Elections", ("elections",)),
    ("Appeals", ("appeals",)),
    ("Council calendar", ()),
    ("Records and audit", ()),
]
OTHER = "Other records"

# Models placed by name ("app_label.ModelName") rather than by app.
MODEL_SECTIONS: dict[str, str] = {
    "democracy.User": "People and access",
    "democracy.NonWorkingDay": "Council calendar",
    "democracy.AuditEvent": "Records and audit",
    "democracy.Reminder": "Records and audit",
    "axes.AccessLog": "Records and audit",
    "axes.AccessFailureLog": "Records and audit",
}

# Plain names for models whose own names are a package's ("TOTP devices", "Access attempts").
MODEL_NAMES: dict[str, str] = {
    "democracy.User": "User accounts",
    "auth.Group": "Roles",
    "otp_totp.TOTPDevice": "Two-step verification (authenticator apps)",
    "axes.AccessAttempt": "Locked-out sign-ins",
    "axes.AccessLog": "Sign-in log",
    "axes.AccessFailureLog": "Failed sign-ins",
    "democracy.AuditEvent": "Audit log",
    "democracy.Reminder": "Reminder emails",
    "democracy.NonWorkingDay": "Non-working days",
    "members.AllowancesProfile": "Councillors' allowance details",
    "members.SpecialResponsibilityHolding": "Special responsibilities held",
    "members.AllowanceWithholding": "Allowances withheld",
    "elections.Elector": "Electors (the register)",
    "elections.Property": "Properties (the register)",
    "elections.RegistrationApplication": "Applications to register",
    "elections.ApplicationObjection": "Objections to applications",
    "elections.Canvass": "Annual canvasses",
    "elections.CanvassProperty": "Canvass properties",
    "elections.Election": "Elections",
    "elections.Contest": "Contests",
    "elections.Candidate": "Candidates",
    "elections.ContestResult": "Results",
}


class ConsoleSite(admin.AdminSite):
    site_header = "Democratic services console"
    site_title = "Console"
    index_title = "Manage the system"

    def get_app_list(self, request, app_label=None):
        apps = super().get_app_list(request, app_label)
        for app in apps:
            for model in app["models"]:
                key = f"{app['app_label']}.{model['object_name']}"
                model["name"] = MODEL_NAMES.get(key, model["name"])
        if app_label is not None:
            return apps  # one app's own page (/manage/<app>/): its models, renamed
        sections: dict[str, list[dict]] = {title: [] for title, _ in SECTIONS}
        sections[OTHER] = []
        by_app = {label: title for title, labels in SECTIONS for label in labels}
        for app in apps:
            for model in app["models"]:
                key = f"{app['app_label']}.{model['object_name']}"
                title = MODEL_SECTIONS.get(key) or by_app.get(app["app_label"], OTHER)
                sections[title].append(model)
        return [
            {
                "name": title,
                "app_label": title.lower().replace(" ", "-"),
                # The index links a section's title to this; a task section has no page of its
                # own, so the title links to its first model's list.
                "app_url": models[0]["admin_url"],
                "has_module_perms": True,
                "models": sorted(models, key=lambda m: m["name"]),
            }
            for title, models in sections.items()
            if models
        ]


class ConsoleConfig(AdminConfig):
    """``django.contrib.admin`` with ``ConsoleSite`` as its site."""

    default_site = "democracy.console.ConsoleSite"


# Plain English names for the packages' own apps, as the console's pages and breadcrumbs show
# them (the labels, and so the tables, permissions and migrations, are unchanged).


class RolesConfig(AuthConfig):
    verbose_name = "Roles and permissions"


class TwoStepVerificationConfig(TOTPConfig):
    verbose_name = "Two-step verification"


class SignInLockoutsConfig(AxesConfig):
    verbose_name = "Sign-in lock-outs"
