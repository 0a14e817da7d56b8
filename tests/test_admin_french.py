"""The back office speaks French: every registered admin page, on the demo's data.

Django's French assumes masculine nouns and prints model names as they are declared, so a
page can read « Ajout de édition » or « Par priority »; this walks every app index,
changelist, add and change page and fails on the English and broken forms seen in use.
"""

from __future__ import annotations

import re

import lxml.html
import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone

# What the reader of the page sees as the page's own words (not the data shown in it).
CHROME = (
    "//title | //h1 | //h2 | //h3 | //th | //label | //legend | //caption"
    " | //select[@name='action']/option | //select/option"
    " | //p[contains(@class, 'paginator')] | //span[contains(@class, 'action-counter')]"
    " | //div[@id='changelist-filter']//a | //a[contains(@class, 'addlink')]"
    " | //div[@class='actions']//span | //div[contains(@class, 'help')]"
    " | //div[@id='content-main']//caption//a | //*[@id='searchbar']/@placeholder"
    " | //input[@type='submit']/@value | //p[contains(@class, 'help')]"
)
ENGLISH = re.compile(
    r"\b(Tasks?|Results?|Database|Backend|priority|status|queue|Key|Send|Health|Domain|Until"
    r"|Strikes|Reply|hash|Etag|modified|titled|breve|quote|Text|enqueued|started|finished"
    r"|Ready|Running|Failed|Successful|requested|confirmed|traceback|run after|kwargs"
    r"|worker|return value|exception|path|name|Can (?:add|change|delete|view)|sent|queued"
    r"|deferred|bounced)\b",
    re.IGNORECASE,
)
MONTHS = "(?:janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre)"
BROKEN = [
    re.compile(r"\w'\w"),  # a straight apostrophe (« site d'administration »): ’ everywhere
    re.compile(r"\bde [aeiouyéèêâîôûh]", re.IGNORECASE),  # « Ajout de édition »: d’
    re.compile(r"\bPar (en|le|la|les|l’|du|des)\b"),  # a filter named by a phrase
    # Where Django writes the plural name (« 188 boîte d’envoi locale »)
    re.compile(
        r"(?:dans les|Pagination des|Supprimer les|^(?:[2-9]|\d\d+)) "
        rf"(?!{MONTHS}\b)((?:[^\W\d]|’)+)\b(?<![sx])(?<!\bAPI)"
    ),
    re.compile(  # Django's French agrees with a masculine noun
        r"\b(éditions|sources|lignes|adresses|tâches|listes|boîtes|entrées)\b[^.:]*?"
        r"\bsélectionnés\b",
        re.IGNORECASE,
    ),
]


def chrome_text(html: str) -> list[str]:
    """The words of the page's own chrome: titles, headings, labels, filters, actions."""
    tree = lxml.html.fromstring(html)
    found = []
    for node in tree.xpath(CHROME):
        text = node if isinstance(node, str) else node.text_content()
        text = " ".join(str(text).split())
        if text:
            found.append(text)
    return found


def faults(html: str) -> list[str]:
    """Each English word or broken French form in the chrome, with its line."""
    found = []
    for line in chrome_text(html):
        if match := ENGLISH.search(line):
            found.append(f"English {match.group(0)!r} in {line!r}")
        for pattern in BROKEN:
            if match := pattern.search(line):
                found.append(f"broken {match.group(0)!r} in {line!r}")
    return found


@pytest.fixture
def demo_admin(transactional_db: None) -> Client:
    """The demo's data (editions, readers, a send, the outbox) and a superuser's session."""
    from django_tasks_db.models import DBTaskResult

    from numeriq.demo.loader import load_demo

    load_demo()
    DBTaskResult.objects.create(
        args_kwargs={"args": [], "kwargs": {}},
        task_path="numeriq.jobs.send_due",
        backend_name="default",
        run_after=timezone.now(),
    )
    user = get_user_model().objects.create_superuser("chef", "chef@example.org", "x" * 12)
    client = Client(HTTP_ACCEPT_LANGUAGE="fr")
    client.force_login(user)
    return client


def admin_pages() -> list[str]:
    """Every app index, changelist, add and change page the admin site registers."""
    urls = [reverse("admin:index")]
    request = RequestFactory().get("/")
    request.user = get_user_model().objects.get(username="chef")
    for model, model_admin in admin.site._registry.items():
        meta = model._meta
        prefix = f"admin:{meta.app_label}_{meta.model_name}"
        urls.append(reverse(f"{prefix}_changelist"))
        if model_admin.has_add_permission(request):
            urls.append(reverse(f"{prefix}_add"))
        first = model._default_manager.order_by("pk").first()
        if first is not None:
            urls.append(reverse(f"{prefix}_change", args=[first.pk]))
    labels = sorted({model._meta.app_label for model in admin.site._registry})
    return urls + [reverse("admin:app_list", args=[label]) for label in labels]


def test_the_checks_catch_the_forms_seen_in_use() -> None:
    """The patterns find what the back office showed, and pass the French it should show."""
    seen = [
        "Par priority", "Task Results", "Par en pause", "188 boîte d’envoi locale",
        "Rechercher dans les registre d’envoi", "Supprimer les éditions sélectionnés",
        "Ajout de édition", "Key",
    ]  # fmt: skip
    for text in seen:
        assert faults(f"<html><body><h1>{text}</h1></body></html>"), text
    good = [
        "Par état", "188 messages de la boîte d’envoi locale",
        "Supprimer les éditions sélectionnées", "Ajout d’une édition", "Tâches de fond",
        "Rechercher dans les jetons d’API",
    ]  # fmt: skip
    for text in good:
        assert not faults(f"<html><body><h1>{text}</h1></body></html>"), text


@pytest.mark.django_db(transaction=True)  # the demo's send runs its worker in a thread
def test_every_admin_page_is_in_french(demo_admin: Client) -> None:
    """No English and no broken French on any page of the back office."""
    found = {}
    pages = admin_pages()
    for url in pages:
        response = demo_admin.get(url)
        assert response.status_code == 200, url
        if problems := faults(response.content.decode()):
            found[url] = problems
    assert len(pages) > 30
    assert not found, "\n".join(f"{url}: {p}" for url, ps in found.items() for p in ps)
