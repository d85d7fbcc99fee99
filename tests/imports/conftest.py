from __future__ import annotations

import pytest

from imports.models import Import
from imports.services import default_choices
from tests import factories as make


@pytest.fixture
def cycle():
    """«Programa de ASM 2017», with its September and March cut-off periods."""
    return make.cycle(name="Programa de ASM 2017", year=2017)


def pending(world, parsed: dict, *, name: str = "anexos.xlsx", by=None, **choices) -> Import:
    """An import of agency A as the upload leaves it (no file needed by the preview and the
    commit), with the prefilled choices, then `choices` over every table."""
    by = by or world.staff_a
    import_ = Import.objects.create(
        agency=world.agency_a,
        original_name=name,
        size=100,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        sha256=f"{abs(hash((name, str(parsed)))):064d}"[:64],
        uploaded_by=by,
        uploaded_by_name=by.get_full_name(),
        parsed=parsed,
    )
    import_.choices = default_choices(import_, agency=world.agency_a)
    for choice in import_.choices.values():
        choice.update(choices)
    import_.save()
    return import_
