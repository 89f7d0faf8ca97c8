"""A year's report in and out of Excel (workspace). Its open-data CSV/XLSX are in the API
(api/monitoring_exports.py: api:program-monitoring-csv and -xlsx)."""

from django.urls import path

from monitoring.exchange import views

workspace_urlpatterns: list = [
    path("reports/<int:pk>/export/", views.report_export, name="report_export"),
    path("reports/<int:pk>/import/", views.report_import, name="report_import"),
]
public_urlpatterns: list = []
