"""The municipal services routes: public pages (namespace "services"; each room chooses its prefix
under the language: joint-action-plans/…, local-initiatives/…) and the workspace under
/<lang>/workspace/services/ (namespace "services_ws"), one list per room:

- catalogue/    a municipality's services, tariffs and satisfaction surveys (the room's home)
- joint_plans/  the joint action plans in the workspace (writing, actions, transitions, report)
- public/       the JAPs' public pages, their PDFs, the coordinators' dashboard
- initiatives/  local initiatives, in the workspace and in public
"""

from django.urls import include, path

from municipal_services.catalogue import urls as catalogue
from municipal_services.initiatives import urls as initiatives
from municipal_services.joint_plans import urls as joint_plans
from municipal_services.public import urls as public

ROOMS = (catalogue, joint_plans, public, initiatives)

public_patterns = ([p for room in ROOMS for p in room.public_urlpatterns], "services")
workspace_patterns = ([p for room in ROOMS for p in room.workspace_urlpatterns], "services_ws")

urlpatterns = [
    path("", include(public_patterns)),
    path("workspace/services/", include(workspace_patterns)),
]
