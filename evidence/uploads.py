"""What an upload request may be before its body is read: its size, and its files' names.

`RequestSizeMiddleware` answers 413 to a request whose declared length (Content-Length) passes
what any form of the project may send: the files of one upload together
(`EVIDENCE_MAX_UPLOAD_SIZE`) plus the fields' allowance (`DATA_UPLOAD_MAX_MEMORY_SIZE`) for a
multipart form, the allowance alone for any other body. Django itself limits only the fields:
the files of a multipart body are written to temporary files whatever their number or size,
and CSRF's check reads the whole body of every POST. A body without Content-Length is read as
empty by Django, so the declared length is the whole of what will be read.

Keep the file names of an upload as the browser sent them.

Django's multipart parser quietly cuts a name at its last path separator and drops control
characters, so «../../etc/x.pdf» arrives as «x.pdf». We would rather refuse such a name and
say why, so this middleware swaps in a parser that remembers each problem it saw on
`request.upload_name_problems`, which the evidence forms turn into errors.
"""

from __future__ import annotations

import html

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.http.multipartparser import MultiPartParser
from django.shortcuts import render
from django.template.defaultfilters import filesizeformat
from django.utils.datastructures import ImmutableList

from .checks import name_problem


def check_upload_names(request: HttpRequest | None) -> None:
    """Refuse a form whose request carried a file name Django would have silently cut."""
    problems = getattr(request, "upload_name_problems", [])
    if problems:
        raise ValidationError(problems)


class NameCheckingParser(MultiPartParser):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.name_problems: list[str] = []

    def sanitize_file_name(self, file_name):
        problem = name_problem(html.unescape(file_name))
        if problem:
            self.name_problems.append(problem)
        return super().sanitize_file_name(file_name)


class UploadNameMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.upload_name_problems = []

        def parse_file_upload(META, post_data):
            # What HttpRequest.parse_file_upload does, with our parser.
            request.upload_handlers = ImmutableList(
                request.upload_handlers, warning="You cannot alter upload handlers after the upload has been processed."
            )
            parser = NameCheckingParser(META, post_data, request.upload_handlers, request.encoding)
            parsed = parser.parse()
            request.upload_name_problems = parser.name_problems
            return parsed

        request.parse_file_upload = parse_file_upload
        return self.get_response(request)


class RequestSizeMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            declared = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            declared = 0  # Django reads a malformed length as no body at all
        multipart = request.META.get("CONTENT_TYPE", "").startswith("multipart/")
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE + (settings.EVIDENCE_MAX_UPLOAD_SIZE if multipart else 0)
        if declared > limit:
            return too_large(request, declared, limit, multipart)
        return self.get_response(request)


def too_large(request: HttpRequest, declared: int, limit: int, multipart: bool) -> HttpResponse:
    context = {
        "declared": filesizeformat(declared),
        "limit": filesizeformat(limit),
        "per_upload": filesizeformat(settings.EVIDENCE_MAX_UPLOAD_SIZE),
        "per_file": filesizeformat(settings.EVIDENCE_MAX_FILE_SIZE),
        "files": settings.EVIDENCE_MAX_FILES_PER_UPLOAD,
        "multipart": multipart,
    }
    response = render(request, "413.html", context, status=413)
    # The body was not read: the connection cannot be reused for another request.
    response["Connection"] = "close"
    return response
