"""Ops fixtures: one demo edition saved as a draft."""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import DEMO_FILES


@pytest.fixture
def edition(db: None) -> Any:
    """The latest demo edition, saved as a draft."""
    from numeriq.editions.store import import_markdown

    return import_markdown(DEMO_FILES[-1].read_text(encoding="utf-8"))
