"""The breadcrumbs of the public section, written once for every public page, those of `public`
and the evidence page that `evidence` serves beside its file checks. The trail is addresses
only (URL names reversed), so a lower app can build it without importing `public`."""

from __future__ import annotations

from django.urls import reverse

from .models import Program

Crumb = tuple[str, str | None]


def public_crumbs(*items: Crumb) -> list[Crumb]:
    return [("Inicio", reverse("public:home")), *items]


def program_crumbs(program: Program, *tail: Crumb) -> list[Crumb]:
    """Inicio › Dependencias › the agency › the program, then `tail`; the program is a link
    unless it is the page itself."""
    return public_crumbs(
        ("Dependencias", reverse("public:agency-list")),
        (program.agency.acronym or program.agency.name, program.agency.get_public_url()),
        (program.key, reverse("public:program", kwargs={"key": program.key}) if tail else None),
        *tail,
    )
