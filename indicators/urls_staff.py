from django.urls import path

from aspects.models import Aspect
from programs.transitions import transition_urls

from . import views
from .models import Indicator, MeasurementRound

app_name = "indicators"

urlpatterns = [
    path("planes/<int:pk>/indicadores/", views.PlanIndicators.as_view(), name="plan-indicators"),
    path("planes/<int:pk>/objetivos-e-indicadores/", views.PlanEditor.as_view(), name="plan-editor"),
    # The separate pages the editor replaced: their addresses lead to it.
    path("planes/<int:pk>/objetivos/", views.MovedToEditor.as_view(), name="plan-objectives"),
    path("planes/<int:pk>/productos/", views.PlanProducts.as_view(), name="products"),
    path("planes/<int:pk>/logros-y-brechas/", views.PlanGaps.as_view(), name="gaps"),
    path("planes/<int:pk>/secciones-narrativas/", views.PlanNarrativeEdit.as_view(), name="narrative"),
    path(
        "asm/<int:parent_pk>/indicadores/nuevo/",
        views.MovedToEditor.as_view(model=Aspect, plan_lookup="plan", anchor="asm"),
        name="indicator-create",
    ),
    path(
        "indicadores/<int:pk>/editar/",
        views.MovedToEditor.as_view(model=Indicator, plan_lookup="aspect__plan", anchor="indicador"),
        name="indicator-update",
    ),
    path(
        "indicadores/<int:pk>/eliminar/",
        views.MovedToEditor.as_view(model=Indicator, plan_lookup="aspect__plan", anchor="indicador"),
        name="indicator-delete",
    ),
    path("indicadores/<int:parent_pk>/mediciones/nueva/", views.MeasurementCreate.as_view(), name="measurement-create"),
    path("mediciones/<int:pk>/editar/", views.MeasurementUpdate.as_view(), name="measurement-update"),
    path("mediciones/<int:pk>/eliminar/", views.MeasurementDelete.as_view(), name="measurement-delete"),
    path("indicadores-del-periodo/<int:pk>/", views.RoundDetail.as_view(), name="round-detail"),
]

# Workflow transitions, POST only: /panel/indicadores-del-periodo/4/enviar/…
urlpatterns += transition_urls("indicadores-del-periodo", "round", MeasurementRound)
