"""The list filters' empty choice agrees with the filter's noun, and yes/no reads the same on
every page (issue 16 §5)."""

from __future__ import annotations

import re
from pathlib import Path

from django.conf import settings
from django.urls import reverse

from aspects import filters as staff
from public import filters as public
from tests import factories as make

FEMININE = {"dependencia", "prioridad", "oportunidad"}


def empty_labels(filterset_class) -> dict[str, str]:
    form = filterset_class(queryset=filterset_class._meta.model.objects.none()).form
    return {name: field.empty_label for name, field in form.fields.items() if hasattr(field, "empty_label")}


def test_dependencia_prioridad_and_oportunidad_read_todas_and_the_others_todos(db):
    for filterset_class in (
        public.AspectFilter,
        public.ActivityFilter,
        public.ProgramFilter,
        staff.AspectFilter,
        staff.ActivityFilter,
        staff.PlanFilter,
    ):
        labels = empty_labels(filterset_class)
        selects = {name: label for name, label in labels.items() if name not in ("programa", "q")}
        assert selects, filterset_class
        assert selects == {name: "Todas" if name in FEMININE else "Todos" for name in selects}, filterset_class


def test_the_public_list_shows_todas_for_no_agency_priority_or_timeliness(stack, client):
    page = client.get(reverse("public:aspect-list")).content.decode()
    for name in FEMININE:
        assert re.search(rf'<select name="{name}"[^>]*>\s*<option value="" selected>Todas</option>', page), name
    assert re.search(r'<select name="estado"[^>]*>\s*<option value="" selected>Todos</option>', page)


def test_staff_and_public_evaluation_pages_write_attended_as_si(world, client_staff_a, client_anonymous):
    make.recommendation(world.evaluation_a, text="Atendida.", attended=True)
    make.authorised(world.plan_a, world.staff_a, world.supervisor_a)
    staff_page = client_staff_a.get(world.evaluation_a.get_absolute_url()).content.decode()
    public_page = client_anonymous.get(
        reverse("public:evaluation", kwargs={"key": world.evaluation_a.program.key, "pk": world.evaluation_a.pk})
    ).content.decode()
    for page in (staff_page, public_page):
        assert "<td>Sí</td>" in page
        assert "<td>SI</td>" not in page


def test_every_yes_no_a_page_prints_is_written_si_no():
    templates = Path(settings.BASE_DIR) / "templates"
    found = {}
    for path in templates.rglob("*.html"):
        for words in re.findall(r"yesno:['\"]([^'\"]*)['\"]", path.read_text(encoding="utf-8")):
            if words != "1,0":  # a data attribute for a script, not words a user reads
                found[f"{path.relative_to(templates)}: {words}"] = words
    assert found and set(found.values()) == {"Sí,No"}, found
