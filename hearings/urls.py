"""The hearings' routes: public pages under /<lang>/hearings/ (namespace "hearings") and the
workspace under /<lang>/workspace/hearings/ (namespace "hearings_ws"), one list per room."""

from django.urls import include, path

from hearings import downloads
from hearings.public import urls as public
from hearings.workspace import urls as workspace

public_patterns = ([*public.urlpatterns, *downloads.public_urlpatterns], "hearings")
workspace_patterns = ([*workspace.urlpatterns, *downloads.workspace_urlpatterns], "hearings_ws")

urlpatterns = [
    path("hearings/", include(public_patterns)),
    path("workspace/hearings/", include(workspace_patterns)),
]
