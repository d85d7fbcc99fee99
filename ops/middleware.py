"""What every request passes through, whichever view answers it."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from django.contrib.admin.models import LogEntry
from django.core.exceptions import PermissionDenied
from django.core.validators import ProhibitNullCharactersValidator
from django.db.models import Max
from django.http import HttpRequest, HttpResponseBase, JsonResponse
from django.urls import reverse
from django.views import defaults

from ops.events import log_admin_action
from public.api import INVALID_PARAMETERS

requests_log = logging.getLogger("asm.requests")

Handler = Callable[[HttpRequest], HttpResponseBase]


class RequestLogMiddleware:
    """One line per request: method, path, status, time in milliseconds and the user's id (none for the
    public). The outermost middleware, so the time is the whole answer's and every status is seen, a
    redirect of the security middleware or a static file included. For a streamed answer the time is
    until its first bytes."""

    def __init__(self, get_response: Handler):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        started = time.perf_counter()
        response = self.get_response(request)
        duration = round((time.perf_counter() - started) * 1000, 1)
        user = getattr(request, "user", None)
        user_id = user.pk if user is not None and user.is_authenticated else None
        reason = getattr(request, "_refusal_reason", "")
        level = logging.ERROR if response.status_code >= 500 else logging.INFO
        requests_log.log(
            level,
            "%s %s %s %.1f ms usuario=%s%s",
            request.method,
            request.get_full_path(),
            response.status_code,
            duration,
            user_id if user_id is not None else "-",
            f" motivo={reason!r}" if reason else "",
            extra={
                "method": request.method,
                "path": request.get_full_path(),
                "status": response.status_code,
                "duration_ms": duration,
                "user_id": user_id,
                **({"reason": reason} if reason else {}),
            },
        )
        return response

    def process_exception(self, request: HttpRequest, exception: Exception) -> None:
        # The reason of a 403 goes on the request's one line (Django's own warning for it is silenced in
        # settings.LOGGING), instead of a traceback.
        if isinstance(exception, PermissionDenied):
            request._refusal_reason = str(exception)  # type: ignore[attr-defined]


class AdminActionLogMiddleware:
    """A line per admin action (add, change, delete), read from the `LogEntry` rows the admin wrote while
    answering the POST. Not a signal on `LogEntry`: the admin writes the entries of a deletion of several
    objects with `bulk_create()`, which sends none."""

    def __init__(self, get_response: Handler):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if request.method != "POST" or not request.path_info.startswith(reverse("admin:index")):
            return self.get_response(request)
        last = LogEntry.objects.aggregate(last=Max("pk"))["last"] or 0
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            for entry in LogEntry.objects.filter(pk__gt=last, user=user).select_related("content_type").order_by("pk"):
                log_admin_action(entry)
        return response


class RejectNulMiddleware:
    """A NUL byte in the path or the query string answers 400 before any view runs. No page takes one, and
    PostgreSQL refuses it in any query («A string literal cannot contain NUL»), which would be a 500. The
    API gets its own error shape (`detalle`, `errores` per parameter); a page, the 400 page."""

    def __init__(self, get_response: Handler):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        in_path = "\x00" in request.path_info or "\x00" in request.path
        parameters = [key for key, values in request.GET.lists() if "\x00" in key or any("\x00" in v for v in values)]
        if not in_path and not parameters:
            return self.get_response(request)
        if request.path_info.startswith(reverse("api:api-root")):
            message = str(ProhibitNullCharactersValidator.message)
            body = {"detalle": INVALID_PARAMETERS, "errores": {key: [message] for key in parameters}}
            if in_path:
                body = {"detalle": f"Dirección no válida: {message[:1].lower()}{message[1:]}"}
            return JsonResponse(body, status=400, json_dumps_params={"ensure_ascii": False})
        return defaults.bad_request(request, ValueError("NUL"))


# No page uses any of these browser features; a script injected despite the CSP gets none of them either.
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "encrypted-media",
        "fullscreen",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "picture-in-picture",
        "publickey-credentials-get",
        "screen-wake-lock",
        "serial",
        "usb",
        "xr-spatial-tracking",
    )
)


class PermissionsPolicyMiddleware:
    def __init__(self, get_response: Handler):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response
