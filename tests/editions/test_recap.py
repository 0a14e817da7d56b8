"""The weekly recap: the week's editions in one email."""

from __future__ import annotations

import datetime as dt

from numeriq.editions.document import EditionDoc
from numeriq.editions.recap import recap_title, render_recap, week_bounds
from numeriq.editions.render import GMAIL_CLIP_BYTES, UNSUBSCRIBE_URL, Brand


def test_week_bounds_and_title(brand: Brand) -> None:
    """Monday to Sunday; the title names the span in French."""
    assert week_bounds(dt.date(2026, 11, 27)) == (dt.date(2026, 11, 23), dt.date(2026, 11, 29))
    title = recap_title(brand, dt.date(2026, 11, 23), dt.date(2026, 11, 27))
    assert title == "Numériq'1\u00a0: la semaine du 23 au 27 novembre 2026".replace("'", "’")
    across = recap_title(brand, dt.date(2026, 11, 30), dt.date(2026, 12, 4))
    assert "du 30 novembre 2026 au 4 décembre 2026" in across


def test_recap_holds_every_edition_of_the_week(brand: Brand, demo_docs: list[EditionDoc]) -> None:
    """Each edition's headline, items and link; under Gmail's clipping size; text too."""
    monday, sunday = week_bounds(dt.date(2026, 11, 27))
    week = [doc for doc in demo_docs if monday <= doc.date <= sunday]
    assert len(week) == 5
    urls = [f"https://numeriq.example/{doc.date:%Y/%m/%d}/x/" for doc in week]
    recap = render_recap(list(reversed(week)), brand, list(reversed(urls)))
    assert recap.subject.startswith("Numériq’1\u00a0: la semaine du 23 au 27 novembre")
    assert len(recap.html.encode()) < GMAIL_CLIP_BYTES
    assert UNSUBSCRIBE_URL in recap.html and UNSUBSCRIBE_URL in recap.text
    for doc, url in zip(week, urls, strict=True):
        assert url in recap.html and url in recap.text
        assert doc.items[0].heading.upper().replace("'", "’") in recap.text
    positions = [recap.text.index(url) for url in urls]
    assert positions == sorted(positions), "oldest edition first"
    assert "Qui a dit ça" in recap.html


def test_an_edition_without_headline_has_its_title_in_the_recap(brand: Brand) -> None:
    """No empty heading and no « · · » in the preview text for an edition with no headline."""
    empty = EditionDoc(date=dt.date(2026, 11, 24), editorial="Rien encore.")
    titled = EditionDoc(date=dt.date(2026, 11, 25), headline="Un titre")
    recap = render_recap([empty, titled], brand, ["https://x.example/a/", "https://x.example/b/"])
    title = "C’est le journal de l’économie numérique du 24 novembre 2026"
    assert f'text-decoration: none;">{title}</a></h2>' in recap.html
    assert title.upper() in recap.text
    assert "Un titre" in recap.html and "· Un titre" not in recap.html  # the preview text
