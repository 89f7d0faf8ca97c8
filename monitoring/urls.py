"""The monitoring routes: public pages (namespace "monitoring", each room chooses its own prefix
under the language: plans/<pk>/monitoring/…, monitoring/…) and the workspace under
/<lang>/workspace/monitoring/ (namespace "monitoring_ws"), one list per room."""

from django.urls import include, path

from monitoring.evidence import urls as evidence
from monitoring.exchange import urls as exchange
from monitoring.public import urls as public
from monitoring.rollups import urls as rollups
from monitoring.workspace import urls as workspace

public_patterns = (
    [
        *public.urlpatterns,
        *rollups.urlpatterns,
        *evidence.public_urlpatterns,
        *exchange.public_urlpatterns,
    ],
    "monitoring",
)
workspace_patterns = (
    [*workspace.urlpatterns, *evidence.workspace_urlpatterns, *exchange.workspace_urlpatterns],
    "monitoring_ws",
)

urlpatterns = [
    path("", include(public_patterns)),
    path("workspace/monitoring/", include(workspace_patterns)),
]
