"""Benchmark: the archive's search over ten years of daily editions.

What it measures: the wall time of one search page (GET /archives/recherche/?q=…, through
Django's test client, no page cache) for a few queries: a rare word, a common one, two words
and a word found nowhere; median and p95 in ms over --runs requests each, after one warm-up.
The page runs three queries (COUNT, one page of 20, their items) on the folded `search_text`
column: a LIKE scan on SQLite, the GIN full-text index on PostgreSQL; nothing is read in
Python but the shown editions. The tables are ANALYZEd after filling, as autovacuum would.

How: --editions published editions (default 3,650: ten years) are written with bulk_create,
each with an editorial and six items of generated French-like text (about 300 words, drawn
from a fixed vocabulary with a fixed seed), into a throwaway database: SQLite by default,
PostgreSQL with --database-url postgres://… (a database of its own, dropped at the end).
Nothing is asserted; target: < 100 ms a page at 3,650 editions.

Run:  .venv/bin/python bench/archive_search.py [--editions 3650] [--runs 20]
      .venv/bin/python bench/archive_search.py --database-url postgres://postgres@127.0.0.1:5432/postgres
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import sys
import tempfile
import time

import _database
from _machine import header

WORDS = (
    "économie", "numérique", "commerce", "client", "panier", "livraison", "colis", "entrepôt",
    "magasin", "enseigne", "marketing", "publicité", "plateforme", "abonnement", "paiement",
    "caisse", "conseiller", "assistant", "données", "vente", "prix", "promotion", "marge",
    "croissance", "recul", "salariés", "emplois", "réseau", "application", "mobile", "site",
    "retrait", "commande", "retour", "remboursement", "crédit", "banque", "assurance",
    "opérateur", "télécom", "logistique", "transport", "entrepôts", "fourmi", "cigale",
    "soldes", "rentrée", "fêtes", "hiver", "été", "marché",
)  # fmt: skip
FILLER = (
    "le", "la", "les", "des", "du", "un", "une", "et", "en", "pour", "sur", "avec", "dans",
    "par", "qui", "que", "mais", "plus",
)  # fmt: skip
QUERIES = ("kaleidoscope", "livraison", "économie panier", "introuvable")


def _sentence(rng: random.Random, words: int) -> str:
    picked = [rng.choice(WORDS if rng.random() < 0.5 else FILLER) for _ in range(words)]
    return " ".join(picked).capitalize() + "."


def fill(count: int) -> None:
    """Write `count` published editions, one a day back from 2030-12-31."""
    from numeriq.editions.document import EditionDoc, Item, ItemKind
    from numeriq.editions.models import Edition, EditionItem
    from numeriq.editions.summary import search_text

    rng = random.Random(11)
    last = dt.date(2030, 12, 31)
    for start in range(0, count, 500):
        editions, items = [], []
        for n in range(start, min(count, start + 500)):
            day = last - dt.timedelta(days=n)
            parts = tuple(
                Item(
                    kind=ItemKind.TITLED,
                    heading=_sentence(rng, 3)[:-1],
                    body=" ".join(_sentence(rng, 14) for _ in range(3)),
                )
                for _ in range(6)
            )
            editorial = " ".join(_sentence(rng, 15) for _ in range(2))
            if n == count // 2:
                editorial += " Un kaleidoscope."
            doc = EditionDoc(date=day, editorial=editorial, items=parts)
            editions.append(
                Edition(
                    date=day,
                    slug=f"edition-{n}",
                    editorial=editorial,
                    status="published",
                    search_text=search_text(doc),
                )
            )
            items.append(parts)
        saved = Edition.objects.bulk_create(editions)
        EditionItem.objects.bulk_create(
            EditionItem(
                edition=edition, position=p, kind=i.kind.value, heading=i.heading, body=i.body
            )
            for edition, parts in zip(saved, items, strict=True)
            for p, i in enumerate(parts)
        )


def main() -> None:
    """Fill, then time each query's page."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--editions", type=int, default=3650)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--database-url", default="")
    args = parser.parse_args()
    # One client makes every search: the rate limit's count is timed, never its refusal.
    os.environ["NUMERIQ_SEARCH_RATE_PER_IP"] = "1000000/minute"
    with tempfile.TemporaryDirectory() as var_dir:
        described = _database.setup(var_dir, args.database_url, "bench_archive_search")
        try:
            from django.db import connection
            from django.test import Client
            from django.test.utils import CaptureQueriesContext

            print(header("archive search"))
            print(f"database: {described}; {args.editions} published editions")
            started = time.perf_counter()
            fill(args.editions)
            with connection.cursor() as cursor:  # as autovacuum would, some time after
                cursor.execute("ANALYZE editions_edition" if args.database_url else "ANALYZE")
            print(f"filled in {time.perf_counter() - started:.1f} s (then ANALYZE)")
            client = Client(HTTP_HOST="127.0.0.1")
            for query in QUERIES:
                client.get("/archives/recherche/", {"q": query})
                timings = []
                with CaptureQueriesContext(connection) as queries:
                    for _ in range(args.runs):
                        began = time.perf_counter()
                        response = client.get("/archives/recherche/", {"q": query})
                        timings.append((time.perf_counter() - began) * 1000)
                found = response.content.decode().count('class="entry"')
                p95 = statistics.quantiles(timings, n=20)[-1]
                print(
                    f"q={query!r:20} median {statistics.median(timings):6.1f} ms  "
                    f"p95 {p95:6.1f} ms  {len(queries) // args.runs} SQL queries  "
                    f"{found} shown"
                )
        finally:
            if args.database_url:
                _database.drop(args.database_url, "bench_archive_search")


if __name__ == "__main__":
    sys.exit(main())
