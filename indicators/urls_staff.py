from django.urls import path

from programs.transitions import transition_urls

from . import views
from .models import MeasurementRound

app_name = "indicators"

urlpatterns = [
    path("planes/<int:pk>/indicadores/", views.PlanIndicators.as_view(), name="plan-indicators"),
    path("planes/<int:pk>/objetivos/", views.PlanObjectives.as_view(), name="plan-objectives"),
    path("planes/<int:pk>/productos/", views.PlanProducts.as_view(), name="products"),
    path("planes/<int:pk>/logros-y-brechas/", views.PlanGaps.as_view(), name="gaps"),
    path("planes/<int:pk>/secciones-narrativas/", views.PlanNarrativeEdit.as_view(), name="narrative"),
    path("asm/<int:parent_pk>/indicadores/nuevo/", views.IndicatorCreate.as_view(), name="indicator-create"),
    path("indicadores/<int:pk>/editar/", views.IndicatorUpdate.as_view(), name="indicator-update"),
    path("indicadores/<int:pk>/eliminar/", views.IndicatorDelete.as_view(), name="indicator-delete"),
    path("indicadores/<int:parent_pk>/mediciones/nueva/", views.MeasurementCreate.as_view(), name="measurement-create"),
    path("mediciones/<int:pk>/editar/", views.MeasurementUpdate.as_view(), name="measurement-update"),
    path("mediciones/<int:pk>/eliminar/", views.MeasurementDelete.as_view(), name="measurement-delete"),
    path("indicadores-del-periodo/<int:pk>/", views.RoundDetail.as_view(), name="round-detail"),
]

# Workflow transitions, POST only: /panel/indicadores-del-periodo/4/enviar/…
urlpatterns += transition_urls("indicadores-del-periodo", "round", MeasurementRound)
