"""axe-core in Chromium: no serious or critical accessibility violations on the main pages."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.browser_support import MAIN_PAGES, browser, build_demo_world, live_server, log_in, page  # noqa: F401

pytestmark = pytest.mark.browser

BLOCKING = {"serious", "critical"}


def serious_violations(page) -> list[str]:
    results = Axe().run(page)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
        if v["impact"] in BLOCKING
    ]


def test_main_pages_have_no_serious_or_critical_violations(ctx, live_server, page):
    world, ids = build_demo_world()
    base = live_server.url
    page.goto(f"{base}/login")
    problems = {"login": serious_violations(page)}
    log_in(page, base, "tl", world.password)
    for name, path in MAIN_PAGES:
        page.goto(base + path.format(**ids))
        problems[name] = serious_violations(page)
    page.goto(f"{base}/contacten/nieuw/{ids['party_id']}")
    page.get_by_role("button", name="Contact opslaan").click()
    page.get_by_text("Onderwerp is verplicht.").wait_for()
    problems["contact-form-with-errors"] = serious_violations(page)
    assert {name: found for name, found in problems.items() if found} == {}
