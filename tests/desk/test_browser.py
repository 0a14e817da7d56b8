"""The editor's morning in real Chromium, on a live server: compose, preview, check, send.

The clock moves through the scheduler's seam (scheduling.tick(now=…)), never by sleeping.
On failure each page's screenshot is saved under the test's tmp_path.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from html import unescape
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

from numeriq.delivery import scheduling
from numeriq.delivery.models import Send
from numeriq.desk import stories
from numeriq.editions.document import EditionDoc, Item, ItemKind
from numeriq.editions.models import Edition, EditionStatus
from numeriq.editions.store import save_doc
from numeriq.testing.smtp import SmtpServer
from tests.desk.conftest import PASSWORD, make_readers, make_user
from tests.desk.stories_data import seed_items
from tests.site.conftest import browser, chromium_path  # noqa: F401 (fixtures)
from tests.site.test_browser import BLOCKING_IMPACTS, STRICT_RULES, _describe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SAVED = re.compile(r"^Enregistré à \d\d:\d\d:\d\d$")


@pytest.fixture
def smtp(settings: Any, live_server: Any) -> Iterator[SmtpServer]:
    """Test sends go through a real SMTP conversation; links point at the live server."""
    with SmtpServer() as server:
        settings.EMAIL = server.email  # test sends use delivery's transport, not Django's mail
        settings.SITE_URL = live_server.url
        yield server


@pytest.fixture
def pages(browser: Any, tmp_path: Path, request: Any) -> Iterator[Any]:  # noqa: F811
    """Open pages in fresh French contexts; screenshot every one of them if the test fails."""
    opened: list[tuple[str, Any, Any]] = []

    def open_page(name: str, width: int = 1400) -> Any:
        context = browser.new_context(viewport={"width": width, "height": 1000}, locale="fr-FR")
        page = context.new_page()
        page.set_default_timeout(20_000)  # a shared, busy machine: generous, never slept
        opened.append((name, context, page))
        return page

    yield open_page
    report = getattr(request.node, "rep_call", None)
    for name, context, page in opened:
        if report is not None and report.failed:
            page.screenshot(path=str(tmp_path / f"{name}.png"), full_page=True)
        context.close()


def seed_today() -> Edition:
    """Today's edition with two items, when there is no newsroom to add stories from."""
    return save_doc(
        EditionDoc(
            date=timezone.localdate(),
            editorial="Le commerce en ligne retient son souffle avant les fêtes.",
            items=(
                Item(
                    ItemKind.TITLED,
                    "La plateforme Cabasso annonce un panier moyen en recul de 7 %.",
                    heading="Panier percé",
                ),
                Item(ItemKind.BREVE, "Le réseau Bricoline teste le paiement sans caisse."),
            ),
        )
    )


def log_in(page: Any, base: str, username: str = "camille") -> None:
    page.goto(base + "/redaction/")
    assert page.url.startswith(base + "/redaction/connexion/")
    page.get_by_label("Identifiant").fill(username)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url(base + "/redaction/")


def assert_accessible(page: Any, name: str) -> None:
    """axe-core: no label, heading, landmark or contrast problem, nor any serious one."""
    from axe_playwright_python.sync_playwright import Axe

    violations = Axe().run(page).response["violations"]
    blocking = [v for v in violations if v["id"] in STRICT_RULES or v["impact"] in BLOCKING_IMPACTS]
    assert not blocking, f"axe on {name}:\n{_describe_violations(blocking)}"


def wait_saved(page: Any) -> None:
    page.wait_for_function(
        "() => /^Enregistré à /.test(document.getElementById('save-state').textContent)"
    )


def test_the_editors_morning(pages: Any, live_server: Any, smtp: SmtpServer) -> None:
    base = live_server.url
    today = timezone.localdate()
    make_user("camille", "editor", first_name="Camille", last_name="Roux")
    make_readers(3)
    newsroom = stories.newsroom_installed()
    if newsroom:
        seed_items(today)  # the day's articles: the desk ranks them into stories
    else:
        seed_today()
    page = pages("morning")

    log_in(page, base)
    assert page.locator("h1").inner_text().startswith("Bureau du matin")
    if newsroom:
        # Two stories from the desk into the edition, one click each.
        for _ in range(2):
            page.get_by_role("button", name="Ajouter à l’édition").first.click()
            page.get_by_text("ajoutée à l’édition du").wait_for()
    edition = Edition.objects.get(date=today)
    assert edition.items.count() == 2
    headings = list(edition.items.values_list("heading", flat=True))
    page.get_by_role("link", name="Ouvrir le composeur").click()
    page.wait_for_url(f"**/redaction/edition/{today.isoformat()}/")

    # Edit an item: autosave shows its state, typography is applied on save.
    body = page.get_by_label("Texte (Markdown)").first
    body.fill("La plateforme Cabasso annonce un panier moyen en recul de 7 % : 58 euros.")
    wait_saved(page)
    assert edition.items.first().body.endswith("de 7\u00a0%\u00a0: 58\u00a0euros.")

    # Reorder with the keyboard: the focus stays on the button pressed.
    down = page.get_by_role("button", name="Descendre l’élément 1")
    down.focus()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.textContent").strip() == "↑ Monter"
    wait_saved(page)
    assert list(edition.items.values_list("heading", flat=True)) == headings[::-1]
    # And back with the mouse: the second item's handle dropped on top of the first.
    page.locator("#item-2 .handle").drag_to(page.locator("#item-1 .item-title"))
    wait_saved(page)
    assert list(edition.items.values_list("heading", flat=True)) == headings

    # The email at mobile width, in its sandboxed frame.
    page.get_by_role("button", name="Email (mobile)").click()
    frame = page.locator("iframe.frame-mobile")
    assert frame.is_visible() and frame.bounding_box()["width"] <= 377
    assert page.locator("iframe.frame-desktop").is_hidden()
    inner = page.frame_locator("iframe.frame-mobile")
    assert "58\u00a0euros" in inner.locator("body").inner_text()

    # Checks, shown in place.
    page.get_by_role("button", name="Lancer les vérifications").click()
    checks = page.locator("#checks .checks-result")
    checks.wait_for()
    assert "Temps de lecture" in checks.inner_text()
    assert "Lecture estimée" in checks.inner_text()
    assert_accessible(page, "composer with checks")

    # A test to one's own address, through the local SMTP server.
    assert page.get_by_label("Adresses de test").input_value() == "camille@redaction.example"
    page.get_by_role("button", name="Envoyer un test").click()
    page.get_by_text("Test envoyé à camille@redaction.example").wait_for()
    (message,) = smtp.wait_for(1)
    parsed = message.parsed()
    subject = str(parsed["Subject"])
    assert subject.startswith("[TEST] ") and "C’est le journal de l’économie numérique" in subject
    html = unescape(parsed.get_body(preferencelist=("html",)).get_content())
    assert "58\u00a0euros" in html
    assert "58\u00a0euros" in message.text()

    # Schedule, with the confirmation stating the count.
    at = timezone.localtime() + dt.timedelta(hours=2)
    page.get_by_label("Date et heure d’envoi").fill(at.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_role("button", name="Programmer…").click()
    assert "à 3 abonnés (nombre actuel" in page.locator("#confirm-count").inner_text()
    assert_accessible(page, "confirmation")
    if newsroom:  # the sources' links do not answer here: an error to override knowingly
        page.get_by_label("envoyer quand même").check()
    page.get_by_role("button", name="Confirmer la programmation").click()
    page.get_by_text("Édition programmée pour le").wait_for()
    edition.refresh_from_db()
    assert edition.status == EditionStatus.SCHEDULED

    # The clock reaches the send time: the scheduler publishes and starts the send.
    assert edition.scheduled_at is not None
    scheduling.tick(now=edition.scheduled_at)
    edition.refresh_from_db()
    assert edition.status == EditionStatus.PUBLISHED
    assert Send.objects.get(edition=edition).deliveries.count() == 3
    page.reload()
    assert page.locator("h1 .status").inner_text() == "Publiée"
    page.get_by_role("link", name="Suivre l’envoi").click()
    assert "0 sur 3 traités" in page.locator(".progress-box").inner_text()
    public = page.goto(base + edition.get_absolute_url())
    assert public is not None and public.status == 200


def test_two_sessions_editing_the_same_edition(pages: Any, live_server: Any) -> None:
    base = live_server.url
    make_user("camille", "editor", first_name="Camille", last_name="Roux")
    make_user("dominique", "editor", first_name="Dominique")
    edition = seed_today()
    first, second = pages("camille"), pages("dominique")
    log_in(first, base, "camille")
    log_in(second, base, "dominique")
    composer = f"{base}/redaction/edition/{edition.date.isoformat()}/"
    first.goto(composer)
    second.goto(composer)

    first.get_by_label("Titre (facultatif").fill("Le titre de Camille")
    wait_saved(first)
    second.get_by_label("Titre (facultatif").fill("Le titre de Dominique")
    alert = second.locator("#conflict")
    alert.wait_for()
    assert alert.inner_text().startswith("Conflit : Camille Roux a enregistré cette édition à ")
    assert second.locator("#save-state").inner_text() == ""
    edition.refresh_from_db()
    assert edition.headline == "Le titre de Camille"
    # The second editor's text is still in the page, to copy; reloading shows the saved one.
    assert second.get_by_label("Titre (facultatif").input_value() == "Le titre de Dominique"
    second.reload()
    assert second.get_by_label("Titre (facultatif").input_value() == "Le titre de Camille"


def test_the_image_block_at_375_px(pages: Any, live_server: Any) -> None:
    """Address, caption, alt text and the decorative box: labelled, fitting, saved apart."""
    base = live_server.url
    make_user("camille", "editor", first_name="Camille", last_name="Roux")
    edition = seed_today()
    page = pages("image", 375)
    log_in(page, base)
    page.goto(f"{base}/redaction/edition/{edition.date.isoformat()}/")
    # Folded while the item has no image, so the items stay short to reorder.
    assert not page.get_by_label("Adresse de l’image").is_visible()
    page.locator("summary", has_text="Image (facultative)").first.click()
    page.get_by_label("Adresse de l’image").fill("/static/numeriq/demo/colis.png")
    page.get_by_label("Légende ou crédit").fill("Illustration : la rédaction")
    page.get_by_label("Texte alternatif : ce que montre l’image").fill("Trois cartons empilés")
    wait_saved(page)
    item = edition.items.get(kind="titled")
    assert (item.image_alt, item.image_caption) == (
        "Trois cartons empilés",
        "Illustration\u00a0: la rédaction",
    )
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 375
    assert_accessible(page, "composer, image block")
    # Alt text on an image ticked decorative: the autosave says why it cannot save.
    page.get_by_label("Image décorative").check()
    alert = page.locator("#conflict")
    alert.wait_for()
    assert "Élément 1 : une image décorative n’a pas de texte alternatif" in alert.inner_text()
