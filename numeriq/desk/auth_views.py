"""Logging in to the desk: Django's login, rate limited per client address and user name."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from numeriq.audience import ratelimit
from numeriq.proxies import client_ip


class DeskLoginView(auth_views.LoginView):
    """The login page; each POST counts against NUMERIQ_DESK_LOGIN_RATE (429 beyond)."""

    template_name = "desk/login.html"
    redirect_authenticated_user = True

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        username = str(request.POST.get("username", "")).strip().lower()[:150]
        bucket = f"desk-login:{client_ip(request) or '-'}:{username}"
        if not ratelimit.allow(bucket, settings.DESK_LOGIN_RATE):
            form = self.get_form()
            form.errors.clear()
            context = self.get_context_data(form=form)
            context["too_many"] = _(
                "Trop de tentatives de connexion pour ce compte depuis cette adresse. "
                "Réessayez plus tard."
            )
            return self.render_to_response(context, status=429)
        return super().post(request, *args, **kwargs)


class DeskLogoutView(auth_views.LogoutView):
    """Log out (POST only) and come back to the login page."""

    next_page = settings.LOGIN_URL
