"""Back office: list, search, status actions, preview in every format."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client

from numeriq.editions.models import Edition, EditionStatus
from numeriq.editions.store import import_markdown
from tests.conftest import DEMO_FILES

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(client: Client) -> Client:
    """A logged-in staff client and the demo editions as drafts."""
    for path in DEMO_FILES:
        import_markdown(path.read_text(encoding="utf-8"))
    user = User.objects.create_superuser("editrice", "e@example.org", "mot-de-passe-solide-42")
    client.force_login(user)
    return client


def test_list_and_search(editor: Client) -> None:
    """The list shows every edition; search finds text inside items."""
    page = editor.get("/admin/editions/edition/").content.decode()
    assert "Vendredi noir, serveurs rouges" in page
    assert "Brouillon" in page
    found = editor.get("/admin/editions/edition/", {"q": "Vélivre"}).content.decode()
    assert "Les entrepôts font le plein" in found
    assert "Vendredi noir" not in found


def test_status_actions(editor: Client) -> None:
    """Schedule, then publish, from the list's actions."""
    edition = Edition.objects.get(date="2026-11-27")
    url = "/admin/editions/edition/"
    editor.post(url, {"action": "schedule_selected", "_selected_action": [edition.pk]})
    edition.refresh_from_db()
    assert edition.status == EditionStatus.SCHEDULED
    assert edition.scheduled_at is not None
    editor.post(url, {"action": "publish_selected", "_selected_action": [edition.pk]})
    edition.refresh_from_db()
    assert edition.status == EditionStatus.PUBLISHED
    response = editor.post(
        url, {"action": "schedule_selected", "_selected_action": [edition.pk]}, follow=True
    )
    assert "elle ne peut pas passer à « Programmée »" in response.content.decode()


@pytest.mark.parametrize(
    ("fmt", "needle"),
    [("web", "<article"), ("email", 'role="presentation"'), ("texte", "VENDREDI")],
)
def test_preview_of_a_draft(editor: Client, fmt: str, needle: str) -> None:
    """A draft can be previewed as web page, email and text, in a sandbox."""
    edition = Edition.objects.get(date="2026-11-27")
    response = editor.get(f"/admin/editions/edition/{edition.pk}/apercu/{fmt}/")
    assert response.status_code == 200
    assert needle in response.content.decode()
    assert response["Content-Security-Policy"].startswith("sandbox")


def test_preview_needs_staff(client: Client) -> None:
    """Anonymous visitors are sent to the login page."""
    import_markdown(DEMO_FILES[0].read_text(encoding="utf-8"))
    edition = Edition.objects.get()
    response = client.get(f"/admin/editions/edition/{edition.pk}/apercu/web/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_item_form_keeps_alt_caption_and_decorative_apart() -> None:
    """The back office's item form has the three fields, and refuses what would be lost."""
    from numeriq.editions.admin import EditionItemForm

    edition = import_markdown(DEMO_FILES[0].read_text(encoding="utf-8"))
    base = {"edition": edition.pk, "position": 40, "kind": "titled", "body": "Texte."}
    good = EditionItemForm(
        data={**base, "image_url": "/a.png", "image_alt": "Un chariot", "image_caption": "AFP"}
    )
    assert good.is_valid(), good.errors
    assert good.fields["image_alt"].label == "Texte alternatif de l’image"
    assert good.fields["image_caption"].label == "Légende de l’image"
    lost = EditionItemForm(data={**base, "image_caption": "Photo : AFP"})
    assert not lost.is_valid() and "Une légende sans image" in str(lost.errors)
    both = EditionItemForm(
        data={**base, "image_url": "/a.png", "image_alt": "Un chariot", "image_decorative": "on"}
    )
    assert not both.is_valid() and "Une image décorative n’a pas" in str(both.errors)


@pytest.mark.parametrize("typed", ["28/11/2026", "2026-11-28", "28 novembre", "samedi 28/11"])
def test_search_by_date(editor: Client, typed: str) -> None:
    """A date typed the French or the ISO way finds that day's edition, and only it."""
    import_markdown(
        "---\ndate: 2026-11-28\nheadline: Le samedi des colis\n---\n\nÉdito.\n\n## Un\nTexte.\n"
    )
    found = editor.get("/admin/editions/edition/", {"q": typed}).content.decode()
    if typed == "samedi 28/11":  # neither a text nor a date: nothing
        assert "Le samedi des colis" not in found
        return
    assert "Le samedi des colis" in found
    assert "Vendredi noir" not in found


def test_action_messages_agree(editor: Client) -> None:
    """« 1 édition mise à jour », « 2 éditions mises à jour »; a refusal names the day in French."""
    url = "/admin/editions/edition/"
    one, two = Edition.objects.get(date="2026-11-26"), Edition.objects.get(date="2026-11-27")
    response = editor.post(
        url, {"action": "schedule_selected", "_selected_action": [one.pk]}, follow=True
    )
    assert "1 édition mise à jour." in response.content.decode()
    response = editor.post(
        url, {"action": "back_to_draft", "_selected_action": [one.pk, two.pk]}, follow=True
    )
    page = response.content.decode()
    assert "1 édition mise à jour." in page  # the scheduled one; the draft is refused
    assert "L’édition du 27 novembre 2026 est « Brouillon »" in page
    response = editor.post(
        url, {"action": "schedule_selected", "_selected_action": [one.pk, two.pk]}, follow=True
    )
    assert "2 éditions mises à jour." in response.content.decode()


def test_the_first_of_the_month_is_1er(editor: Client) -> None:
    """The list writes « 1er décembre 2026 », as French does."""
    import_markdown("---\ndate: 2026-12-01\nheadline: Le premier\n---\n\nÉdito.\n\n## Un\nTexte.\n")
    page = editor.get("/admin/editions/edition/").content.decode()
    assert '">1er décembre 2026</a>' in page  # the date column, not only an aria-label
