"""Optimistic locking: two people saving from the same version never overwrite each other."""

import re

import pytest

from audit.capture import acting_as
from audit.models import ConcurrentEditError
from programs.models import Program


def test_second_save_from_the_same_version_is_refused_naming_who_saved_first(world):
    first, second = Program.objects.get(pk=world.program_a.pk), Program.objects.get(pk=world.program_a.pk)
    with acting_as(world.supervisor_a):
        first.name = "Primero"
        first.save()
    second.name = "Segundo"
    with pytest.raises(ConcurrentEditError) as refused:
        second.save()
    assert re.search(r"fue modificado por Saúl Ríos a las \d\d:\d\d", refused.value.message)
    assert refused.value.current_version == first.version
    assert Program.objects.get(pk=world.program_a.pk).name == "Primero"


def test_saving_from_the_current_version_works_and_bumps_it(world):
    program = Program.objects.get(pk=world.program_a.pk)
    version = program.version
    program.name = "Otro nombre"
    program.save()
    assert Program.objects.get(pk=program.pk).version == version + 1
    program.name = "Y otro"
    program.save()  # the instance carries its new version
    assert Program.objects.get(pk=program.pk).name == "Y otro"


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_saves_on_postgresql_let_exactly_one_win():
    """Two connections save the same row from the same version at the same moment: the row lock
    makes the second wait, then its conditional UPDATE finds the version moved on."""
    import threading

    from django.db import connection, connections, transaction

    if connection.vendor != "postgresql":
        pytest.skip("needs two real connections to one server (PostgreSQL)")
    from tests import factories as make

    program = make.program(make.agency())
    copies = [Program.objects.get(pk=program.pk) for _ in range(2)]
    barrier = threading.Barrier(2)
    outcomes = []

    def save(copy, name):
        try:
            with transaction.atomic():
                copy.name = name
                barrier.wait()
                copy.save()
            outcomes.append("guardado")
        except ConcurrentEditError:
            outcomes.append("rechazado")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=save, args=(copy, f"Nombre {i}")) for i, copy in enumerate(copies)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(outcomes) == ["guardado", "rechazado"]
    assert Program.objects.get(pk=program.pk).version == 2
