"""import_annex: the dry run prints what would be created, or every error; exit 0, 1 or 2."""

from __future__ import annotations

import io
import json
from datetime import date

import pytest
from django.core.management import CommandError, call_command

from . import builders
from .helpers import run, written


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
    assert result["plan"] == {"program": world.program_a.key, "cycle": None, "evaluation": None}
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
    assert "Recomendaciones: para importarlas indique su evaluación de origen con --evaluation-type." in out


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


def test_a_sheet_of_recommendations_is_refused_without_its_evaluation(tmp_path, world):
    from programs.models import Recommendation
    from tests import factories as make

    path = written(tmp_path, builders.fassa_csv)
    before = Recommendation.objects.count()
    with pytest.raises(CommandError, match="trae recomendaciones: indique su evaluación de origen") as error:
        run(path, "--program", world.program_a.key, "--cycle", make.cycle().name)
    assert error.value.returncode == 1
    assert Recommendation.objects.count() == before


def test_recommendations_go_to_a_new_evaluation_of_the_type_given_in_the_year_their_rows_print(tmp_path, world):
    from aspects.models import Plan
    from programs.models import Evaluation, EvaluationType
    from tests import factories as make

    path = written(tmp_path, builders.fassa_csv)
    cycle = make.cycle()
    EvaluationType.objects.create(name="Específica")
    make.evaluation(world.program_b, type=world.evaluation_a.type, year=2016)  # of another program
    out = run(path, "--program", world.program_a.key, "--cycle", cycle.name, "--evaluation-type", "ESPECIFICA")
    assert "Recomendaciones a la evaluación: Específica 2016 · A001 (nueva)" in out
    evaluation = Evaluation.objects.get(program=world.program_a, type__name="Específica")
    assert evaluation.year == 2016
    assert sorted(evaluation.recommendations.values_list("number", flat=True)) == [1, 2, 13, 34, 50]
    assert Plan.objects.get(program=world.program_a, cycle=cycle).evaluation == evaluation


def test_recommendations_go_to_the_programs_evaluation_of_that_type_and_year_when_there_is_one(tmp_path, world):
    from programs.models import Evaluation
    from tests import factories as make

    path = written(tmp_path, builders.fassa_csv)
    existing = make.evaluation(world.program_a, year=2012)
    args = ["--program", world.program_a.key, "--cycle", make.cycle().name]
    args += ["--evaluation-type", "consistencia y resultados", "--evaluation-year", "2012"]
    result = json.loads(run(path, *args, "--dry-run", "--format", "json"))
    assert result["plan"]["evaluation"] == str(existing)
    count = Evaluation.objects.count()
    run(path, *args)
    assert Evaluation.objects.count() == count
    assert sorted(existing.recommendations.values_list("number", flat=True)) == [1, 2, 13, 34, 50]


def test_an_unknown_evaluation_type_or_a_year_without_a_type_is_refused(tmp_path, world):
    path = written(tmp_path, builders.fassa_csv)
    with pytest.raises(CommandError, match="No existe el tipo de evaluación «Censo». Tipos registrados: «Consistencia"):
        run(path, "--program", world.program_a.key, "--evaluation-type", "Censo", "--dry-run")
    with pytest.raises(CommandError, match="--evaluation-year va con --evaluation-type"):
        run(path, "--program", world.program_a.key, "--evaluation-year", "2016", "--dry-run")


def test_the_dry_run_announces_the_indicators_results_it_will_store_and_in_which_periods(tmp_path, world):
    from indicators.models import Measurement
    from programs.models import CutOffPeriod
    from tests import factories as make

    path = written(tmp_path, builders.indicators_docx)
    cycle = make.cycle(year=2008)
    CutOffPeriod.objects.create(cycle=cycle, name="Diciembre 2008", start=date(2008, 7, 1), end=date(2008, 12, 31))
    out = run(path, "--program", world.program_a.key, "--cycle", cycle.name, "--dry-run")
    assert "0 avances, 4 indicadores" in out
    assert (
        "Resultados de indicadores: 4 se guardan como mediciones en borrador, con su calificación (no son públicas "
        "hasta que se autorice el reporte de indicadores del periodo):\n"
        "  2007: 1 en el periodo «Año 2007», que se crea por abrir\n"
        "  2008: 2 en el periodo «Diciembre 2008»\n"
        "  2009: 1 en el periodo «Año 2009», que se crea por abrir\n"
    ) in out
    result = json.loads(
        run(path, "--program", world.program_a.key, "--cycle", cycle.name, "--dry-run", "--format", "json")
    )
    assert result["measurements"][1] == {"year": 2008, "results": 2, "period": "Diciembre 2008", "new_period": False}
    assert not Measurement.objects.exists()
    assert not CutOffPeriod.objects.filter(name__startswith="Año").exists()

    out = run(path, "--program", world.program_a.key, "--cycle", cycle.name)
    assert "0 avances, 4 indicadores, 4 mediciones en borrador, 0 unidades nuevas" in out
    assert sorted(Measurement.objects.values_list("period__name", "year")) == [
        ("Año 2007", 2007),
        ("Año 2009", 2009),
        ("Diciembre 2008", 2008),
        ("Diciembre 2008", 2008),
    ]
