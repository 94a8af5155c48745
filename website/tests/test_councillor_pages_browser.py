"""The public councillor pages in a real browser (Debian's Chromium through Playwright): a visitor
goes from the navigation to the index, tries each way of listing, opens a profile and follows it
to the Modern.Gov-style register, and does the same for a co-opted member; axe finds no WCAG 2.2 A or AA violation on any of them, and
nothing private is on the screen."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from democracy.tests.factories_browser import axe_violations
from democracy.tests.factories_councillors import SECRETS, CouncillorScene

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_councillor_pages_pass_axe(live_page, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    from members.services import records as record_services

    settings.MEDIA_ROOT = str(tmp_path)
    scene = CouncillorScene()
    image = tmp_path / "alice.png"
    Image.new("RGB", (40, 50), "navy").save(image)
    record_services.profile_update(
        councillor=scene.alice,
        values={"photo": SimpleUploadedFile("alice.png", image.read_bytes(), "image/png")},
        by=None,
    )
    page = live_page
    found: dict[str, list] = {}

    def check(name: str) -> None:
        page.wait_for_load_state()
        found[name] = axe_violations(page)
        text = page.content()
        assert not [secret for secret in SECRETS if secret in text], name

    page.goto(f"{page.base}/")
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Councillors").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Councillors"
    check("index by name")
    page.get_by_role("link", name="By ward").click()
    expect(page.get_by_role("table", name="Ashdown Ward (1 councillor)")).to_be_visible()
    check("index by ward")
    page.get_by_role("link", name="By political group").click()
    expect(page.get_by_role("table", name="Green Party (1 councillor)")).to_be_visible()
    check("index by group")
    page.get_by_role("link", name="Former councillors").click()
    check("former councillors")
    page.get_by_role("link", name="Fred Farley").click()
    assert "no longer holds office" in page.content()
    check("former councillor's profile")

    page.goto(f"{page.base}/councillors/")
    page.get_by_role("link", name="Cllr Dr Alice Ashdown").click()
    expect(page).to_have_url(re.compile(re.escape("/councillors/alice-ashdown/") + "$"))
    expect(page.get_by_role("img", name="Photo of Alice Ashdown")).to_be_visible()
    check("profile")
    page.get_by_role("link", name="The same interests as one table per category").click()
    assert page.locator("table.mgInterestsTable").count() == 2
    check("mgRofI.aspx")

    page.goto(f"{page.base}/mgUserInfo.aspx?UID={scene.sam.pk}")
    expect(page).to_have_url(re.compile(re.escape("/councillors/sam-sutton/") + "$"))
    assert "is suspended" in page.content()
    check("suspended councillor's profile")

    # Co-opted members: their own section, their profile, their register, their committee.
    page.goto(f"{page.base}/councillors/")
    expect(page.get_by_role("heading", name="Co-opted members", level=2)).to_be_visible()
    page.get_by_role("link", name="Mrs Cora Cooper").click()
    expect(page).to_have_url(re.compile(re.escape("/councillors/cora-cooper/") + "$"))
    assert page.get_by_role("heading", level=1).inner_text() == "Mrs Cora Cooper"
    check("co-opted member's profile")
    page.get_by_role("link", name="The same interests as one table per category").click()
    assert page.locator("table.mgInterestsTable").count() == 2
    check("co-opted member's mgRofI.aspx")
    page.goto(f"{page.base}/committees/audit/")
    expect(page.get_by_role("table", name="Co-opted members of Audit Committee")).to_be_visible()
    check("committee with co-opted members")
    page.goto(f"{page.base}/councillors/?status=former")
    page.get_by_role("link", name="Ms Olive Outgone").click()
    assert "is no longer a co-opted member" in page.content()
    check("former co-opted member's profile")

    assert {name: v for name, v in found.items() if v} == {}


@pytest.mark.parametrize("width", [1020, 320])
def test_the_a_to_z_links_are_targets_of_at_least_24_pixels(live_page, width):
    """Issue 11 item 15 (WCAG 2.2 SC 2.5.8, target size minimum): the surname letters were links
    9.5-13.7 by 21 pixels. Narrow letters (I, J, L) and wide ones (M, W), on a desktop and on the
    narrowest phone."""
    from democracy.tests.factories import CouncillorFactory, TermFactory

    surnames = ["Ingram", "Jones", "Lloyd", "Morgan", "Williams", "Ashdown", "Fisher", "Tait"]
    for n, surname in enumerate(surnames):
        councillor = CouncillorFactory(first_name="Pat", last_name=surname, slug=f"pat-{n}")
        TermFactory(councillor=councillor)
    page = live_page
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(f"{page.base}/councillors/")
    links = page.get_by_role("navigation", name="Surnames from A to Z").get_by_role("link")
    assert links.count() == len(surnames)
    for n in range(links.count()):
        box = links.nth(n).bounding_box()
        name = links.nth(n).inner_text()
        assert box["width"] >= 24 and box["height"] >= 24, (name, box)
    # Each still goes to its letter.
    links.last.click()  # W
    expect(page).to_have_url(re.compile(re.escape("#letter-W") + "$"))
    assert axe_violations(page) == []
