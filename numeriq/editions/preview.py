"""An edition shown as its readers will get it, whatever its status (back office, desk)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string

from numeriq.editions.models import Edition
from numeriq.editions.render import Brand, render_email_html, render_parts, render_text


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
    context = {"edition": edition, "parts": render_parts(doc, brand), "preview": True}
    return HttpResponse(render_to_string("site/preview.html", context, request))
