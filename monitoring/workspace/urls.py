"""The staff's, head's and coordinators' pages of a yearly report (namespace "monitoring_ws")."""

from django.urls import path

from monitoring.workspace import views

urlpatterns: list = [
    path("programs/<int:program_pk>/reports/", views.reports, name="reports"),
    path("reports/<int:pk>/", views.report, name="report"),
    path("reports/<int:pk>/directions/<int:priority_pk>/", views.direction, name="direction"),
    path("reports/<int:pk>/indicators/", views.indicators, name="indicators"),
    path("reports/<int:pk>/verification/", views.verification, name="verification"),
    path("reports/<int:pk>/comments/add/", views.comment_add, name="comment_add"),
    path(
        "reports/<int:pk>/comments/<int:comment_pk>/resolve/", views.comment_resolve, name="comment_resolve"
    ),
    path(
        "reports/<int:pk>/transition/<str:action>/confirm/",
        views.transition_confirm,
        name="transition_confirm",
    ),
    path("reports/<int:pk>/transition/<str:action>/", views.transition, name="transition"),
]
