"""Accounts in the console (issue 11, Security 2 and 3): an authenticator's secret is never shown
after enrolment, only reset (audited); a manager who is not a superuser cannot grant privileges
or roles beyond their own, nor take over an account that outranks them; releasing a lock-out is
audited."""

from __future__ import annotations

import base64

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.models import Group, Permission
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from democracy.models import AuditEvent, User
from democracy.roles import Role
from democracy.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


# --- Authenticators: never the secret, only a reset ---------------------------------------------


@pytest.fixture
def device(officer):
    return TOTPDevice.objects.create(user=officer, name="Authenticator app", confirmed=True)


def secrets_of(device) -> list[str]:
    return [
        device.key,
        base64.b32encode(device.bin_key).decode().rstrip("="),
        "otpauth://",
        device.config_url,
    ]


def test_a_manager_never_sees_an_authenticators_secret(client, manager, device):
    client.force_login(manager)
    pages = [
        client.get("/manage/otp_totp/totpdevice/"),
        client.get(f"/manage/otp_totp/totpdevice/{device.pk}/change/"),
        client.get(f"/manage/otp_totp/totpdevice/{device.pk}/config/", follow=True),
        client.get(f"/manage/otp_totp/totpdevice/{device.pk}/qrcode/", follow=True),
    ]
    assert pages[1].status_code == 200  # who has one, and when it was used, is shown
    for page in pages:
        text = page.content.decode()
        for secret in secrets_of(device):
            assert secret not in text


def test_a_manager_cannot_add_or_change_an_authenticator(client, manager, device):
    client.force_login(manager)
    assert client.get("/manage/otp_totp/totpdevice/add/").status_code == 403
    change = client.post(
        f"/manage/otp_totp/totpdevice/{device.pk}/change/",
        {"user": device.user_id, "name": "Mine now", "key": "00" * 20, "confirmed": "on"},
    )
    assert change.status_code == 403
    assert client.post(f"/manage/otp_totp/totpdevice/{device.pk}/delete/").status_code == 403
    device.refresh_from_db()
    assert device.name == "Authenticator app"


def test_a_manager_resets_an_authenticator_and_the_reset_is_audited(
    client, manager, device, officer
):
    client.force_login(manager)
    chosen = {"action": "reset", "_selected_action": [device.pk]}
    asking = client.post("/manage/otp_totp/totpdevice/", chosen)
    # A reset asks first: the page names the account and changes nothing until confirmed.
    assert asking.status_code == 200
    assert "Reset these authenticators?" in asking.content.decode()
    assert TOTPDevice.objects.filter(user=officer).exists()
    response = client.post("/manage/otp_totp/totpdevice/", {**chosen, "confirmed": "yes"})
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=officer).exists()
    event = AuditEvent.private_objects.get(action="democracy.user.two_factor_remove")
    assert (event.object_id, event.actor) == (str(officer.pk), manager)


# --- Privileges: only a superuser grants what the manager does not hold -------------------------


def user_form(user: User, **values) -> dict:
    form = {
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "is_active": "on",
        "groups": [g.pk for g in user.groups.all()],
    }
    form.update(values)
    return {k: v for k, v in form.items() if v is not None}


def test_a_manager_cannot_make_anyone_a_superuser(client, manager, officer):
    client.force_login(manager)
    response = client.post(
        f"/manage/democracy/user/{officer.pk}/change/",
        user_form(
            officer,
            is_superuser="on",
            is_staff="on",
            user_permissions=list(Permission.objects.values_list("pk", flat=True)[:5]),
        ),
    )
    assert response.status_code == 302
    officer.refresh_from_db()
    assert not officer.is_superuser
    assert not officer.is_staff
    assert not officer.user_permissions.exists()
    client.post(
        f"/manage/democracy/user/{manager.pk}/change/", user_form(manager, is_superuser="on")
    )
    manager.refresh_from_db()
    assert not manager.is_superuser


def test_a_manager_cannot_grant_a_role_above_their_own(client, manager, officer):
    above = Group.objects.create(name="Everything")
    above.permissions.set(Permission.objects.filter(content_type__app_label="auth"))
    client.force_login(manager)
    page = client.get(f"/manage/democracy/user/{officer.pk}/change/")
    assert "Everything" not in page.content.decode()
    response = client.post(
        f"/manage/democracy/user/{officer.pk}/change/",
        user_form(officer, groups=[*officer.groups.values_list("pk", flat=True), above.pk]),
    )
    assert response.status_code == 200  # refused, with the field's message
    assert not officer.groups.filter(pk=above.pk).exists()


def test_an_account_holding_a_role_above_the_manager_is_the_superusers_to_change(
    client, manager, officer
):
    above = Group.objects.create(name="Everything")
    above.permissions.set(Permission.objects.filter(content_type__app_label="auth"))
    officer.groups.add(above)
    client.force_login(manager)
    response = client.post(
        f"/manage/democracy/user/{officer.pk}/change/",
        user_form(officer, first_name="Renamed", groups=[]),
    )
    assert response.status_code == 403
    officer.refresh_from_db()
    assert officer.first_name != "Renamed" and officer.groups.filter(pk=above.pk).exists()


def test_granting_the_manager_role_gives_console_access_and_is_audited(client, manager, officer):
    client.force_login(manager)
    managers = Group.objects.get(name=Role.DEMOCRATIC_SERVICES_MANAGER)
    response = client.post(
        f"/manage/democracy/user/{officer.pk}/change/",
        user_form(officer, groups=[*officer.groups.values_list("pk", flat=True), managers.pk]),
    )
    assert response.status_code == 302
    officer.refresh_from_db()
    assert officer.is_staff and officer.groups.filter(pk=managers.pk).exists()
    changes = {}
    for event in AuditEvent.private_objects.filter(action="democracy.user.update"):
        changes.update(event.changes)
    assert changes["is_staff"] == [False, True]
    assert "groups" in changes


def test_a_manager_cannot_change_a_superusers_account_or_password(client, manager):
    root = UserFactory(username="root", is_superuser=True, is_staff=True)
    client.force_login(manager)
    assert (
        client.post(
            f"/manage/democracy/user/{root.pk}/change/", user_form(root, email="mine@x.org")
        ).status_code
        == 403
    )
    password = client.post(
        f"/manage/democracy/user/{root.pk}/password/",
        {"usable_password": "true", "password1": "Taken-Over-991", "password2": "Taken-Over-991"},
    )
    assert password.status_code == 403
    root.refresh_from_db()
    assert root.email != "mine@x.org" and not root.check_password("Taken-Over-991")


def test_a_superuser_may_grant_superuser(client, officer):
    root = UserFactory(username="root", is_superuser=True, is_staff=True)
    client.force_login(root)
    response = client.post(
        f"/manage/democracy/user/{officer.pk}/change/",
        user_form(
            officer,
            is_superuser="on",
            is_staff="on",
            date_joined_0="2024-01-02",
            date_joined_1="09:00:00",
        ),
    )
    assert response.status_code == 302
    officer.refresh_from_db()
    assert officer.is_superuser
    event = AuditEvent.private_objects.get(action="democracy.user.update")
    assert event.changes["is_superuser"] == [False, True]


def test_accounts_are_never_deleted_in_the_console(client, manager, officer):
    client.force_login(manager)
    assert client.post(f"/manage/democracy/user/{officer.pk}/delete/").status_code == 403
    assert User.objects.filter(pk=officer.pk).exists()


# --- Lock-outs ------------------------------------------------------------------------------------


def test_releasing_a_lock_out_is_audited(client, manager):
    attempt = AccessAttempt.objects.create(
        username="officer",
        ip_address="127.0.0.1",
        user_agent="test",
        get_data="",
        post_data="",
        http_accept="*/*",
        path_info="/account/login/",
        failures_since_start=5,
        attempt_time=timezone.now(),
    )
    client.force_login(manager)
    response = client.post(f"/manage/axes/accessattempt/{attempt.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not AccessAttempt.objects.exists()
    event = AuditEvent.private_objects.get(action="axes.accessattempt.release")
    assert event.actor == manager
    assert event.changes["username"] == ["officer", None]
