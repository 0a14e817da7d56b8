"""The editor's evening and the reader's side, end to end in real Chromium (375 px wide).

Tonight (1 December, 21:30 in Paris) the editor prepares tomorrow's edition from today's
news: calendar, pool, editorial, quiz, headings, a failed check on the confirmation, a test
to two addresses opened rendered, then schedule. A reader subscribes, confirms, changes
preferences, unsubscribes and sees it. Every page: no horizontal overflow, axe-core clean,
in light and dark. The clock is frozen by time-machine (it ticks, from that evening).
"""

from __future__ import annotations

import datetime as dt
import os
import re
import zoneinfo
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.core import mail

from numeriq.audience.models import Subscriber, SubscriberStatus
from numeriq.config import EMAIL_URL_PARSER
from numeriq.desk import stories
from numeriq.editions.models import Edition, EditionStatus
from tests.desk.conftest import PASSWORD, make_readers, make_user
from tests.desk.stories_data import seed_items, seed_more
from tests.desk.test_browser import assert_accessible, wait_saved
from tests.site.conftest import browser, chromium_path  # noqa: F401 (fixtures)
from tests.site.test_browser import OVERFLOWING_JS

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not stories.newsroom_installed(), reason="the newsroom stage is absent"),
]

PARIS = zoneinfo.ZoneInfo("Europe/Paris")
EVENING = dt.datetime(2026, 12, 1, 21, 30, tzinfo=PARIS)
PHONE = {"width": 375, "height": 800}
SHOTS = os.environ.get("NUMERIQ_DESK_SHOTS", "")  # a folder: keep the screenshots there


class Journey:
    """A page at 375 px that checks every page it reaches and remembers its address."""

    def __init__(self, browser: Any, name: str, tmp_path: Path) -> None:  # noqa: F811
        self.context = browser.new_context(viewport=PHONE, locale="fr-FR")
        self.page = self.context.new_page()
        self.page.set_default_timeout(20_000)  # a shared, busy machine: generous, never slept
        self.name = name
        self.tmp_path = tmp_path
        self.seen: dict[str, str] = {}

    def check(self, name: str) -> None:
        """No horizontal overflow and axe-core clean, here and now."""
        page = self.page
        page.wait_for_load_state("load")
        width, inner = page.evaluate("[document.documentElement.scrollWidth, innerWidth]")
        assert width <= inner, f"{name}: page is {width}px wide at {inner}px"
        overflowing = page.evaluate(OVERFLOWING_JS)
        assert not overflowing, f"{name}: past the right edge: {overflowing[:5]}"
        assert_accessible(page, f"{name} (375 px, light)")
        self.seen.setdefault(name, page.url)

    def shot(self, name: str) -> None:
        """Full-page screenshots at 375 px (and 1280 px) in NUMERIQ_DESK_SHOTS, when set."""
        if not SHOTS:
            return
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        for width in (375, 1280):
            self.page.set_viewport_size({"width": width, "height": 900})
            self.page.screenshot(path=f"{SHOTS}/{name}-{width}.png", full_page=True)
        self.page.set_viewport_size(PHONE)


def _link(message: Any, path: str) -> str:
    found = re.search(rf"https?://[^/\s]+(/{path}/[^\s\"<]+/)", message.body)
    assert found, message.body
    return found.group(1)


@pytest.fixture
def journeys(browser: Any, tmp_path: Path, request: Any) -> Iterator[Any]:  # noqa: F811
    """Open journeys; screenshot each one's last page if the test fails."""
    opened: list[Journey] = []

    def start(name: str) -> Journey:
        journey = Journey(browser, name, tmp_path)
        opened.append(journey)
        return journey

    yield start
    report = getattr(request.node, "rep_call", None)
    for journey in opened:
        if report is not None and report.failed:
            journey.page.screenshot(path=str(tmp_path / f"{journey.name}-failed.png"))
        journey.context.close()


def test_the_editors_evening_and_the_readers_side(
    journeys: Any,
    browser: Any,  # noqa: F811
    live_server: Any,
    settings: Any,
) -> None:
    settings.EMAIL = EMAIL_URL_PARSER.parse("capture://")  # tests land in the desk's outbox
    settings.SITE_URL = live_server.url
    base = live_server.url
    with time_machine.travel(EVENING, tick=True):
        today = dt.date(2026, 12, 1)
        tomorrow = today + dt.timedelta(days=1)
        make_user("camille", "editor", first_name="Camille", last_name="Roux")
        make_readers(3)
        seed_items(today)
        seed_more(today)
        editor = journeys("editor")
        page = editor.page

        # Log in; the calendar opens tomorrow in one click, no URL typed.
        page.goto(base + "/redaction/")
        editor.check("login")
        page.get_by_label("Identifiant").fill("camille")
        page.get_by_label("Mot de passe").fill(PASSWORD)
        page.get_by_role("button", name="Se connecter").click()
        page.wait_for_url(base + "/redaction/")
        editor.check("desk")
        page.get_by_role("link", name="Calendrier", exact=True).first.click()
        page.wait_for_url("**/redaction/calendrier/")
        editor.check("calendar")
        editor.shot("calendar")
        page.get_by_role("button", name="Créer l’édition du 2 décembre").click()
        page.wait_for_url(f"**/redaction/edition/{tomorrow.isoformat()}/")
        assert Edition.objects.get(date=tomorrow).status == EditionStatus.DRAFT

        # Three stories of today's pool into tomorrow's edition.
        page.get_by_role("link", name="Prendre des histoires du fil").click()
        page.wait_for_url(f"**/redaction/?jour={tomorrow.isoformat()}#histoires")
        editor.check("pool")
        for n in range(3):
            page.get_by_role("button", name="Ajouter à l’édition").first.click()
            done = f"ajoutée à l’édition du mercredi 2 décembre 2026 (élément {n + 1})"
            page.get_by_text(done).wait_for()
        assert Edition.objects.get(date=tomorrow).items.count() == 3
        page.get_by_role("link", name="Ouvrir le composeur").click()
        page.wait_for_url(f"**/redaction/edition/{tomorrow.isoformat()}/")

        # The editorial, a heading, and the quiz (added without a reload).
        page.get_by_label("Éditorial (Markdown)").fill(
            "Les soldes approchent, les paniers se vident : le commerce retient son souffle."
        )
        page.get_by_label("Intertitre (titre informatif ou jeu de mots)").first.fill("Panier percé")
        wait_saved(page)
        url_before = page.url
        page.get_by_role("button", name="+ Qui a dit ça ?").click()
        page.get_by_label("Citation (sans guillemets").fill(
            "Nos clients ne veulent pas une application de plus."
        )
        page.get_by_label("Révélation").fill("C'est Claire Fontenay, directrice de Telvia.")
        page.get_by_label("La chute").fill("Une raison, ou un code promo ?")
        wait_saved(page)
        assert page.url == url_before
        edition = Edition.objects.get(date=tomorrow)
        quiz = edition.items.get(kind="quote")
        assert quiz.quote == "«\u00a0Nos clients ne veulent pas une application de plus.\u00a0»"
        assert quiz.body.startswith("C’est Claire Fontenay") and quiz.body.endswith("promo\u202f?")
        assert edition.items.filter(heading="Panier percé").exists()
        editor.check("composer")
        editor.shot("composer")

        # Schedule: the confirmation lists the failed check and asks before going on.
        page.get_by_role("button", name="Programmer…").click()
        page.wait_for_url("**/envoi/?**")
        findings = page.locator(".confirm-checks").inner_text()
        assert "Liens" in findings and "Errno" not in findings
        assert "le site est injoignable" in findings
        assert page.get_by_label("envoyer quand même").is_visible()
        editor.check("confirmation")
        page.get_by_role("link", name="Annuler").click()

        # A test to two addresses, then opened rendered in the desk.
        page.get_by_label("Adresses de test").fill(
            "camille@redaction.example, relecture@exemple.fr"
        )
        page.get_by_role("button", name="Envoyer un test").click()
        page.get_by_text("Test envoyé à camille@redaction.example, relecture@exemple.fr").wait_for()
        page.get_by_role("link", name="Voir les tests envoyés").click()
        editor.check("tests")
        page.get_by_role("link", name=re.compile(r"^\[TEST\]")).first.click()
        frame = page.frame_locator("iframe.frame-web")
        assert "Panier percé" in frame.locator("body").inner_text()
        editor.check("test message")
        if SHOTS:  # the email itself, whole, as a reader opens it
            page.goto(base + page.locator("iframe.frame-web").get_attribute("src"))
            editor.shot("email")
            page.go_back()

        # Back through the calendar, then schedule for real, knowingly.
        page.get_by_role("link", name="Calendrier", exact=True).first.click()
        page.get_by_role("link", name="Écrire l’édition du 2 décembre").click()
        page.get_by_role("button", name="Programmer…").click()
        page.get_by_label("envoyer quand même").check()
        page.get_by_role("button", name="Confirmer la programmation").click()
        page.get_by_text("Édition programmée pour le mercredi 2 décembre 2026 à 07:00").wait_for()
        assert Edition.objects.get(date=tomorrow).status == EditionStatus.SCHEDULED
        for path, name in (
            ("/redaction/editions/", "editions"),
            ("/redaction/statistiques/", "stats"),
        ):
            page.goto(base + path)
            editor.check(name)

        # The reader's side: subscribe, confirm, preferences, unsubscribe, the state.
        reader = journeys("reader")
        public = reader.page
        public.goto(base + "/abonnement/")
        reader.check("subscribe")
        form = public.locator("main form.subscribe").first
        form.get_by_label("Votre adresse email").fill("lea@exemple.fr")
        form.locator("input[name=consent]").check()
        form.get_by_role("button").click()
        public.wait_for_url("**/abonnement/merci/")
        reader.check("subscribe sent")
        public.goto(base + _link(mail.outbox[-1], "abonnement/confirmer"))
        reader.check("confirm")
        public.get_by_role("button", name="Je confirme mon inscription").click()
        public.get_by_text("Inscription confirmée").first.wait_for()
        reader.check("confirmed")
        assert Subscriber.objects.get(email="lea@exemple.fr").status == SubscriberStatus.ACTIVE
        public.goto(base + _link(mail.outbox[-1], "preferences"))
        reader.check("preferences")
        public.get_by_label("Un récapitulatif par semaine").check()
        public.get_by_role("button", name="Enregistrer").click()
        public.get_by_text("Vos préférences sont enregistrées.").wait_for()
        preferences = public.url
        public.get_by_role("link", name="Se désabonner").click()
        reader.check("unsubscribe")
        public.get_by_role("button", name="Me désabonner").click()
        public.get_by_text("Vous êtes désabonné·e").first.wait_for()
        reader.check("unsubscribed")
        public.goto(preferences)
        assert "Vous êtes désabonné·e depuis le 1er décembre 2026" in public.inner_text("main")
        assert public.get_by_role("button", name="Me réabonner").is_visible()
        reader.check("preferences after leaving")

        # Every page again, in dark mode.
        dark = browser.new_context(viewport=PHONE, locale="fr-FR", color_scheme="dark")
        try:
            dark.add_cookies(editor.context.cookies())
            night = dark.new_page()
            for name, url in {**editor.seen, **reader.seen}.items():
                night.goto(url)
                width, inner = night.evaluate("[document.documentElement.scrollWidth, innerWidth]")
                assert width <= inner, f"{name} (dark): page is {width}px wide"
                assert_accessible(night, f"{name} (375 px, dark)")
        finally:
            dark.close()
