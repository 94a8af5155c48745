from django.apps import AppConfig
from django.db.models.signals import post_migrate


class DemocracyConfig(AppConfig):
    name = "democracy"
    verbose_name = "Council settings and records"

    def ready(self) -> None:
        from democracy import public_cache, reminders
        from democracy.accounts import password_reset
        from democracy.roles_sync import sync_role_permissions

        reminders.register_composer(password_reset.KIND, password_reset.compose)
        # Accounts (passwords, two-step verification, roles) are on no public page.
        public_cache.register_public_rule("democracy.user", public_cache.never_public)

        # Every app's post_migrate, not just ours: permissions for an app only exist once that
        # app's own signal has run, so the last emission sees them all.
        post_migrate.connect(sync_role_permissions, dispatch_uid="democracy-role-permissions")
        # The council's constitution row comes back (with the statutory values) after a
        # database is emptied, so no page pays for creating it.
        post_migrate.connect(_constitution_row, sender=self, dispatch_uid="democracy-constitution")


def _constitution_row(sender, using="default", **kwargs) -> None:
    from democracy.constitution import statutory_values
    from democracy.models import Constitution

    if not Constitution.objects.using(using).filter(pk=1).exists():
        Constitution.objects.using(using).get_or_create(pk=1, defaults=statutory_values())
