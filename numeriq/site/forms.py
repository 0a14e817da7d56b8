"""Public forms: subscribing and preferences."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from numeriq.audience.addresses import normalise
from numeriq.audience.errors import InvalidAddressError
from numeriq.audience.models import Frequency
from numeriq.text.french import WEEKDAYS
from numeriq.text.typography import typographize


class SubscribeForm(forms.Form):
    """Address, consent checkbox (its exact text is logged), and a honeypot for bots."""

    email = forms.CharField(label=_("Votre adresse email"), max_length=254)
    consent = forms.BooleanField(label="", required=True)
    website = forms.CharField(label=_("Ne pas remplir ce champ"), required=False)

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["consent"].label = typographize(settings.CONSENT_TEXT)

    def clean_email(self) -> str:
        try:
            return normalise(self.cleaned_data["email"])
        except InvalidAddressError:
            raise ValidationError(
                _("Cette adresse email n’est pas valide."), code="invalid"
            ) from None

    @property
    def is_bot(self) -> bool:
        """Whether the hidden field was filled (only bots see it)."""
        return bool(self.data.get("website"))


PAUSES = [(0, _("Pas de pause")), (7, _("1 semaine")), (14, _("2 semaines")), (30, _("1 mois"))]


class PreferencesForm(forms.Form):
    """Daily or weekly, which day for the weekly recap, and a pause."""

    frequency = forms.ChoiceField(
        label=_("Je veux recevoir"), choices=Frequency.choices, widget=forms.RadioSelect
    )
    weekly_day = forms.TypedChoiceField(
        label=_("Jour du récapitulatif"),
        choices=[(index, day.capitalize()) for index, day in enumerate(WEEKDAYS)],
        coerce=int,
    )
    pause_days = forms.TypedChoiceField(
        label=_("Mettre en pause"), choices=PAUSES, coerce=int, required=False, empty_value=0
    )
