"""The learned brief writer: its shipped model, the words' chances, determinism."""

from __future__ import annotations

import importlib.util
import json
import math
import sys
from pathlib import Path

from numeriq.newsroom import learned
from numeriq.newsroom.writer import write_brief

ROOT = Path(__file__).resolve().parents[2]

ARTICLE = (
    "Le groupe Cabasso a racheté la start-up lyonnaise Panierco pour 42 millions d'euros, "
    "a annoncé mardi sa direction. Cabasso compte ainsi doubler ses livraisons en Rhône-Alpes "
    "d'ici à 2027. La start-up, fondée en 2016, emploie 120 personnes.\n"
    "Panierco livre des paniers de produits frais en moins de deux heures. Ses fondateurs "
    "restent à la tête de l'entreprise. Le marché de la livraison rapide reste très disputé, "
    "et plusieurs concurrents ont fermé depuis un an. Cabasso n'a pas dit combien de "
    "magasins suivraient."
)


def _train_module():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("train_writer", ROOT / "scripts/train_writer.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("train_writer", module)
    spec.loader.exec_module(module)
    return module


def test_the_model_file_credits_orangesum_and_holds_both_models() -> None:
    data = json.loads(learned.MODEL_PATH.read_text(encoding="utf-8"))
    assert "OrangeSum" in data["credit"] and "CC BY-SA 4.0" in data["credit"]
    assert data["licence"] == "CC-BY-SA-4.0"
    assert set(data["token_weights"]) == set(learned.TOKEN_FEATURES)
    assert all(isinstance(v, float) for v in [*data["weights"].values()])
    assert {"exp_f1", "exp_prec"} <= set(data["weights"])
    assert learned.MODEL_PATH.stat().st_size < 150_000  # small: weights and a few thousand priors
    model = learned.load_model()
    assert len(model.token_weights) == len(learned.TOKEN_FEATURES)


def test_a_word_the_article_repeats_from_its_lede_is_likelier_in_the_abstract() -> None:
    chances = learned.token_chances(ARTICLE, learned.load_model().token_weights)
    assert chances["cabasso"] > chances["concurrents"]
    assert chances["panierco"] > chances["magasins"]
    assert all(0 < p < 1 for p in chances.values())


def test_a_pair_counts_a_shared_word_once() -> None:
    chances = {"cabasso": 0.8, "rachete": 0.5}
    one = learned.expected_features(chances, ["cabasso", "rachete"])
    twice = learned.expected_features(chances, ["cabasso", "rachete", "cabasso", "rachete"])
    assert math.isclose(one["exp_overlap"], twice["exp_overlap"])
    assert twice["exp_prec"] < one["exp_prec"]  # the repeats only make it longer


def test_the_writer_is_deterministic_whatever_came_before() -> None:
    first = write_brief("", [ARTICLE])
    for other in ("Une autre histoire commence ici avec des mots. Elle finit là.", ARTICLE[::-1]):
        write_brief("", [other])
    learned.load_model.cache_clear()
    assert write_brief("", [ARTICLE]) == first
    assert first.text.startswith("Le groupe Cabasso a racheté")


def test_training_is_deterministic_on_the_same_rows() -> None:
    train = _train_module()
    rows = [
        {"text": ARTICLE, "abstract": "Cabasso rachète Panierco pour 42 millions d'euros."},
        {
            "text": (
                "La mairie de Tulle ouvre lundi une piscine olympique de huit couloirs. "
                "Le chantier a coûté 3 millions d'euros à la ville et à la région."
            ),
            "abstract": "Tulle ouvre une piscine de 3 millions d'euros.",
        },
    ]
    first = train.fit_tokens(rows, steps=20)
    assert first == train.fit_tokens(rows, steps=20)
    features, targets, groups = train.examples(rows, 45, first)
    assert (features, targets, groups) == train.examples(rows, 45, first)
    assert groups[0] == 0 and groups[-1] == 1 and len(features) == len(targets)


def test_the_fast_chances_are_the_logistic_model_over_the_training_features() -> None:
    weights = learned.load_model().token_weights
    chances = learned.token_chances(ARTICLE, weights)
    features = learned.token_features(ARTICLE)
    assert chances.keys() == features.keys()
    for word, values in features.items():
        z = sum(w * v for w, v in zip(weights, values, strict=True))
        assert math.isclose(chances[word], 1 / (1 + math.exp(-z)), rel_tol=1e-9)
    only = frozenset({"cabasso", "absent"})
    assert learned.token_chances(ARTICLE, weights, only) == {"cabasso": chances["cabasso"]}


def test_a_sentence_without_its_opening_complement_is_a_form() -> None:
    """« Dimanche matin à Venise, l'équipage … »: the writer may take « L'équipage … »
    (valid R1/R2/RL 31.4/11.8/20.9 with this form, 31.3/11.7/20.8 without)."""
    sentence = (
        "Dimanche matin à Venise, l'équipage du MSC Opéra a perdu le contrôle du paquebot, à "
        "son arrivée dans le port de la cité des Doges."
    )
    made = learned._forms_of(sentence)
    assert made[0] == sentence and made[-1].startswith("L'équipage du MSC Opéra a perdu")
