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
        # Notices about an objection to an application, to the objector and the applicant.
        reminders.register_composer(
            registration.OBJECTION_EMAIL_KIND, registration.compose_objection_email
        )
        # Route 2 contact attempts due: reminders through the outbox (issue 12, point 5).
        from elections import (
            canvass,
            election_reminders,  # noqa: F401 - registers the reminder source
        )

        reminders.register_source(canvass.attempts_due)

        # A contest's result reaches the public pages only once declared (point 5).
        from democracy.public_cache import never_public, register_public_rule

        register_public_rule("elections.contestresult", lambda result: result.is_declared)

        # A batch of poll cards is electoral services' alone: asking for one changes no public
        # page, so it leaves the public cache be (a candidate's changes do move it: /polls/).
        register_public_rule("elections.pollcardbatch", never_public)

        # The seeded registered parties come back after a database is emptied.
        from django.db.models.signals import post_migrate

        from elections.party_seed import seed_after_migrate

        post_migrate.connect(seed_after_migrate, sender=self, dispatch_uid="elections.parties")
