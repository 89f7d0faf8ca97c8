"""Evidence photos of a report's activities: the workspace's upload and list (namespace
"monitoring_ws")."""

workspace_urlpatterns: list = []
public_urlpatterns: list = []
