from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "meetings"
    verbose_name = "Meetings and decisions"

    def ready(self) -> None:
        from meetings import reminder_sources  # noqa: F401 - registers the reminder sources
        from members.signals import left_office

        left_office.connect(_end_committee_seats, dispatch_uid="meetings.end_committee_seats")


def _end_committee_seats(sender, *, councillor, end_date, by, **kwargs) -> None:
    from meetings.services.committees import seats_end_on_leaving_office

    seats_end_on_leaving_office(councillor=councillor, end_date=end_date, by=by)
