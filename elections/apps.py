from django.apps import AppConfig


class ElectionsConfig(AppConfig):
    name = "elections"
    verbose_name = "Elections and electoral geography"

    def ready(self) -> None:
        from democracy import reminders
        from elections import registration

        # The next invitation to register is due: electoral services are reminded by email.
        reminders.register_source(registration.invitation_reminders)
