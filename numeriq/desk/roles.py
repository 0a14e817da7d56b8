"""The desk's two roles, as Django groups: editors compose and send, admins also steer sends."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, Group
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

EDITOR = "editor"
ADMIN = "admin"
ROLES = (EDITOR, ADMIN)


def ensure_groups() -> dict[str, Group]:
    """The role groups, created when missing."""
    return {name: Group.objects.get_or_create(name=name)[0] for name in ROLES}


def grant(user: AbstractBaseUser, role: str) -> None:
    """Give a user a role."""
    user.groups.add(ensure_groups()[role])  # type: ignore[attr-defined]


def roles_of(user: AbstractBaseUser | AnonymousUser) -> set[str]:
    """The desk roles of a user; a superuser has both."""
    if not user.is_authenticated or not user.is_active:
        return set()
    if user.is_superuser:  # type: ignore[union-attr]
        return set(ROLES)
    cached = getattr(user, "_desk_roles", None)
    if cached is None:
        names = user.groups.filter(name__in=ROLES).values_list("name", flat=True)  # type: ignore[union-attr]
        cached = set(names)
        if ADMIN in cached:
            cached.add(EDITOR)
        user._desk_roles = cached  # type: ignore[union-attr]
    return cached


def role_required(role: str = EDITOR) -> Callable[[Callable[..., HttpResponse]], Any]:
    """Anonymous visitors go to the login page; a user without the role gets 403."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if role not in roles_of(request.user):
                return render(request, "desk/forbidden.html", {"role": role}, status=403)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
