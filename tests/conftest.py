"""Shared fixtures: demo editions as values and in the database."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import settings as hypothesis_settings

from numeriq.editions.document import EditionDoc
from numeriq.editions.markdown_format import parse_edition
from numeriq.editions.render import Brand

DEMO_DIR = Path(__file__).resolve().parent.parent / "numeriq" / "demo" / "editions"
DEMO_FILES = sorted(DEMO_DIR.glob("*.md"))

# Property tests: few examples while working, many in CI (HYPOTHESIS_PROFILE overrides).
hypothesis_settings.register_profile("dev", max_examples=40, deadline=None)
hypothesis_settings.register_profile("ci", max_examples=300, deadline=None)
hypothesis_settings.load_profile(
    os.environ.get("HYPOTHESIS_PROFILE", "ci" if os.environ.get("CI") == "true" else "dev")
)


@pytest.fixture(autouse=True)
def _forget_cached_consent_texts() -> None:
    """Each test starts with an empty database: the process cache of consent texts too."""
    from numeriq.audience import subscriptions

    subscriptions._known_texts.clear()


@pytest.fixture(scope="session")
def demo_docs() -> list[EditionDoc]:
    """Every demo edition, parsed."""
    return [parse_edition(path.read_text(encoding="utf-8")) for path in DEMO_FILES]


@pytest.fixture
def published_demo(db: None) -> list:
    """The demo editions saved and published."""
    from numeriq.editions import lifecycle
    from numeriq.editions.store import import_markdown

    return [
        lifecycle.publish(import_markdown(path.read_text(encoding="utf-8"))) for path in DEMO_FILES
    ]


@pytest.fixture
def brand() -> Brand:
    """The default brand on a public https site, independent of the environment."""
    return Brand(
        name="Numériq'1",
        tagline="le journal de l'économie numérique",
        site_url="https://numeriq.example",
        title_pattern="{headline}. C'est le journal de l'économie numérique du {date}",
        subject_pattern="{headline}. C'est le journal de l'économie numérique du {date}",
        color="#9a3412",
        words_per_minute=230,
    )


def pytest_terminal_summary(terminalreporter: object) -> None:
    """Print what the delivery crash tests measured (re-sends after SIGKILL, …)."""
    from tests.delivery.test_workers import REPORT

    if REPORT:
        write = terminalreporter.write_line  # type: ignore[attr-defined]
        write("")
        for line in REPORT:
            write(f"delivery: {line}")
