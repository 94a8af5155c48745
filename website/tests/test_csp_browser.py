"""Issue 11, item 5, in a real browser (Debian's Chromium through Playwright): under the strict
Content-Security-Policy, key pages load with no console error and no policy violation, and GOV.UK
Frontend still starts (its scripts and styles are files of this site, not inline)."""

from __future__ import annotations

import pytest

from democracy.tests.factories_browser import sign_in_with_browser
from meetings.tests.factories_public import PublicScene

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]

# Run before any script of the page, outside its policy: remember every violation reported.
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', (event) => {
  window.__cspViolations.push(`${event.violatedDirective} ${event.blockedURI}`);
});
"""


def test_key_pages_load_under_the_policy_without_errors(live_page, officer, manager, password):
    scene = PublicScene()
    page = live_page
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.add_init_script(RECORD_VIOLATIONS)
    seen: dict[str, dict] = {}

    def visit(name: str, path: str) -> None:
        response = page.goto(f"{page.base}{path}")
        assert response is not None and response.status == 200, (name, path)
        assert "script-src 'self'" in response.headers["content-security-policy"], name
        page.wait_for_load_state("networkidle")
        seen[name] = page.evaluate(
            "() => ({violations: window.__cspViolations,"
            " supported: document.body.classList.contains('govuk-frontend-supported')})"
        )

    visit("home", "/")
    visit("a meeting", scene.meeting.get_absolute_url())
    visit("councillors", "/councillors/")
    sign_in_with_browser(page, officer.username, password)
    visit("officer home", "/officers/")
    visit("an officer's meeting page", f"/officers/meetings/{scene.meeting.pk}/")
    page.context.clear_cookies()
    sign_in_with_browser(page, manager.username, password)
    visit("the console", "/manage/")
    visit("a console list", "/manage/democracy/user/")

    assert {name: s["violations"] for name, s in seen.items() if s["violations"]} == {}
    assert errors == []
    # GOV.UK Frontend's start-up script (a static file now) ran on every page of ours.
    ours = [name for name in seen if "console" not in name]
    assert [name for name in ours if not seen[name]["supported"]] == []
