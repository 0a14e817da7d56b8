"""Every desk page in real Chromium, light and dark, at 375 and 1280 px.

One browser, one logged-in page: each page is loaded once, then looked at in both colour
schemes and both widths (emulated media and viewport, no reload). On each: no horizontal
overflow, axe-core clean (contrast included), focus rings that show (3:1 against what is
behind them), chart text that reads (4.5:1), and in dark mode no light surface left over
(a white card or field in a dark page). The email and web previews are framed: they stay as
the reader sees them and are not looked into.
"""

from __future__ import annotations

import datetime as dt
import os
import zoneinfo
from pathlib import Path
from typing import Any

import pytest
import time_machine

from numeriq.config import EMAIL_URL_PARSER
from numeriq.delivery import scheduling
from numeriq.delivery.models import CapturedMessage, Send
from numeriq.desk import stories
from numeriq.desk.roles import ADMIN, EDITOR
from numeriq.editions.models import Edition, EditionStatus
from numeriq.editions.store import import_markdown
from tests.desk.conftest import PASSWORD, demo_source, make_readers, make_user
from tests.desk.stories_data import seed_items
from tests.desk.test_browser import assert_accessible
from tests.site.conftest import browser, chromium_path  # noqa: F401 (fixtures)
from tests.site.test_browser import OVERFLOWING_JS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PARIS = zoneinfo.ZoneInfo("Europe/Paris")
MORNING = dt.datetime(2026, 12, 1, 9, 30, tzinfo=PARIS)
WIDTHS = (375, 1280)
SCHEMES = ("light", "dark")
SHOTS = os.environ.get("NUMERIQ_DESK_SHOTS", "")  # a folder: keep the screenshots there

# What the eye needs and axe-core does not check: focus outlines against what is behind
# them, SVG text against the page, and (dark) surfaces that stayed light.
LOOK_JS = """
(dark) => {
  const parse = (colour) => {
    const m = colour.match(/rgba?\\(([^)]+)\\)/);
    if (!m) return null;
    const [r, g, b, a = 1] = m[1].split(/[ ,/]+/).filter(Boolean).map(Number);
    return {r, g, b, a};
  };
  const lum = ({r, g, b}) => {
    const c = [r, g, b].map((v) => {
      v /= 255;
      return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
  };
  const ratio = (x, y) => {
    const [hi, lo] = [lum(x), lum(y)].sort((p, q) => q - p);
    return (hi + 0.05) / (lo + 0.05);
  };
  const canvas = () => {
    const scheme = getComputedStyle(document.documentElement).colorScheme;
    const level = dark && scheme.includes("dark") ? 18 : 255;
    return {r: level, g: level, b: level, a: 1};
  };
  const behind = (el) => {
    for (let node = el; node && node.nodeType === 1; node = node.parentElement) {
      const colour = parse(getComputedStyle(node).backgroundColor);
      if (colour && colour.a >= 0.5) return colour;
    }
    return canvas();
  };
  const name = (el) => {
    let text = el.tagName.toLowerCase();
    if (el.id) text += "#" + el.id;
    if (el.classList.length) text += "." + [...el.classList].join(".");
    return text;
  };
  const shown = (el) => {
    // What a closed <details> folds is not shown (Chromium keeps its boxes, hidden).
    if (!el.matches("summary") && el.closest("details:not([open])")) return false;
    const box = el.getBoundingClientRect();
    return box.width > 0 && box.height > 0 && getComputedStyle(el).visibility !== "hidden";
  };
  const problems = [];
  const page = behind(document.body);
  if (dark && lum(page) > 0.2) {
    problems.push(`the page is light (${getComputedStyle(document.body).backgroundColor})`);
  }
  if (dark) {
    for (const el of document.querySelectorAll("body *:not(iframe)")) {
      const colour = parse(getComputedStyle(el).backgroundColor);
      // Accent buttons are lighter than the page, never near white: below 0.6.
      if (colour && colour.a >= 0.5 && lum(colour) > 0.6 && shown(el)) {
        problems.push(`light surface ${name(el)} (${getComputedStyle(el).backgroundColor})`);
      }
    }
  }
  for (const text of document.querySelectorAll("svg text")) {
    const fill = parse(getComputedStyle(text).fill);
    const against = behind(text.closest("svg"));
    const contrast = fill ? ratio(fill, against) : 21;
    if (contrast < 4.5) {
      problems.push(`chart text « ${text.textContent.slice(0, 30)} » at ${contrast.toFixed(2)}:1`);
    }
  }
  const focusable = "a[href], button:not([disabled]), input:not([type=hidden]), textarea, summary";
  const seen = new Set();
  for (const el of document.querySelectorAll(focusable)) {
    if (!shown(el) || el.matches(":disabled")) continue;
    const key = (el.closest("header") ? "header " : "") + name(el);
    if (seen.has(key)) continue;
    seen.add(key);
    el.focus({preventScroll: true});
    const style = getComputedStyle(el);
    const ring = parse(style.outlineColor);
    const width = parseFloat(style.outlineWidth);
    if (style.outlineStyle === "none" || !ring || width < 2) {
      problems.push(`no focus ring on ${key}`);
    } else if (ratio(ring, behind(el.parentElement)) < 3) {
      const contrast = ratio(ring, behind(el.parentElement)).toFixed(2);
      problems.push(`focus ring on ${key} at ${contrast}:1`);
    }
    el.blur();
  }
  return problems;
}
"""


class Looker:
    """One logged-in page that looks at each desk page in both schemes and both widths."""

    def __init__(self, browser: Any, base: str) -> None:  # noqa: F811
        self.context = browser.new_context(viewport={"width": 375, "height": 900}, locale="fr-FR")
        self.page = self.context.new_page()
        self.page.set_default_timeout(20_000)  # a shared, busy machine: generous, never slept
        self.base = base
        self.failures: list[str] = []

    def look(self, name: str, path: str | None = None) -> None:
        """Load `path` (or stay), then check it at each width in each scheme; note failures."""
        page = self.page
        if path is not None:
            page.goto(self.base + path)
        page.wait_for_load_state("load")
        page.keyboard.press("Shift")  # the keyboard was used last: focus rings show
        for scheme in SCHEMES:
            page.emulate_media(color_scheme=scheme)
            for width in WIDTHS:
                page.set_viewport_size({"width": width, "height": 900})
                where = f"{name} ({width} px, {scheme})"
                scroll, inner = page.evaluate("[document.documentElement.scrollWidth, innerWidth]")
                if scroll > inner:
                    past = page.evaluate(OVERFLOWING_JS)[:4]
                    self.failures.append(f"{where}: {scroll} px wide; past the edge: {past}")
                self.failures += [f"{where}: {p}" for p in page.evaluate(LOOK_JS, scheme == "dark")]
                try:
                    assert_accessible(page, where)
                except AssertionError as error:
                    self.failures.append(str(error))
                if SHOTS:
                    Path(SHOTS).mkdir(parents=True, exist_ok=True)
                    page.screenshot(path=f"{SHOTS}/{name}-{width}-{scheme}.png", full_page=True)
        page.emulate_media(color_scheme="light")
        page.set_viewport_size({"width": 375, "height": 900})


def test_every_desk_page_in_light_and_dark(
    browser: Any,  # noqa: F811
    live_server: Any,
    settings: Any,
) -> None:
    settings.EMAIL = EMAIL_URL_PARSER.parse("capture://")
    settings.SITE_URL = live_server.url
    with time_machine.travel(MORNING, tick=True):
        today = MORNING.date()
        yesterday = today - dt.timedelta(days=1)
        make_user("camille", EDITOR, ADMIN, first_name="Camille", last_name="Roux")
        make_user("invite")  # an account with no role on the desk
        readers = make_readers(4)
        if stories.newsroom_installed():
            seed_items(today)
        import_markdown(demo_source(today))
        sent = import_markdown(demo_source(yesterday))
        send, _created = scheduling.start_edition(sent)
        for reader, state in zip(readers, ["sent", "sent", "deferred", "failed"], strict=True):
            send.deliveries.filter(subscriber=reader).update(state=state)
        Send.objects.filter(pk=send.pk).update(state="done")
        missed = import_markdown(demo_source(today - dt.timedelta(days=3)))
        Edition.objects.filter(pk=missed.pk).update(  # a missed send: every page's banner
            status=EditionStatus.SCHEDULED, scheduled_at=MORNING - dt.timedelta(days=3)
        )

        looker = Looker(browser, live_server.url)
        page = looker.page
        looker.look("login", "/redaction/connexion/")
        page.get_by_label("Identifiant").fill("camille")
        page.get_by_label("Mot de passe").fill("pas le bon")
        page.get_by_role("button", name="Se connecter").click()
        page.locator(".error").wait_for()
        looker.look("login-error")
        page.get_by_label("Mot de passe").fill(PASSWORD)
        page.get_by_role("button", name="Se connecter").click()
        page.wait_for_url(live_server.url + "/redaction/")

        day = f"/redaction/edition/{today.isoformat()}/"
        looker.look("desk")
        looker.look("calendar", "/redaction/calendrier/")
        looker.look("editions", "/redaction/editions/")
        page.goto(live_server.url + day)
        page.get_by_role("button", name="Envoyer un test").click()
        page.get_by_text("Test envoyé à camille@redaction.example").wait_for()
        page.get_by_role("button", name="Lancer les vérifications").click()
        page.locator("#checks .checks-result").wait_for()
        assert page.locator(".banner.stale-send").count() == 1
        looker.look("composer")  # with a message, the checks and the banner
        proof = CapturedMessage.objects.get()
        looker.look("composer-sent", f"/redaction/edition/{yesterday.isoformat()}/")
        looker.look(
            "no-edition", f"/redaction/edition/{(today + dt.timedelta(days=9)).isoformat()}/"
        )
        looker.look("markdown", day + "markdown/")
        looker.look("checks", day + "verifications/")
        looker.look("confirm-schedule", day + f"envoi/?mode=schedule&at={today.isoformat()}T18:00")
        looker.look("confirm-now", day + "envoi/?mode=now")
        looker.look("progress", f"/redaction/envois/{send.pk}/")
        looker.look("stats", "/redaction/statistiques/")
        looker.look("tests", "/redaction/tests/")
        looker.look("test-message", f"/redaction/tests/{proof.pk}/")
        looker.look("test-unsubscribe", "/redaction/tests/desabonnement/")
        page.get_by_role("button", name="Se déconnecter").click()
        page.get_by_label("Identifiant").fill("invite")
        page.get_by_label("Mot de passe").fill(PASSWORD)
        page.get_by_role("button", name="Se connecter").click()
        page.wait_for_url(live_server.url + "/redaction/")
        assert page.locator("h1").inner_text() == "Accès refusé"
        looker.look("forbidden")
        looker.context.close()
    assert not looker.failures, "\n".join(looker.failures)
