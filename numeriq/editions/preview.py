"""An edition shown as its readers will get it, whatever its status (back office, desk)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string

from numeriq.editions.models import Edition
from numeriq.editions.render import (
    Brand,
    cta_places,
    render_email_html,
    render_parts,
    render_text,
)


def preview_response(request: HttpRequest, edition: Edition, fmt: str) -> HttpResponse:
    """The email HTML ("email"), the plain text ("texte") or the web page (anything else).

    The caller adds the framing and sandbox headers its own pages need.
    """
    doc, brand = edition.to_doc(), Brand.from_settings()
    web_url = edition.web_url()
    if fmt == "email":
        return HttpResponse(render_email_html(doc, brand, web_url))
    if fmt == "texte":
        return HttpResponse(
            render_text(doc, brand, web_url), content_type="text/plain; charset=utf-8"
        )
    parts = render_parts(doc, brand)
    # The call to subscribe where the web page has it: the preview is the page readers see.
    context = {"edition": edition, "parts": parts, "preview": True, **cta_places(parts)}
    return HttpResponse(render_to_string("site/preview.html", context, request))
