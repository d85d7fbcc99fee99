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
