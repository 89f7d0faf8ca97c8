"""The public room's routes (namespace "services"): a joint action plan's page, the local initiatives."""

from django.urls import path

from municipal_services.public import views

workspace_urlpatterns: list = []
public_urlpatterns = [
    path("joint-action-plans/<int:pk>/", views.jap_detail, name="jap"),
    path("local-initiatives/", views.initiative_list, name="initiative_list"),
]
