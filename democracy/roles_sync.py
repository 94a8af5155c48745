"""Give each role group its model permissions after every migrate (permissions only exist once
their models' migrations have run, so this cannot live in the data migration that creates the
groups). Idempotent: it sets each group's permissions to exactly what is listed here."""

from __future__ import annotations

from django.contrib.auth.models import Group, Permission
from django.db.models import Q

from democracy.roles import Role

# The managers' console covers the project's apps plus user accounts, two-factor devices and
# login lockouts; the audit log and sent reminders stay read-only whatever the permission says.
CONSOLE_APPS = ["democracy", "elections", "members", "meetings", "appeals", "otp_totp", "axes"]


def sync_role_permissions(**kwargs) -> None:
    # The groups come from migration 0002; recreating missing ones here also restores them after
    # a database flush (the test suite's transactional tests truncate every table).
    for role in Role:
        Group.objects.get_or_create(name=role.value)
    manager = Group.objects.get(name=Role.DEMOCRATIC_SERVICES_MANAGER)
    manager.permissions.set(
        Permission.objects.filter(
            Q(content_type__app_label__in=CONSOLE_APPS)
            | Q(
                content_type__app_label="auth",
                codename__endswith="_group",
                codename__startswith="view",
            )
        )
    )
