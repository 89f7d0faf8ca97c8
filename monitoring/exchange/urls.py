"""A year's report in and out of Excel (workspace) and its open-data CSV/XLSX (public)."""

workspace_urlpatterns: list = []
public_urlpatterns: list = []
