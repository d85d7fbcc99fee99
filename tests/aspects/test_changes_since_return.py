"""«Cambios desde la devolución» on the review page of a resubmitted plan or progress round."""

from aspects.changes import plan_changes, round_changes
from aspects.models import Activity
from tests import factories as make
from tests.conftest import client_for


def test_a_plan_not_returned_has_no_changes_section(world):
    world.plan_a.submit(by=world.staff_a)
    assert plan_changes(world.plan_a) is None
    page = client_for(world.supervisor_a).get(world.plan_a.get_absolute_url()).content.decode()
    assert "Cambios desde la devolución" not in page


def test_a_resubmitted_plan_shows_every_change_since_the_return_by_asm_and_activity(world):
    plan, aspect, activity = world.plan_a, world.aspect_a, world.activity_a
    aspect.text = "Texto del ASM antes."
    aspect.save()
    make.in_state(plan, "devuelto", world.staff_a, world.supervisor_a)
    aspect.refresh_from_db()
    aspect.text = "Texto del ASM corregido."
    aspect.priority = "alta"
    aspect.save()
    activity = Activity.objects.get(pk=activity.pk)
    activity.description = "Elaborar y publicar el documento."
    activity.save()
    activity.units.add(make.unit(world.agency_a, name="Dirección de Calidad"))
    added = make.activity(aspect, number=2, description="Difundir el informe.")
    gone = make.activity(aspect, number=3)
    gone.delete()  # made and deleted since the return: nothing to review
    plan.submit(by=world.staff_a)
    groups = plan_changes(plan)
    assert [(group.heading, group.status) for group in groups] == [
        ("ASM 1", "cambio"),
        ("ASM 1 · Actividad 1", "cambio"),
        (f"ASM 1 · Actividad {added.number}", "alta"),
    ]
    aspect_changes = {change.label: change for change in groups[0].changes}
    assert aspect_changes["aspecto susceptible de mejora"].diff == (
        'Texto del ASM <del class="diff">antes.</del><ins class="diff">corregido.</ins>'
    )
    assert (aspect_changes["prioridad"].old, aspect_changes["prioridad"].new) == ("—", "Alta")
    page = client_for(world.supervisor_a).get(plan.get_absolute_url()).content.decode()
    assert "Cambios desde la devolución" in page
    assert 'Elaborar<ins class="diff"> y publicar</ins> el documento.' in page
    assert "Dirección de Calidad" in page
    assert "Difundir el informe." in page


def test_a_resubmitted_round_shows_the_changed_reports(world):
    report = make.report(world.live_activity_a, world.march, percent=50, observations="Avance parcial.")
    round_ = world.live_plan_a.rounds.get(period=world.march)
    make.in_state(round_, "devuelto", world.staff_a, world.supervisor_a)
    report.refresh_from_db()
    report.percent = 70
    report.observations = "Avance parcial; falta la publicación."
    report.save()
    round_.submit(by=world.staff_a)
    (group,) = round_changes(round_)
    assert group.heading == f"ASM {world.live_aspect_a.number} · Actividad {world.live_activity_a.number}"
    rows = {change.label: change for change in group.changes}
    assert (rows["porcentaje de avance"].old, rows["porcentaje de avance"].new) == ("50", "70")
    page = client_for(world.supervisor_a).get(round_.get_absolute_url()).content.decode()
    assert "Cambios desde la devolución" in page and '<ins class="diff">' in page
