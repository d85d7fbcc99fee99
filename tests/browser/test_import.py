"""«Importar» in a browser: a workbook with one bad date is previewed with its error and no
«Importar» button; the corrected workbook is imported and the plan appears in borrador."""

from __future__ import annotations

import io
import json

from django.urls import reverse
from openpyxl import Workbook

from tests import factories as make
from tests.browser.conftest import axe_violations, sign_in
from tests.seeds import FASSA_SPECIFIC_HEADERS


def workbook(end_of_second: str) -> bytes:
    """A documento de trabajo as the Querétaro seed lays it out: the header block, the table with
    an ASM over two activity rows, the signatures."""
    book = Workbook()
    sheet = book.active
    sheet.title = "Documento específico"
    sheet.append(["Dependencia o entidad responsable", "", "Servicios de Salud del Estado de Querétaro"])
    sheet.append(
        [
            "Nombre y cargo del responsable de la elaboración y seguimiento al programa de ASM",
            "",
            "José Samuel García Sánchez, Director de Planeación",
        ]
    )
    sheet.append(["Fondo o recurso federal evaluado", "", "Fondo de Aportaciones para los Servicios de Salud"])
    sheet.append([])
    sheet.append(FASSA_SPECIFIC_HEADERS)
    sheet.append(
        [
            1,
            "Los SESEQ publicarán los informes trimestrales en su página web.",
            "O",
            "1 Recopilar los informes financieros",
            "12-06-2017",
            "16-06-2017",
            "Informes financieros",
            "DIRECCIÓN DE FINANZAS",
            "Mejorar la transparencia.",
        ]
    )
    sheet.append(
        [
            None,
            None,
            None,
            "2 Publicar los informes en la página oficial",
            "26-06-2017",
            end_of_second,
            "Dirección electrónica",
            "DIRECCIÓN DE PLANEACIÓN",
            None,
        ]
    )
    sheet.append([])
    sheet.append(["GERARDO PALMA ANGELES", "", "", "", "JOSE SAMUEL GARCIA SANCHEZ"])
    sheet.append(["Elaboró", "", "", "", "Autorizó"])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def test_capturista_fixes_a_bad_date_and_imports_the_plan_in_borrador(transactional_db, live_server, page):
    agency = make.agency(name="Servicios de Salud del Estado de Querétaro", acronym="SESEQ")
    make.unit(agency, name="Dirección de Planeación")
    program = make.program(agency, key="I002", name="Fondo de Aportaciones para los Servicios de Salud")
    make.cycle(name="Programa de ASM 2017", year=2017)
    make.user("capturista.qro", agency, first_name="Ana", last_name="Pérez")  # password «secreta»

    sign_in(page, live_server.url, "capturista.qro", "secreta")
    page.get_by_role("link", name="Importar", exact=True).click()
    page.get_by_role("link", name="Importar un archivo").click()
    page.get_by_label("Archivo").set_input_files(
        files=[{"name": "pasm-2017.xlsx", "mimeType": XLSX, "buffer": workbook("mañana")}]
    )
    page.get_by_role("button", name="Leer el archivo").click()

    errors = page.locator("#errores")
    errors.wait_for()
    assert "mañana" in errors.inner_text()
    assert "Documento específico" in errors.inner_text()
    assert page.get_by_role("button", name="Importar", exact=True).count() == 0

    page.goto(live_server.url + reverse("imports:import-upload"))
    page.get_by_label("Archivo").set_input_files(
        files=[{"name": "pasm-2017-corregido.xlsx", "mimeType": XLSX, "buffer": workbook("30-06-2017")}]
    )
    page.get_by_role("button", name="Leer el archivo").click()
    page.get_by_role("button", name="Importar", exact=True).wait_for()
    assert page.locator("#errores").count() == 0
    violations = axe_violations(page)
    assert not violations, json.dumps(violations, ensure_ascii=False, indent=1)
    assert "nueva unidad" in page.content()  # «DIRECCIÓN DE FINANZAS» is not in the catalogue
    page.get_by_role("button", name="Importar", exact=True).click()

    page.wait_for_url("**/panel/planes/**")
    assert "Borrador" in page.locator("h1").inner_text()
    assert "Los SESEQ publicarán los informes trimestrales" in page.content()
    assert program.plans.get().state == "borrador"
