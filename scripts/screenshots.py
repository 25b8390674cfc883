"""Write screenshots of the workspace's main pages into docs/screenshots/.

Builds a throw-away SQLite database with the demo-like data of the browser tests, serves it on
127.0.0.1 (a free port) and photographs the pages in Debian's Chromium. Run from the repository
root: ``python scripts/screenshots.py [output-folder]``.
"""

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from flask_migrate import upgrade  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402

from crm import create_app  # noqa: E402
from tests.browser_support import CHROMIUM, CHROMIUM_ARGS, MAIN_PAGES, LiveServer, build_demo_world, log_in, log_out  # noqa: E402

# Pages photographed as the employee; the board as the team lead.
EMPLOYEE_PAGES = ["search-results", "party-page", "contact-form", "case-page", "my-queue"]


def main(output: Path) -> None:
    """Photograph login, search results, party page, contact form, case page, my queue and board."""
    output.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as instance:
        app = create_app({
            "DATABASE_URL": f"sqlite:///{instance}/screenshots.db",
            "SECRET_KEY": "screenshots-only",
            "SEARCH_INDEX_DIR": f"{instance}/search-index",
        })
        with app.app_context():
            upgrade()
            world, ids = build_demo_world()
            password = world.password
        paths = dict(MAIN_PAGES)
        with LiveServer(app) as server, sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            page = browser.new_page(locale="nl-NL", timezone_id="Europe/Amsterdam", viewport={"width": 1280, "height": 900})
            page.goto(f"{server.url}/login")
            page.screenshot(path=output / "login.png", full_page=True)
            log_in(page, server.url, "mw", password)
            for name in EMPLOYEE_PAGES:
                page.goto(server.url + paths[name].format(**ids))
                page.screenshot(path=output / f"{name}.png", full_page=True)
            log_out(page)
            log_in(page, server.url, "tl", password)
            page.goto(server.url + paths["board"].format(**ids))
            page.screenshot(path=output / "board.png", full_page=True)
            browser.close()
    print(f"Screenshots written to {output}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "screenshots")
