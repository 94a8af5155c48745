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
