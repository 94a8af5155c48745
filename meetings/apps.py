from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "meetings"
    verbose_name = "Meetings and decisions"

    def ready(self) -> None:
        from meetings import reminder_sources  # noqa: F401 - registers the reminder sources
