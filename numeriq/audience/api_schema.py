"""The OpenAPI 3.1 document of the JSON API (/api/v1/), written by hand as plain values.

It describes exactly what numeriq/audience/api.py serves; tests/audience/test_api.py runs
schemathesis against it, so the two cannot drift apart unnoticed.
"""

from __future__ import annotations

from typing import Any

from numeriq.audience.models import Frequency, Source, SubscriberStatus

PAGE_SIZE_DEFAULT = 100
PAGE_SIZE_MAX = 1000
EMAIL_MAX_LENGTH = 254
CONSENT_TEXT_MAX_LENGTH = 2000
# A cursor is the last id of the page in base 36: opaque to clients, cheap to check.
CURSOR_PATTERN = "^[0-9a-z]{1,13}$"
# No control characters: a consent text is one line of words shown next to a checkbox.
CONSENT_TEXT_PATTERN = "^[^\\u0000-\\u001f\\u007f]+$"

ERROR_CODES = [
    "invalid_request",
    "invalid_email",
    "invalid_parameter",
    "unauthorized",
    "not_found",
    "method_not_allowed",
    "unsupported_media_type",
    "rate_limited",
    "server_error",
]


def _ref(kind: str, name: str) -> dict[str, str]:
    return {"$ref": f"#/components/{kind}/{name}"}


def _json(schema: dict[str, Any]) -> dict[str, Any]:
    return {"application/json": {"schema": schema}}


def _nullable(schema: dict[str, Any]) -> dict[str, Any]:
    return {**schema, "type": [schema["type"], "null"]}


_DATETIME = {"type": "string", "format": "date-time"}

_SUBSCRIBER = {
    "type": "object",
    "additionalProperties": False,
    "required": [
        "email",
        "status",
        "frequency",
        "weekly_day",
        "paused_until",
        "source",
        "created_at",
        "confirmed_at",
        "unsubscribed_at",
    ],
    "properties": {
        "email": {"type": "string", "description": "The normalised address (lower case)."},
        "status": {"type": "string", "enum": list(SubscriberStatus.values)},
        "frequency": {"type": "string", "enum": list(Frequency.values)},
        "weekly_day": {
            "type": "integer",
            "minimum": 0,
            "maximum": 6,
            "description": "Day of the weekly recap: 0 = Monday … 6 = Sunday.",
        },
        "paused_until": _nullable({"type": "string", "format": "date"}),
        "source": {"type": "string", "enum": list(Source.values)},
        "created_at": _DATETIME,
        "confirmed_at": _nullable(_DATETIME),
        "unsubscribed_at": _nullable(_DATETIME),
    },
}

_ERROR = {
    "type": "object",
    "additionalProperties": False,
    "required": ["error"],
    "properties": {
        "error": {
            "type": "object",
            "additionalProperties": False,
            "required": ["code", "message"],
            "properties": {
                "code": {"type": "string", "enum": ERROR_CODES},
                "message": {"type": "string", "description": "For humans; may be translated."},
            },
        }
    },
}

_EMAIL_PARAMETER = {
    "name": "email",
    "in": "path",
    "required": True,
    "description": "The subscriber's address, percent-encoded; compared case-insensitively.",
    "schema": {"type": "string", "minLength": 1, "maxLength": EMAIL_MAX_LENGTH},
    "example": "jeanne@exemple.fr",
}


def _error_response(description: str, headers: dict[str, Any] | None = None) -> dict[str, Any]:
    response: dict[str, Any] = {
        "description": description,
        "content": _json(_ref("schemas", "Error")),
    }
    if headers:
        response["headers"] = headers
    return response


_RESPONSES = {
    "BadRequest": _error_response(
        "The request is malformed: invalid JSON, a missing or unknown field, a bad parameter."
    ),
    "Unauthorized": _error_response(
        "No token, or a token that is unknown or revoked.",
        {
            "WWW-Authenticate": {
                "description": 'Always `Bearer realm="numeriq"`, with an error on a bad token.',
                "schema": {"type": "string"},
            }
        },
    ),
    "NotFound": _error_response("No subscriber has this address."),
    "MethodNotAllowed": _error_response(
        "This path does not support the method; the Allow header lists those it does.",
        {"Allow": {"description": "The methods of this path.", "schema": {"type": "string"}}},
    ),
    "UnsupportedMediaType": _error_response("The body is not sent as application/json."),
    "TooManyRequests": _error_response(
        "The token went over its rate (NUMERIQ_API_RATE); retry after the delay given.",
        {
            "Retry-After": {
                "description": "Seconds until the current rate window ends.",
                "schema": {"type": "integer", "minimum": 1},
            }
        },
    ),
}


def _responses(ok: dict[str, Any], *errors: str) -> dict[str, Any]:
    names = {
        "400": "BadRequest",
        "401": "Unauthorized",
        "404": "NotFound",
        "405": "MethodNotAllowed",
        "415": "UnsupportedMediaType",
        "429": "TooManyRequests",
    }
    return {**ok, **{code: _ref("responses", names[code]) for code in errors}}


_SUBSCRIBER_OK = {
    "description": "The subscriber.",
    "content": _json(_ref("schemas", "Subscriber")),
}

_PATHS: dict[str, Any] = {
    "/subscribers": {
        "post": {
            "operationId": "subscribe",
            "summary": "Start double opt-in for an address",
            "description": (
                "Sends the confirmation email when the address may receive one. The answer "
                "is the same whatever the address's state (unknown, pending, active, "
                "unsubscribed, suppressed), so the API tells nobody who subscribes."
            ),
            "requestBody": {
                "required": True,
                "content": _json(_ref("schemas", "SubscribeRequest")),
            },
            "responses": _responses(
                {
                    "202": {
                        "description": "Accepted; a confirmation email may follow.",
                        "content": _json(_ref("schemas", "Accepted")),
                    }
                },
                "400",
                "401",
                "405",
                "415",
                "429",
            ),
        },
        "get": {
            "operationId": "listSubscribers",
            "summary": "List subscribers, oldest first, one page at a time",
            "description": (
                "Keyset pagination on the subscriber id: follow `next` until it is null. "
                "Filters are kept in `next`."
            ),
            "parameters": [
                {
                    "name": "status",
                    "in": "query",
                    "schema": {"type": "string", "enum": list(SubscriberStatus.values)},
                },
                {
                    "name": "created_after",
                    "in": "query",
                    "description": "Created at or after this instant (RFC 3339; a date is "
                    "midnight in the site's time zone).",
                    "schema": _DATETIME,
                },
                {
                    "name": "created_before",
                    "in": "query",
                    "description": "Created strictly before this instant.",
                    "schema": _DATETIME,
                },
                {
                    "name": "page_size",
                    "in": "query",
                    "schema": {
                        "type": "integer",
                        "minimum": 1,
                        "maximum": PAGE_SIZE_MAX,
                        "default": PAGE_SIZE_DEFAULT,
                    },
                },
                {
                    "name": "cursor",
                    "in": "query",
                    "description": "Opaque; copy it from `next`.",
                    "schema": {"type": "string", "pattern": CURSOR_PATTERN},
                },
            ],
            "responses": _responses(
                {
                    "200": {
                        "description": "One page.",
                        "content": _json(_ref("schemas", "SubscriberPage")),
                    }
                },
                "400",
                "401",
                "405",
                "429",
            ),
        },
    },
    "/subscribers/{email}": {
        "parameters": [_EMAIL_PARAMETER],
        "get": {
            "operationId": "getSubscriber",
            "summary": "A subscriber's status and preferences",
            "responses": _responses({"200": _SUBSCRIBER_OK}, "401", "404", "405", "429"),
        },
        "delete": {
            "operationId": "unsubscribe",
            "summary": "Unsubscribe at once",
            "description": (
                "A pending or active subscriber becomes unsubscribed; any other state is left "
                "as it is. Idempotent: the answer is the subscriber as it now stands."
            ),
            "responses": _responses({"200": _SUBSCRIBER_OK}, "401", "404", "405", "429"),
        },
    },
    "/openapi.json": {
        "get": {
            "operationId": "openapi",
            "summary": "This document",
            "security": [],
            "responses": {
                "200": {
                    "description": "The OpenAPI document of this API.",
                    "content": _json({"type": "object"}),
                },
                "405": _ref("responses", "MethodNotAllowed"),
            },
        }
    },
}


def openapi_document(*, brand: str, consent_text: str, rate: str) -> dict[str, Any]:
    """The OpenAPI 3.1 document, with the site's brand, default consent text and rate."""
    return {
        "openapi": "3.1.0",
        "info": {
            "title": f"{brand} API",
            "version": "1.0.0",
            "description": (
                "Subscribers of the newsletter, for trusted integrations (CRM, shop, "
                "back office). Authenticate with `Authorization: Bearer <token>`; tokens "
                "are made with `numeriq api-token create NAME`. Each token may make "
                f'{rate} requests. Errors are `{{"error": {{"code", "message"}}}}`.'
            ),
        },
        "servers": [{"url": "/api/v1"}],
        "security": [{"bearerAuth": []}],
        "paths": _PATHS,
        "components": {
            "securitySchemes": {
                "bearerAuth": {
                    "type": "http",
                    "scheme": "bearer",
                    "description": "A token from `numeriq api-token create NAME`.",
                }
            },
            "schemas": {
                "SubscribeRequest": {
                    "type": "object",
                    "example": {"email": "jeanne@exemple.fr"},
                    "additionalProperties": False,
                    "required": ["email"],
                    "properties": {
                        "email": {
                            "type": "string",
                            "format": "email",
                            "maxLength": EMAIL_MAX_LENGTH,
                            "description": "Addresses on special-use domains (.test, "
                            ".invalid, .local, .localhost, .onion, .arpa) are refused.",
                        },
                        "consent_text": {
                            "type": "string",
                            "minLength": 1,
                            "maxLength": CONSENT_TEXT_MAX_LENGTH,
                            "pattern": CONSENT_TEXT_PATTERN,
                            "description": "The exact words the person agreed to; stored "
                            "with the consent.",
                            "default": consent_text,
                        },
                    },
                },
                "Accepted": {
                    "type": "object",
                    "additionalProperties": False,
                    "required": ["status"],
                    "properties": {"status": {"type": "string", "const": "accepted"}},
                },
                "Subscriber": _SUBSCRIBER,
                "SubscriberPage": {
                    "type": "object",
                    "additionalProperties": False,
                    "required": ["results", "next"],
                    "properties": {
                        "results": {"type": "array", "items": _ref("schemas", "Subscriber")},
                        "next": _nullable({"type": "string", "format": "uri"}),
                    },
                },
                "Error": _ERROR,
            },
            "responses": _RESPONSES,
        },
    }
