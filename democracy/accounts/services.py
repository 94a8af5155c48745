"""Writes to accounts: creating users with roles, two-factor enrolment and removal, audited."""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.models import Group
from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from democracy import audit
from democracy.models import User
from democracy.roles import CONSOLE_ROLES, Role

DEVICE_NAME = "Authenticator app"


@transaction.atomic
def totp_enrolment_start(*, user) -> TOTPDevice:
    """Start (or restart) enrolment: one unconfirmed TOTP device holding a fresh secret."""
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    return TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)


@transaction.atomic
def totp_enrolment_confirm(*, device: TOTPDevice, by) -> None:
    """Confirm a device once the user has shown a code from it; replaces any earlier device."""
    TOTPDevice.objects.filter(user=device.user, confirmed=True).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    audit.record("democracy.user.two_factor_enrol", device.user, by=by)


@transaction.atomic
def totp_remove(*, user, by) -> None:
    """Remove a user's authenticator (they lost the phone, or an administrator resets it)."""
    deleted, _ = TOTPDevice.objects.filter(user=user).delete()
    if deleted:
        audit.record("democracy.user.two_factor_remove", user, by=by)


@transaction.atomic
def user_create(
    *,
    username: str,
    first_name: str,
    last_name: str,
    email: str,
    roles: Iterable[Role],
    password: str | None = None,
    by,
) -> User:
    """Create an account holding ``roles``; console roles also get admin (staff) access."""
    roles = list(roles)
    user = User(
        username=username,
        first_name=first_name,
        last_name=last_name,
        email=email,
        is_staff=any(role in CONSOLE_ROLES for role in roles),
    )
    if password is None:
        user.set_unusable_password()
    else:
        user.set_password(password)
    user.full_clean()
    user.save()
    user.groups.set(Group.objects.filter(name__in=roles))
    audit.record(
        "democracy.user.create",
        user,
        by=by,
        changes={"username": [None, username], "roles": [None, sorted(roles)]},
    )
    return user
