"""Golden files: each demo edition rendered to .html, .txt and .eml, kept under tests/.

Regenerate after an intended change with `make golden` (NUMERIQ_UPDATE_GOLDEN=1).
"""

from __future__ import annotations

import datetime as dt
import difflib
import itertools
import os
import re
from pathlib import Path

import pytest

from numeriq.editions.document import EditionDoc
from numeriq.editions.render import Brand, render_email_html, render_eml, render_text
from tests.conftest import DEMO_FILES

GOLDEN = Path(__file__).parent / "golden"
UPDATE = os.environ.get("NUMERIQ_UPDATE_GOLDEN") == "1"
SENT_AT = dt.datetime(2026, 11, 27, 6, 0, tzinfo=dt.UTC)


def _normalise_eml(raw: bytes) -> str:
    """Replace what changes on every render (MIME boundaries) by a placeholder."""
    text = raw.decode("ascii").replace("\r\n", "\n")
    return re.sub(r"=_numeriq_[0-9a-f]{24}", "=_numeriq_BOUNDARY", text)


def _outputs(doc: EditionDoc, brand: Brand) -> dict[str, str]:
    web_url = f"{brand.site_url}/{doc.date:%Y/%m/%d}/edition/"
    eml = render_eml(
        doc,
        brand,
        web_url=web_url,
        from_email="Numériq'1 <edition@numeriq.example>",
        date=SENT_AT,
        message_id="<MESSAGE-ID@numeriq.example>",
    )
    return {
        "html": render_email_html(doc, brand, web_url),
        "txt": render_text(doc, brand, web_url),
        "eml": _normalise_eml(eml),
    }


@pytest.mark.parametrize("path", DEMO_FILES, ids=[p.stem for p in DEMO_FILES])
def test_rendered_outputs_match_golden_files(
    path: Path, demo_docs: list[EditionDoc], brand: Brand
) -> None:
    """html, txt and eml of each demo edition are exactly as kept in golden/."""
    doc = next(d for d in demo_docs if d.date.isoformat() == path.stem)
    for extension, rendered in _outputs(doc, brand).items():
        golden = GOLDEN / f"{path.stem}.{extension}"
        if UPDATE:
            golden.write_text(rendered, encoding="utf-8")
        assert golden.exists(), f"missing {golden.name}: run `make golden`"
        expected = golden.read_text(encoding="utf-8")
        assert rendered == expected, _difference(golden.name, expected, rendered)


def _difference(name: str, expected: str, rendered: str) -> str:
    """What changed, as a unified diff (its first 60 lines), and how to accept it."""
    lines = difflib.unified_diff(
        expected.splitlines(), rendered.splitlines(), f"golden/{name}", "rendered", lineterm=""
    )
    shown = list(itertools.islice(lines, 60))
    return f"{name} differs (run `make golden` if intended):\n" + "\n".join(shown)


def test_a_mismatch_shows_what_changed() -> None:
    message = _difference("x.txt", "titre\nancien\nfin\n", "titre\nnouveau\nfin\n")
    assert "-ancien" in message and "+nouveau" in message and "make golden" in message
