"""The trainings' routes: public pages under /<lang>/trainings/ (namespace "trainings"), the
verification of certificates under /<lang>/certificates/ (namespace "certificates") and the
workspace under /<lang>/workspace/trainings/ (namespace "trainings_ws"), one list per room."""

from django.urls import include, path

from trainings import downloads
from trainings.public import urls as public
from trainings.reports import urls as reports
from trainings.workspace import urls as workspace

public_patterns = ([*public.urlpatterns, *downloads.public_urlpatterns], "trainings")
certificate_patterns = (downloads.certificate_urlpatterns, "certificates")
workspace_patterns = (
    [*workspace.urlpatterns, *reports.urlpatterns, *downloads.workspace_urlpatterns],
    "trainings_ws",
)

urlpatterns = [
    path("trainings/", include(public_patterns)),
    path("certificates/", include(certificate_patterns)),
    path("workspace/trainings/", include(workspace_patterns)),
]
