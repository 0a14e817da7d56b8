"""Every setting is documented, and the documentation is current."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from numeriq.settings import DOCUMENTED

ROOT = Path(__file__).resolve().parent.parent


def test_every_setting_is_documented() -> None:
    """docs/settings.md is exactly what `numeriq settings --markdown` prints."""
    generated = subprocess.run(
        [sys.executable, "-m", "numeriq.cli", "settings", "--markdown"],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    ).stdout
    documented = (ROOT / "docs" / "settings.md").read_text(encoding="utf-8")
    assert generated == documented, "run `make docs` to regenerate docs/settings.md"
    for item in DOCUMENTED:
        assert f"`{item.name}`" in documented
        assert item.help.strip(), f"{item.name} has no help"
    assert "docs/settings.md" in (ROOT / "README.md").read_text(encoding="utf-8")


def test_setting_names_are_unique() -> None:
    """One declaration per setting."""
    names = [item.name for item in DOCUMENTED]
    assert len(names) == len(set(names))
