"""The consolidated annex of an agency or a cycle, on the seed programs: the XLSX has one sheet
per table kind in the datos layout of the CONEVAL columns, each row after its agency and with its
program; only authorised plans and rounds go in. One PDF render for the module."""

import io

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook
from pypdf import PdfReader

from aspects.models import Plan
from indicators.models import AchievementGap, Indicator, ProductChange
from reports.bulk import AnnexScope, agency_named, cycles_named
from reports.consolidated import Consolidated, write_xlsx
from reports.indicator_tables import INDICATOR_TABLES
from reports.tables import TABLES

pytestmark = pytest.mark.usefixtures("seeds")

SHEETS = [
    "Recomendaciones",
    "Resumen",
    "Específico",
    "Institucional",
    "Interinstitucional",
    "Avance",
    "Avance institucional",
]
# After them, when a plan of the scope is measured by indicators (SEDESOL's PMG-SEDESOL).
INDICATOR_SHEETS = ["Cumplimiento", "Modificaciones a productos", "Logros y brechas"]


def export(*args: str) -> str:
    out = io.StringIO()
    call_command("export_annex", *args, stdout=out)
    return out.getvalue()


def sedesol(tmp_path):
    target = tmp_path / "consolidado.xlsx"
    export("--consolidated", "--agency", "SEDESOL", "--output", str(target))
    return load_workbook(target)


def sheet_rows(book, name) -> list[dict]:
    header, *rows = list(book[name].values)
    return [dict(zip(header, row, strict=True)) for row in rows]


def test_one_sheet_per_table_kind_under_the_datos_headers_with_agency_and_program(tmp_path):
    book = sedesol(tmp_path)
    assert book.sheetnames == SHEETS + INDICATOR_SHEETS
    assert SHEETS == [table.sheet for table in TABLES.values()]
    assert INDICATOR_SHEETS == [table.sheet for table in INDICATOR_TABLES.values()]
    specific = next(book["Específico"].values)
    assert specific[:5] == ("Dependencia", "Programa", "Ciclo", "Estado del documento", "No. ASM")
    assert "Aspecto Susceptible de Mejora" in specific and "Área responsable" in specific
    progress = next(book["Avance"].values)
    assert progress[:5] == ("Dependencia", "Programa", "Ciclo", "Periodo de corte", "Estado del documento")
    assert "Avance (%)" in progress and "Porcentaje de avance y justificación ¹" not in progress
    for name in SHEETS + INDICATOR_SHEETS:
        sheet = book[name]
        assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref.startswith("A1:")


def test_it_holds_every_authorised_plan_of_the_agency_and_no_draft(tmp_path):
    book = sedesol(tmp_path)
    summary = sheet_rows(book, "Resumen")
    authorised = Plan.objects.public().filter(program__agency__acronym="SEDESOL")
    assert {(row["Programa"], row["Ciclo"]) for row in summary} == {
        (plan.program.key, plan.cycle.name) for plan in authorised
    }
    # S054 and S061 from the seeds, and the demo's plan measured by indicators.
    assert {row["Programa"] for row in summary} == {"S054", "S061", "PMG-SEDESOL"}
    assert {row["Dependencia"] for row in summary} == {"Secretaría de Desarrollo Social"}
    every = [row for name in SHEETS for row in sheet_rows(book, name)]
    assert {row["Estado del documento"] for row in every} == {"Autorizado"}
    assert not any(row["Ciclo"] == "Programa de ASM 2026" for row in every)
    # A program's rows as its plan's own datos export reads them (here the ASM of S054 2011).
    s054 = [row for row in summary if row["Programa"] == "S054" and row["Ciclo"] == "Mecanismo 2011"]
    plan = authorised.get(program__key="S054", cycle__name="Mecanismo 2011")
    assert [row["No."] for row in s054] == list(plan.aspects.order_by("number").values_list("number", flat=True))


def test_progress_sheets_are_cut_at_each_plans_latest_authorised_round(tmp_path):
    progress = sheet_rows(sedesol(tmp_path), "Avance")
    periods = {(row["Programa"], row["Ciclo"]): row["Periodo de corte"] for row in progress}
    assert periods[("S054", "Mecanismo 2011")] == "Marzo 2012"
    assert all(row["Avance (%)"] is None or 0 <= row["Avance (%)"] <= 100 for row in progress)


def test_a_cycle_across_agencies(tmp_path):
    scope = AnnexScope(cycles=cycles_named("Mecanismo 2010"))
    out = io.BytesIO()
    write_xlsx(Consolidated(scope).plans(), out)
    book = load_workbook(io.BytesIO(out.getvalue()))
    assert {row["Ciclo"] for row in sheet_rows(book, "Resumen")} == {"Mecanismo 2010"}
    assert book.sheetnames == SHEETS  # no plan of the cycle is measured by indicators


def test_plans_measured_by_indicators_add_a_sheet_per_indicator_table_with_agency_and_program(tmp_path):
    book = sedesol(tmp_path)
    plan = Plan.objects.public().get(program__key="PMG-SEDESOL")
    compliance = sheet_rows(book, "Cumplimiento")
    assert next(book["Cumplimiento"].values)[:5] == (
        "Dependencia",
        "Programa",
        "Ciclo",
        "Periodo de corte",
        "Estado del documento",
    )
    assert {(row["Dependencia"], row["Programa"], row["Ciclo"]) for row in compliance} == {
        ("Secretaría de Desarrollo Social", "PMG-SEDESOL", plan.cycle.name)
    }
    # At the latest authorised round (2008), never the draft round of 2009.
    assert {row["Periodo de corte"] for row in compliance} == {"Diciembre 2008"}
    assert len(compliance) == Indicator.objects.filter(aspect__plan=plan).count()
    products = sheet_rows(book, "Modificaciones a productos")
    assert [row["No."] for row in products] == list(
        ProductChange.objects.filter(plan=plan).order_by("number").values_list("number", flat=True)
    )
    assert {row["Programa"] for row in products} == {"PMG-SEDESOL"}
    gaps = sheet_rows(book, "Logros y brechas")
    assert len(gaps) == AchievementGap.objects.filter(plan=plan).count() > 0
    every = compliance + products + gaps
    assert {row["Estado del documento"] for row in every} == {"Autorizado"}


def test_the_progress_callback_counts_the_annexes(tmp_path):
    scope = AnnexScope(agency=agency_named("SEDESOL").pk)
    seen = []
    write_xlsx(Consolidated(scope).plans(), io.BytesIO(), lambda done, total: seen.append((done, total)))
    total = seen[-1][1]
    assert seen == [(done, total) for done in range(1, total + 1)]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--consolidated",), "Indique --agency, --cycle o ambos"),
        (("--consolidated", "--agency", "SEDESOL", "--format", "csv"), "se escribe en xlsx o pdf"),
        (("--consolidated", "--all", "--agency", "SEDESOL"), "Use --all o --consolidated, no ambos."),
        (("--consolidated", "--agency", "SEDESOL", "--include-drafts"), "--include-drafts no se usa con"),
        (("--consolidated", "--agency", "NADA"), "No existe la dependencia «NADA»"),
    ],
)
def test_the_command_says_what_is_wrong(tmp_path, args, message):
    with pytest.raises(CommandError, match=message):
        export(*args, "--output", str(tmp_path / "consolidado.xlsx"))


def test_the_pdf_has_a_cover_with_its_contents_then_each_annex_as_printed(tmp_path, monkeypatch):
    from reports import bulk

    # Two short tables rather than seven: the joining is the same, with fewer PDF renders.
    monkeypatch.setattr(bulk, "TABLES", {slug: TABLES[slug] for slug in ("recomendaciones", "resumen")})
    target = tmp_path / "consolidado.pdf"
    out = export("--consolidated", "--agency", "SESEQ", "--format", "pdf", "--output", str(target))
    assert f"Se escribió {target}" in out
    reader = PdfReader(target)
    cover = " ".join(reader.pages[0].extract_text().split())
    assert "Anexo consolidado de los programas de trabajo autorizados SESEQ" in cover
    assert "FASSA-QRO" in cover and "Selección de recomendaciones" in cover and "Resumen del programa de ASM" in cover
    titles = [item.title for item in reader.outline]
    assert titles == [
        "FASSA-QRO Programa de ASM 2017 · Selección de recomendaciones",
        "FASSA-QRO Programa de ASM 2017 · Resumen del programa de ASM",
    ]
    # Each annex starts where the contents say, with its own header and signatures.
    first, second = (reader.get_destination_page_number(item) for item in reader.outline)
    assert first == 1
    assert f"Resumen del programa de ASM {second + 1}" in cover  # the contents give the page it starts on
    assert "Resumen" in reader.pages[second].extract_text()
    # One «Página X de Y» across the whole document, the cover included, where each annex prints it.
    total = len(reader.pages)
    for number, page in enumerate(reader.pages, start=1):
        assert f"Página {number} de {total}" in page.extract_text(), number
    assert "se numeran de corrido" in cover and f"Las {total} páginas del documento" in cover
    assert not any("BORRADOR" in page.extract_text() for page in reader.pages)


def test_the_pdf_holds_the_indicator_tables_of_a_plan_measured_by_indicators(tmp_path, monkeypatch):
    from reports import bulk

    # Only the indicator tables: the seed programs' own tables are the test above.
    monkeypatch.setattr(bulk, "TABLES", {})
    target = tmp_path / "consolidado.pdf"
    export("--consolidated", "--agency", "SEDESOL", "--format", "pdf", "--output", str(target))
    reader = PdfReader(target)
    cycle = Plan.objects.get(program__key="PMG-SEDESOL").cycle.name
    assert [item.title for item in reader.outline] == [
        f"PMG-SEDESOL {cycle} · {title}"
        for title in ("Cumplimiento de objetivos específicos", "Modificaciones a productos", "Logros y brechas")
    ]
    cover = " ".join(reader.pages[0].extract_text().split())
    assert "Cumplimiento de objetivos específicos" in cover and "Logros y brechas" in cover
    compliance = reader.pages[reader.get_destination_page_number(reader.outline[0])].extract_text()
    assert "Diciembre 2008" in compliance
