"""The stats and schedule pages at 375 px in real Chromium, on the demo's data (a real send).

Screenshots go to NUMERIQ_DESK_SHOTS when it is set (a folder outside the repository).
"""

from __future__ import annotations

import os
import threading
from pathlib import Path
from typing import Any

import pytest
from django.db import connection

from numeriq.editions.models import Edition
from tests.desk.conftest import EDITOR, make_user
from tests.desk.test_browser import assert_accessible, log_in
from tests.site.conftest import browser, chromium_path  # noqa: F401 (fixtures)
from tests.site.test_browser import OVERFLOWING_JS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = os.environ.get("NUMERIQ_DESK_SHOTS", "")
# The table cells whose text takes more than one line (« Envo / yés » on a phone).
WRAPPED_CELLS_JS = """
() => [...document.querySelectorAll("main table th, main table td")]
  .filter((cell) => (cell.closest("thead") ?? cell).offsetWidth > 1)  // not a hidden header
  .filter((cell) => {
    const range = document.createRange();
    range.selectNodeContents(cell);
    const tops = [...range.getClientRects()].filter((box) => box.width > 0).map((box) => box.top);
    return Math.max(...tops) - Math.min(...tops) > 5;  // an inline box and its text: one line
  })
  .map((cell) => cell.textContent.trim())
"""


def test_stats_and_schedule_fit_a_phone(browser: Any, live_server: Any) -> None:  # noqa: F811
    """No horizontal overflow at 375 px, axe-core clean, the audience explained."""
    from numeriq.demo.loader import load_demo

    # In a thread of its own: the demo's send runs an asyncio worker, and Playwright's sync
    # API keeps an event loop running in this one.
    def load() -> None:
        try:
            load_demo()
        finally:
            connection.close()  # the thread's own connection: the test database can be dropped

    loading = threading.Thread(target=load)
    loading.start()
    loading.join()
    make_user("camille", EDITOR)
    draft = Edition.objects.filter(status="draft").order_by("-date").first()
    assert draft is not None
    context = browser.new_context(viewport={"width": 375, "height": 800}, locale="fr-FR")
    page = context.new_page()
    page.set_default_timeout(20_000)  # a shared, busy machine: generous, never slept
    base = live_server.url
    log_in(page, base)

    def check(name: str) -> None:
        page.wait_for_load_state("load")
        width, inner = page.evaluate("[document.documentElement.scrollWidth, innerWidth]")
        assert width <= inner, f"{name}: page is {width}px wide at {inner}px"
        overflowing = page.evaluate(OVERFLOWING_JS)
        assert not overflowing, f"{name}: past the right edge: {overflowing[:5]}"
        assert_accessible(page, f"{name} (375 px)")
        if SHOTS:
            Path(SHOTS).mkdir(parents=True, exist_ok=True)
            page.screenshot(path=f"{SHOTS}/{name}-375.png", full_page=True)
        assert not page.evaluate(WRAPPED_CELLS_JS), f"{name}: cells broken over lines"

    page.goto(base + "/redaction/statistiques/")
    check("stats")
    page.goto(base + f"/redaction/edition/{draft.date.isoformat()}/")
    page.get_by_role("button", name="Programmer…").click()
    page.wait_for_url("**/envoi/?mode=schedule**")
    check("schedule")
    assert "abonnés (nombre actuel" in page.locator("#confirm-count").inner_text()
    assert "abonnés actifs :" in page.locator("#audience-note").inner_text()
    context.close()
