"""An imported table of indicators becomes the plan's specific objectives (ASM), their indicators
and their yearly targets; results and ratings are shown, not stored."""

from __future__ import annotations

from decimal import Decimal

from audit.models import AuditEntry
from imports.services import commit_import, preview
from indicators.models import Indicator, Measurement

from . import builders
from .conftest import pending
from .helpers import read


def test_an_indicator_table_becomes_objectives_indicators_and_targets_of_a_draft_plan(world, cycle):
    import_ = pending(world, read(builders.indicators_xlsx), program=world.program_a.pk, cycle=cycle.pk)
    planned = preview(import_, by=world.staff_a)
    assert planned.problems == [] and planned.errors == []
    assert planned.counts["indicators"] == 3
    [sheet] = planned.sheets
    assert any("no se guardan" in note for note in sheet.notes)

    [plan] = commit_import(import_=import_, by=world.staff_a)

    first, second = plan.aspects.order_by("number")
    assert first.text == "1.1 Contar con la información de los compromisos de cada ministerio."
    ministries = Indicator.objects.get(aspect=first)
    assert (ministries.number, ministries.text, ministries.kind) == (1, builders.MINISTRIES, Indicator.Kind.PERCENT)
    assert list(ministries.targets.order_by("year").values_list("year", "value")) == [
        (2007, Decimal(70)),
        (2008, Decimal(80)),
        (2009, Decimal(90)),
    ]
    assert [(i.number, i.text) for i in Indicator.objects.filter(aspect=second).order_by("number")] == [
        (1, "Porcentaje de servicios con sistema de seguimiento"),
        (2, "Porcentaje de funcionarios capacitados"),
    ]
    assert Indicator.objects.get(aspect=second, number=2).targets.get().value == Decimal("50.5")
    assert not Measurement.objects.exists()
    entry = AuditEntry.objects.for_object(ministries).get(action="alta")
    assert entry.source == f"Importación {import_.pk} (anexos.xlsx)"


def test_stacked_indicators_of_a_word_table_are_each_an_indicator(world, cycle):
    import_ = pending(world, read(builders.indicators_docx), program=world.program_a.pk, cycle=cycle.pk)
    [plan] = commit_import(import_=import_, by=world.staff_a)
    stacked = Indicator.objects.filter(aspect__plan=plan, aspect__number=1).order_by("number")
    assert [(i.text[:2], i.targets.get().year) for i in stacked] == [("70", 2007), ("80", 2008), ("90", 2009)]


def test_two_targets_for_the_same_year_block_the_import(world, cycle):
    rows = [
        ("1.1 Objetivo.", "Indicador uno", 70, 2008, "", ""),
        (None, "Indicador uno", 80, 2008, "", ""),
        (None, "Indicador dos", 50, 2008, "", ""),
    ]
    parsed = read(lambda: builders.indicators_xlsx(rows=rows))
    import_ = pending(world, parsed, program=world.program_a.pk, cycle=cycle.pk)
    planned = preview(import_, by=world.staff_a)
    assert planned.blocked
    assert "Hoja «Indicadores»: Fila 7: el indicador «Indicador uno» tiene dos metas para 2008." in planned.problems
