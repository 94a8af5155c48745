from django.apps import AppConfig


class ElectionsConfig(AppConfig):
    name = "elections"
    verbose_name = "Elections and electoral geography"

    def ready(self) -> None:
        from democracy.reminders import register_source
        from elections import canvass

        # Route 2 contact attempts due: reminders through the outbox (issue 12, point 5).
        register_source(canvass.attempts_due)
