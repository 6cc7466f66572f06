"""Each page: expected status, no console errors, no axe violations, valid HTML.

Each is also saved as screenshots (conftest.save_screenshots) unless the layout test has
already saved it in this run.
"""

import pytest

from .checks import axe_violations, html_errors
from .conftest import save_screenshots
from .pages import all_pages

pytestmark = pytest.mark.browser


@pytest.mark.parametrize(("name", "path", "status"), all_pages(), ids=lambda v: str(v))
def test_page_is_accessible_and_valid(
    page, live_site, html_checker, screenshots, name, path, status
):
    url = live_site + path
    errors = []
    # The document's own status is checked below; every other request must succeed.
    page.on("requestfailed", lambda request: errors.append(f"failed: {request.url}"))
    page.on(
        "response",
        lambda r: (
            errors.append(f"HTTP {r.status}: {r.url}")
            if r.status >= 400 and r.url != url
            else None
        ),
    )
    page.on(
        "console",
        lambda m: (
            errors.append(m.text)
            if m.type == "error" and not m.text.startswith("Failed to load resource")
            else None
        ),
    )
    page.on("pageerror", lambda error: errors.append(str(error)))
    response = page.goto(url)
    assert response.status == status, f"{name}: HTTP {response.status}"
    page.wait_for_load_state("networkidle")
    assert errors == [], f"{name}: {errors}"
    assert axe_violations(page) == [], name
    assert html_errors(html_checker, response.text()) == [], name
    save_screenshots(page, screenshots, path)


def test_skip_link_moves_focus_to_main(page, live_site):
    page.goto(live_site + "/")
    page.keyboard.press("Tab")
    skip = page.locator(".skip-link")
    assert skip.evaluate("element => element === document.activeElement")
    assert skip.is_visible()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_language_switch_reaches_english(page, live_site):
    page.goto(live_site + "/")
    page.get_by_role("link", name="English").click()
    assert page.evaluate("document.documentElement.lang") == "en"
    assert page.url == live_site + "/en/"
