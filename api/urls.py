"""/api/v1/: the read-only open data API (included without a language prefix)."""

from django.urls import path, re_path
from rest_framework.routers import DefaultRouter

from api import monitoring_exports, views

app_name = "api"

router = DefaultRouter()
router.register("regions", views.RegionViewSet, basename="region")
router.register("districts", views.DistrictViewSet, basename="district")
router.register("municipalities", views.MunicipalityViewSet, basename="municipality")
router.register("programs", views.ProgramViewSet, basename="program")
router.register("hearings", views.HearingViewSet, basename="hearing")

urlpatterns = [
    path("schema/", views.SchemaView.as_view(), name="schema"),
    path(
        "programs/<int:pk>/action-plan.csv",
        views.ActionPlanCsvView.as_view(),
        name="program-action-plan-csv",
    ),
    path(
        "programs/<int:pk>/action-plan.xlsx",
        views.ActionPlanXlsxView.as_view(),
        name="program-action-plan-xlsx",
    ),
    path(
        "programs/<int:pk>/monitoring/",
        views.ProgramMonitoringView.as_view(),
        name="program-monitoring",
    ),
    path(
        "programs/<int:pk>/monitoring/<int:year>.csv",
        monitoring_exports.MonitoringCsvView.as_view(),
        name="program-monitoring-csv",
    ),
    path(
        "programs/<int:pk>/monitoring/<int:year>.xlsx",
        monitoring_exports.MonitoringXlsxView.as_view(),
        name="program-monitoring-xlsx",
    ),
    path("regions/<int:pk>/monitoring/", views.RegionMonitoringView.as_view(), name="region-monitoring"),
    path(
        "districts/<int:pk>/monitoring/", views.DistrictMonitoringView.as_view(), name="district-monitoring"
    ),
    *router.urls,
    # Last: any other address under /api/v1/ is a JSON 404, not the site's HTML page.
    re_path(r"^", views.not_found),
]
