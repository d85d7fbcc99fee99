"""How the programs' models name themselves on the pages."""

import pytest

from programs.models import Evaluation, EvaluationType


@pytest.mark.parametrize(
    "kind,title",
    [
        ("Específica de Desempeño", "Evaluación Específica de Desempeño 2016"),
        ("Evaluación externa", "Evaluación externa 2016"),
        ("evaluación de procesos", "evaluación de procesos 2016"),
    ],
)
def test_evaluation_title_says_evaluacion_once(kind, title):
    assert Evaluation(type=EvaluationType(name=kind), year=2016).title == title
