"""A citizen, with no account, follows what an agency committed to and checks its evidence."""

import hashlib
import json

from openpyxl import load_workbook

from evidence.models import Evidence
from programs.models import Evaluation
from tests.browser.conftest import axe_violations


def test_citizen_goes_from_home_to_an_agency_program_asm_and_downloads_its_evidence(demo, page):
    page.goto(demo + "/")
    assert page.get_by_role("heading", level=1).inner_text() == "Seguimiento de los Aspectos Susceptibles de Mejora"
    page.get_by_role("link", name="Secretaría de Desarrollo Social").first.click()
    page.get_by_role("link", name="S054").click()
    assert "Opciones Productivas" in page.get_by_role("heading", level=1).inner_text()
    page.get_by_role("link", name="Proponer los ejes temáticos", exact=False).first.click()
    assert page.get_by_role("heading", level=1).inner_text() == "ASM 1"
    sha256 = page.locator("code").first.inner_text().strip()
    with page.expect_download() as download:
        page.get_by_role("link", name="Descargar Reglas de Operación", exact=False).click()
    path = download.value.path()
    assert download.value.suggested_filename == "Reglas de Operación del Programa Opciones Productivas 2011 y 2012.pdf"
    assert hashlib.sha256(open(path, "rb").read()).hexdigest() == sha256


def test_citizen_filters_searches_and_downloads_lists(demo, page, tmp_path):
    page.goto(demo + "/asm/")
    page.get_by_label("Estado").select_option(label="Concluido")
    page.get_by_role("button", name="Filtrar").click()
    assert "estado=concluido" in page.url
    statuses = page.locator("tbody tr td:nth-child(7)").all_inner_texts()
    assert statuses and set(statuses) == {"Concluido"}
    count = int(page.get_by_text("resultado").first.inner_text().split()[0])

    with page.expect_download() as download:
        page.get_by_role("link", name="JSON").click()
    rows = json.loads(open(download.value.path(), encoding="utf-8").read())
    # The same records as the API (issue 12): its field names and choice codes.
    assert len(rows) == count and {row["estado"] for row in rows} == {"concluido"}
    with page.expect_download() as download:
        page.get_by_role("link", name="CSV").click()
    csv = open(download.value.path(), "rb").read()
    assert csv.startswith(b"\xef\xbb\xbf") and csv.decode("utf-8-sig").count("\n") >= count
    with page.expect_download() as download:
        page.get_by_role("link", name="XLSX").click()
    sheet = load_workbook(open(download.value.path(), "rb"), read_only=True).active
    assert sum(1 for _ in sheet.iter_rows()) == count + 1

    page.get_by_label("Buscar en ASM, actividades y recomendaciones").fill("evaluacion")
    page.get_by_role("button", name="Buscar", exact=True).click()
    assert "evaluación" in page.locator("main").inner_text().lower()
    assert "Sin resultados." not in page.locator("#resultados-recommendation ~ ul").inner_text()


def public_page_types(base: str) -> dict[str, str]:
    evidence = Evidence.objects.public().order_by("pk").first()
    activity = evidence.report.activity
    aspect = activity.aspect
    key = aspect.plan.program.key
    evaluation = Evaluation.objects.public().order_by("pk").first()
    pages = {
        "inicio": "/",
        "dependencias": "/dependencias/",
        "dependencia": f"/dependencias/{aspect.plan.program.agency.slug}/",
        "programas": "/programas/",
        "programa": f"/programas/{key}/",
        "evaluación": f"/programas/{evaluation.program.key}/evaluaciones/{evaluation.pk}/",
        "asm": f"/programas/{key}/asm/{aspect.pk}/",
        "actividad": f"/programas/{key}/actividades/{activity.pk}/",
        "lista de ASM filtrada": "/asm/?estado=concluido&tipo=especifico",
        "lista de actividades": "/actividades/",
        "búsqueda": "/buscar/?q=evaluacion",
        "datos abiertos": "/datos/",
        "diccionario de datos": "/datos/diccionario/",
        "anexo": f"/programas/{key}/anexos/{aspect.plan.pk}/avance/",
        "evidencia": evidence.get_public_url(),
    }
    return {name: base + path for name, path in pages.items()}


def test_every_public_page_type_has_no_wcag_violations(demo, page):
    found = {}
    for name, url in public_page_types(demo).items():
        response = page.goto(url)
        assert response.status == 200, name
        violations = axe_violations(page)
        if violations:
            found[name] = violations
    assert not found, json.dumps(found, ensure_ascii=False, indent=1)


def test_public_pages_are_usable_at_375_pixels(demo, chromium):
    context = chromium.new_context(viewport={"width": 375, "height": 740})
    page = context.new_page()
    found = {}
    for name, url in public_page_types(demo).items():
        page.goto(url)
        overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{name} se desborda {overflow} px a 375 px de ancho"
        violations = axe_violations(page)
        if violations:
            found[name] = violations
    assert not found, json.dumps(found, ensure_ascii=False, indent=1)
    page.goto(demo + "/")
    page.get_by_role("button", name="Mostrar menú").click()
    page.get_by_role("link", name="Programas", exact=True).click()
    assert page.get_by_role("heading", level=1).inner_text() == "Programas y fondos evaluados"
    context.close()
