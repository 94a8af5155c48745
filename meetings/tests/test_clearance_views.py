"""The clearance pages (issue 15, point 1): reports waiting for my sign-off, the approver's
sign-off page, the meeting's clearance page and who gives each sign-off."""

from __future__ import annotations

import pytest
from django.urls import reverse

from democracy.tests.factories import CommitteeFactory, set_constitution
from meetings.models import Report, SignOffHolder
from meetings.services import reports as report_services
from meetings.tests.factories_clearance import make_approver
from meetings.tests.factories_meetings import add_item, make_meeting, make_report
from meetings.tests.factories_views import a_future_tuesday


@pytest.fixture(autouse=True)
def chain(db):
    set_constitution(report_sign_offs=["Legal", "Finance"])


@pytest.fixture
def meeting(db):
    return make_meeting(CommitteeFactory(name="Planning Committee"), day=a_future_tuesday())


@pytest.fixture
def report(meeting, author):
    report = make_report(add_item(meeting, "Land at Mill Lane"), author, body="<p>Sell it.</p>")
    report_services.report_submit(report=report, by=author)
    return report


def test_an_approver_signs_off_and_returns_in_their_own_account(client, report, author):
    legal = make_approver("Legal", "legal")
    finance = make_approver("Finance", "finance")
    client.force_login(legal)
    mine = client.get(reverse("meetings:my-sign-offs")).content.decode()
    assert report.title in mine and "Legal" in mine
    approve = reverse("meetings:report-approve", args=[report.pk])
    page = client.get(approve)
    assert page.status_code == 200 and "Sell it." in page.content.decode()
    response = client.post(approve, {"role": "Legal", "decision": "changes_requested"})
    assert response.context["form"].errors == {"comments": ["Say what needs to change"]}
    response = client.post(
        approve,
        {"role": "Legal", "decision": "changes_requested", "comments": "Add the valuation."},
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == Report.Status.CHANGES_REQUESTED
    # Finance has nothing waiting now, and its page for the report is a 404.
    client.force_login(finance)
    assert report.title not in client.get(reverse("meetings:my-sign-offs")).content.decode()
    assert client.get(approve).status_code == 404
    # The author sees why at the top of the report.
    client.force_login(author)
    page = client.get(reverse("meetings:report-edit", args=[report.pk])).content.decode()
    assert page.index("Returned by Legal") < page.index("<h1")
    assert "Add the valuation." in page


def test_someone_without_a_sign_off_gets_403_for_the_list_and_404_for_a_report(
    client, report, councillor, author
):
    for user in (councillor, author):
        client.force_login(user)
        assert client.get(reverse("meetings:my-sign-offs")).status_code == 403
        approve = reverse("meetings:report-approve", args=[report.pk])
        assert client.get(approve).status_code == 404


def test_the_meeting_clearance_page_shows_every_report(
    client, officer, meeting, report, author, django_assert_max_num_queries
):
    legal = make_approver("Legal", "legal")
    from meetings.services import clearance

    clearance.sign_off_give(report=report, role="Legal", decision="approved", by=legal)
    other = make_report(add_item(meeting, "Depot"), author)
    client.force_login(officer)
    page_url = reverse("meetings:meeting-clearance", args=[meeting.pk])
    with django_assert_max_num_queries(20):
        page = client.get(page_url).content.decode()
    assert "Report clearance" in page and other.title in page
    assert "Signed off" in page and "No one gives the Finance sign-off" in page
    for n in range(4):
        make_report(add_item(meeting, f"Item {n}"), author)
    with django_assert_max_num_queries(20):
        assert client.get(page_url).status_code == 200


def test_officers_assign_and_remove_who_gives_each_sign_off(client, officer, author):
    client.force_login(officer)
    holders = reverse("meetings:sign-off-holders")
    response = client.post(holders, {"role": "", "user": ""})
    assert set(response.context["form"].errors) == {"role", "user"}
    response = client.post(holders, {"role": "Finance", "user": author.pk, "deputy": "on"})
    assert response.status_code == 302
    holder = SignOffHolder.all_objects.get()
    assert (holder.role, holder.user, holder.deputy) == ("Finance", author, True)
    response = client.post(holders, {"role": "Finance", "user": author.pk})
    assert "already holds Finance" in response.content.decode()
    remove = reverse("meetings:sign-off-holder-remove", args=[holder.pk])
    assert client.post(remove).status_code == 302
    assert not SignOffHolder.all_objects.exists()
