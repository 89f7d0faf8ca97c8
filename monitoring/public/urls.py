"""The public pages of published reports (namespace "monitoring")."""

from django.urls import path

from monitoring.public import views

urlpatterns: list = [
    path("plans/<int:pk>/monitoring/<int:year>/", views.report_detail, name="report"),
    path("plans/<int:pk>/monitoring/<int:year>/pdf/<str:language>/", views.report_pdf, name="report_pdf"),
]
