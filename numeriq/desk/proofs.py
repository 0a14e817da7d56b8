"""Test sends ("proofs"): the saved edition to a list of addresses saved per editor, with
links that work before publication, and the captured messages shown rendered in the desk."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_GET, require_POST

from numeriq import NumeriqError
from numeriq.audience.addresses import InvalidAddressError, normalise
from numeriq.audience.models import Subscriber
from numeriq.audience.tokens import Purpose, make_token
from numeriq.delivery import testsend
from numeriq.delivery.models import CapturedMessage
from numeriq.desk.models import DeskProfile
from numeriq.desk.roles import role_required
from numeriq.editions.models import Edition, EditionStatus

MAX_ADDRESSES = 10
TEST_PREFIX = "[TEST]"


def saved_addresses(user: Any) -> list[str]:
    """The editor's saved test addresses; their account's address when none is saved."""
    profile = DeskProfile.objects.filter(user_id=user.pk).first()
    saved = profile.addresses() if profile else []
    return saved or ([user.email] if getattr(user, "email", "") else [])


def split_addresses(raw: str) -> tuple[list[str], list[str]]:
    """(valid normalised addresses, refused entries) of a comma, space or newline list."""
    good: list[str] = []
    bad: list[str] = []
    for entry in raw.replace(",", " ").replace(";", " ").split():
        try:
            address = normalise(entry)
        except InvalidAddressError:
            bad.append(entry)
        else:
            if address not in good:
                good.append(address)
    return good, bad


def proof_links(edition: Edition, address: str) -> tuple[str, str]:
    """(« Lire en ligne », « Se désabonner ») links of a test that lead somewhere real."""
    site = str(settings.SITE_URL)
    if edition.status in (EditionStatus.PUBLISHED, EditionStatus.SENT):
        web = edition.web_url()
    else:  # not public yet: the desk's preview, for the editors
        web = site + reverse("desk:preview", args=[edition.date, "web"])
    subscriber = Subscriber.objects.filter(email=address).first()
    if subscriber is not None:  # the tester's own link, as a reader would get it
        leave = site + reverse(
            "site:unsubscribe", kwargs={"token": make_token(Purpose.UNSUBSCRIBE, subscriber)}
        )
    else:
        leave = site + reverse("desk:proof_unsubscribe")
    return web, leave


def _save(user: Any, addresses: list[str]) -> None:
    DeskProfile.objects.update_or_create(
        user_id=user.pk, defaults={"test_addresses": "\n".join(addresses)}
    )


@require_POST
@role_required()
def test_send(request: HttpRequest, day: dt.date) -> HttpResponse:
    """Send the saved edition to the posted addresses (remembered for next time)."""
    edition = Edition.objects.filter(date=day).first()
    if edition is None:
        raise Http404
    raw = request.POST.get("adresses")
    addresses, refused = (
        split_addresses(str(raw)) if raw is not None else (saved_addresses(request.user), [])
    )
    if refused:
        messages.error(
            request,
            ngettext(
                "Adresse non valable, ignorée : %(list)s.",
                "Adresses non valables, ignorées : %(list)s.",
                len(refused),
            )
            % {"list": ", ".join(refused)},
        )
    if len(addresses) > MAX_ADDRESSES:
        messages.error(
            request,
            _("Au plus %(n)d adresses de test : les suivantes sont ignorées.")
            % {"n": MAX_ADDRESSES},
        )
        addresses = addresses[:MAX_ADDRESSES]
    if not addresses:
        messages.error(request, _("Indiquez au moins une adresse pour l’envoi de test."))
        return redirect("desk:compose", day=day)
    if raw is not None:
        _save(request.user, addresses)
    sent: list[str] = []
    for address in addresses:  # one refused address never stops the others
        web, leave = proof_links(edition, address)
        try:
            testsend.send_test(edition, address, web_url=web, unsubscribe_url=leave)
        except (NumeriqError, OSError, ValueError) as error:
            messages.error(
                request,
                _("Le test vers %(to)s n’est pas parti : %(error)s")
                % {"to": address, "error": error},
            )
        else:
            sent.append(address)
    if sent:
        messages.success(
            request, _("Test envoyé à %(to)s : vérifiez votre boîte.") % {"to": ", ".join(sent)}
        )
    return redirect("desk:compose", day=day)


@require_GET
@role_required()
def proof_list(request: HttpRequest) -> HttpResponse:
    """The latest test messages kept by the local outbox (NUMERIQ_EMAIL_URL=capture://)."""
    found = CapturedMessage.objects.filter(subject__startswith=TEST_PREFIX).only(
        "created_at", "recipients", "subject"
    )[:30]
    capture = str(settings.EMAIL_URL).split(":", 1)[0] in ("capture", "console")
    return render(
        request, "desk/proofs.html", {"nav": "editions", "proofs": found, "capture": capture}
    )


@require_GET
@role_required()
def proof(request: HttpRequest, pk: int) -> HttpResponse:
    """One test message: its headers, then its HTML rendered in a sandboxed frame."""
    message = get_object_or_404(CapturedMessage, pk=pk, subject__startswith=TEST_PREFIX)
    return render(request, "desk/proof.html", {"nav": "editions", "message": message})


@require_GET
@xframe_options_sameorigin
@role_required()
def proof_html(request: HttpRequest, pk: int) -> HttpResponse:
    """A test message's HTML part, sandboxed (no script, framed only by the desk)."""
    message = get_object_or_404(CapturedMessage, pk=pk, subject__startswith=TEST_PREFIX)
    response = HttpResponse(message.body("html"), content_type="text/html; charset=utf-8")
    response["Content-Security-Policy"] = (
        "sandbox allow-popups allow-popups-to-escape-sandbox; default-src 'none'; img-src * data:; "
        "style-src 'unsafe-inline'; frame-ancestors 'self'"
    )
    response["Cache-Control"] = "no-store"
    return response


@require_GET
@role_required()
def proof_unsubscribe(request: HttpRequest) -> HttpResponse:
    """Where a test's « Se désabonner » leads when the tester is not a subscriber."""
    return render(request, "desk/proof_unsubscribe.html", {"nav": "editions"})
