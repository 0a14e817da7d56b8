"""Migration 0003: an image's one text stays its alt text; no caption is invented."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("editions", "0002_search_text")]
AFTER = [("editions", "0003_image_caption")]


@pytest.mark.django_db(transaction=True)
def test_existing_image_text_stays_the_alt_text() -> None:
    """An item saved before the caption existed keeps its text as alt, with no caption."""
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    edition = old.get_model("editions", "Edition").objects.create(
        date=dt.date(2026, 5, 4), slug="x"
    )
    old.get_model("editions", "EditionItem").objects.create(
        edition=edition,
        position=0,
        kind="titled",
        body="Texte.",
        image_url="/static/a.png",
        image_alt="Un chariot vert",
    )
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(AFTER)
    new = executor.loader.project_state(AFTER).apps
    item = new.get_model("editions", "EditionItem").objects.get()
    assert (item.image_url, item.image_alt, item.image_caption, item.image_decorative) == (
        "/static/a.png",
        "Un chariot vert",
        "",
        False,
    )
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
