"""Signing in and out, landing pages, password reset, two-step verification and throttling."""

from __future__ import annotations

import re
import time

import pytest
from django.core import mail
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from democracy import reminders
from democracy.accounts import password_reset
from democracy.models import AuditEvent, Reminder
from democracy.roles import Role
from democracy.tests.factories import PERSONAS

pytestmark = pytest.mark.django_db

LANDING = {
    "officer": "/officers/",
    "manager": "/manage/",
    "author": "/officers/reports/",
    "councillor": "/members/portal/",
    "electoral_officer": "/elections/",
    "clerk": "/appeals/",
    "panel_member": "/appeals/panel/",
}


def sign_in(client, user, password):
    return client.post(reverse("login"), {"username": user.username, "password": password})


def code_for(device: TOTPDevice, steps_ahead: int = 0) -> str:
    """The app's current code, or the next one (a code is accepted once: django-otp refuses a
    replay within the same time step; the next step is inside its default tolerance)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + steps_ahead * device.step
    return f"{totp.token():06d}"


@pytest.mark.parametrize("persona", PERSONAS)
def test_each_role_signs_in_and_lands_on_its_own_page(client, request, password, persona):
    user = request.getfixturevalue(persona)
    response = sign_in(client, user, password)
    assert response.status_code == 302
    landing = client.get(response.url)
    assert landing.status_code == 302 and landing.url == LANDING[persona]
    assert client.get(landing.url).status_code == 200


def test_a_user_with_no_role_is_told_so(client, password):
    from democracy.tests.factories import UserFactory

    user = UserFactory()
    sign_in(client, user, password)
    response = client.get("/dashboard/", follow=True)
    assert response.redirect_chain[-1][0] == "/account/no-role/"
    assert b"Your account has no role yet" in response.content


def test_a_wrong_password_gets_a_message_naming_what_to_fix(client, officer):
    response = sign_in(client, officer, "wrong password")
    assert response.status_code == 200
    assert b"Enter a correct username and password" in response.content
    assert "_auth_user_id" not in client.session


def test_an_empty_form_names_each_missing_field(client):
    response = client.post(reverse("login"), {"username": "", "password": ""})
    assert b"Enter your username" in response.content
    assert b"Enter your password" in response.content


def test_sign_in_returns_to_a_safe_next_page_only(client, officer, password):
    response = client.post(
        reverse("login"),
        {"username": "officer", "password": password, "next": "/elections/"},
    )
    assert response.url == "/elections/"
    client.logout()
    response = client.post(
        reverse("login"),
        {"username": "officer", "password": password, "next": "https://evil.example/"},
    )
    assert response.url == "/dashboard/"


def test_sign_out_is_a_post_and_ends_the_session(client, officer):
    client.force_login(officer)
    assert client.get(reverse("logout")).status_code == 405
    assert client.post(reverse("logout")).status_code == 302
    assert "_auth_user_id" not in client.session


def _send_queued_reset_emails() -> list[Reminder]:
    """What the task queued after the request does: send each outbox row for a reset."""
    rows = list(Reminder.outbox.filter(kind__startswith=password_reset.KIND))
    for row in rows:
        reminders.send_one(row.pk)
    return rows


def test_password_reset_sends_a_link_that_sets_a_new_password(client, officer):
    response = client.post(reverse("password-reset"), {"email": officer.email})
    assert response.url == reverse("password-reset-done")
    # Issue 11 item 8: nothing is sent inside the request; the outbox row holds no link.
    assert mail.outbox == []
    (row,) = Reminder.outbox.filter(kind__startswith=password_reset.KIND)
    assert row.recipients == [officer.email] and row.email_body == ""
    assert "password-reset/" not in str(Reminder.outbox.filter(pk=row.pk).values().get())
    _send_queued_reset_emails()
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject == "Reset your password"
    link = re.search(r"https?://[^/]+(/account/password-reset/\S+/)", mail.outbox[0].body)[1]
    form_page = client.get(link, follow=True)
    assert b"Choose a new password" in form_page.content
    set_url = form_page.redirect_chain[-1][0]
    done = client.post(
        set_url,
        {
            "new_password1": "a-much-longer-secret-2026",
            "new_password2": "a-much-longer-secret-2026",
        },
    )
    assert done.url == reverse("password-reset-complete")
    officer.refresh_from_db()
    assert officer.check_password("a-much-longer-secret-2026")


def test_password_reset_for_an_unknown_address_looks_the_same_and_sends_nothing(client):
    response = client.post(reverse("password-reset"), {"email": "nobody@example.org"})
    assert response.url == reverse("password-reset-done")
    assert _send_queued_reset_emails() == []
    assert mail.outbox == []


def test_a_reset_queued_for_an_account_deactivated_before_sending_is_not_sent(client, officer):
    client.post(reverse("password-reset"), {"email": officer.email})
    type(officer).objects.filter(pk=officer.pk).update(is_active=False)
    (row,) = _send_queued_reset_emails()
    row.refresh_from_db()
    assert mail.outbox == [] and row.cancelled_at is not None and row.sent_at is None


def test_the_reset_email_is_queued_to_a_task_after_the_request_commits(
    client, officer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        client.post(reverse("password-reset"), {"email": officer.email})
    assert mail.outbox == []
    assert len(callbacks) == 1  # password_reset.enqueue: the task that calls send_one


def test_enrolling_and_using_two_step_verification(client, officer, password):
    client.force_login(officer)
    page = client.get(reverse("two-factor-enrol"))
    assert page.status_code == 200 and b"<svg" in page.content
    device = TOTPDevice.objects.get(user=officer, confirmed=False)

    wrong = client.post(reverse("two-factor-enrol"), {"token": "000000"})
    assert b"not correct" in wrong.content
    # django-otp backs off after a wrong code: straight away even the right one is refused.
    throttled = client.post(reverse("two-factor-enrol"), {"token": code_for(device)})
    assert b"Wait a few seconds" in throttled.content
    time.sleep(2.1)
    assert client.post(reverse("two-factor-enrol"), {"token": code_for(device)}).status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    assert AuditEvent.private_objects.filter(action="democracy.user.two_factor_enrol").count() == 1

    # Next time, the password alone is not enough.
    client.logout()
    response = sign_in(client, officer, password)
    assert response.url.startswith(reverse("two-factor-verify"))
    for protected in ("/officers/", "/account/security/", "/account/two-factor/remove/"):
        blocked = client.get(protected)
        assert blocked.status_code == 302 and blocked.url.startswith(reverse("two-factor-verify"))
    device.refresh_from_db()
    verified = client.post(reverse("two-factor-verify"), {"token": code_for(device, 1)})
    assert verified.status_code == 302
    assert client.get("/officers/").status_code == 200


def test_a_wrong_code_is_refused_with_a_clear_message(client, officer):
    device = TOTPDevice.objects.create(user=officer, name="phone", confirmed=True)
    client.force_login(officer)
    response = client.post(reverse("two-factor-verify"), {"token": "12345a"})
    assert b"The security code must contain only numbers" in response.content
    response = client.post(reverse("two-factor-verify"), {"token": "000000"})
    assert b"not correct or has expired" in response.content
    assert device.user.pk == officer.pk


def test_managers_must_enrol_before_the_console_when_required(client, manager, settings):
    settings.OTP_REQUIRED_FOR_MANAGERS = True
    client.force_login(manager)
    response = client.get("/manage/")
    assert response.status_code == 302 and response.url == reverse("two-factor-enrol")
    settings.OTP_REQUIRED_FOR_MANAGERS = False
    assert client.get("/manage/").status_code == 200


def test_repeated_failed_sign_ins_lock_the_account_out(client, officer, password, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, officer, "not the password")
    locked = sign_in(client, officer, password)
    assert locked.status_code == 429
    assert b"You have been locked out" in locked.content
    assert "_auth_user_id" not in client.session


def test_the_role_groups_exist_exactly_as_named(django_user_model):
    from django.contrib.auth.models import Group

    assert set(Group.objects.values_list("name", flat=True)) >= {role.value for role in Role}
