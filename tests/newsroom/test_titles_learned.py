"""Informative titles, the fragment check, and the learned writer's weights and determinism."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from numeriq.newsroom import learned
from numeriq.newsroom.titles import fragment_reasons, informative_title, is_fragment, topic
from numeriq.newsroom.writer import write_brief
from tests.newsroom.training import train_twice, write_split

ROOT = Path(__file__).resolve().parents[2]

# Headings numeriq offered on real articles before informative titles (issue 10).
FRAGMENTS = [
    "C'est ainsi que Bruno",
    "D'un",
    "Voici",
    "Qu'il pleut",
    "Édition de mercredi 10",
    "France a convoqué",
    "L'agence Médiaplus rachète",
    "Retail media pèsera 2",
    "Le groupe va racheter",
    "Les ventes ont progressé de 9 % par rapport",
    "Les clients devront passer",
    "L'entreprise n'a pas réussi",
    "Fondée en 1996, la jeune pousse permet aux annonceurs de produire",
    "Le parquet a ouvert une enquête pour",
    "Cette hausse du nombre de morts sera due",
    "La limitation",
    "De son côté, l'oratrice a regretté",
    "« Un début de réponse",
    "« la levée de fonds a échoué »",
]
TITLES = [
    "Venise : un paquebot incontrôlable sème la panique",
    "Le parquet de Paris ouvre une enquête",
    "Telvia confie 30 % de ses appels à un robot",
    "Séisme de magnitude 6,7 aux Philippines",
    "Benoît Hamon en difficulté dans les Yvelines",
]


@pytest.mark.parametrize("title", FRAGMENTS)
def test_the_fragment_check_flags_fragments(title: str) -> None:
    """Function-word or bare-number ends, bad openers, a lone noun, open quotes."""
    assert is_fragment(title), title


@pytest.mark.parametrize("title", TITLES)
def test_the_fragment_check_passes_complete_titles(title: str) -> None:
    """Main clauses and noun phrases pass."""
    assert fragment_reasons(title) == []


def test_informative_title_is_a_complete_phrase_of_at_most_12_words() -> None:
    """The main clause without its opener nor its trailing clauses, the topic before it."""
    article = (
        "Sur les réseaux sociaux, les images sont impressionnantes. Dimanche matin à Venise, "
        "l'équipage du MSC Opéra a perdu le contrôle du paquebot, à son arrivée dans le port. "
        "Le MSC Opéra a heurté le quai.Quatre personnes ont été blessées à Venise."
    )
    brief = write_brief("", [article])
    title = informative_title(brief.text, [article])
    assert title == brief.title
    assert 2 <= len(title.split()) <= 12 and not is_fragment(title), title
    assert "MSC Opéra" in title or "Venise" in title
    assert topic([article]) in {"MSC Opéra", "Venise"}


def test_the_shipped_weights_carry_their_licence_and_credit() -> None:
    """Small, readable, credited to OrangeSum under CC BY-SA 4.0."""
    path = learned.MODEL_PATH
    assert path.stat().st_size < 150_000  # weights and a few thousand words' priors
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["licence"] == "CC-BY-SA-4.0" and "OrangeSum" in data["credit"]
    assert len(data["weights"]) >= 20
    notice = path.with_name("writer_model.LICENSE.md").read_text(encoding="utf-8")
    assert "CC BY-SA 4.0" in notice and "OrangeSum" in notice


def test_the_writer_is_deterministic() -> None:
    """The same articles give the same brief and title, in any order of calls."""
    texts = [
        "La plateforme Cabasso annonce un recul de 7 % de son panier moyen.Il s'agit du "
        "premier recul. La direction vise 40 000 clients en 2027.",
        "Telvia confie 30 % de ses appels à un robot. Le syndicat proteste.",
    ]
    first = [write_brief("", [t]) for t in texts]
    again = [write_brief("", [t]) for t in reversed(texts)][::-1]
    assert first == again


def _synthetic(rows: int) -> list[dict[str, object]]:
    found: list[dict[str, object]] = []
    for n in range(rows):
        text = (
            f"Une introduction sans fait numéro {n}. La société Alpha{n} a annoncé lundi "
            f"la suppression de {n + 10} postes dans son usine de Lyon. Les syndicats "
            "dénoncent une décision brutale. Un détail sans rapport suit ici."
        )
        abstract = f"La société Alpha{n} a annoncé la suppression de {n + 10} postes à Lyon."
        found.append({"id": n, "text": text, "abstract": abstract, "title": "t"})
    return found


def test_training_is_deterministic_and_learns(tmp_path: Path) -> None:
    """Two runs on the same data write the same weights, and they pick the event."""
    write_split(tmp_path, _synthetic(40))
    trained = train_twice("train_writer.py", tmp_path, 40)
    model = learned.Model(json.loads(trained)["weights"])
    article = (
        "Une introduction sans fait numéro 99. La société Beta a annoncé lundi la "
        "suppression de 120 postes dans son usine de Lyon. Les syndicats dénoncent."
    )
    best = learned.best_candidate([article], 45, model)
    assert best is not None and best.text.startswith("La société Beta a annoncé")
