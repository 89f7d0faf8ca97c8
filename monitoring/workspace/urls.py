"""The staff's, head's and coordinators' pages of a yearly report (namespace "monitoring_ws")."""

urlpatterns: list = []
