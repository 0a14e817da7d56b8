"""French plurals: « 0 article lu », not the English rule's « 0 articles lus »."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from django.template import Context, Template
from django.utils import translation

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize(
    ("count", "written"), [(0, "0 édition"), (1, "1 édition"), (2, "2 éditions")]
)
def test_zero_is_singular_in_french(count: int, written: str) -> None:
    """French says « 0 édition mise à jour »; English says « 0 editions updated »."""
    with translation.override("fr"):
        text = translation.ngettext("%d édition mise à jour.", "%d éditions mises à jour.", count)
        assert text % count == f"{written} {'mises' if count > 1 else 'mise'} à jour."
        page = Template(
            "{% load i18n %}{% blocktranslate count counter=n with n=n %}{{ n }} article lu, "
            "classé à {{ computed_at }} (mis à jour toutes les 5 minutes).{% plural %}"
            "{{ n }} articles lus, classés à {{ computed_at }} (mis à jour toutes les 5 "
            "minutes).{% endblocktranslate %}"
        ).render(Context({"n": count, "computed_at": "07:00"}))
        assert page.startswith(f"{count} article lu," if count < 2 else f"{count} articles lus,")
    with translation.override("en"):
        english = translation.ngettext("%d édition mise à jour.", "%d éditions mises à jour.", 0)
        assert english % 0 == "0 editions updated."


def test_the_french_catalogue_has_every_plural_message() -> None:
    """The English catalogue's plural messages are all in the French one (`make messages`)."""
    checked = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "french_catalogue.py"), "--check"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert checked.returncode == 0, checked.stderr


def test_django_s_own_french_has_typographic_apostrophes() -> None:
    """Django's French writes « Lien pour l'ajout »; numeriq's catalogue gives « l’ajout »."""
    with translation.override("fr"):
        assert translation.gettext("Add link") == "Lien pour l’ajout"
        assert translation.gettext("None available") == "Aucune pour l’instant"  # not « (e) »
        message = translation.ngettext(
            "Ensure that there are no more than %(max)s digit in total.",
            "Ensure that there are no more than %(max)s digits in total.",
            1_000_000,
        )
        assert message == "Assurez-vous qu’il n’y a pas plus de %(max)s chiffres au total."
