"""Routes of the trainings' statistics and Excel exchange in the workspace (see trainings/urls.py),
under /<lang>/workspace/trainings/."""

from django.urls import path

from trainings.reports import views

urlpatterns = [
    path("statistics/", views.statistics, name="statistics"),
    path("statistics/export.xlsx", views.statistics_export, name="statistics_export"),
    path("<int:pk>/participants/export.xlsx", views.participants_export, name="participants_export"),
    path("<int:pk>/attendance/export.xlsx", views.attendance_export, name="attendance_export"),
    path("<int:pk>/participants/template.xlsx", views.participants_template, name="participants_template"),
    path("<int:pk>/participants/import/", views.participants_import, name="participants_import"),
]
