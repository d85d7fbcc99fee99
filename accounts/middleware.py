"""Two checks on every request of a signed-in user, right after authentication.

`SessionLifetimeMiddleware`: a session ends SESSION_IDLE_MINUTES after its last request, and
SESSION_MAX_HOURS after its login whatever the activity. `SecondFactorMiddleware`: a user who
must verify (`mfa.must_verify`) reaches no staff, admin or account page until a second factor
verified this session; they are sent to verify (or to set one up first).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from functools import cache

from django.conf import settings
from django.contrib.auth import SESSION_KEY, logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.urls import reverse

from . import mfa

STARTED = "cuenta_inicio"  # when the session logged in (seconds since the epoch)
SEEN = "cuenta_actividad"  # its last request, written at most once a minute
EXPIRED = "cuenta_expirada"  # left in the new session for the login page to explain
_SEEN_EVERY = 60


def stamp_login(sender, request: HttpRequest, user, **kwargs) -> None:
    """On every login (user_logged_in): the session's clock starts."""
    now = int(time.time())
    request.session[STARTED] = now
    request.session[SEEN] = now


def expired(session, now: float) -> bool:
    started, seen = session.get(STARTED), session.get(SEEN)
    if started is None or seen is None:  # a session from before these limits: its age is unknown
        return True
    return now - seen > settings.SESSION_IDLE_MINUTES * 60 or now - started > settings.SESSION_MAX_HOURS * 3600


class SessionLifetimeMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # The session, not request.user: a public page read by a signed-in user loads no user for this.
        if SESSION_KEY in request.session:
            now = time.time()
            if expired(request.session, now):
                logout(request)
                request.session[EXPIRED] = True
            elif now - request.session[SEEN] >= _SEEN_EVERY:
                request.session[SEEN] = int(now)
        return self.get_response(request)


@cache
def _protected() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(prefixes, exact paths) of the pages behind the second factor."""
    prefixes = (reverse("staff-home"), reverse("admin:index"), reverse("password_change"), reverse("mfa-codes"))
    return prefixes, (reverse("account"),)


def protected(path: str) -> bool:
    prefixes, exact = _protected()
    return path.startswith(prefixes) or path in exact


class SecondFactorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            protected(request.path_info)
            and user.is_authenticated
            and not mfa.is_verified(user)
            and mfa.must_verify(user)
        ):
            step = "mfa-verify" if mfa.enrolled_device(user) else "mfa-setup"
            return redirect_to_login(request.get_full_path(), reverse(step))
        return self.get_response(request)
