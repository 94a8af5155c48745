"""Electoral services' election pages (issue 13, point 3): the list, creating an election with
its contests, the election's timetable with steps marked done and dates fixed by law, the
printable notice (a tagged PDF), the calendar feeds and the reminders through the outbox."""

from __future__ import annotations

import io
from datetime import date, datetime, timedelta

import icalendar
import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from pypdf import PdfReader

from democracy import pdf, reminders
from democracy.models import AuditEvent, Reminder
from democracy.tests.factories import WardFactory
from elections import election_services
from elections.models import Contest, Election, TimetableStepDone
from elections.tests.factories_elections import make_election

pytestmark = pytest.mark.django_db


def date_fields(prefix: str, day: date) -> dict[str, str]:
    return {
        f"{prefix}_0": str(day.day),
        f"{prefix}_1": str(day.month),
        f"{prefix}_2": str(day.year),
    }


def first_thursday_of_may_next_year() -> date:
    day = date(timezone.localdate().year + 1, 5, 1)
    return day + timedelta(days=(3 - day.weekday()) % 7)


@pytest.fixture
def eso(client, electoral_officer):
    client.force_login(electoral_officer)
    return client


def test_others_get_a_404_everywhere(client, officer, councillor, electoral_officer):
    election = make_election(electoral_officer)
    urls = [
        "/elections/elections/",
        "/elections/elections/new/",
        f"/elections/elections/{election.pk}/",
        f"/elections/elections/{election.pk}/steps/sopn/",
        f"/elections/elections/{election.pk}/change/",
        f"/elections/elections/{election.pk}/dates-fixed-by-law/",
        f"/elections/elections/{election.pk}/timetable.pdf",
        f"/elections/elections/{election.pk}/timetable.ics",
        "/elections/elections/timetables.ics",
        "/elections/elections/calendar/",
    ]
    for user in (None, officer, councillor):
        client.logout()
        if user:
            client.force_login(user)
        for url in urls:
            assert client.get(url).status_code == 404, (user, url)
        assert client.post(f"/elections/elections/{election.pk}/steps/sopn/").status_code == 404
    assert not TimetableStepDone.objects.exists()


def test_create_an_election_with_its_ward_contests(eso):
    ashdown = WardFactory(name="Ashdown", slug="ashdown", seats=3)
    WardFactory(name="Brookside", slug="brookside", seats=2)
    assert eso.get("/elections/elections/new/").status_code == 200
    response = eso.post(
        "/elections/elections/new/",
        {
            "title": "Kingsmere District Council elections 2026",
            "election_type": "local",
            "nation": "ENG",
            "organisation": "Kingsmere",
            **date_fields("poll_date", date(2026, 5, 7)),
            "wards": [ashdown.pk],
            "seats": "all",
        },
    )
    election = Election.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/elections/elections/{election.pk}/"
    [contest] = Contest.objects.all()
    assert (contest.ballot_id, contest.seats) == ("local.kingsmere.ashdown.2026-05-07", 3)
    page = eso.get(response["Location"]).content.decode()
    assert "Kingsmere District Council elections 2026" in page
    assert 'Monday<br><span class="app-nowrap">30 March 2026</span>' in page
    assert "SI 2006/3304" in page
    assert 'id="combined-timetable"' not in page
    # A PCC election the same day makes a combined poll: the shared steps at their earliest.
    pcc = make_election(
        election.created_by, election_type="pcc", organisation="Thames Valley", title="PCC 2026"
    )
    page = eso.get(response["Location"]).content.decode()
    assert 'id="combined-timetable"' in page and "PCC 2026" in page
    assert "SI 2012/1917" in page.split('id="combined-timetable"')[1]
    assert pcc.combined_poll_id == election.combined_poll_id
    listing = eso.get("/elections/elections/").content.decode()
    assert "local.kingsmere.2026-05-07" in listing


def test_a_bad_election_names_the_field_and_saves_nothing(eso):
    ward = WardFactory()
    response = eso.post(
        "/elections/elections/new/",
        {
            "title": "A by-election",
            "election_type": "uk_parliamentary_by",
            "nation": "ENG",
            "organisation": "Kingsmere North",
            **date_fields("poll_date", date(2026, 5, 7)),
            **date_fields("writ_received_on", date(2026, 4, 30)),
            "wards": [ward.pk],
            "seats": "all",
        },
    )
    assert response.status_code == 200
    text = response.content.decode()
    assert "There is a problem" in text
    assert "is impossible with the writ received on 30 April 2026" in text
    assert "<title>Error:" in text
    assert not Election.objects.exists() and not Contest.objects.exists()
    assert not AuditEvent.private_objects.filter(action__startswith="elections.").exists()
    saturday = eso.post(
        "/elections/elections/new/",
        {
            "title": "x",
            "election_type": "local",
            "nation": "ENG",
            "organisation": "Kingsmere",
            **date_fields("poll_date", date(2026, 5, 9)),
            "seats": "all",
        },
    )
    assert "it is not a working day (Saturday)" in saturday.content.decode()


def test_mark_a_step_done_and_take_it_back(eso, electoral_officer):
    election = make_election(electoral_officer, poll_date=date(2024, 5, 2))
    url = f"/elections/elections/{election.pk}/steps/notice_of_election/"
    page = eso.get(url).content.decode()
    assert "Tuesday 26 March 2024" in page
    response = eso.post(url, date_fields("done_on", date(2024, 3, 20)))
    assert response.status_code == 302
    done = TimetableStepDone.objects.get()
    assert (done.step, done.done_on, done.recorded_by) == (
        "notice_of_election",
        date(2024, 3, 20),
        electoral_officer,
    )
    detail = eso.get(f"/elections/elections/{election.pk}/").content.decode()
    assert "20 March 2024" in detail
    # A future date is refused, naming the field.
    future = eso.post(url, date_fields("done_on", date(2099, 1, 1))).content.decode()
    assert "The date done cannot be in the future" in future
    eso.post(url, {"undo": "1"})
    assert not TimetableStepDone.objects.exists()
    assert eso.get(f"/elections/elections/{election.pk}/steps/no_such_step/").status_code == 404


def test_a_date_fixed_by_law(eso, electoral_officer):
    election = make_election(
        electoral_officer,
        election_type="uk_parliamentary_general",
        organisation="United Kingdom",
        poll_date=date(2019, 12, 12),
        title="General election 2019",
    )
    url = f"/elections/elections/{election.pk}/dates-fixed-by-law/"
    missing = eso.post(url, {"step": "registration_deadline"}).content.decode()
    assert "Enter the reason and legal basis for the date" in missing
    eso.post(
        url,
        {
            "step": "registration_deadline",
            **date_fields("date", date(2019, 11, 26)),
            "reason": "Early Parliamentary General Election Act 2019",
        },
    )
    detail = eso.get(f"/elections/elections/{election.pk}/").content.decode()
    assert "Fixed by law" in detail and "Early Parliamentary General Election Act 2019" in detail


def test_the_printable_notice_is_a_tagged_pdf(eso, electoral_officer):
    election = make_election(electoral_officer)
    response = eso.get(f"/elections/elections/{election.pk}/timetable.pdf")
    assert response["Content-Type"] == "application/pdf"
    body = response.content
    assert pdf.tagging_problems(body) == []
    reader = PdfReader(io.BytesIO(body))
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    assert "Election timetable" in " ".join(str(v) for v in reader.metadata.values())
    for expected in [
        "Publication of notice of election",
        "Monday 30 March 2026",
        "Delivery of nomination papers closes",
        "Thursday 9 April 2026",
        "SI 2006/3304",
        "Voter Authority Certificate applications",
    ]:
        assert expected in text


def test_the_calendar_feeds(eso, client, electoral_officer, officer):
    election = make_election(electoral_officer, poll_date=first_thursday_of_may_next_year())
    body = eso.get(f"/elections/elections/{election.pk}/timetable.ics").content
    cal = icalendar.Calendar.from_ical(body)
    events = {str(e["uid"]).split("@")[0]: e for e in cal.walk("VEVENT")}
    close = events[f"election-{election.pk}-nominations_close"]
    assert close.decoded("dtstart").time().hour == 16
    notice = events[f"election-{election.pk}-notice_of_election"]
    assert isinstance(notice.decoded("dtstart"), date) and not isinstance(
        notice.decoded("dtstart"), datetime
    )
    assert "Publication of notice of election" in str(notice["summary"])
    every = eso.get("/elections/elections/timetables.ics")
    assert f"election-{election.pk}-poll@" in every.content.decode()
    # The secret address: shown once, stored hashed, works without a session, stops when
    # replaced.
    page = eso.post("/elections/elections/calendar/").content.decode()
    address = page.split('<code id="calendar-address">')[1].split("</code>")[0]
    path = address.split("://", 1)[1].split("/", 1)[1]
    client.logout()
    anonymous = client.get(f"/{path}")
    assert anonymous.status_code == 200
    assert anonymous["Cache-Control"] == "private, no-store"
    assert f"election-{election.pk}-sopn@" in anonymous.content.decode()
    eso.force_login(electoral_officer)
    eso.post("/elections/elections/calendar/")
    client.logout()
    assert client.get(f"/{path}").status_code == 404
    assert client.get("/elections/elections/calendar/not-a-token/timetables.ics").status_code == 404


def test_the_pages_run_a_bounded_number_of_queries(eso, electoral_officer):
    def count(url: str) -> int:
        with CaptureQueriesContext(connection) as queries:
            assert eso.get(url).status_code == 200
        return len(queries)

    election = make_election(electoral_officer)
    election_services.contest_create(election=election, division_name="A", by=electoral_officer)
    make_election(  # combined with it: the page shows the combined poll's timetable
        electoral_officer, title="Ashdown Parish", election_type="parish", organisation="Ashdown"
    )
    pages = [
        "/elections/elections/",
        f"/elections/elections/{election.pk}/",
        "/elections/elections/timetables.ics",
    ]
    small = [count(url) for url in pages]
    for n in range(8):
        other = make_election(
            electoral_officer,
            poll_date=date(2026, 5, 7) if n else date(2026, 5, 14),
            title=f"Parish {n}",
            election_type="parish",
            organisation=f"Parish {n}",
        )
        election_services.contest_create(
            election=election, division_name=f"Ward {n}", by=electoral_officer
        )
        election_services.timetable_step_mark_done(
            election=other,
            step="notice_of_election",
            done_on=date(2026, 3, 20),
            by=electoral_officer,
        )
    assert [count(url) for url in pages] == small


def test_reminders_go_once_through_the_outbox(electoral_officer):
    electoral_officer.email = "eso@kingsmere.example"
    electoral_officer.save()
    election = make_election(electoral_officer)
    election_services.timetable_step_mark_done(
        election=election, step="nominations_open", done_on=date(2026, 3, 27), by=electoral_officer
    )
    # Two working days before the 30 March 2026 notice of election: Thu 26 March.
    today = date(2026, 3, 26)
    now = timezone.make_aware(datetime(2026, 3, 26, 9, 0))
    reminders.tick(today=today, now=now)
    reminders.tick(today=today, now=now)
    rows = Reminder.outbox.filter(kind__startswith="elections.timetable.")
    assert {r.kind for r in rows} == {"elections.timetable.notice_of_election"}
    [message] = mail.outbox
    assert message.to == ["eso@kingsmere.example"]
    assert "Publication of notice of election" in message.subject
    assert "Monday 30 March 2026" in message.body and "SI 2006/3304" in message.body
    # A step marked done is not reminded; the next step is, when its time comes.
    election_services.timetable_step_mark_done(
        election=election,
        step="notice_of_election",
        done_on=date(2026, 3, 26),
        by=electoral_officer,
    )
    later = date(2026, 4, 7)  # two working days before the 9 April close of nominations
    reminders.tick(today=later, now=timezone.make_aware(datetime(2026, 4, 7, 9, 0)))
    kinds = {r.kind for r in Reminder.outbox.filter(sent_at__isnull=False)}
    assert "elections.timetable.nominations_close" in kinds
    assert "elections.timetable.nominations_open" not in kinds
    assert len([m for m in mail.outbox if "Publication of notice of election" in m.subject]) == 1


def test_a_day_of_mourning_on_polling_day_is_shown_not_a_failure(eso, electoral_officer):
    from democracy.models import NonWorkingDay

    election = make_election(electoral_officer)
    NonWorkingDay.objects.create(
        date=date(2026, 5, 7),
        kind=NonWorkingDay.Kind.THANKSGIVING_OR_MOURNING,
        description="National day of mourning",
    )
    page = eso.get(f"/elections/elections/{election.pk}/")
    assert page.status_code == 200
    assert "The timetable cannot be worked out" in page.content.decode()
    assert eso.get(f"/elections/elections/{election.pk}/timetable.pdf").status_code == 404
    assert eso.get("/elections/elections/timetables.ics").status_code == 200
    assert reminders.tick(today=date(2026, 3, 26)) == 0


def test_change_the_poll_and_record_the_declaration(eso, electoral_officer):
    election = make_election(electoral_officer)
    url = f"/elections/elections/{election.pk}/change/"
    assert "Kingsmere District Council elections 2026" in eso.get(url).content.decode()
    bad = eso.post(
        url,
        {
            "title": election.title,
            **date_fields("poll_date", date(2026, 5, 7)),
            **date_fields("declared_on", date(2026, 5, 6)),
        },
    ).content.decode()
    assert "The result cannot be declared before polling day" in bad
    response = eso.post(
        url,
        {
            "title": election.title,
            **date_fields("poll_date", date(2026, 5, 7)),
            **date_fields("declared_on", date(2026, 5, 8)),
        },
    )
    assert response.status_code == 302
    detail = eso.get(f"/elections/elections/{election.pk}/").content.decode()
    # 35 days after a declaration on 8 May 2026.
    assert "12 June 2026" in detail


def test_the_officer_home_timetable_is_the_elections_timetable(client, electoral_officer):
    client.force_login(electoral_officer)
    page = client.get("/elections/?poll_date_0=7&poll_date_1=5&poll_date_2=2026").content.decode()
    assert "Final election notice of alteration" in page
    assert "29 April 2026" in page  # the 5th working day before Thu 7 May 2026
    assert "RPA 1983 s13B" in page
    sunday = client.get("/elections/?poll_date_0=10&poll_date_1=5&poll_date_2=2026")
    assert "it is not a working day" in sunday.content.decode()
