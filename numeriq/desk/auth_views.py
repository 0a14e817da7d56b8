"""Logging in to the desk and to the back office: one rate limit, per client address and account.

Both logins open the same session (an admin's back-office session works on the desk), so
they count in the same buckets: one per client address (NUMERIQ_LOGIN_RATE_PER_IP), one per
account (NUMERIQ_DESK_LOGIN_RATE). The account is the name as Django's login form reads it
(NFKC-normalised), case-folded: « ｒｅｄａｃｔｉｏｎ » and « Redaction » are « redaction ».
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from numeriq.audience import ratelimit
from numeriq.proxies import client_ip


def account_key(username: str) -> str:
    """The account a login attempt is for: NFKC-normalised, case-folded, trimmed."""
    folded = unicodedata.normalize("NFKC", username).casefold()
    return unicodedata.normalize("NFKC", folded).strip()[:150]


def login_allowed(request: HttpRequest, username: str) -> bool:
    """Count one login attempt for the client address and the account; False over a limit."""
    by_ip = ratelimit.allow(f"login-ip:{client_ip(request) or '-'}", settings.LOGIN_RATE_PER_IP)
    by_account = ratelimit.allow(f"login-account:{account_key(username)}", settings.DESK_LOGIN_RATE)
    return by_ip and by_account


def _too_many() -> str:
    return _(
        "Trop de tentatives de connexion pour ce compte ou depuis cette adresse. "
        "Réessayez plus tard."
    )


class DeskLoginView(auth_views.LoginView):
    """The login page; each POST counts against the login limits (429 beyond)."""

    template_name = "desk/login.html"
    redirect_authenticated_user = True

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        """Refuse the attempt (429) when the address or the account is over its limit."""
        if not login_allowed(request, str(request.POST.get("username", ""))):
            form = self.get_form()
            form.errors.clear()
            context = self.get_context_data(form=form)
            context["too_many"] = _too_many()
            return self.render_to_response(context, status=429)
        return super().post(request, *args, **kwargs)


def limit_admin_login(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """The back office's login view, counted in the same buckets as the desk's."""

    @wraps(view)
    def limited(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.method == "POST" and not login_allowed(
            request, str(request.POST.get("username", ""))
        ):
            messages.error(request, _too_many())
            request.method = "GET"  # the login page again, with the message; nothing checked
            response = view(request, *args, **kwargs)
            response.status_code = 429
            return response
        return view(request, *args, **kwargs)

    return limited


class DeskLogoutView(auth_views.LogoutView):
    """Log out (POST only) and come back to the login page."""

    next_page = settings.LOGIN_URL
