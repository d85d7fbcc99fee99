"""«Historial de cambios» as people read it: labels, names, local time, word-level diffs."""

from audit.models import AuditEntry
from audit.readable import Names, describe, net_changes, word_diff
from tests import factories as make
from tests.conftest import client_for


def test_a_word_diff_marks_deletions_and_insertions_and_escapes_text():
    html = word_diff("Publicar el informe <final> en marzo", "Publicar el informe <final> revisado en abril")
    assert html == (
        'Publicar el informe &lt;final&gt; <ins class="diff">revisado </ins>en '
        '<del class="diff">marzo</del><ins class="diff">abril</ins>'
    )


def test_choices_people_objects_and_times_are_shown_as_people_read_them(world):
    from aspects.models import Aspect, Plan

    changes = {
        "state": ["devuelto", "en_revision"],
        "prepared_by_id": [None, world.staff_a.pk],
        "prepared_at": [None, "2018-03-05T18:07:41.123456Z"],
        "prepared_on": [None, "2018-03-05"],
    }
    rows = {row.label: (row.old, row.new) for row in describe(Plan, changes, Names())}
    assert rows == {
        "estado": ("Devuelto", "En revisión"),
        "elaboró": ("—", "Ana Pérez"),
        "enviado el": ("—", "05/03/2018 12:07"),  # America/Mexico_City, to the minute
        "fecha de elaboración": ("—", "05/03/2018"),
    }
    links = describe(Aspect, {"recommendations": [[], [world.recommendation_a.pk]]}, Names())
    assert (links[0].label, links[0].new) == ("recomendaciones de origen", str(world.recommendation_a))


def test_a_long_text_change_is_a_diff(world):
    from aspects.models import Activity

    (row,) = describe(
        Activity, {"description": ["Elaborar el diagnóstico.", "Elaborar y publicar el diagnóstico."]}, Names()
    )
    assert row.diff == 'Elaborar<ins class="diff"> y publicar</ins> el diagnóstico.'


def test_net_changes_keep_the_first_old_and_the_last_new_value():
    entries = [
        AuditEntry(action="cambio", changes={"a": [1, 2], "b": ["x", "y"]}),
        AuditEntry(action="cambio", changes={"a": [2, 3], "b": ["y", "x"]}),
    ]
    assert net_changes(entries) == ("cambio", {"a": [1, 3]})


def test_the_history_on_a_page_shows_names_labels_and_local_time(world):
    from django.utils import timezone

    world.activity_a.description = "Elaborar el diagnóstico estatal."
    world.activity_a.save()
    world.activity_a.units.add(make.unit(world.agency_a, name="Dirección de Calidad"))
    entry = AuditEntry.objects.for_object(world.activity_a).first()
    page = client_for(world.staff_a).get(world.activity_a.get_absolute_url()).content.decode()
    assert timezone.get_current_timezone_name() == "America/Mexico_City"
    assert timezone.localtime(entry.at).strftime("%d/%m/%Y %H:%M") in page
    assert 'Elaborar el <del class="diff">documento.</del><ins class="diff">diagnóstico estatal.</ins>' in page
    assert "Dirección de Planeación → Dirección de Planeación, Dirección de Calidad" in page
