from django.urls import path

from . import views

app_name = "public"

urlpatterns = [
    path("", views.home, name="home"),
    path("dependencias/", views.agency_list, name="agency-list"),
    path("dependencias/<slug:slug>/", views.agency_detail, name="agency"),
    path("programas/", views.program_list, name="program-list"),
    path("programas/buscar.json", views.program_search, name="program-search"),
    path("programas/<str:key>/", views.program_detail, name="program"),
    path("programas/<str:key>/evaluaciones/<int:pk>/", views.evaluation_detail, name="evaluation"),
    path("programas/<str:key>/asm/<int:pk>/", views.aspect_detail, name="aspect"),
    path("programas/<str:key>/actividades/<int:pk>/", views.activity_detail, name="activity"),
    path("programas/<str:key>/anexos/<int:plan_pk>/<slug:table>/", views.annex_preview, name="annex"),
    # The combined document, before the annexes' downloads, whose pattern it also matches.
    path(
        "programas/<str:key>/anexos/<int:plan_pk>/documento.<slug:fmt>",
        views.combined_download,
        name="combined-download",
    ),
    path(
        "programas/<str:key>/anexos/<int:plan_pk>/<slug:table>.<slug:fmt>", views.annex_download, name="annex-download"
    ),
    path("programas/<str:key>/indicadores/<int:plan_pk>/", views.plan_indicators, name="indicators"),
    path(
        "programas/<str:key>/informe-ejecutivo/<int:plan_pk>.<slug:fmt>",
        views.executive_report,
        name="executive-report",
    ),
    path("asm/", views.aspect_list, name="aspect-list"),
    path("actividades/", views.activity_list, name="activity-list"),
    path("buscar/", views.search_page, name="search"),
    path("datos/", views.open_data, name="open-data"),
    path("datos/diccionario/", views.data_dictionary, name="data-dictionary"),
]
