"""import_annex: the dry run prints what would be created, or every error; exit 0, 1 or 2."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import CommandError, call_command

from . import builders


def run(path, *args: str) -> str:
    out = io.StringIO()
    call_command("import_annex", str(path), *args, stdout=out)
    return out.getvalue()


def written(tmp_path, build) -> object:
    name, data = build()
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_dry_run_prints_each_table_with_its_counts(tmp_path, world):
    path = written(tmp_path, builders.durango_xlsx)
    out = run(path, "--program", world.program_a.key, "--dry-run")
    assert (
        "Seguimiento ASM: documento de trabajo (ASM específicos) (encabezado en la fila 7): 0 recomendaciones, "
        "6 ASM, 7 actividades, 0 avances" in out
    )
    assert "Sin errores: el archivo se puede importar." in out


def test_dry_run_json_prints_the_parsed_result(tmp_path, world):
    path = written(tmp_path, builders.three_for_one_docx)
    result = json.loads(run(path, "--program", world.program_a.key, "--dry-run", "--format", "json"))
    assert set(result) >= {"tables", "errors", "warnings", "metadata", "counts"}
    assert result["plan"] == {"program": world.program_a.key, "cycle": None}
    specific = result["tables"][1]
    assert specific["aspects"][0]["activities"][1]["end_committed"] == "2010-12-31"
    assert specific["aspects"][0]["activities"][1]["percent"] == 75


def test_a_file_with_errors_exits_1_after_listing_them(tmp_path, world):
    path = written(tmp_path, builders.bad_cells_xlsx)
    out = io.StringIO()
    with pytest.raises(SystemExit) as exit:
        call_command("import_annex", str(path), "--program", world.program_a.key, "--dry-run", stdout=out)
    assert exit.value.code == 1
    assert 'ERROR: Hoja "Seguimiento ASM", fila 3, columna "Fecha Término": "mañana" no es una fecha' in out.getvalue()
    assert "5 errores: no se puede importar hasta corregirlos." in out.getvalue()


def test_an_unreadable_file_exits_2(tmp_path, world):
    path = written(tmp_path, builders.text_renamed_xlsx)
    with pytest.raises(CommandError, match="no_es_excel.xlsx: no es un archivo Excel válido") as error:
        run(path, "--program", world.program_a.key, "--dry-run")
    assert error.value.returncode == 2


def test_an_unknown_program_or_cycle_is_refused(tmp_path, world):
    path = written(tmp_path, builders.durango_xlsx)
    with pytest.raises(CommandError, match="No existe el programa «NADA»"):
        run(path, "--program", "NADA", "--dry-run")
    with pytest.raises(CommandError, match="No existe el ciclo «Mecanismo 1900»"):
        run(path, "--program", world.program_a.key, "--cycle", "Mecanismo 1900", "--dry-run")


def test_the_cycle_is_named_in_the_summary(tmp_path, world):
    path = written(tmp_path, builders.fassa_csv)
    cycle = world.plan_a.cycle
    out = run(path, "--program", world.program_a.key, "--cycle", cycle.name, "--dry-run")
    assert f"fassa_recomendaciones.csv → {world.program_a.key} · {cycle.name}" in out
    assert "5 recomendaciones, 0 ASM" in out


def test_without_dry_run_it_imports_the_file_into_a_draft_plan_and_refuses_it_a_second_time(tmp_path, world):
    from aspects.models import Plan
    from programs.workflow import State
    from tests import factories as make

    path = written(tmp_path, builders.durango_xlsx)
    cycle = make.cycle()  # one where the program has no plan yet
    before = set(Plan.objects.values_list("pk", flat=True))
    run(path, "--program", world.program_a.key, "--cycle", cycle.name)
    plan = Plan.objects.exclude(pk__in=before).get()
    assert plan.program == world.program_a and plan.state == State.DRAFT
    assert plan.aspects.count() == 6
    with pytest.raises(CommandError):
        run(path, "--program", world.program_a.key, "--cycle", cycle.name)
    assert Plan.objects.exclude(pk__in=before).count() == 1
