"""The catalogue room's routes (workspace: namespace "services_ws"; public: namespace "services")."""

workspace_urlpatterns: list = []
public_urlpatterns: list = []
