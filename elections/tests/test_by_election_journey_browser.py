"""A by-election from the vacancy to the councillor's page, in one journey in a real browser
(Debian's Chromium through Playwright), with axe checking every page visited against WCAG 2.2
A and AA (issue 13, "done when"): an electoral services officer creates a by-election for a
casual vacancy, reads its timetable, records and decides the nomination papers, publishes the
statement of persons nominated, enters the count against the nominated candidates, declares it
and confirms the new councillor's term of office; then an anonymous visitor reads the result on
the public results page and in the open data API, and finds the new councillor's page with the
term of office (from the declaration until the day the councillor replaced would have retired,
LGA 1972 s 89(6)).

The dates are counted from today (the term starts on the day of the declaration): the poll was
the last Thursday that is a working day, the vacating member would have retired on the fourth
day after the first Thursday in May two years on."""

from __future__ import annotations

from datetime import date, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from democracy.tests.factories import WardFactory
from democracy.tests.factories_browser import axe_violations, sign_in_with_browser
from elections import nominations
from elections.models import Election
from elections.result_models import CandidateResult
from elections.timetables import election_dies_non
from members.models import Term

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]

LONDON = ZoneInfo("Europe/London")


def _last_polling_thursday(today: date) -> date:
    calendar = election_dies_non("ENG")
    day = today - timedelta(days=1)
    while day.weekday() != 3 or not calendar.is_working_day(day):
        day -= timedelta(days=1)
    return day


def _ordinary_retirement(today: date) -> date:
    first_of_may = date(today.year + 2, 5, 1)
    first_thursday = first_of_may + timedelta(days=(3 - first_of_may.weekday()) % 7)
    return first_thursday + timedelta(days=4)


def _fill_date(page, group: str, day: date) -> None:
    fields = page.get_by_role("group", name=group)
    fields.get_by_label("Day").fill(str(day.day))
    fields.get_by_label("Month").fill(str(day.month))
    fields.get_by_label("Year").fill(str(day.year))


def _long(day: date) -> str:
    return f"{day:%-d %B %Y}"


def test_a_by_election_from_the_vacancy_to_the_new_councillors_page(
    live_page, electoral_officer, password
):
    page = live_page
    today = timezone.localdate()
    poll = _last_polling_thursday(today)
    retirement = _ordinary_retirement(today)
    WardFactory(name="Abbey", slug="abbey", seats=1)

    # The officer creates the by-election for the casual vacancy.
    sign_in_with_browser(page, electoral_officer.username, password)
    page.goto(f"{page.base}/elections/elections/new/")
    expect(page.get_by_role("heading", name="Create an election")).to_be_visible()
    page.get_by_label("Name of the election").fill("Abbey ward by-election")
    page.get_by_label("Casual vacancy by-election (principal area)").check()
    page.get_by_label("England").check()
    page.get_by_label("Organisation or area").fill("Kingsmere")
    _fill_date(page, "Polling day", poll)
    _fill_date(page, "Date the vacancy occurred", poll - timedelta(days=60))
    _fill_date(page, "Ordinary day of retirement of the vacating member", retirement)
    page.get_by_label("Abbey", exact=True).check()
    assert axe_violations(page) == []
    page.get_by_role("button", name="Create the election").click()

    # Its timetable.
    expect(page.get_by_role("heading", name="Abbey ward by-election")).to_be_visible()
    election = Election.objects.get(title="Abbey ward by-election")
    close = nominations.deadline(election, "nominations_close").astimezone(LONDON)
    sopn = nominations.timetable_step(election, "sopn").date
    timetable = page.locator("#timetable")
    expect(
        timetable.get_by_role("row").filter(has_text="Delivery of nomination papers closes")
    ).to_contain_text(_long(close.date()))
    expect(
        timetable.get_by_role("row").filter(has_text="Publication of statement of persons")
    ).to_contain_text(_long(sopn))
    assert axe_violations(page) == []

    # Three nomination papers, received before the close of nominations.
    page.get_by_role("link", name="Nominations and notices").click()
    expect(page.get_by_role("heading", name="Nominations", exact=True)).to_be_visible()
    assert axe_violations(page) == []
    papers = [
        ("Smith", "Annabel Rose", "Ann", "Labour Party", "Labour Party"),
        ("Jones", "Bob", "", "", "Independent"),
        ("Patel", "Cath", "", "", ""),
    ]
    for surname, other_names, commonly_used, party, description in papers:
        page.get_by_role("link", name="Record a nomination paper").click()
        expect(page.get_by_role("heading", name="Record a nomination paper")).to_be_visible()
        page.get_by_label("Ward or division").select_option(label="Abbey")
        page.get_by_label("Surname", exact=True).fill(surname)
        page.get_by_label("Other names", exact=True).fill(other_names)
        if commonly_used:
            page.get_by_label("Commonly used forenames (if any)").fill(commonly_used)
        page.get_by_label("Home address", exact=True).fill(f"1 {surname} Row, Kingsmere")
        if party:
            page.get_by_label("Registered party").select_option(label=party)
        page.get_by_label("Description", exact=True).fill(description)
        _fill_date(page, "Date the nomination paper was received", close.date())
        page.get_by_label("Time received").fill("10:30am")
        if surname == "Smith":
            assert axe_violations(page) == []
        page.get_by_role("button", name="Record the nomination paper").click()
        expect(page.get_by_text("The nomination paper has been recorded")).to_be_visible()

    # The returning officer's decisions: two valid, one invalid with the reason.
    for ballot_name, valid in (("SMITH Ann", True), ("JONES Bob", True), ("PATEL Cath", False)):
        page.get_by_role("link", name=ballot_name).click()
        expect(page.get_by_role("heading", name=ballot_name)).to_be_visible()
        if valid:
            page.get_by_label("Valid", exact=True).check()
        else:
            page.get_by_label("Invalid", exact=True).check()
            page.get_by_label("Reason the nomination is invalid").fill(
                "Not subscribed by a registered elector"
            )
            assert axe_violations(page) == []
        page.get_by_role("button", name="Save").click()
        expect(page.get_by_text("The decision has been recorded")).to_be_visible()
        expect(page.get_by_role("heading", name="Nominations", exact=True)).to_be_visible()
    expect(page.get_by_role("row").filter(has_text="PATEL Cath")).to_contain_text("Invalid")
    assert axe_violations(page) == []

    # The statement of persons nominated is published: its step recorded as done.
    page.get_by_role("link", name="Back to Abbey ward by-election").click()
    page.locator("#timetable").get_by_role("row").filter(
        has_text="Publication of statement of persons nominated"
    ).get_by_role("link", name="Mark as done").click()
    _fill_date(page, "Date done", sopn)
    page.get_by_role("button", name="Record as done").click()
    expect(page.get_by_text("is recorded as done")).to_be_visible()

    # The count, entered against the candidates on the statement (no names typed).
    page.get_by_role("link", name="Results of the count").click()
    expect(page.get_by_role("heading", name="Results of the count")).to_be_visible()
    page.get_by_role("button", name="Put the results pages live").click()
    expect(page.get_by_text("The results pages are live", exact=True)).to_be_visible()
    page.get_by_role("link", name="Abbey", exact=True).click()
    expect(page.get_by_role("heading", name="Enter the count: Abbey")).to_be_visible()
    expect(page.get_by_label("Candidates and their votes")).to_have_count(0)
    expect(page.get_by_label("Votes for PATEL Cath")).to_have_count(0)  # not validly nominated
    page.get_by_label("Electorate").fill("4000")
    page.get_by_label("Ballot papers issued (ballot paper accounts)").fill("1203")
    page.get_by_label("Ballot papers counted").fill("1203")
    page.get_by_label("Rejected: unmarked or void for uncertainty").fill("3")
    page.get_by_label("Votes for SMITH Ann").fill("700")
    page.get_by_label("Votes for JONES Bob").fill("500")
    assert axe_violations(page) == []
    page.get_by_role("button", name="Save the count").click()
    expect(page.get_by_role("heading", name="Check and declare: Abbey")).to_be_visible()
    expect(page.get_by_role("row").filter(has_text="Ann Smith")).to_contain_text("Labour Party")
    assert set(CandidateResult.all_objects.values_list("candidate__surname", flat=True)) == {
        "Smith",
        "Jones",
    }
    assert axe_violations(page) == []
    page.get_by_role("button", name="Declare the result").click()
    expect(page.get_by_role("heading", name="Declared: Abbey")).to_be_visible()
    expect(page.get_by_role("link", name="Declaration of result (PDF)")).to_be_visible()
    assert axe_violations(page) == []

    # The new councillor's term of office, listed, then confirmed.
    page.get_by_role("link", name="New councillors' terms of office").click()
    expect(page.get_by_text("Nothing is created until you confirm")).to_be_visible()
    expect(
        page.get_by_text(
            f"Ann Smith (Labour Party): councillor for Abbey from {_long(today)} until "
            f"{_long(retirement)}"
        )
    ).to_be_visible()
    assert axe_violations(page) == []
    page.get_by_role("button", name="Confirm and create the terms of office").click()
    expect(page.get_by_text("the terms of office are recorded")).to_be_visible()
    term = Term.objects.get(ward__name="Abbey")
    assert (term.start_date, term.end_date) == (today, retirement)
    assert term.start_reason == Term.StartReason.BY_ELECTION

    # An anonymous visitor: the public results page, the API and the councillor's page.
    page.context.clear_cookies()
    page.goto(f"{page.base}/elections/results/")
    page.get_by_role("link", name="Abbey ward by-election").click()
    expect(page.get_by_text("1 of 1 result declared")).to_be_visible()
    assert axe_violations(page) == []
    page.get_by_role("link", name="Abbey", exact=True).click()
    expect(page.get_by_role("heading", name="Abbey")).to_be_visible()
    winner = page.get_by_role("row").filter(has_text="Ann Smith")
    expect(winner).to_contain_text("700")
    expect(winner).to_contain_text("Elected")
    assert axe_violations(page) == []
    declaration = page.get_by_role("link", name="Declaration of result (PDF)")
    pdf = page.request.get(f"{page.base}{declaration.get_attribute('href')}")
    assert pdf.status == 200 and pdf.headers["content-type"] == "application/pdf"

    listed = page.request.get(f"{page.base}/api/v1/elections")
    assert listed.status == 200
    assert election.election_id in listed.text() and "Abbey ward by-election" in listed.text()
    results = page.request.get(f"{page.base}/api/v1/elections/{election.pk}/results").json()
    (contest,) = results["contests"]
    assert contest["status"] == "declared"
    assert {(c["name"], c["votes"], c["elected"]) for c in contest["candidates"]} == {
        ("Ann Smith", 700, True),
        ("Bob Jones", 500, False),
    }

    page.goto(f"{page.base}/councillors/")
    page.get_by_role("link", name="Ann Smith").first.click()
    expect(page.get_by_role("heading", name="Terms of office")).to_be_visible()
    row = page.get_by_role("row").filter(has_text="Abbey")
    expect(row).to_contain_text(_long(today))
    expect(row).to_contain_text("Elected at a by-election")
    expect(row).to_contain_text(_long(retirement - timedelta(days=1)))  # the last day in office
    expect(row).to_contain_text("Until the next ordinary election")
    assert axe_violations(page) == []
