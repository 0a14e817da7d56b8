"""The publisher's pages: mentions légales (LCEN art. 6 III) and politique de confidentialité.

Both are generated from the NUMERIQ_PUBLISHER_*, NUMERIQ_HOST_* and NUMERIQ_PRIVACY_*
settings and from what numeriq really does with readers' data (its retention settings, the
email relay it is configured with). A detail left empty is omitted from the page; a required
one left empty, or the demo's invented publisher on an https site, is flagged to the desk.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core import checks
from django.utils.translation import gettext as _

from numeriq.config import DOCUMENTED
from numeriq.text.typography import typographize

# Setting attribute → its environment name; the required ones make the LCEN's minimum.
REQUIRED = (
    "PUBLISHER_NAME",
    "PUBLISHER_ADDRESS",
    "PUBLISHER_PHONE",
    "PUBLISHER_EMAIL",
    "PUBLICATION_DIRECTOR",
    "HOST_NAME",
    "HOST_ADDRESS",
    "HOST_PHONE",
)
OPTIONAL = ("PUBLISHER_LEGAL_FORM", "PUBLISHER_CAPITAL", "PUBLISHER_REGISTRATION", "PUBLISHER_VAT")
# The details that describe the demo's invented publisher while they keep their defaults.
EXAMPLE = ("PUBLISHER_NAME", "PUBLISHER_ADDRESS", "PUBLISHER_EMAIL", "HOST_NAME")


def _env_name(attribute: str) -> str:
    return f"NUMERIQ_{attribute}"


def _value(attribute: str) -> str:
    return str(getattr(settings, attribute, "") or "").strip()


def _default(attribute: str) -> str:
    name = _env_name(attribute)
    return next(doc.default for doc in DOCUMENTED if doc.name == name)


@dataclass(frozen=True)
class Publisher:
    """The publisher's and host's details as the pages show them ('' when not set)."""

    name: str
    legal_form: str
    capital: str
    address: str
    registration: str
    vat: str
    phone: str
    email: str
    director: str
    host_name: str
    host_address: str
    host_phone: str
    privacy_email: str
    dpo: str

    @classmethod
    def from_settings(cls) -> Publisher:
        """The details configured by the settings, typographized, empty ones as ''."""
        text = {attribute: typographize(_value(attribute)) for attribute in REQUIRED + OPTIONAL}
        return cls(
            name=text["PUBLISHER_NAME"],
            legal_form=text["PUBLISHER_LEGAL_FORM"],
            capital=text["PUBLISHER_CAPITAL"],
            address=text["PUBLISHER_ADDRESS"],
            registration=text["PUBLISHER_REGISTRATION"],
            vat=text["PUBLISHER_VAT"],
            phone=text["PUBLISHER_PHONE"],
            email=_value("PUBLISHER_EMAIL"),
            director=text["PUBLICATION_DIRECTOR"],
            host_name=text["HOST_NAME"],
            host_address=text["HOST_ADDRESS"],
            host_phone=text["HOST_PHONE"],
            privacy_email=_value("PRIVACY_EMAIL") or _value("PUBLISHER_EMAIL"),
            dpo=typographize(_value("PRIVACY_DPO")),
        )


def missing_required() -> list[str]:
    """Environment names of the required details that are empty."""
    return [_env_name(attribute) for attribute in REQUIRED if not _value(attribute)]


def is_example() -> bool:
    """Whether the pages still describe the demo's invented publisher."""
    return any(_value(attribute) == _default(attribute) for attribute in EXAMPLE)


def email_provider() -> str:
    """Who relays the emails, for the privacy policy; '' when they never leave this server."""
    if named := _value("PRIVACY_EMAIL_PROVIDER"):
        return typographize(named)
    email = settings.EMAIL
    if email.scheme == "ses":
        return "Amazon Web Services (Amazon SES)"
    if email.scheme == "brevo":
        return "Brevo (Sendinblue SAS, France)"
    if email.scheme in ("smtp", "smtps", "smtp+plain"):
        return _("le relais de messagerie %(host)s") % {"host": email.host}
    return ""  # capture:// and console://: kept on this server, nothing is sent


def problems() -> list[str]:
    """What the desk must hear about these pages: required details missing, example left."""
    found = []
    if missing := missing_required():
        found.append(
            _("Mentions légales incomplètes : renseignez %(names)s.")
            % {"names": ", ".join(missing)}
        )
    if settings.SITE_URL.startswith("https://") and is_example():
        found.append(
            _(
                "Les mentions légales et la politique de confidentialité décrivent encore "
                "l’éditeur fictif de la démonstration : renseignez les réglages "
                "NUMERIQ_PUBLISHER_*, NUMERIQ_PUBLICATION_DIRECTOR et NUMERIQ_HOST_*."
            )
        )
    return found


def page_context() -> dict[str, Any]:
    """What the two templates need: the details, the retention settings, the relay."""
    return {
        "publisher": Publisher.from_settings(),
        "example": is_example(),
        "email_provider": email_provider(),
        "pending_days": int(settings.PENDING_DAYS),
        "confirmation_hours": int(settings.CONFIRMATION_HOURS),
        "data_link_hours": int(settings.PERSONAL_DATA_LINK_HOURS),
        "log_days": int(settings.PRIVACY_LOG_DAYS),
    }


@checks.register(checks.Tags.security, deploy=True)
def check_publisher(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    """`numeriq manage check --deploy`: the mentions légales' required details, no example."""
    found: list[checks.CheckMessage] = []
    if missing := missing_required():
        found.append(
            checks.Warning(
                f"the mentions légales lack required details: {', '.join(missing)}",
                hint="set them in the environment (docs/settings.md)",
                id="numeriq.W001",
            )
        )
    if is_example():
        found.append(
            checks.Warning(
                "the mentions légales and the privacy policy still describe the demo's "
                "invented publisher",
                hint="set NUMERIQ_PUBLISHER_*, NUMERIQ_PUBLICATION_DIRECTOR and NUMERIQ_HOST_*",
                id="numeriq.W002",
            )
        )
    return found
