"""Public views: home, permalinks, archive, the publisher's pages, robots.txt."""

from __future__ import annotations

import datetime as dt
from itertools import groupby

from django.conf import settings
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import render
from django.views.decorators.http import require_safe

from numeriq.audience import ratelimit
from numeriq.editions.document import plausible_day, plausible_year
from numeriq.proxies import client_ip
from numeriq.site import legal
from numeriq.site.caching import cached_page
from numeriq.site.pages import edition_context, entries, public_editions, render_edition_page
from numeriq.site.search import parse_query, result_page
from numeriq.text.french import MONTHS, french_month
from numeriq.writelock import serialized_writes

HOME_MAX_AGE = 300


@require_safe
@cached_page(max_age=HOME_MAX_AGE)
def home(request: HttpRequest) -> HttpResponse:
    """The latest published edition, then links to the previous ones."""
    editions = list(public_editions().prefetch_related("items")[:8])
    if not editions:
        return render(request, "site/home_empty.html")
    context = edition_context(editions[0])
    context["recent"] = entries(editions[1:])
    return render(request, "site/home.html", context)


@require_safe
@cached_page()
def edition(request: HttpRequest, year: int, month: str, day: str, slug: str) -> HttpResponse:
    """An edition's permalink; an outdated slug redirects to the right one."""
    try:
        date = dt.date(year, int(month), int(day))
    except (ValueError, OverflowError):  # /99999999999999999999/01/01/: too big for a date
        raise Http404("no such date") from None
    if not plausible_day(date):
        raise Http404("no edition that day")
    found = public_editions().prefetch_related("items").filter(date=date).first()
    if found is None:
        raise Http404("no edition that day")
    if found.slug != slug:
        return HttpResponsePermanentRedirect(found.get_absolute_url())
    return HttpResponse(render_edition_page(found, request))


@require_safe
@cached_page(max_age=HOME_MAX_AGE)
def archive(request: HttpRequest) -> HttpResponse:
    """Every month that has editions, by year."""
    months = public_editions().dates("date", "month", order="DESC")
    years = [
        (year, [(m, french_month(m.year, m.month)) for m in group])
        for year, group in groupby(months, key=lambda m: m.year)
    ]
    return render(request, "site/archive.html", {"years": years})


@require_safe
@cached_page(max_age=HOME_MAX_AGE)
def archive_month(request: HttpRequest, year: int, month: str) -> HttpResponse:
    """The editions of one month."""
    number = int(month)
    if not 1 <= number <= 12 or not plausible_year(year):  # /archives/99999/12/ made a 500
        raise Http404("no such month")
    editions = list(
        public_editions()
        .filter(date__year=year, date__month=number)
        .prefetch_related("items")
        .order_by("-date")  # newest first, as on the home page
    )
    if not editions:
        raise Http404("no edition that month")
    return render(
        request,
        "site/archive_month.html",
        {"entries": entries(editions), "month_name": f"{MONTHS[number - 1]} {year}"},
    )


@require_safe
def archive_search(request: HttpRequest) -> HttpResponse:
    """Published editions holding the words of ?q=, newest first, a page at a time; at most
    NUMERIQ_SEARCH_RATE_PER_IP searches per client address (each reads the whole archive's
    words), the empty form free."""
    query = parse_query(request.GET.get("q", ""))
    context: dict[str, object] = {"query": query}
    if query.terms:
        with serialized_writes(), transaction.atomic():
            allowed = ratelimit.allow(
                f"search-ip:{client_ip(request)}", settings.SEARCH_RATE_PER_IP
            )
        if not allowed:
            response = render(request, "site/too_many.html", status=429)
            response["Retry-After"] = str(ratelimit.parse_rate(settings.SEARCH_RATE_PER_IP)[1])
            return response
        context["page"], context["results"] = result_page(query.terms, request.GET.get("page"))
    return render(request, "site/search.html", context)


@require_safe
@cached_page()
def legal_notice(request: HttpRequest) -> HttpResponse:
    """Mentions légales: the publisher, the director of the publication, the host."""
    return render(request, "site/legal_notice.html", legal.page_context())


@require_safe
@cached_page()
def privacy(request: HttpRequest) -> HttpResponse:
    """Politique de confidentialité: what numeriq keeps about readers, why, how long."""
    return render(request, "site/privacy.html", legal.page_context())


def server_error(request: HttpRequest) -> HttpResponse:
    """The branded French 500 page (Django's own is English and bare)."""
    from django.template import loader

    from numeriq.site.context import brand

    # No request context: the failing request's own processors may be what broke.
    body = loader.render_to_string("500.html", brand(request))
    return HttpResponse(body, status=500)


@require_safe
def robots(request: HttpRequest) -> HttpResponse:
    """robots.txt pointing at the sitemap."""
    body = f"User-agent: *\nDisallow: /admin/\nSitemap: {settings.SITE_URL}/sitemap.xml\n"
    return HttpResponse(body, content_type="text/plain; charset=utf-8")
