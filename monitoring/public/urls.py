"""The public pages of published reports (namespace "monitoring")."""

urlpatterns: list = []
