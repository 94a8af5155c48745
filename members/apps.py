from django.apps import AppConfig


class MembersConfig(AppConfig):
    name = "members"
    verbose_name = "Members"

    def ready(self) -> None:
        from members import (
            cache_scope,
            reminder_sources,  # noqa: F401 - registers the reminder sources
        )

        cache_scope.register()
