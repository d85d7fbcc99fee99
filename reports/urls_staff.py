from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    # /panel/anexos/plan/7/institucional/ and /panel/anexos/plan/7/institucional.pdf (.xlsx?presentacion=datos, .csv)
    path("anexos/plan/<int:pk>/<slug:table>/", views.annex_preview, name="annex-preview"),
    # The plan's combined document, before the annexes' downloads, whose pattern it also matches.
    path("anexos/plan/<int:pk>/documento.<slug:fmt>", views.combined_download, name="combined-download"),
    path("anexos/plan/<int:pk>/<slug:table>.<slug:fmt>", views.annex_download, name="annex-download"),
    # The informe ejecutivo of a plan measured by indicators: /panel/informe-ejecutivo/plan/7.pdf?periodo=3
    path("informe-ejecutivo/plan/<int:pk>.<slug:fmt>", views.executive_report_download, name="executive-report"),
    # The coordinator's export of the annexes of the plans changed since a day (a job).
    path("anexos/exportar/", views.annex_export, name="annex-export"),
    # The consolidated annex of an agency or a cycle (a job): the coordination, or an agency's staff for their own.
    path("anexos/consolidado/", views.consolidated_export, name="consolidated-export"),
    # The coordinator's list of activities without a report in an open period, as a file.
    path("coordinacion/sin-reporte.<slug:fmt>", views.missing_reports_download, name="missing-reports-download"),
]
