"""Helpers for the browser tests (the ``live_page`` fixture is in the root conftest): axe's
WCAG 2.2 AA check and signing in through the login form."""

from __future__ import annotations

WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def axe_violations(page) -> list[dict]:
    """axe-core's WCAG 2.2 A and AA violations on the page as it stands."""
    from axe_playwright_python.sync_playwright import Axe
    from playwright.sync_api import Error

    # A click that submits a form or follows a link may still be navigating: axe then finds no
    # document (or its context is destroyed mid-run). Wait for the new page and run it again.
    for attempt in range(5):
        page.wait_for_load_state("load")
        try:
            results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_22_AA}})
            break
        except Error as error:
            navigating = ("documentElement", "Execution context was destroyed", "navigat")
            if attempt == 4 or not any(sign in str(error) for sign in navigating):
                raise
            page.wait_for_timeout(200)
    return [
        {"id": v["id"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"]]}
        for v in results.response["violations"]
    ]


def sign_in_with_browser(page, username: str, password: str) -> None:
    page.goto(f"{page.base}/account/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()
