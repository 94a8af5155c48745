from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "meetings"
    verbose_name = "Meetings and decisions"

    def ready(self) -> None:
        from meetings import (
            cache_scope,
            reminder_sources,  # noqa: F401 - registers the reminder sources
        )

        cache_scope.register()
        from django.db.models.signals import post_migrate

        from meetings.report_template_seed import seed_after_migrate

        post_migrate.connect(seed_after_migrate, sender=self, dispatch_uid="meetings.templates")
        from members.signals import left_office, training_required

        left_office.connect(_end_committee_seats, dispatch_uid="meetings.end_committee_seats")
        training_required.connect(
            _training_required_by_seats, dispatch_uid="meetings.training_required_by_seats"
        )


def _end_committee_seats(sender, *, councillor, end_date, by, **kwargs) -> None:
    from meetings.services.committees import seats_end_on_leaving_office

    seats_end_on_leaving_office(councillor=councillor, end_date=end_date, by=by)


def _training_required_by_seats(sender, *, councillor, on, **kwargs) -> list[tuple[int, str]]:
    from meetings.services.committees import training_required_by_seats

    return training_required_by_seats(councillor, on)
