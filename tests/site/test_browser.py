"""The public site in a real browser: layout at phone and desktop widths, no-JS, axe-core."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

DEMO_DIR = Path(__file__).resolve().parents[2] / "numeriq" / "demo" / "editions"
WIDTHS = [375, 1280]
HEIGHT = 900
PAGES = [
    "home",
    "archive",
    "archive_month",
    "search",
    "edition",
    "subscribe",
    "legal_notice",
    "privacy",
]
EDITION_PAGES = {"home", "edition"}
IMAGE_EDITION = "2026-11-20"
# Rules about headings, labels, landmarks and contrast: any violation fails, whatever its impact.
STRICT_RULES = {
    "color-contrast",
    "heading-order",
    "page-has-heading-one",
    "empty-heading",
    "label",
    "landmark-one-main",
    "region",
    "image-alt",
    "link-name",
    "button-name",
    "html-has-lang",
    "document-title",
    "landmark-unique",
}
BLOCKING_IMPACTS = {"serious", "critical"}

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

OVERFLOWING_JS = """
() => {
  const limit = window.innerWidth + 0.5;
  const describe = (el) => {
    let name = el.tagName.toLowerCase();
    if (el.id) name += "#" + el.id;
    if (el.classList.length) name += "." + [...el.classList].join(".");
    return name;
  };
  return [...document.querySelectorAll("main *")]
    .map((el) => [el, el.getBoundingClientRect()])
    .filter(([, box]) => box.width > 0 && box.right > limit)
    .map(([el, box]) => `${describe(el)} right=${Math.round(box.right)}`);
}
"""


@pytest.fixture
def site_urls(live_server: Any) -> dict[str, str]:
    """The demo editions published; the absolute URL of every page under test."""
    from numeriq.editions import lifecycle
    from numeriq.editions.store import import_markdown

    editions = {
        path.stem: lifecycle.publish(import_markdown(path.read_text(encoding="utf-8")))
        for path in sorted(DEMO_DIR.glob("*.md"))
    }
    paths = {
        "home": "/",
        "archive": "/archives/",
        "archive_month": "/archives/2026/11/",
        "search": "/archives/recherche/?q=livraison",  # results, marked words, the box
        "edition": editions[IMAGE_EDITION].get_absolute_url(),
        "subscribe": "/abonnement/",
        "legal_notice": "/mentions-legales/",
        "privacy": "/confidentialite/",
    }
    return {name: live_server.url + path for name, path in paths.items()}


@pytest.fixture
def open_page(browser: Any, site_urls: dict[str, str]) -> Iterator[Any]:
    """Open a named page in a fresh context; check it answered 200 and its assets loaded."""
    contexts: list[Any] = []

    def opener(name: str, width: int, **context_options: Any) -> Any:
        context = browser.new_context(
            viewport={"width": width, "height": HEIGHT}, locale="fr-FR", **context_options
        )
        contexts.append(context)
        page = context.new_page()
        broken: list[str] = []

        def note_broken(sub: Any) -> None:
            if sub.status >= 400 and sub.request.resource_type != "document":
                broken.append(f"{sub.status} {sub.url}")

        page.on("response", note_broken)
        response = page.goto(site_urls[name], wait_until="load")
        assert response is not None and response.status == 200, f"{name}: {response}"
        assert not broken, f"{name}: sub-resources failed: {broken}"
        return page

    yield opener
    for context in contexts:
        context.close()


def _load_images(page: Any) -> list[dict[str, Any]]:
    """Scroll every article image into view (they are lazy) and wait until each has loaded."""
    images = page.locator("article img")
    for index in range(images.count()):
        images.nth(index).scroll_into_view_if_needed()
    page.wait_for_function(
        "() => [...document.querySelectorAll('article img')].every((img) => img.complete)"
    )
    return page.eval_on_selector_all(
        "article img",
        "(imgs) => imgs.map((img) => ({src: img.currentSrc || img.src, "
        "width: img.naturalWidth, alt: img.getAttribute('alt') || ''}))",
    )


def _describe_violations(violations: list[dict[str, Any]]) -> str:
    """One paragraph per axe violation: rule, impact, help, first targets and why."""
    lines = []
    for violation in violations:
        nodes = violation["nodes"]
        targets = [" ".join(map(str, node["target"])) for node in nodes[:3]]
        lines.append(
            f"- {violation['id']} ({violation['impact']}): {violation['help']}"
            f" [{len(nodes)} node(s)] targets: {targets}"
        )
        summary = (nodes[0].get("failureSummary") or "").replace("\n", " ") if nodes else ""
        if summary:
            lines.append(f"    first: {summary[:300]}")
    return "\n".join(lines)


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", PAGES)
def test_page_layout(open_page: Any, tmp_path: Path, name: str, width: int) -> None:
    """The page is French, shows its content, fits the viewport and loads its images."""
    page = open_page(name, width)

    assert page.locator("html").get_attribute("lang") == "fr"
    heading = page.locator("main h1")
    assert heading.count() == 1 and heading.is_visible(), f"{name}: no visible main h1"
    assert heading.inner_text().strip(), f"{name}: empty main h1"
    if name in EDITION_PAGES:
        item_headings = page.locator("article h2")
        assert item_headings.count() > 0, f"{name}: no item headings"
        hidden = [
            item_headings.nth(i).inner_text()
            for i in range(item_headings.count())
            if not item_headings.nth(i).is_visible()
        ]
        assert not hidden, f"{name}: hidden item headings {hidden}"

    images = _load_images(page)
    if name == "edition":
        assert images, "the 2026-11-20 edition should show its images"
    for image in images:
        assert image["width"] > 0, f"{name}: image did not load: {image['src']}"
        assert image["alt"].strip(), f"{name}: image without alt text: {image['src']}"

    scroll_width, inner_width = page.evaluate(
        "() => [document.documentElement.scrollWidth, window.innerWidth]"
    )
    assert scroll_width <= inner_width, f"{name}@{width}: page is {scroll_width}px wide"
    overflowing = page.evaluate(OVERFLOWING_JS)
    assert not overflowing, f"{name}@{width}: elements past the right edge: {overflowing[:5]}"

    shot = tmp_path / f"{name}-{width}.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.exists() and shot.stat().st_size > 0


def test_a_caption_shows_under_its_image_and_the_alt_text_does_not(open_page: Any) -> None:
    """The alt text is for who cannot see the image; only the caption (a credit) is shown."""
    page = open_page("edition", 375)
    images = _load_images(page)
    captions = page.locator("article figcaption")
    assert captions.all_inner_texts() == ["Illustration\u00a0: la rédaction"]
    text = page.locator("article").inner_text()
    assert len(images) == 2 and not [i["alt"] for i in images if i["alt"] in text]
    image = page.locator("article figure img").first.bounding_box()
    caption = captions.first.bounding_box()
    assert image and caption and image["y"] + image["height"] <= caption["y"] + 1


def test_quiz_answer_without_javascript(open_page: Any) -> None:
    """With JavaScript off, the quiz answer still opens from its <details>."""
    page = open_page("edition", 375, java_script_enabled=False)

    quiz = page.locator("section.quiz details").first
    reveal = quiz.locator(".reveal")
    assert (reveal.text_content() or "").strip(), "the quiz answer is empty"
    assert not reveal.is_visible(), "the quiz answer shows before it is asked for"
    quiz.locator("summary").click()
    reveal.wait_for(state="visible")
    assert quiz.get_attribute("open") is not None


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", PAGES)
def test_page_accessibility(open_page: Any, name: str, width: int, scheme: str) -> None:
    """axe-core finds no heading, label, landmark or contrast problem, nor any serious one."""
    from axe_playwright_python.sync_playwright import Axe

    page = open_page(name, width, color_scheme=scheme)
    _load_images(page)

    violations = Axe().run(page).response["violations"]
    blocking = [v for v in violations if v["id"] in STRICT_RULES or v["impact"] in BLOCKING_IMPACTS]
    assert not blocking, f"axe on {name}@{width} ({scheme}):\n{_describe_violations(blocking)}"
