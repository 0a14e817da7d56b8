"""The desk's loose ends: no blank title, French dates everywhere, the audience explained.

Walked on the demo's data (six editions, a draft, readers in every state, a finished send),
the desk's pages and the back office's show no ISO date (« 2026-11-27 ») in their text.
"""

from __future__ import annotations

import datetime as dt
import re

import lxml.html
import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from numeriq.audience.models import Frequency
from numeriq.delivery.models import Send
from numeriq.editions.document import EditionDoc, Item, ItemKind
from numeriq.editions.models import Edition
from numeriq.editions.store import save_doc
from tests.desk.conftest import make_readers

# A date as ISO writes it, not inside an identifier such as a send's key (edition-2026-11-27).
ISO_DATE = re.compile(r"(?<![\w-])\d{4}-\d\d-\d\d(?![\w-])")
EVENING = dt.datetime(2026, 12, 1, 21, 30, tzinfo=dt.UTC)


def visible_text(html: str) -> str:
    """The page's text as a reader sees it (no scripts, styles or attribute values)."""
    tree = lxml.html.fromstring(html)
    for node in tree.xpath("//script | //style | //template"):
        node.drop_tree()
    return " ".join(tree.text_content().split())


@pytest.mark.django_db(transaction=True)  # the demo's send runs its worker in a thread
def test_no_iso_date_on_the_desk_nor_the_back_office(editor_client: Client) -> None:
    """Stats, schedule and send pages, lists, charts' labels: « 27 novembre 2026 »."""
    from django.contrib.auth import get_user_model

    from numeriq.demo.loader import load_demo
    from tests.test_admin_french import admin_pages

    load_demo()
    draft = Edition.objects.filter(status="draft").order_by("-date").first()
    send = Send.objects.get()
    assert draft is not None
    day = draft.date.isoformat()
    desk = [
        "/redaction/", "/redaction/editions/", "/redaction/calendrier/",
        "/redaction/statistiques/", f"/redaction/edition/{day}/",
        f"/redaction/edition/{day}/verifications/", f"/redaction/envois/{send.pk}/",
        f"/redaction/edition/{day}/envoi/?mode=schedule",
        f"/redaction/edition/{day}/envoi/?mode=now",
    ]  # fmt: skip
    found = {}
    for url in desk:
        response = editor_client.get(url)
        assert response.status_code == 200, url
        text = visible_text(response.content.decode())
        found[url] = ISO_DATE.findall(text)
        assert "edition-" not in text, url  # a send's key is not a name for the editor
    chief = get_user_model().objects.create_superuser("chef", "chef@example.org", "x" * 12)
    back_office = Client()
    back_office.force_login(chief)
    for url in admin_pages():
        found[url] = ISO_DATE.findall(visible_text(back_office.get(url).content.decode()))
    assert not {url: dates for url, dates in found.items() if dates}
    progress = editor_client.get(f"/redaction/envois/{send.pk}/").content.decode()
    assert "Envoi de l’édition du vendredi 27 novembre 2026" in visible_text(progress)


@pytest.mark.django_db
def test_a_draft_without_a_heading_is_never_blank_in_the_lists(editor_client: Client) -> None:
    """An empty edition and one of brèves only say what they are, on the desk and in the admin."""
    from django.contrib.auth import get_user_model

    day = dt.date(2026, 12, 2)
    save_doc(EditionDoc(date=day, editorial="", items=()))
    save_doc(
        EditionDoc(
            date=day + dt.timedelta(days=1),
            editorial="",
            items=(Item(ItemKind.BREVE, "Une brève."), Item(ItemKind.BREVE, "Une autre.")),
        )
    )
    page = visible_text(editor_client.get("/redaction/editions/").content.decode())
    assert "Sans titre (édition vide)" in page
    assert "Sans titre (2 éléments, aucun intertitre)" in page
    chief = get_user_model().objects.create_superuser("chef", "chef@example.org", "x" * 12)
    editor_client.force_login(chief)
    listed = visible_text(editor_client.get("/admin/editions/edition/").content.decode())
    assert "Sans titre (édition vide)" in listed
    assert "Sans titre (2 éléments, aucun intertitre)" in listed


@pytest.mark.django_db
@time_machine.travel(EVENING, tick=False)
def test_the_schedule_page_explains_the_audience(editor_client: Client) -> None:
    """« 187 abonnés » next to « 220 abonnés actifs »: the weekly and the paused, in words."""
    day = timezone.localdate()  # « now » sends today
    save_doc(EditionDoc(date=day, editorial="Édito.", items=(Item(ItemKind.BREVE, "Brève."),)))
    make_readers(5)
    make_readers(2, prefix="hebdo", frequency=Frequency.WEEKLY)
    make_readers(1, prefix="pause", paused_until=day + dt.timedelta(days=7))
    make_readers(1, prefix="revient", paused_until=day)  # back on that very day
    page = editor_client.get(f"/redaction/edition/{day.isoformat()}/envoi/?mode=now")
    text = visible_text(page.content.decode())
    assert "envoyée tout de suite à 6 abonnés" in text
    assert (
        "Sur les 9 abonnés actifs : 6 reçoivent l’édition chaque jour, 2 ont choisi le "
        "récapitulatif de la semaine à la place, 1 a mis son abonnement en pause ce jour-là."
    ) in text
