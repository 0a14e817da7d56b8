"""Public pages of the audience: subscribe, confirm, unsubscribe, preferences, personal data.

Every answer to a subscribe request is the same page, whatever the address's state, so
nobody can learn who subscribes (no enumeration). Links carry signed tokens; a forged,
altered or expired one gets a clear page and changes nothing.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from email.utils import parseaddr
from functools import wraps
from typing import Any

from django.conf import settings
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from numeriq.audience import ratelimit, subscriptions
from numeriq.audience.errors import InvalidTokenError
from numeriq.audience.models import Frequency, Source, Subscriber, SubscriberStatus
from numeriq.audience.tokens import Purpose, read_token
from numeriq.proxies import client_ip
from numeriq.site.forms import PreferencesForm, SubscribeForm
from numeriq.writelock import serialized_writes

log = logging.getLogger("numeriq.audience")


def _no_store(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = "no-store"
    response["Referrer-Policy"] = "same-origin"  # tokens never leak to other sites via Referer
    return response


# The subscribe form sits in cached public pages, so it carries no CSRF token: it
# authenticates nothing, and double opt-in, the honeypot and rate limits guard it.
@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def subscribe(request: HttpRequest) -> HttpResponse:
    """GET: the subscribe page. POST: start double opt-in, then the same page for all."""
    if request.method != "POST":
        return render(request, "site/subscribe.html", {"form": SubscribeForm()})
    ip = client_ip(request)
    form = SubscribeForm(request.POST)
    wanted = form.is_valid() and not form.is_bot  # validation needs no database
    # What can be read is read before queueing: suppression, consent text (then cached).
    asked = (
        subscriptions.prepare_subscription(
            form.cleaned_data["email"], source=Source.FORM, consent=settings.CONSENT_TEXT, ip=ip
        )
        if wanted
        else None
    )
    # One transaction (one commit, the rate count included), SQLite's writers queued
    # rather than colliding; pages are rendered after the lock is released.
    with serialized_writes(), transaction.atomic():
        allowed = ratelimit.allow(f"subscribe-ip:{ip}", settings.SUBSCRIBE_RATE_PER_IP)
        if allowed and asked is not None:
            outcome, _ = subscriptions.start_subscription(asked)
            log.debug("subscribe request: %s", outcome)
    if not allowed:
        return render(request, "site/too_many.html", status=429)
    if not form.is_bot and not form.is_valid():
        return render(request, "site/subscribe.html", {"form": form}, status=400)
    return redirect("site:subscribe_sent")


def subscribe_sent(request: HttpRequest) -> HttpResponse:
    """'Check your inbox', whatever happened."""
    return render(request, "site/subscribe_sent.html")


View = Callable[..., HttpResponse]


def signed(purpose: Purpose) -> Callable[[View], View]:
    """Resolve the URL's token to a subscriber, or answer with the invalid-link page."""

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapper(request: HttpRequest, token: str) -> HttpResponse:
            try:
                subscriber = read_token(purpose, token)
            except InvalidTokenError as error:
                context = {"expired": error.reason == "expired", "purpose": purpose.value}
                return _no_store(render(request, "site/invalid_link.html", context, status=400))
            return _no_store(view(request, subscriber, token))

        return wrapper

    return decorator


@require_http_methods(["GET", "HEAD", "POST"])
@signed(Purpose.CONFIRM)
def confirm(request: HttpRequest, subscriber: Subscriber, token: str) -> HttpResponse:
    """GET: one button (mail scanners that follow links confirm nothing). POST: confirm."""
    if request.method == "POST":
        subscriptions.confirm(subscriber, ip=client_ip(request))
        subscriber.refresh_from_db()
        return render(request, "site/confirmed.html", _next_steps(subscriber))
    if subscriber.status == SubscriberStatus.ACTIVE:
        return render(request, "site/confirmed.html", _next_steps(subscriber))
    return render(request, "site/confirm.html", {"token": token, **_next_steps(subscriber)})


def _next_steps(subscriber: Subscriber) -> dict[str, Any]:
    """What comes after confirming: the time editions arrive, the sender to add to contacts."""
    hours, minutes = settings.SEND_TIME.hour, settings.SEND_TIME.minute  # parsed once: dt.time
    return {
        "subscriber": subscriber,
        "send_time": f"{hours} h {minutes:02d}" if minutes else f"{hours} h",
        "sender": parseaddr(str(settings.FROM_EMAIL))[1],
    }


# RFC 8058 one-click: mailbox providers POST here without any cookie or CSRF token; the
# signed token is the authentication.
@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
@signed(Purpose.UNSUBSCRIBE)
def unsubscribe(request: HttpRequest, subscriber: Subscriber, token: str) -> HttpResponse:
    """GET: a page with one button. POST: unsubscribed at once."""
    if request.method == "POST":
        one_click = request.POST.get("List-Unsubscribe") == "One-Click"
        subscriptions.unsubscribe(subscriber, detail="one-click" if one_click else "page")
        return render(request, "site/unsubscribed.html", {"subscriber": subscriber})
    done = subscriber.status not in (SubscriberStatus.PENDING, SubscriberStatus.ACTIVE)
    template = "site/unsubscribed.html" if done else "site/unsubscribe.html"
    return render(request, template, {"token": token, "subscriber": subscriber})


@require_http_methods(["GET", "HEAD"])
@signed(Purpose.UNSUBSCRIBE)
def preferences_from_email(
    request: HttpRequest, subscriber: Subscriber, token: str
) -> HttpResponse:
    """The email footer's « Vos préférences » link: on to the reader's preferences page."""
    # An edition carries one signed link per reader (the unsubscribe one); a GET of it
    # changes nothing, and its preferences link is that link plus preferences/.
    from numeriq.audience.emails import link

    return redirect(link(Purpose.PREFERENCES, subscriber).removeprefix(settings.SITE_URL))


@require_http_methods(["GET", "HEAD", "POST"])
@signed(Purpose.PREFERENCES)
def preferences(request: HttpRequest, subscriber: Subscriber, token: str) -> HttpResponse:
    """Daily or weekly recap, a pause, unsubscribe, and the way to one's data."""
    from numeriq.audience.emails import link, send_personal_data_link

    context: dict[str, Any] = {
        "token": token,
        "subscriber": subscriber,
        "unsubscribe_url": link(Purpose.UNSUBSCRIBE, subscriber).removeprefix(settings.SITE_URL),
        "left": subscriber.status
        in (SubscriberStatus.UNSUBSCRIBED, SubscriberStatus.BOUNCED, SubscriberStatus.COMPLAINED),
    }
    action = request.POST.get("action") if request.method == "POST" else None
    if subscriber.status == SubscriberStatus.UNSUBSCRIBED and action == "resubscribe":
        # Back through double opt-in: a confirmation link, with today's consent text.
        if request.POST.get("consent") == "on":
            subscriptions.request_subscription(
                subscriber.email,
                source=Source.FORM,
                consent=settings.CONSENT_TEXT,
                ip=client_ip(request),
            )
            context["resubscribe_sent"] = True
        else:
            context["consent_missing"] = True
        form = PreferencesForm(initial=_initial(subscriber))
    elif action == "personal-data":
        if ratelimit.allow(f"data-link:{subscriber.pk}", settings.CONFIRMATION_RATE_PER_ADDRESS):
            send_personal_data_link.enqueue(subscriber.pk)
        context["data_link_sent"] = True
        form = PreferencesForm(initial=_initial(subscriber))
    elif context["left"]:  # nothing to save for a reader who left: the page says so
        form = PreferencesForm(initial=_initial(subscriber))
    elif request.method == "POST":
        form = PreferencesForm(request.POST)
        if form.is_valid():
            subscriptions.update_preferences(
                subscriber,
                frequency=Frequency(form.cleaned_data["frequency"]),
                weekly_day=form.cleaned_data["weekly_day"],
                pause_days=form.cleaned_data["pause_days"] or 0,
            )
            context["saved"] = True
    else:
        form = PreferencesForm(initial=_initial(subscriber))
    context["form"] = form
    return render(request, "site/preferences.html", context)


def _initial(subscriber: Subscriber) -> dict[str, object]:
    return {"frequency": subscriber.frequency, "weekly_day": subscriber.weekly_day, "pause_days": 0}


@require_http_methods(["GET", "HEAD", "POST"])
@signed(Purpose.PERSONAL_DATA)
def personal_data(request: HttpRequest, subscriber: Subscriber, token: str) -> HttpResponse:
    """Download everything numeriq holds (JSON), or erase it for good."""
    action = request.POST.get("action") if request.method == "POST" else None
    if action == "export":
        body = json.dumps(subscriptions.personal_data(subscriber), ensure_ascii=False, indent=2)
        response = HttpResponse(body, content_type="application/json; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="mes-donnees-numeriq.json"'
        return response
    if action == "erase" and request.POST.get("confirm") == "yes":
        subscriptions.erase(subscriber)
        return render(request, "site/erased.html")
    return render(
        request,
        "site/personal_data.html",
        {"token": token, "subscriber": subscriber, "erase_unconfirmed": action == "erase"},
    )
