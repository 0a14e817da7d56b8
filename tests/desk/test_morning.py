"""The morning desk: the day's stories by rubric; add one to the edition, dismiss another."""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo
from pathlib import Path

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from numeriq.desk import stories
from numeriq.desk.formatting import french_day
from numeriq.desk.models import Figure, StoryDecision
from numeriq.desk.morning import working_day
from numeriq.editions import lifecycle
from numeriq.editions.models import Edition
from numeriq.editions.store import import_markdown
from numeriq.sources.models import Item as SourceItem
from numeriq.text.typography import typographize
from tests.desk.conftest import demo_source
from tests.desk.stories_data import seed_items, seed_more

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not stories.newsroom_installed(), reason="the newsroom stage is absent"),
]


def test_stories_by_rubric_then_add_and_dismiss(editor_client: Client) -> None:
    today = timezone.localdate()
    seed_items(today)
    page = editor_client.get("/redaction/")
    assert page.status_code == 200
    assert "4 articles lus" in page.text
    groups = page.context["groups"]
    found = [story for group in groups for story in group["stories"]]
    assert len(found) == 2
    cabasso = next(s for s in found if "Cabasso" in s["brief"])
    telvia = next(s for s in found if "Telvia" in s["brief"])
    assert cabasso["coverage"] == 3 and len(cabasso["sources"]) == 3
    assert telvia["quotes"][0]["speaker"] == "Claire Fontenay"
    assert "3 sources · score" in page.text
    # Every figure of a story the French way: its score and its rubric's, « 5,9 » and « 3,0 ».
    metas = re.findall(r'<p class="meta">(.*?)</p>', page.text)
    assert metas and all(re.search(r"score \d+,\d( |$)", meta) for meta in metas)
    assert not re.search(r"\d\.\d", " ".join(metas)), metas
    assert "<script>alert(1)" not in page.text and "&lt;script&gt;alert(1)" in page.text
    # A rubric's heading as French writes it: « E-commerce », « Économie numérique » (the
    # style sheet's capitalize made « Économie Numérique »).
    headings = re.findall(r'<h3 id="[^"]*" class="rubric">(.*?)</h3>', page.text)
    assert headings and all(h[:1].isupper() and h[1:] == h[1:].lower() for h in headings)
    css = Path(__file__).resolve().parents[2] / "numeriq/desk/static/desk/desk.css"
    assert "capitalize" not in css.read_text(encoding="utf-8")

    added = editor_client.post(f"/redaction/histoires/{cabasso['key']}/", {"action": "add"})
    assert added.status_code == 302 and added["Location"].endswith("#histoires")
    edition = Edition.objects.get(date=today)
    item = edition.items.get()
    assert item.heading and "Cabasso" in item.body
    assert "Sources\u00a0: [" in item.body
    assert "[Gazette du commerce](https://0.sources.example/article-0)" in item.body
    assert edition.version == 2  # anyone with the composer open is told, not overwritten
    editor_client.post(f"/redaction/histoires/{telvia['key']}/", {"action": "dismiss"})
    page = editor_client.get(added["Location"].split("#")[0])
    day_text = french_day(today)
    assert f"ajoutée à l’édition du {day_text} (élément 1)" in page.text
    assert [s for g in page.context["groups"] for s in g["stories"]] == []
    assert "2 histoires déjà ajoutées à cette édition ou écartées." in page.text
    assert set(StoryDecision.objects.values_list("action", flat=True)) == {"added", "dismissed"}
    # Twice the same click (or two editors) does not add it twice.
    again = editor_client.post(f"/redaction/histoires/{cabasso['key']}/", {"action": "add"})
    assert edition.items.count() == 1
    assert "déjà été ajoutée ou écartée" in editor_client.get(again["Location"]).text


def test_a_past_days_desk_shows_the_stories_of_that_day(editor_client: Client) -> None:
    """The demo's feeds are dated their demo day: the desk of that day shows them (and adds
    from them), while today's pool, days later, is empty."""
    past = timezone.localdate() - dt.timedelta(days=5)
    seed_items(past)
    today = editor_client.get("/redaction/")
    assert [s for g in today.context["groups"] for s in g["stories"]] == []
    page = editor_client.get(f"/redaction/?jour={past.isoformat()}")
    found = [s for g in page.context["groups"] for s in g["stories"]]
    assert len(found) == 2 and "4 articles lus" in page.text
    assert f"Jusqu’au {french_day(past)}" in page.text
    story = found[0]
    added = editor_client.post(
        f"/redaction/histoires/{story['key']}/", {"action": "add", "jour": past.isoformat()}
    )
    assert added.status_code == 302
    assert Edition.objects.get(date=past).items.count() == 1


def test_a_story_added_with_its_image_credits_the_source_in_the_caption(
    editor_client: Client,
) -> None:
    """The lead article's image comes with its title as alt and « Image : source » as caption."""
    today = timezone.localdate()
    seed_items(today)
    SourceItem.objects.update(image_url="https://img.example/a.jpg")
    editor_client.get("/redaction/")
    story = next(
        s
        for g in editor_client.get("/redaction/").context["groups"]
        for s in g["stories"]
        if "Cabasso" in s["brief"]
    )
    editor_client.post(f"/redaction/histoires/{story['key']}/", {"action": "add"})
    item = Edition.objects.get(date=today).items.get()
    lead = SourceItem.objects.get(title=story["image_alt"])
    assert item.image_url == "https://img.example/a.jpg" and item.image_alt == typographize(
        lead.title
    )
    assert (
        item.image_caption == typographize(f"Image : {lead.source.title}")
        and not item.image_decorative
    )


def test_the_desk_prepares_the_next_edition_once_todays_is_out(editor_client: Client) -> None:
    today = timezone.localdate()
    assert working_day(today) == today
    lifecycle.publish(import_markdown(demo_source(today)))
    tomorrow = today + dt.timedelta(days=1)
    assert working_day(today) == tomorrow
    page = editor_client.get("/redaction/")
    assert page.context["today"] == tomorrow
    assert editor_client.get("/redaction/?jour=pas-une-date").status_code == 404
    assert editor_client.get(f"/redaction/?jour={today.isoformat()}").context["today"] == today


def test_unknown_story_or_action(editor_client: Client) -> None:
    seed_items(timezone.localdate())
    editor_client.get("/redaction/")
    assert editor_client.post("/redaction/histoires/s999999/", {"action": "add"}).status_code == 404


def test_a_story_already_in_the_edition_is_marked(editor_client: Client) -> None:
    from numeriq.editions.document import EditionDoc, Item, ItemKind
    from numeriq.editions.store import save_doc

    today = timezone.localdate()
    seed_items(today)
    body = (
        "Telvia et son agent. Sources : [Relation Client Mag](https://3.sources.example/article-3)."
    )
    save_doc(EditionDoc(date=today, items=(Item(ItemKind.TITLED, body, heading="Allô ?"),)))
    page = editor_client.get("/redaction/")
    found = {s["key"]: s for g in page.context["groups"] for s in g["stories"]}
    marked = [s for s in found.values() if s["in_edition"]]
    assert len(marked) == 1 and "Telvia" in marked[0]["brief"]
    assert page.text.count("Déjà dans l’édition") == 1
    assert page.text.count("Ajouter à l’édition") == 1  # only the other story can be added


def test_a_quote_becomes_the_quiz(editor_client: Client) -> None:
    today = timezone.localdate()
    seed_items(today)
    page = editor_client.get("/redaction/")
    telvia = next(s for g in page.context["groups"] for s in g["stories"] if s["quotes"])
    assert "En faire le « Qui a dit ça ? » (Claire Fontenay)" in page.text
    url = f"/redaction/histoires/{telvia['key']}/"
    editor_client.post(url, {"action": "add"})
    response = editor_client.post(url, {"action": "quote", "n": "0"})
    quiz = Edition.objects.get(date=today).items.get(kind="quote")
    assert quiz.quote.startswith("«\u00a0Nos clients ne veulent pas attendre")
    assert quiz.body.startswith("C’est Claire Fontenay, directrice de la relation client")
    assert "est le « Qui a dit ça ? »" in editor_client.get(response["Location"]).text
    editor_client.post(url, {"action": "quote", "n": "0"})
    assert Edition.objects.get(date=today).items.filter(kind="quote").count() == 1
    assert editor_client.post(url, {"action": "quote", "n": "7"}).status_code == 404


def test_a_story_of_the_newsrooms_own_draft_is_marked_by_its_heading(editor_client) -> None:
    from numeriq.editions.document import EditionDoc, Item, ItemKind
    from numeriq.editions.store import save_doc

    today = timezone.localdate()
    seed_items(today)
    page = editor_client.get("/redaction/")
    story = next(s for g in page.context["groups"] for s in g["stories"])
    # As the newsroom drafts it: the suggested heading, no source link in the body.
    heading = story["heading"].upper().replace("'", "’")
    save_doc(EditionDoc(date=today, items=(Item(ItemKind.TITLED, "Un texte.", heading=heading),)))
    page = editor_client.get("/redaction/")
    marked = [s["key"] for g in page.context["groups"] for s in g["stories"] if s["in_edition"]]
    assert marked == [story["key"]]
    # Drafts now carry the informative title as the item's heading: marked as well.
    title = story["title"].upper()
    save_doc(
        EditionDoc(date=today, items=(Item(ItemKind.TITLED, "Un texte.", heading=title),)),
        replace=True,
    )
    page = editor_client.get("/redaction/")
    marked = [s["key"] for g in page.context["groups"] for s in g["stories"] if s["in_edition"]]
    assert marked == [story["key"]]


@pytest.mark.parametrize("day", ["9999-12-31", "0001-01-01", "1899-12-31", "3000-01-01"])
def test_days_beyond_any_edition_are_not_found(editor_client: Client, day: str) -> None:
    """?jour=9999-12-31 made the background figure overflow; now the desk answers 404."""
    assert editor_client.get(f"/redaction/?jour={day}").status_code == 404
    assert editor_client.get(f"/redaction/?jour={day}&partiel=1").status_code == 404
    assert editor_client.get(f"/redaction/edition/{day}/?creer=1").status_code == 404
    assert not Figure.objects.filter(key=f"morning:{day}").exists()


def test_a_figure_asked_for_before_is_computed_without_overflow() -> None:
    for day in ("0001-01-01", "9999-12-31"):  # 0001-01-01 minus the draft window overflowed
        assert stories.compute(f"morning:{day}") == {"items": 0, "stories": [], "window": []}


PARIS = zoneinfo.ZoneInfo("Europe/Paris")


@time_machine.travel(dt.datetime(2026, 12, 1, 21, 30, tzinfo=PARIS), tick=False)
def test_tonight_the_pool_of_recent_stories_feeds_tomorrows_edition(editor_client: Client) -> None:
    today = timezone.localdate()
    tomorrow = today + dt.timedelta(days=1)
    seed_items(today - dt.timedelta(days=1))  # yesterday's news: in the default 2-day pool
    page = editor_client.get(f"/redaction/?jour={tomorrow.isoformat()}")
    assert page.context["days"] == 2 and "4 articles lus" in page.text
    assert "Les histoires des 2 derniers jours" in page.text
    found = [s for g in page.context["groups"] for s in g["stories"]]
    cabasso = next(s for s in found if "Cabasso" in s["brief"])
    telvia = next(s for s in found if "Telvia" in s["brief"])
    story = f"/redaction/histoires/{cabasso['key']}/"
    added = editor_client.post(story, {"action": "add", "jour": tomorrow.isoformat()})
    assert added["Location"] == f"/redaction/?jour={tomorrow.isoformat()}&fenetre=2#histoires"
    assert Edition.objects.get(date=tomorrow).items.count() == 1
    shown = editor_client.get(added["Location"].split("#")[0]).text
    assert "ajoutée à l’édition du mercredi 2 décembre 2026 (élément 1)" in shown
    # Another upcoming edition sees who took it.
    later = editor_client.get(f"/redaction/?jour={(tomorrow + dt.timedelta(days=1)).isoformat()}")
    taken = {s["key"]: s["taken_by"] for g in later.context["groups"] for s in g["stories"]}
    assert taken[cabasso["key"]] == ["mercredi 2 décembre 2026"]
    assert "Déjà dans l’édition du mercredi 2 décembre 2026" in later.text
    # A brève goes with the brèves, a titled item after the titled ones.
    editor_client.post(
        f"/redaction/histoires/{telvia['key']}/", {"action": "breve", "jour": tomorrow.isoformat()}
    )
    kinds = list(Edition.objects.get(date=tomorrow).items.values_list("kind", flat=True))
    assert kinds == ["titled", "breve"]


@time_machine.travel(dt.datetime(2026, 12, 1, 21, 30, tzinfo=PARIS), tick=False)
def test_the_editor_widens_the_pool(editor_client: Client) -> None:
    seed_items(timezone.localdate() - dt.timedelta(days=3))
    narrow = editor_client.get("/redaction/")
    assert narrow.context["groups"] == [] and "Élargir à 3 jours" in narrow.text
    wide = editor_client.get("/redaction/?fenetre=4")
    assert len([s for g in wide.context["groups"] for s in g["stories"]]) == 2
    assert editor_client.get("/redaction/?fenetre=99").context["days"] == stories.MAX_POOL_DAYS
    assert editor_client.get("/redaction/?fenetre=x").context["days"] == 2


@time_machine.travel(dt.datetime(2026, 12, 1, 21, 30, tzinfo=PARIS), tick=False)
def test_one_click_fills_the_edition_with_the_best_stories_nobody_took(
    editor_client: Client,
) -> None:
    today = timezone.localdate()
    tomorrow = today + dt.timedelta(days=1)
    seed_items(today)
    seed_more(today)
    page = editor_client.get(f"/redaction/?jour={tomorrow.isoformat()}")
    found = sorted(
        (s for g in page.context["groups"] for s in g["stories"]), key=lambda s: -s["score"]
    )
    assert len(found) == 8
    assert (
        "Remplir l’édition du mercredi 2 décembre 2026 avec les meilleures histoires" in page.text
    )
    # One story went to another edition, another was dismissed: neither is taken again.
    other, dismissed = found[0], found[1]
    editor_client.post(f"/redaction/histoires/{other['key']}/", {"action": "add"})
    editor_client.post(
        f"/redaction/histoires/{dismissed['key']}/",
        {"action": "dismiss", "jour": tomorrow.isoformat()},
    )
    response = editor_client.post("/redaction/histoires/remplir/", {"jour": tomorrow.isoformat()})
    assert response.status_code == 302
    edition = Edition.objects.get(date=tomorrow)
    assert edition.items.count() == 6
    bodies = " ".join(edition.items.values_list("body", flat=True))
    assert other["brief"][:40] not in bodies and dismissed["brief"][:40] not in bodies
    shown = editor_client.get(response["Location"].split("#")[0])
    assert "6 histoires ajoutées à l’édition du mercredi 2 décembre 2026." in shown.text
    # Full: a second click adds nothing.
    editor_client.post("/redaction/histoires/remplir/", {"jour": tomorrow.isoformat()})
    assert Edition.objects.get(date=tomorrow).items.count() == 6


def test_a_published_edition_takes_no_story(editor_client: Client) -> None:
    """The desk asks save_edition, whose rule refuses published and sent editions."""
    today = timezone.localdate()
    seed_items(today)
    page = editor_client.get("/redaction/")
    story = next(s for g in page.context["groups"] for s in g["stories"])
    edition = import_markdown(f"---\ndate: {today}\n---\n\nÉdito.\n\n## Titre\nTexte.\n")
    lifecycle.publish(edition)
    for action in ("add", "breve"):
        refused = editor_client.post(
            f"/redaction/histoires/{story['key']}/", {"action": action, "jour": str(today)}
        )
        shown = editor_client.get(refused["Location"].split("#")[0]).text
        assert "ne prend plus d’élément" in shown
    filled = editor_client.post("/redaction/histoires/remplir/", {"jour": str(today)})
    assert "ne prend plus d’élément" in editor_client.get(filled["Location"].split("#")[0]).text
    assert Edition.objects.get(date=today).items.count() == 1
    assert not StoryDecision.objects.filter(story_key=story["key"]).exists()
