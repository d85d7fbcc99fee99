"""The admin and the staff pages work under the Content-Security-Policy: the `page` fixture fails the test
on anything the browser refuses (tests/browser/conftest.py)."""

import io

from django.core.management import call_command

from aspects.models import Plan


def test_the_admin_and_a_staff_annex_run_under_the_policy(demo, page):
    page.goto(demo + "/admin/")
    page.get_by_label("Nombre de usuario").fill("admin")
    page.get_by_label("Contraseña").fill("demo")
    page.locator("#login-form [type=submit]").click()
    # The admin's role needs a second factor: the demo's authenticator secret gives its code.
    page.get_by_role("heading", name="Verificación en dos pasos").wait_for()
    code = io.StringIO()
    call_command("demo_code", stdout=code, stderr=io.StringIO())
    page.get_by_label("Código").fill(code.getvalue().strip())
    page.get_by_role("button", name="Verificar").click()
    page.wait_for_url(demo + "/admin/")
    page.goto(demo + "/admin/aspects/plan/")
    assert page.get_by_role("heading", level=1).inner_text().startswith("Seleccione")
    # The admin's own scripts ran: the «select all» checkbox of the change list works.
    page.locator("#action-toggle").check()
    assert page.locator("input.action-select:checked").count() == Plan.objects.count()

    plan = Plan.objects.filter(state="autorizado").order_by("pk").first()
    page.goto(demo + f"/panel/anexos/plan/{plan.pk}/resumen/")
    # The column widths come from the stylesheet's classes, not from inline styles the policy refuses.
    widths = page.locator("table.annex-table col").evaluate_all("cols => cols.map(c => getComputedStyle(c).width)")
    assert widths and "auto" not in widths
