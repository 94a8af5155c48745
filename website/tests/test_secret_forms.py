"""No secret typed into any form reaches the audit log, the logs, a lock-out record or the page
sent back (issue 11, Security 1).

Every form with a secret field is found by scanning: the forms defined in the project's packages
and every form the console builds (add, change, password), a secret field being a password widget
or free text under a secret's name (``democracy.audit.secret_fields``). Each found form must have a driver
below that submits it, through its page, with a unique secret; so a new form with a secret field
fails ``test_every_form_with_a_secret_field_is_driven`` until it is driven here too.
"""

from __future__ import annotations

import importlib
import inspect
import json
import logging
import pkgutil
from collections.abc import Callable, Iterator

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django import forms
from django.contrib import admin
from django.contrib.auth.tokens import default_token_generator
from django.test import RequestFactory
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from democracy import audit
from democracy.models import AuditEvent, User
from democracy.tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

PACKAGES = ["democracy", "elections", "members", "meetings", "appeals", "website"]
SECRET = "Zebra-Quartz-7731-Secret"
DIGITS = "907163"  # a wrong six-digit security code


def _project_modules() -> Iterator[object]:
    for name in PACKAGES:
        package = importlib.import_module(name)
        for info in pkgutil.walk_packages(package.__path__, f"{name}."):
            if any(part in info.name.split(".") for part in ("tests", "migrations", "benchmarks")):
                continue
            if info.name.endswith((".settings", ".wsgi", ".celery")):
                continue
            yield importlib.import_module(info.name)


def _has_secret(form_class: type[forms.BaseForm]) -> bool:
    return bool(audit.secret_fields(form_class.base_fields))


def secret_forms() -> set[str]:
    """Every form of the project, and every form the console builds, that has a secret field."""
    found: set[str] = set()
    for module in _project_modules():
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if (
                issubclass(cls, forms.BaseForm)
                and cls.__module__ == module.__name__
                and _has_secret(cls)
            ):
                found.add(f"{cls.__module__}.{cls.__qualname__}")
    request = RequestFactory().get("/manage/")
    request.user = User(is_superuser=True, is_staff=True, is_active=True)
    for model, model_admin in admin.site._registry.items():
        label = model._meta.label_lower
        for change in (False, True):
            form_class = model_admin.get_form(request, None, change=change)
            if _has_secret(form_class):
                found.add(f"admin:{label}:{'change' if change else 'add'}")
        password_form = getattr(model_admin, "change_password_form", None)
        if password_form is not None and _has_secret(password_form):
            found.add(f"admin:{label}:password")
    from django.contrib.auth.forms import PasswordChangeForm

    if _has_secret(PasswordChangeForm):  # the console's own "Change password" page
        found.add("admin:password_change")
    return found


# --- Drivers: each submits its form through its page with SECRET (or DIGITS) in every secret --


def drive_sign_in(client, manager) -> None:
    client.post("/account/login/", {"username": manager.username, "password": SECRET})


def drive_security_code(client, manager) -> None:
    client.force_login(manager)
    client.get("/account/two-factor/enrol/")
    client.post("/account/two-factor/enrol/", {"token": DIGITS})


def drive_new_password(client, manager) -> None:
    uid = urlsafe_base64_encode(force_bytes(manager.pk))
    token = default_token_generator.make_token(manager)
    start = client.get(f"/account/password-reset/{uid}/{token}/")
    assert start.status_code == 302
    done = client.post(start.url, {"new_password1": SECRET, "new_password2": SECRET})
    assert done.status_code == 302, "the new password was not accepted"


def drive_console_user_add(client, manager) -> None:
    client.force_login(manager)
    response = client.post(
        "/manage/democracy/user/add/",
        {
            "username": "newcomer",
            "usable_password": "true",
            "password1": SECRET,
            "password2": SECRET,
        },
    )
    assert response.status_code == 302, "the user was not created"
    assert User.objects.filter(username="newcomer").exists()


def drive_console_user_change(client, manager) -> None:
    """The change page shows (and posts nothing of) the password hash; saving it logs none."""
    someone = UserFactory(username="someone", password=SECRET)
    client.force_login(manager)
    page = client.get(f"/manage/democracy/user/{someone.pk}/change/")
    assert someone.password not in page.content.decode()
    response = client.post(
        f"/manage/democracy/user/{someone.pk}/change/",
        {
            "username": "someone",
            "first_name": "Some",
            "last_name": "One",
            "email": "someone@example.org",
            "is_active": "on",
            "groups": [],
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]


def drive_console_password(client, manager) -> None:
    someone = UserFactory(username="someone")
    client.force_login(manager)
    response = client.post(
        f"/manage/democracy/user/{someone.pk}/password/",
        {"usable_password": "true", "password1": SECRET, "password2": SECRET},
    )
    assert response.status_code == 302, "the password was not set"


def drive_console_own_password(client, manager) -> None:
    client.force_login(manager)
    response = client.post(
        "/manage/password_change/",
        {"old_password": PASSWORD, "new_password1": SECRET, "new_password2": SECRET},
    )
    assert response.status_code == 302, "the password was not changed"


def drive_canvass_security_code(client, manager) -> None:
    """The public canvass response: the security code printed on the household's letter is what
    lets anyone answer for that address, so it is a secret like a one-time code."""
    for reference in ("", "C26-0000123"):  # the form shown again; a code that does not match
        response = client.post(
            "/elections/canvass/respond/", {"reference": reference, "security_code": DIGITS}
        )
        assert response.status_code == 200, "the form was not shown again"


DRIVERS: dict[str, Callable] = {
    "democracy.accounts.forms.SignInForm": drive_sign_in,
    "democracy.accounts.forms.TokenForm": drive_security_code,
    "democracy.accounts.forms.NewPasswordForm": drive_new_password,
    "admin:democracy.user:add": drive_console_user_add,
    "admin:democracy.user:change": drive_console_user_change,
    "admin:democracy.user:password": drive_console_password,
    "admin:password_change": drive_console_own_password,
    "elections.canvass_views.AccessForm": drive_canvass_security_code,
}


def test_every_form_with_a_secret_field_is_driven():
    assert secret_forms() - set(DRIVERS) == set(), "drive the new form with a secret field here"
    assert set(DRIVERS) - secret_forms() == set(), "a driven form has no secret field any more"


def everything_kept(*models) -> str:
    """All that the database keeps in the places a secret could leak to, as text."""
    rows = [list(model._default_manager.values()) for model in models]
    return json.dumps(rows, default=str)


@pytest.mark.parametrize("form", sorted(DRIVERS))
def test_no_secret_reaches_the_log_or_the_page(client, manager, form, caplog):
    caplog.set_level(logging.DEBUG)
    hash_before = manager.password
    pages: list[str] = []
    original = client.post

    def post(*args, **kwargs):
        response = original(*args, **kwargs)
        pages.append(response.content.decode(errors="replace"))
        return response

    client.post = post
    DRIVERS[form](client, manager)

    kept = everything_kept(AuditEvent, AccessAttempt, AccessLog, AccessFailureLog)
    hashes = {hash_before, *User.objects.values_list("password", flat=True)} - {""}
    for secret in (SECRET, DIGITS, *hashes):
        assert secret not in kept, f"{form}: a secret was kept in the audit or lock-out records"
        assert secret not in caplog.text, f"{form}: a secret was logged"
        assert all(secret not in page for page in pages), f"{form}: a secret was sent back"


def test_creating_a_user_in_the_console_keeps_no_password_in_the_log(client, manager):
    """Issue 11, Security 1 (High): the audit row of a console-created user held password1 and
    password2 in clear."""
    drive_console_user_add(client, manager)
    event = AuditEvent.private_objects.get(action="democracy.user.create")
    assert event.changes["password1"] == [None, audit.REDACTED]
    assert event.changes["password2"] == [None, audit.REDACTED]
    assert event.changes["username"] == [None, "newcomer"]


def test_a_password_set_in_the_console_is_audited_without_the_password(client, manager):
    """Issue 11, Security 3: password changes made in the console wrote no audit row."""
    drive_console_password(client, manager)
    someone = User.objects.get(username="someone")
    assert someone.check_password(SECRET)
    event = AuditEvent.private_objects.get(action="democracy.user.password_set")
    assert event.object_id == str(someone.pk) and event.actor == manager
    assert event.changes == {"password": [audit.REDACTED, audit.REDACTED]}


def test_error_reports_hide_every_secret_posted_whatever_the_view_declared(rf, settings):
    """A view that forgets ``sensitive_post_parameters`` still cannot put a secret in the debug
    page, the email to ADMINS or the logs."""
    import sys

    from django.views.debug import ExceptionReporter

    request = rf.post(
        "/anywhere/",
        {
            "password1": SECRET,
            "new_password2": SECRET,
            "token": DIGITS,
            "otp_token": DIGITS,
            "api_key": SECRET,
            "security_code": SECRET,
            "name": "Abbey Meads",
        },
    )
    try:
        raise RuntimeError("a fault while handling the form")
    except RuntimeError:
        reporter = ExceptionReporter(request, *sys.exc_info())
    for report in (reporter.get_traceback_text(), reporter.get_traceback_html()):
        assert SECRET not in report and DIGITS not in report
        assert "Abbey Meads" in report  # other fields are still there to debug with
