"""The export_annex command for analysts, on the seed programs."""

import io

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from aspects.models import Plan
from programs.workflow import State
from reports.bulk import indicator_plans
from reports.tables import TABLES

pytestmark = pytest.mark.usefixtures("seeds")


def export(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("export_annex", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_exports_one_table_of_one_program(tmp_path):
    target = tmp_path / "annex.xlsx"
    out, err = export("--program", "S061", "--table", "institucional", "--format", "xlsx", "--output", str(target))
    sheet = load_workbook(target).active
    assert sheet["A1"].value == "Documento institucional"
    assert any(
        cell.value == "Definir claramente los conceptos de población Potencial y objetivo."
        for row in sheet.iter_rows()
        for cell in row
    )
    assert "Mecanismo 2009" in out
    assert "Programa de ASM 2026" in err  # S061 has two plans: the command says which one it used


def test_format_comes_from_the_extension_and_cycle_and_period_are_chosen(tmp_path):
    target = tmp_path / "avance.csv"
    export(
        "--program",
        "s054",
        "--cycle",
        "Mecanismo 2010",
        "--table",
        "avance",
        "--period",
        "marzo 2012",
        "--output",
        str(target),
    )
    text = target.read_text(encoding="utf-8-sig")
    assert text.startswith(
        "Programa,Ciclo,Periodo de corte,Estado del documento,No.,Aspecto Susceptible de Mejora"
    )  # S054 2010 in its profile, its round of March 2012 authorised
    assert ",Marzo 2012,Autorizado," in text
    assert "Mecanismo 2010" in text and "Marzo 2012" in text and "Dar continuidad a la carta compromiso" in text


def test_datos_layout_of_xlsx(tmp_path):
    target = tmp_path / "datos.xlsx"
    export("--program", "FASSA-QRO", "--table", "especifico", "--layout", "datos", "--output", str(target))
    sheet = load_workbook(target).active
    assert sheet.max_row == 49 and sheet.freeze_panes == "A2"


@pytest.mark.parametrize(
    "args,message",
    [
        (
            ["--program", "X999", "--table", "institucional"],
            "No existe el programa «X999». Programas registrados: FASSA-QRO, PAJF-DGO, PMG-SEDESOL, S054, S061.",
        ),
        (["--program", "S061", "--table", "anexo"], "Anexo desconocido «anexo». Use uno de: recomendaciones, resumen"),
        (["--program", "S061", "--table", "avance", "--format", "odt"], "Formato desconocido «odt»"),
        (
            ["--program", "S061", "--table", "avance", "--period", "Junio 2010"],
            "El ciclo «Mecanismo 2009» no tiene el periodo de corte «Junio 2010»",
        ),
        (
            ["--program", "S054", "--cycle", "2015", "--table", "avance"],
            "El programa S054 no tiene programa de trabajo en el ciclo «2015»",
        ),
        (["--table", "avance"], "Indique --program"),
        (["--program", "S061", "--table", "avance", "--layout", "tabla"], "Diseño desconocido «tabla»"),
        (["--all", "--program", "S061"], "--program no se usa con --all"),
    ],
)
def test_clear_spanish_errors(tmp_path, args, message):
    with pytest.raises(CommandError) as error:
        export(*args, "--output", str(tmp_path / "anexo.pdf"))
    assert message in str(error.value)


def test_all_writes_every_table_of_every_authorised_plan_and_nothing_else(tmp_path):
    from reports.bulk import authorised_periods, measured_periods

    out, _ = export("--all", "--format", "csv", "--output", str(tmp_path / "anexos"))
    files = sorted(path.name for path in (tmp_path / "anexos").iterdir())
    authorised = Plan.objects.filter(state=State.AUTHORISED)
    assert 0 < authorised.count() < Plan.objects.count()  # the demo has drafts
    # Every table of each authorised plan; its progress tables only at an authorised round.
    with_round = len(authorised_periods(authorised))
    # A plan measured by indicators adds its indicator tables, «Cumplimiento» at an authorised round.
    measured = indicator_plans(authorised)
    with_measurements = len(set(measured_periods(authorised)) & measured)
    assert measured and with_measurements
    assert len(files) == authorised.count() * (len(TABLES) - 2) + with_round * 2 + len(measured) * 2 + with_measurements
    assert "cumplimiento-PMG-SEDESOL-2008-diciembre-2008-datos.csv" in files
    assert "logros-brechas-PMG-SEDESOL-2008-datos.csv" in files
    assert "avance-S054-2010-marzo-2012-datos.csv" in files and "avance-S054-2011-marzo-2012-datos.csv" in files
    assert "interinstitucional-FASSA-QRO-2017-datos.csv" in files
    assert not any("2026" in name for name in files)  # the plans of 2026 are drafts
    texts = [(tmp_path / "anexos" / name).read_text(encoding="utf-8-sig") for name in files]
    assert all(text.splitlines()[0].count("Estado del documento") == 1 for text in texts)
    assert not any("BORRADOR" in text for text in texts)
    assert f"Se escribieron {len(files)} archivos" in out


def test_all_with_drafts_writes_every_plan_and_marks_each_draft_borrador(tmp_path):
    out, _ = export("--all", "--include-drafts", "--format", "csv", "--output", str(tmp_path / "anexos"))
    files = sorted(path.name for path in (tmp_path / "anexos").iterdir())
    assert len(files) == Plan.objects.count() * len(TABLES) + len(indicator_plans(Plan.objects.all())) * 3
    draft = (tmp_path / "anexos" / "especifico-FASSA-QRO-2026-datos.csv").read_text(encoding="utf-8-sig")
    header, *rows = draft.splitlines()
    column = header.split(",").index("Estado del documento")
    assert rows and {row.split(",")[column] for row in rows} == {"BORRADOR"}
    signed = (tmp_path / "anexos" / "especifico-FASSA-QRO-2017-datos.csv").read_text(encoding="utf-8-sig")
    assert "BORRADOR" not in signed and ",Autorizado," in signed


def test_include_drafts_goes_with_all(tmp_path):
    with pytest.raises(CommandError, match="--include-drafts se usa con --all."):
        export("--program", "S061", "--table", "resumen", "--include-drafts", "--output", str(tmp_path / "a.csv"))


def test_all_is_narrowed_by_agency_and_cycle(tmp_path):
    export(
        "--all",
        "--agency",
        "SEDESOL",
        "--cycle",
        "Mecanismo 2010",
        "--format",
        "csv",
        "--output",
        str(tmp_path / "anexos"),
    )
    files = {path.name for path in (tmp_path / "anexos").iterdir()}
    assert len(files) == len(TABLES)
    assert all("-S054-" in name for name in files)


def test_all_changed_since_writes_only_the_plans_that_changed(tmp_path):
    from datetime import timedelta

    from django.utils import timezone

    from aspects.models import Activity

    tomorrow = (timezone.localdate() + timedelta(days=1)).strftime("%d/%m/%Y")
    out, _ = export("--all", "--changed-since", tomorrow, "--format", "csv", "--output", str(tmp_path / "nada"))
    assert "Se escribieron 0 archivos" in out

    moment = timezone.now()
    assert not Plan.objects.changed_since(moment).exists()
    activity = Activity.objects.filter(
        aspect__plan__program__key="S054", aspect__plan__cycle__name="Mecanismo 2010"
    ).first()
    Activity.objects.filter(pk=activity.pk).update(results_obtained="Revisado.")
    assert list(Plan.objects.changed_since(moment)) == [activity.aspect.plan]


def test_all_scope_errors_are_spanish(tmp_path):
    with pytest.raises(CommandError, match="No existe la dependencia «XYZ»"):
        export("--all", "--agency", "XYZ", "--output", str(tmp_path))
    with pytest.raises(CommandError, match="Fecha no válida «ayer»"):
        export("--all", "--changed-since", "ayer", "--output", str(tmp_path))
