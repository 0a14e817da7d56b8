"""Static publishing (issue 13.2): var/site/ follows the editions' states."""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from numeriq.editions import lifecycle
from numeriq.editions.models import Edition
from numeriq.editions.store import import_markdown
from numeriq.site import static_site
from tests.conftest import DEMO_FILES

pytestmark = pytest.mark.django_db(transaction=True)  # real commits: on_commit runs

FIXED = ["index.html", "archives/index.html", "flux/rss/index.rss", "flux/atom/index.atom"]
FIXED += ["sitemap.xml", "robots.txt", "mentions-legales/index.html", "confidentialite/index.html"]


@pytest.fixture
def site(settings, tmp_path: Path) -> Iterator[Path]:
    """Static publishing on, into a fresh var dir."""
    settings.STATIC_SITE = True
    settings.VAR_DIR = tmp_path
    yield tmp_path / "site"


def source(index: int) -> str:
    """One demo edition's Markdown."""
    return DEMO_FILES[index].read_text(encoding="utf-8")


def page(site: Path, edition: Edition) -> Path:
    """The file of an edition's permalink."""
    return site / edition.get_absolute_url().strip("/") / "index.html"


def test_publishing_writes_the_pages_the_app_serves(site: Path, client, settings) -> None:
    """Permalink, home, month, archive index, feeds, sitemap, robots: the app's own bytes."""
    host = urlsplit(settings.SITE_URL).netloc  # as a reader's request to the site has it
    edition = lifecycle.publish(import_markdown(source(0)))
    assert page(site, edition).exists()
    for name in [*FIXED, f"archives/{edition.date:%Y/%m}/index.html"]:
        assert (site / name).exists(), name
    for url, name in [
        (edition.get_absolute_url(), page(site, edition)),
        ("/", site / "index.html"),
        ("/flux/rss/", site / "flux/rss/index.rss"),
        ("/sitemap.xml", site / "sitemap.xml"),
        (f"/archives/{edition.date:%Y/%m}/", site / f"archives/{edition.date:%Y/%m}/index.html"),
    ]:
        assert client.get(url, HTTP_HOST=host).content == name.read_bytes(), url
    assert page(site, edition).stat().st_mode & 0o777 == 0o644
    assert not list(site.rglob(".*.tmp"))


def test_the_publishers_pages_are_written_and_built(site: Path, client, settings) -> None:
    """Mentions légales and privacy policy stay up with the static copy, like the archive."""
    host = urlsplit(settings.SITE_URL).netloc
    lifecycle.publish(import_markdown(source(0)))
    for url, name in [
        ("/mentions-legales/", "mentions-legales/index.html"),
        ("/confidentialite/", "confidentialite/index.html"),
    ]:
        assert client.get(url, HTTP_HOST=host).content == (site / name).read_bytes(), url
        (site / name).unlink()
    static_site.build()
    assert (site / "mentions-legales/index.html").exists()
    assert (site / "confidentialite/index.html").exists()


def test_a_draft_writes_nothing(site: Path) -> None:
    """Saving drafts (the composer's autosave) never touches the public copy."""
    import_markdown(source(0))
    assert not site.exists() or not any(site.rglob("*"))


def test_a_change_rewrites_the_page_and_its_neighbours(site: Path) -> None:
    """An edit shows at once; a newer edition adds its link to the previous page."""
    older = lifecycle.publish(import_markdown(source(0)))
    before = page(site, older).read_text(encoding="utf-8")
    newer = lifecycle.publish(import_markdown(source(1)))
    assert newer.get_absolute_url() in page(site, older).read_text(encoding="utf-8")
    assert newer.get_absolute_url() not in before

    changed = source(1) + "\n***\nUne brève ajoutée après coup pour le test.\n"
    import_markdown(changed, replace=True)
    assert "Une brève ajoutée après coup" in page(site, newer).read_text(encoding="utf-8")
    assert "Une brève ajoutée après coup" in (site / "flux/rss/index.rss").read_text("utf-8")


def test_unpublishing_removes_the_page_and_updates_the_rest(site: Path) -> None:
    """Back to draft: its permalink and its now empty month go; home and feeds forget it."""
    kept = lifecycle.publish(import_markdown(source(0)))
    gone = lifecycle.publish(import_markdown(source(1)))
    title_words = gone.get_absolute_url()
    assert title_words in (site / "index.html").read_text("utf-8")

    lifecycle.unpublish(gone)
    assert not page(site, gone).exists()
    assert not (site / f"{gone.date:%Y/%m/%d}").exists()
    assert title_words not in (site / "index.html").read_text("utf-8")
    assert title_words not in (site / "flux/atom/index.atom").read_text("utf-8")
    assert title_words not in (site / "sitemap.xml").read_text("utf-8")
    assert title_words not in page(site, kept).read_text("utf-8")  # no « next » link left


def test_deleting_the_last_edition_empties_the_site(site: Path) -> None:
    """Deleted: nothing of it stays; the home page says there is no edition yet."""
    edition = lifecycle.publish(import_markdown(source(0)))
    month = site / f"archives/{edition.date:%Y/%m}/index.html"
    assert month.exists()
    edition.delete()
    assert not page(site, edition).exists()
    assert not month.exists()
    assert (site / "index.html").exists()  # the app's own « no edition yet » page
    assert edition.get_absolute_url() not in (site / "index.html").read_text("utf-8")


def test_a_new_slug_replaces_the_old_folder(site: Path) -> None:
    """A new lead headline moves the permalink: the old address is no longer a file."""
    edition = lifecycle.publish(import_markdown(source(0)))
    old = page(site, edition)
    retitled = re.sub(r"^headline: .*$", "headline: Un tout autre titre", source(0), flags=re.M)
    if retitled == source(0):
        retitled = source(0).replace("---\n", "---\nheadline: Un tout autre titre\n", 1)
    moved = import_markdown(retitled, replace=True)
    assert moved.slug != edition.slug
    assert not old.exists()
    assert page(site, moved).exists()
    assert len(list((site / f"{edition.date:%Y/%m/%d}").iterdir())) == 1


def test_build_rewrites_everything_and_removes_the_rest(site: Path, settings) -> None:
    """`numeriq site build`: every published page written, stale files removed."""
    settings.STATIC_SITE = False  # edits made while publishing was off
    editions = [lifecycle.publish(import_markdown(source(i))) for i in range(3)]
    lifecycle.unpublish(editions[2])
    stale = site / "2020/01/01/vieux/index.html"
    stale.parent.mkdir(parents=True)
    stale.write_text("old")
    (site / "2020/01/01/vieux/.x.tmp").write_text("half")

    written = static_site.build()
    assert not (site / "2020").exists()
    assert page(site, editions[0]).exists() and page(site, editions[1]).exists()
    assert not page(site, editions[2]).exists()
    assert written == len(FIXED) + 2 + len({e.date.replace(day=1) for e in editions[:2]})


def test_a_failed_write_keeps_the_save_and_logs(site: Path, monkeypatch, caplog) -> None:
    """The database is the truth: a full disk loses no edition and says so in the log."""

    def broken(*args: object) -> None:
        raise OSError("No space left on device")

    monkeypatch.setattr(static_site, "write", broken)
    with caplog.at_level(logging.ERROR, logger="numeriq.site"):
        edition = lifecycle.publish(import_markdown(source(0)))
    assert Edition.objects.get(pk=edition.pk).status == "published"
    assert "could not be written" in caplog.text


def test_file_for_refuses_addresses_outside_the_site() -> None:
    """Only page addresses map to files; nothing climbs out of var/site/."""
    assert static_site.file_for("/") == "index.html"
    assert static_site.file_for("/2026/11/27/titre/") == "2026/11/27/titre/index.html"
    for bad in ("/../etc/passwd/", "relative/", "/no-slash"):
        with pytest.raises(ValueError):
            static_site.file_for(bad)


def test_pages_stay_readable_by_the_web_server_under_the_services_umask(site: Path) -> None:
    """The systemd units run with UMask=0027; nginx runs as another user and must read."""
    previous = os.umask(0o027)
    try:
        edition = lifecycle.publish(import_markdown(source(0)))
    finally:
        os.umask(previous)
    folder = page(site, edition).parent
    while folder != site.parent:
        assert folder.stat().st_mode & 0o777 == 0o755, folder
        folder = folder.parent
    assert page(site, edition).stat().st_mode & 0o777 == 0o644
