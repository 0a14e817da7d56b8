"""French typography and French dates."""

from __future__ import annotations

import datetime as dt

import pytest

from numeriq.text.french import french_date, french_number, french_weekday_date, reading_minutes
from numeriq.text.typography import NBSP, NNBSP, typographize


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Le gratuit, ça n'a pas de prix !", f"Le gratuit, ça n’a pas de prix{NNBSP}!"),
        ("Allô, l'assistant?", f"Allô, l’assistant{NNBSP}?"),
        ("Vraiment ; si.", f"Vraiment{NNBSP}; si."),
        ("comme les moutons : pour", f"comme les moutons{NBSP}: pour"),
        ("« Nos clients »", f"«{NBSP}Nos clients{NBSP}»"),
        ("«Bonjour»", f"«{NBSP}Bonjour{NBSP}»"),
        ('il dit "bonjour" ici', f"il dit «{NBSP}bonjour{NBSP}» ici"),
        ("40 000 clients", f"40{NNBSP}000{NBSP}clients"),
        ("1 200 000 euros", f"1{NNBSP}200{NNBSP}000{NBSP}euros"),
        ("en recul de 7 % sur un an", f"en recul de 7{NBSP}% sur un an"),
        ("6 millions", f"6{NBSP}millions"),
        ("en musique...", "en musique…"),
        ("Quoi ?!", f"Quoi{NNBSP}?!"),
        ("Numériq'1", "Numériq’1"),
        ("les heures sup' du dimanche", "les heures sup’ du dimanche"),
        ("fini, les heures sup'.", "fini, les heures sup’."),
        ("va créer 400 emplois", f"va créer 400{NBSP}emplois"),
        ("12 magasins", f"12{NBSP}magasins"),
        ("5 000 personnes", f"5{NNBSP}000{NBSP}personnes"),
        ("d'ici à 2027 pour rapatrier", "d’ici à 2027 pour rapatrier"),
    ],
)
def test_french_rules(raw: str, expected: str) -> None:
    """Spaces, apostrophes, quotes and numbers follow French rules."""
    assert typographize(raw) == expected


@pytest.mark.parametrize("raw", ["à 10:30 précises", "https://example.org/?a=1", "2026", "v2.0"])
def test_leaves_times_urls_and_years_alone(raw: str) -> None:
    """Times, URLs and years are not touched."""
    assert typographize(raw) == raw


def test_is_idempotent() -> None:
    """Applying typography twice changes nothing more."""
    once = typographize("« Oui ! » dit-il : 40 000 clients, 7 % de plus... l'an dernier ?")
    assert typographize(once) == once


def test_french_dates() -> None:
    """Dates are written out in French, without leading zero, with '1er'."""
    assert french_date(dt.date(2018, 6, 13)) == "13 juin 2018"
    assert french_date(dt.date(2026, 3, 1)) == "1er mars 2026"
    assert french_date(dt.date(2026, 8, 5)) == "5 août 2026"
    assert french_weekday_date(dt.date(2026, 11, 27)) == "vendredi 27 novembre 2026"


def test_reading_minutes() -> None:
    """At least one minute for any text, none for an empty one; rounded to the minute."""
    assert reading_minutes(0, 230) == 0
    assert reading_minutes(1, 230) == 1
    assert reading_minutes(300, 230) == 1
    assert reading_minutes(600, 230) == 3


def test_french_numbers() -> None:
    """Digit groups by a narrow no-break space, a decimal comma, rounded as asked."""
    assert french_number(40000) == "40\u202f000"
    assert french_number(5.94, 1) == "5,9"
    assert french_number(3, 1) == "3,0"
    assert french_number(1234567.25, 2) == "1\u202f234\u202f567,25"
    assert french_number(999) == "999"
