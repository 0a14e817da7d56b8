"""A day of items for the morning desk: two stories, one from three sources (invented)."""

from __future__ import annotations

import datetime as dt

STORIES = [
    (
        "Gazette du commerce",
        "Cabasso : le panier moyen recule de 7 %",
        "La plateforme Cabasso annonce un panier moyen en recul de 7 % sur un an, à 58 euros. "
        "En cause, les frais de livraison, que 4 clients sur 10 refusent de payer.",
    ),
    (
        "Le Fil e-commerce",
        "Panier moyen en baisse de 7 % chez Cabasso",
        "Chez Cabasso, le panier moyen baisse de 7 % sur un an et tombe à 58 euros, "
        "la livraison payante freinant 4 clients sur 10.",
    ),
    (
        "Retail Hebdo",
        "Cabasso voit son panier moyen fondre de 7 %",
        "Le panier moyen de Cabasso fond de 7 % en un an, à 58 euros, selon la plateforme.",
    ),
    (
        "Relation Client Mag",
        "Telvia confie 30 % de ses conversations à un agent <script>alert(1)</script>",
        "L'opérateur Telvia confie 30 % de ses conversations clients à un agent "
        "conversationnel. « Nos clients ne veulent pas attendre une minute de plus au "
        "téléphone », explique Claire Fontenay, directrice de la relation client de Telvia.",
    ),
]


def seed_items(day: dt.date) -> None:
    """The four items, published inside the day's newsroom window."""
    from numeriq.newsroom import drafting
    from numeriq.sources.models import Item, Source

    start, _end = drafting.window(day)
    for n, (source_name, title, text) in enumerate(STORIES):
        source, _ = Source.objects.get_or_create(
            url=f"https://{n}.sources.example/feed", defaults={"title": source_name}
        )
        Item.objects.create(
            source=source,
            key=f"story-{n}",
            url=f"https://{n}.sources.example/article-{n}",
            title=title,
            summary=text,
            text=text,
            language="fr",
            published_at=start + dt.timedelta(hours=1, minutes=n),
        )


MORE_STORIES = [
    (
        "Le Fil e-commerce",
        "Bricoline teste le paiement sans caisse dans 12 magasins",
        "Le réseau Bricoline teste le paiement sans caisse dans 12 magasins d'Île-de-France, "
        "avec des étiquettes lues par le téléphone des clients.",
    ),
    (
        "Retail Hebdo",
        "Vendomatic rachète le spécialiste des casiers Boîtelib",
        "Le distributeur Vendomatic rachète Boîtelib, qui exploite 900 casiers de retrait dans "
        "les gares, pour 40 millions d'euros.",
    ),
    (
        "Marketing Matin",
        "La marque Solveig arrête ses publicités à la télévision",
        "La marque de cosmétiques Solveig arrête la publicité télévisée et consacre son budget "
        "aux créateurs de vidéos courtes, annonce sa directrice générale.",
    ),
    (
        "Relation Client Mag",
        "Assurea ferme son centre d'appels de Nantes",
        "L'assureur Assurea ferme son centre d'appels de Nantes et reclasse 120 conseillers "
        "dans ses agences, faute d'appels depuis l'ouverture de son service par messagerie.",
    ),
    (
        "Gazette du commerce",
        "Les colis de Noël arriveront plus tard cette année, prévient Postalis",
        "Le transporteur Postalis prévient que les colis de Noël mettront deux jours de plus "
        "à arriver, à cause d'une grève de ses plateformes de tri.",
    ),
    (
        "Tech Business",
        "La jeune pousse Cartalo lève 15 millions pour ses cartes fidélité",
        "La jeune pousse lyonnaise Cartalo lève 15 millions d'euros pour développer ses cartes "
        "de fidélité dématérialisées auprès des commerçants de quartier.",
    ),
]


def seed_more(day: dt.date) -> None:
    """Six more stories of one source each, published inside the day's newsroom window."""
    from numeriq.newsroom import drafting
    from numeriq.sources.models import Item, Source

    start, _end = drafting.window(day)
    for n, (source_name, title, text) in enumerate(MORE_STORIES, start=10):
        source, _ = Source.objects.get_or_create(
            url=f"https://{n}.sources.example/feed", defaults={"title": source_name}
        )
        Item.objects.create(
            source=source,
            key=f"story-{n}",
            url=f"https://{n}.sources.example/article-{n}",
            title=title,
            summary=text,
            text=text,
            language="fr",
            published_at=start + dt.timedelta(hours=2, minutes=n),
        )
