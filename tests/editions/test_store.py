"""Saving editions: import, replace, export, and the status transitions."""

from __future__ import annotations

import datetime as dt

import pytest

from numeriq.editions import lifecycle
from numeriq.editions.errors import EditionExistsError, EditionFormatError, EditionNotFoundError
from numeriq.editions.models import Edition, EditionItem, EditionStatus
from numeriq.editions.store import export_markdown, import_markdown
from tests.conftest import DEMO_FILES

SOURCE = "---\ndate: 2026-05-04\nheadline: Premier jet\n---\n\nÉdito.\n\n## Titre\nTexte.\n"

pytestmark = pytest.mark.django_db


def test_import_export_import_is_stable() -> None:
    """What is imported is exported identically, and re-imports to the same rows."""
    for path in DEMO_FILES:
        text = path.read_text(encoding="utf-8")
        edition = import_markdown(text)
        exported = export_markdown(edition.date)
        assert exported.split() == text.split()
        again = import_markdown(exported, replace=True)
        assert again.to_doc() == edition.to_doc()
        assert again.version == 2


def test_image_alt_caption_and_decorative_survive_the_database() -> None:
    """An image's alt text, caption and decorative mark go through the rows and back out."""
    text = SOURCE.replace(
        "## Titre\n",
        '## Titre\n![Un chariot vert](/static/a.png "Photo : AFP")\nTexte.\n\n'
        '***\n![""](/static/b.png "Illustration : la rédaction")\n',
    )
    edition = import_markdown(text)
    first, second = edition.items.all()
    assert (first.image_alt, first.image_caption, first.image_decorative) == (
        "Un chariot vert",
        "Photo : AFP",
        False,
    )
    assert (second.image_alt, second.image_caption, second.image_decorative) == (
        "",
        "Illustration : la rédaction",
        True,
    )
    assert export_markdown(edition.date).split() == text.split()


def test_existing_date_needs_replace() -> None:
    """Importing a date that exists asks for --replace and changes nothing."""
    import_markdown(SOURCE)
    with pytest.raises(EditionExistsError, match="--replace"):
        import_markdown(SOURCE.replace("Premier jet", "Autre"))
    assert Edition.objects.get().headline == "Premier jet"


def test_replace_keeps_status_and_rewrites_items() -> None:
    """Replacing a published edition keeps it published, with the new content."""
    edition = lifecycle.publish(import_markdown(SOURCE))
    import_markdown(SOURCE.replace("## Titre\nTexte.", "## Un\nA.\n\n***\nB."), replace=True)
    edition.refresh_from_db()
    assert edition.status == EditionStatus.PUBLISHED
    assert [i.heading for i in edition.items.all()] == ["Un", ""]
    assert EditionItem.objects.count() == 2


def test_bad_file_changes_nothing() -> None:
    """A file with an error raises before anything is written."""
    import_markdown(SOURCE)
    with pytest.raises(EditionFormatError):
        import_markdown(SOURCE.replace("## Titre\nTexte.", "## Titre\n"), replace=True)
    edition = Edition.objects.get()
    assert edition.version == 1
    assert [i.body for i in edition.items.all()] == ["Texte."]


def test_export_of_missing_date() -> None:
    """Exporting a date with no edition says so."""
    with pytest.raises(EditionNotFoundError, match="2020-01-01"):
        export_markdown(dt.date(2020, 1, 1))


def test_slug_comes_from_the_lead_headline() -> None:
    """ASCII slug of the headline; the permalink carries the date."""
    edition = import_markdown(SOURCE.replace("Premier jet", "« L'été, ça déménage ! »"))
    assert edition.slug == "lete-ca-demenage"
    assert edition.get_absolute_url() == "/2026/05/04/lete-ca-demenage/"


def test_transitions() -> None:
    """draft → scheduled → published → sent; forbidden moves are refused."""
    edition = import_markdown(SOURCE)
    at = dt.datetime(2026, 5, 4, 5, 0, tzinfo=dt.UTC)
    edition = lifecycle.schedule(edition, at)
    assert (edition.status, edition.scheduled_at) == (EditionStatus.SCHEDULED, at)
    with pytest.raises(lifecycle.TransitionError):
        lifecycle.mark_sent(edition)
    edition = lifecycle.publish(edition)
    assert edition.status == EditionStatus.PUBLISHED and edition.published_at is not None
    with pytest.raises(lifecycle.TransitionError, match="cannot become"):
        lifecycle.schedule(edition, at)
    edition = lifecycle.mark_sent(edition)
    assert edition.status == EditionStatus.SENT
    assert Edition.objects.get().status == EditionStatus.SENT
