"""`numeriq draft`: the day's edition from ingested items, and the editor's protection."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from numeriq.cli import main
from numeriq.editions import lifecycle
from numeriq.editions.document import ItemKind
from numeriq.editions.markdown_format import format_edition, parse_edition
from numeriq.editions.models import Edition
from numeriq.editions.store import import_markdown, save_doc
from numeriq.newsroom.clustering import StoryItem
from numeriq.newsroom.drafting import draft_edition, lead_image, md_escape
from numeriq.newsroom.errors import DraftRefusedError, NothingToDraftError
from numeriq.newsroom.titles import is_fragment
from numeriq.newsroom.writer import Brief, write_brief

pytestmark = pytest.mark.django_db


def test_draft_builds_the_edition(ingested_day: dt.date, settings) -> None:
    """Titled items, brèves, a quiz with speaker and role; empty editorial; a valid source."""
    settings.DRAFT_ITEMS = 5
    settings.DRAFT_BREVES = 2
    result = draft_edition(ingested_day)
    edition = Edition.objects.get(date=ingested_day)
    doc = edition.to_doc()
    kinds = [item.kind for item in doc.items]
    assert kinds.count(ItemKind.TITLED) == 5 and kinds.count(ItemKind.BREVE) == 2
    quiz = next(item for item in doc.items if item.kind == ItemKind.QUOTE)
    assert quiz.heading == "Qui a dit ça ?"
    assert quiz.body.startswith("C'est ")
    assert 0 < kinds.index(ItemKind.QUOTE) < len(kinds) - 1  # in the middle
    assert doc.editorial == "" and edition.status == "draft"
    headings = [item.heading for item in doc.items if item.kind == ItemKind.TITLED]
    # Until the editor picks a pun, an item's heading is the story's informative title.
    assert all(2 <= len(h.split()) <= 12 and not is_fragment(h) for h in headings), headings
    bodies = " ".join(item.body for item in doc.items)
    assert "1,4 milliard" in bodies  # the 3-source Black Friday story is in
    assert "Arvex" not in bodies  # the English item is not
    assert parse_edition(format_edition(doc)) == doc  # the Markdown round-trips
    assert result.stories < result.items_seen == 32  # 33 items, the English one left out


def test_redraft_replaces_only_an_untouched_newsroom_draft(ingested_day: dt.date) -> None:
    """Drafting twice replaces; after an editor's save, a publish or by hand: refused."""
    first = draft_edition(ingested_day).edition
    second = draft_edition(ingested_day)
    assert second.replaced and second.edition.pk == first.pk and second.edition.version == 2

    edited = dataclasses.replace(second.edition.to_doc(), editorial="L'édito de la rédaction.")
    save_doc(edited, replace=True)  # what the composer or `edition import --replace` does
    with pytest.raises(DraftRefusedError, match="an editor changed it"):
        draft_edition(ingested_day)
    assert Edition.objects.get(date=ingested_day).editorial == "L'édito de la rédaction."


def test_published_or_foreign_editions_are_never_replaced(ingested_day: dt.date) -> None:
    """An edition the newsroom did not write, or one published, stays as it is."""
    draft_edition(ingested_day)
    lifecycle.publish(Edition.objects.get(date=ingested_day))
    with pytest.raises(DraftRefusedError, match=r"it is (publiée|published)"):
        draft_edition(ingested_day)
    other = ingested_day - dt.timedelta(days=1)
    import_markdown(f"---\ndate: {other.isoformat()}\n---\n\n## Titre\nTexte.\n")
    with pytest.raises(DraftRefusedError, match="not drafted by the newsroom"):
        draft_edition(other)


def test_nothing_to_draft_is_one_clear_error(db: None, capsys: pytest.CaptureFixture[str]) -> None:
    """A day without items: exit 1 and one line, no edition."""
    with pytest.raises(NothingToDraftError):
        draft_edition(dt.date(2030, 1, 1))
    assert main(["draft", "2030-01-01"]) == 1
    assert "run `numeriq ingest` first" in capsys.readouterr().err
    assert not Edition.objects.exists()


def test_planted_wrong_facts_are_flagged_in_the_draft(ingested_day: dt.date) -> None:
    """A writer that invents a number and a name gets both flagged in the item's body."""

    def liar(title: str, texts: list[str]) -> Brief:
        honest = write_brief(title, texts)
        return dataclasses.replace(honest, text=honest.text + " Selon Gaspard Lenoir, +93 %.")

    result = draft_edition(ingested_day, writer=liar)
    bodies = [item.body for item in result.edition.to_doc().items if item.kind != "quote"]
    assert all("⚠ À vérifier" in body for body in bodies)
    assert all("chiffre absent des sources : 93" in body for body in bodies)
    assert all("nom absent des sources : Gaspard" in body for body in bodies)
    assert any("Lenoir" in flag for flag in result.flags)


def test_markup_in_feed_titles_never_reaches_a_page(ingested_day: dt.date, settings) -> None:
    """The demo's item with <script> and onerror in its title: escaped in the page."""
    from numeriq.site.pages import render_edition_page

    settings.DRAFT_ITEMS = 30
    settings.DRAFT_BREVES = 10
    edition = draft_edition(ingested_day).edition
    doc = edition.to_doc()
    assert any("Vendix" in item.body for item in doc.items)
    html = render_edition_page(lifecycle.publish(edition))
    assert "Vendix" in html
    assert "<script>alert" not in html and "onerror" not in html
    assert md_escape("<b>*gras*</b> [lien](x)") == r"\<b\>\*gras\*\</b\> \[lien\](x)"
    assert md_escape("# titre") == r"\# titre"


def test_draft_verb(ingested_day: dt.date, capsys: pytest.CaptureFixture[str]) -> None:
    """`numeriq draft DATE` prints what it did; a second time on an edited one, exit 1."""
    assert main(["draft", ingested_day.isoformat()]) == 0
    assert f"drafted {ingested_day.isoformat()}" in capsys.readouterr().out
    lifecycle.publish(Edition.objects.get(date=ingested_day))
    assert main(["draft", ingested_day.isoformat()]) == 1
    assert "is not replaced" in capsys.readouterr().err


def test_a_flood_of_items_is_cut_to_the_limit_before_clustering(
    ingested_day: dt.date, settings
) -> None:
    """A source pouring 3,000 items into the window: the draft reads NUMERIQ_NEWSROOM_MAX_ITEMS,
    and the demo's own sources still make the edition."""
    from numeriq.newsroom.drafting import story_items, window
    from numeriq.newsroom.models import NewsroomDraft
    from numeriq.sources.models import Item as SourceItem
    from numeriq.sources.models import Source

    settings.NEWSROOM_MAX_ITEMS = 60
    start, end = window(ingested_day)
    demo_ids = {item.id for item in story_items(start, end)}
    assert 0 < len(demo_ids) < 60
    flood = Source.objects.create(url="https://flot.example/rss", title="Flot")
    SourceItem.objects.bulk_create(
        SourceItem(
            source=flood,
            key=f"k{n}",
            url=f"https://flot.example/{n}",
            title=f"Communiqué numéro {n} sans intérêt",
            text="Un texte de remplissage. " * 20,
            language="fr",
            published_at=end - dt.timedelta(seconds=5 + n),
        )
        for n in range(3000)
    )
    chosen = story_items(start, end)
    assert len(chosen) == 60
    # Every demo item, though the flood's are all newer: each source in turn.
    assert {item.id for item in chosen if item.source != "Flot"} == demo_ids
    draft_edition(ingested_day)
    assert NewsroomDraft.objects.get(date=ingested_day).items_seen == 60
    body = " ".join(item.body for item in Edition.objects.get(date=ingested_day).to_doc().items)
    assert "Communiqué numéro" not in body


def test_a_lead_image_is_described_and_credited_to_its_source() -> None:
    """The article's title stands as alt text; the caption shown under it names the source."""
    lead = StoryItem(
        id=1,
        source="Gazette du commerce",
        title="Cabasso [chiffres] : le panier recule",
        text="",
        image_url="https://g.example/a.jpg",
    )
    assert lead_image(lead) == {
        "image_url": "https://g.example/a.jpg",
        "image_alt": "Cabasso [chiffres) : le panier recule",
        "image_caption": "Image : Gazette du commerce",
    }
    # A source known only by its address is not a credit; a non-https image is not taken.
    assert (
        lead_image(dataclasses.replace(lead, source="https://g.example/feed"))["image_caption"]
        == ""
    )
    assert lead_image(dataclasses.replace(lead, image_url="http://g.example/a.jpg")) == {}
