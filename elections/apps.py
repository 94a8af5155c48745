from django.apps import AppConfig


class ElectionsConfig(AppConfig):
    name = "elections"
    verbose_name = "Elections and electoral geography"

    def ready(self) -> None:
        from democracy import reminders
        from elections import registration

        # The next invitation to register is due: electoral services are reminded by email.
        reminders.register_source(registration.invitation_reminders)
        # Invitations to register by email: written as they are sent, through the outbox.
        reminders.register_composer(
            registration.INVITATION_EMAIL_KIND, registration.compose_invitation_email
        )
        # A batch of poll cards is electoral services' alone: asking for one changes no public
        # page, so it leaves the public cache be (a candidate's changes do move it: /polls/).
        from democracy.public_cache import never_public, register_public_rule
        from elections import election_reminders  # noqa: F401 - registers the reminder source

        register_public_rule("elections.pollcardbatch", never_public)
