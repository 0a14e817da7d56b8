"""The JSON API for integrations (/api/v1/): subscribe, status, unsubscribe, list.

Bearer tokens, no cookies (hence no CSRF); every answer is JSON, never HTML, never cached.
Checking parameters and bodies is pure (`*_param`, `list_filters`, `subscribe_body`); the
views only wire it to the audience's transitions. api_schema.py describes all of it.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
import time
from collections.abc import Callable, Mapping
from functools import wraps
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.core.signals import got_request_exception
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from numeriq.audience import api_schema, ratelimit, subscriptions
from numeriq.audience.addresses import normalise
from numeriq.audience.api_tokens import verify_token
from numeriq.audience.errors import ApiRequestError, InvalidAddressError
from numeriq.audience.models import ApiToken, Source, Subscriber, SubscriberStatus

log = logging.getLogger("numeriq.audience")

BIGINT_MAX = 2**63 - 1
LIST_PARAMETERS = ("status", "created_after", "created_before", "page_size", "cursor")
_CURSOR = re.compile(api_schema.CURSOR_PATTERN.strip("^$"))
_PAGE_SIZE = re.compile("[0-9]{1,7}")
_CONTROL = re.compile("[\x00-\x1f\x7f]")


# --- responses ---------------------------------------------------------------------------


def json_response(data: Any, status: int = 200) -> HttpResponse:
    """A UTF-8 JSON answer that no cache keeps."""
    body = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    response = HttpResponse(body, status=status, content_type="application/json; charset=utf-8")
    response["Cache-Control"] = "no-store"
    return response


def error_response(error: ApiRequestError) -> HttpResponse:
    """The JSON form of a refused request."""
    return json_response({"error": {"code": error.code, "message": error.message}}, error.status)


def subscriber_json(subscriber: Subscriber) -> dict[str, Any]:
    """The public fields of a subscriber, as JSON values."""
    return subscriptions.subscriber_fields(subscriber)


# --- parameters (pure) -------------------------------------------------------------------


def _bad(code: str, message: str) -> ApiRequestError:
    return ApiRequestError(400, code, message)


def status_param(value: str) -> SubscriberStatus:
    """A subscriber status from the query string."""
    if value not in SubscriberStatus.values:
        raise _bad(
            "invalid_parameter",
            _("status doit valoir l’un de : %(values)s.")
            % {"values": ", ".join(SubscriberStatus.values)},
        )
    return SubscriberStatus(value)


def instant_param(name: str, value: str, zone: dt.tzinfo) -> dt.datetime:
    """An RFC 3339 instant (or a date, midnight in `zone`), in UTC, clamped to what fits."""
    try:
        # RFC 3339 allows a lower-case 't' and 'z'; Python does not.
        parsed = dt.datetime.fromisoformat(value.strip().upper())
    except ValueError:
        raise _bad(
            "invalid_parameter",
            _("%(name)s doit être une date et heure RFC 3339, par exemple 2026-05-04T07:00:00Z.")
            % {"name": name},
        ) from None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=zone)
    try:
        return parsed.astimezone(dt.UTC)
    except OverflowError:
        # Year 1 or 9999 pushed past the calendar by its offset: the nearest instant that is.
        limit = dt.datetime.min if parsed.year == dt.MINYEAR else dt.datetime.max
        return limit.replace(tzinfo=dt.UTC)


def page_size_param(value: str) -> int:
    """A page size between 1 and PAGE_SIZE_MAX."""
    size = int(value) if _PAGE_SIZE.fullmatch(value) else 0
    if not 1 <= size <= api_schema.PAGE_SIZE_MAX:
        raise _bad(
            "invalid_parameter",
            _("page_size doit être un entier de 1 à %(max)d.") % {"max": api_schema.PAGE_SIZE_MAX},
        )
    return size


def encode_cursor(last_id: int) -> str:
    """The cursor that continues after `last_id` (base 36: short and opaque enough)."""
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    text = ""
    while True:
        last_id, digit = divmod(last_id, 36)
        text = digits[digit] + text
        if not last_id:
            return text


def cursor_param(value: str) -> int:
    """The id after which a page starts."""
    if not _CURSOR.fullmatch(value):
        raise _bad("invalid_parameter", _("cursor n’est pas valide : recopiez celui de next."))
    return min(int(value, 36), BIGINT_MAX)


def list_filters(query: Mapping[str, list[str]], zone: dt.tzinfo) -> dict[str, Any]:
    """The list's parameters, checked: unknown or repeated ones are refused, not ignored."""
    unknown = sorted(set(query) - set(LIST_PARAMETERS))
    if unknown:
        raise _bad(
            "invalid_parameter",
            _("Paramètre inconnu : %(names)s.") % {"names": ", ".join(unknown)},
        )
    for name, values in query.items():
        if len(values) > 1:
            raise _bad(
                "invalid_parameter", _("%(name)s est donné plusieurs fois.") % {"name": name}
            )
    value = {name: values[0] for name, values in query.items()}
    filters: dict[str, Any] = {"page_size": api_schema.PAGE_SIZE_DEFAULT}
    if "status" in value:
        filters["status"] = status_param(value["status"])
    if "created_after" in value:
        filters["created_at__gte"] = instant_param("created_after", value["created_after"], zone)
    if "created_before" in value:
        filters["created_at__lt"] = instant_param("created_before", value["created_before"], zone)
    if "page_size" in value:
        filters["page_size"] = page_size_param(value["page_size"])
    if "cursor" in value:
        filters["id__gt"] = cursor_param(value["cursor"])
    return filters


def subscribe_body(content_type: str, body: bytes) -> tuple[str, str | None]:
    """(email, consent text or None) from a subscribe request's JSON body."""
    if content_type.split(";")[0].strip().lower() != "application/json":
        raise ApiRequestError(
            415, "unsupported_media_type", _("Envoyez le corps en application/json.")
        )
    try:
        data = json.loads(body)
    except (ValueError, RecursionError):
        raise _bad("invalid_request", _("Le corps n’est pas du JSON valide.")) from None
    if not isinstance(data, dict):
        raise _bad("invalid_request", _("Le corps doit être un objet JSON."))
    unknown = sorted(set(data) - {"email", "consent_text"})
    if unknown:
        raise _bad(
            "invalid_request", _("Champ inconnu : %(names)s.") % {"names": ", ".join(unknown)}
        )
    email, consent = data.get("email"), data.get("consent_text")
    if not isinstance(email, str) or not _encodable(email):
        raise _bad("invalid_request", _("email est obligatoire et doit être un texte."))
    if "consent_text" in data and not (
        isinstance(consent, str)
        and 0 < len(consent) <= api_schema.CONSENT_TEXT_MAX_LENGTH
        and _encodable(consent)
        and not _CONTROL.search(consent)
    ):
        raise _bad(
            "invalid_request",
            _("consent_text doit être un texte d’une ligne de 1 à %(max)d caractères.")
            % {"max": api_schema.CONSENT_TEXT_MAX_LENGTH},
        )
    return email, consent


def _encodable(text: str) -> bool:
    # JSON may carry lone surrogates ("\ud800"), which no database column can store.
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


# --- authentication, rate, methods -------------------------------------------------------

View = Callable[..., HttpResponse]


def _bearer(request: HttpRequest) -> str:
    scheme, _, token = request.headers.get("Authorization", "").strip().partition(" ")
    return token.strip() if scheme.lower() == "bearer" else ""


def _unauthorized(presented: bool) -> HttpResponse:
    if presented:
        message = _("Jeton inconnu ou révoqué.")
        challenge = 'Bearer realm="numeriq", error="invalid_token"'
    else:
        message = _("Authentification requise : Authorization: Bearer <jeton>.")
        challenge = 'Bearer realm="numeriq"'
    response = error_response(ApiRequestError(401, "unauthorized", message))
    response["WWW-Authenticate"] = challenge
    return response


def _rate_limited(rate: str) -> HttpResponse:
    _limit, period = ratelimit.parse_rate(rate)
    response = error_response(
        ApiRequestError(
            429, "rate_limited", _("Trop de requêtes pour ce jeton ; réessayez plus tard.")
        )
    )
    response["Retry-After"] = str(max(1, period - int(time.time()) % period))
    return response


def _method_not_allowed(allowed: list[str]) -> HttpResponse:
    response = error_response(
        ApiRequestError(405, "method_not_allowed", _("Méthode non permise sur ce chemin."))
    )
    response["Allow"] = ", ".join(allowed)
    return response


def _guarded(
    request: HttpRequest,
    view: View,
    methods: tuple[str, ...],
    public: bool,
    *args: Any,
    **kwargs: Any,
) -> HttpResponse:
    if request.method not in methods:
        return _method_not_allowed(list(methods))
    if not public:
        presented = _bearer(request)
        token = verify_token(presented)
        if token is None:
            return _unauthorized(bool(presented))
        if not ratelimit.allow(f"api:{token.pk}", settings.API_RATE):
            return _rate_limited(settings.API_RATE)
        kwargs["token"] = token
    return view(request, *args, **kwargs)


def endpoint(*methods: str, public: bool = False) -> Callable[[View], View]:
    """Method check, bearer token (unless public), rate per token, JSON errors for all."""

    def decorator(view: View) -> View:
        @csrf_exempt
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            try:
                return _guarded(request, view, methods, public, *args, **kwargs)
            except ApiRequestError as error:
                return error_response(error)
            except Exception:
                # Still an answer in JSON; the signal lets error reporting (and Django's test
                # client) see the exception as for any other view.
                log.exception("API error on %s %s", request.method, request.path)
                got_request_exception.send(sender=None, request=request)
                return error_response(
                    ApiRequestError(500, "server_error", _("Erreur interne ; réessayez plus tard."))
                )

        return wrapper

    return decorator


# --- views -------------------------------------------------------------------------------


def _find(email: str) -> Subscriber:
    not_found = ApiRequestError(404, "not_found", _("Aucun abonné n’a cette adresse."))
    try:
        address = normalise(email)
    except InvalidAddressError:
        raise not_found from None
    subscriber = Subscriber.objects.filter(email=address).first()
    if subscriber is None:
        raise not_found
    return subscriber


@endpoint("GET", public=True)
def openapi(request: HttpRequest) -> HttpResponse:
    """The OpenAPI 3.1 document of this API."""
    return json_response(
        api_schema.openapi_document(
            brand=settings.BRAND, consent_text=settings.CONSENT_TEXT, rate=settings.API_RATE
        )
    )


@endpoint("GET", "POST")
def subscribers(request: HttpRequest, token: ApiToken) -> HttpResponse:
    """GET: one page of subscribers. POST: start double opt-in for an address."""
    if request.method == "POST":
        return _subscribe(request, token)
    filters = list_filters(dict(request.GET.lists()), timezone.get_current_timezone())
    size = filters.pop("page_size")
    page = list(Subscriber.objects.filter(**filters).order_by("id")[: size + 1])
    next_url = None
    if len(page) > size:
        page = page[:size]
        query = {**request.GET.dict(), "cursor": encode_cursor(page[-1].pk)}
        next_url = request.build_absolute_uri(f"{reverse('api:subscribers')}?{urlencode(query)}")
    return json_response({"results": [subscriber_json(s) for s in page], "next": next_url})


def _subscribe(request: HttpRequest, token: ApiToken) -> HttpResponse:
    try:
        body = request.body
    except RequestDataTooBig:
        raise _bad("invalid_request", _("Le corps est trop gros.")) from None
    email, consent = subscribe_body(request.content_type or "", body)
    try:
        outcome, _subscriber = subscriptions.request_subscription(
            email, source=Source.API, consent=consent or settings.CONSENT_TEXT
        )
    except InvalidAddressError as error:
        raise _bad(
            "invalid_email", _("Adresse email invalide : %(reason)s") % {"reason": error.reason}
        ) from None
    # The IP is the integration's, not the person's: the consent log keeps none for API calls.
    log.info("api subscribe by token %s: %s", token.name, outcome)
    return json_response({"status": "accepted"}, status=202)


@endpoint("GET", "DELETE")
def subscriber(request: HttpRequest, email: str, token: ApiToken) -> HttpResponse:
    """GET: a subscriber's status. DELETE: unsubscribe at once."""
    found = _find(email)
    if request.method == "DELETE":
        subscriptions.unsubscribe(found, source=Source.API, detail=f"api: {token.name}")
        found.refresh_from_db()
    return json_response(subscriber_json(found))


@csrf_exempt
def not_found(request: HttpRequest, rest: str = "") -> HttpResponse:
    """Any other path under /api/v1/: a JSON 404, not the site's HTML page."""
    return error_response(
        ApiRequestError(404, "not_found", _("Ce chemin n’existe pas dans l’API."))
    )
