"""Keep the file names of an upload as the browser sent them.

Django's multipart parser quietly cuts a name at its last path separator and drops control
characters, so «../../etc/x.pdf» arrives as «x.pdf». We would rather refuse such a name and
say why, so this middleware swaps in a parser that remembers each problem it saw on
`request.upload_name_problems`, which the evidence forms turn into errors.
"""

from __future__ import annotations

import html

from django.http.multipartparser import MultiPartParser
from django.utils.datastructures import ImmutableList

from .checks import name_problem


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
