from django.apps import AppConfig


class ElectionsConfig(AppConfig):
    name = "elections"
    verbose_name = "Elections and electoral geography"

    def ready(self) -> None:
        from elections import election_reminders  # noqa: F401 - registers the reminder source
