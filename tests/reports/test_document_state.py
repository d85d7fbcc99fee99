"""The one rule that marks what nobody authorised yet (`tables.document_state`): «BORRADOR» in
HTML and PDF, in the XLSX annex, and as the «Estado del documento» column of datos and CSV."""

from openpyxl import load_workbook

from aspects.models import Plan
from reports.tables import AUTHORISED, DOCUMENT_STATE, DRAFT, SPECIFIC, document_state
from reports.writers import WRITERS


def build(plan):
    return SPECIFIC.build(Plan.objects.select_related("program__agency", "cycle").get(pk=plan.pk))


def test_a_draft_plan_is_borrador_and_an_authorised_one_is_autorizado(world):
    assert document_state(build(world.plan_a)) == DRAFT == "BORRADOR"
    assert document_state(build(world.live_plan_a)) == AUTHORISED == "Autorizado"


def test_every_format_of_a_draft_says_borrador(world, tmp_path):
    annex = build(world.plan_a)
    written = {}
    for key, writer in WRITERS.items():
        target = tmp_path / f"{key}.{writer.extension}"
        if key == "pdf":
            continue  # the PDF is the print HTML (tests/reports/test_pdf.py reads BORRADOR back)
        with target.open("wb") as out:
            writer.write(annex, out)
        written[key] = target
    assert '<span class="draft-tag">BORRADOR</span>' in written["html"].read_text()
    assert '<div class="watermark">BORRADOR</div>' in written["html"].read_text()
    header, first = written["csv"].read_text(encoding="utf-8-sig").splitlines()[:2]
    assert header.split(",")[:4] == ["Programa", "Ciclo", DOCUMENT_STATE, "No. ASM"]
    assert first.split(",")[2] == "BORRADOR"
    sheet = load_workbook(written["xlsx"]).active
    assert "BORRADOR: no autorizado" in [cell.value for row in sheet.iter_rows() for cell in row]
    assert sheet.oddHeader.right.text == "BORRADOR"
    datos = list(load_workbook(written["xlsx-datos"]).active.values)
    assert datos[0][2] == DOCUMENT_STATE and {row[2] for row in datos[1:]} == {"BORRADOR"}


def test_an_authorised_plan_says_autorizado_in_datos_and_borrador_nowhere(world, tmp_path):
    annex = build(world.live_plan_a)
    target = tmp_path / "datos.csv"
    with target.open("wb") as out:
        WRITERS["csv"].write(annex, out)
    text = target.read_text(encoding="utf-8-sig")
    assert ",Autorizado," in text and "BORRADOR" not in text
    html = tmp_path / "anexo.html"
    with html.open("wb") as out:
        WRITERS["html"].write(annex, out)
    assert "BORRADOR" not in html.read_text()
