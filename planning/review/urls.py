"""Review and approval: the dashboard, the review screen, comments, transitions, the council's
decision and the timeline (/<lang>/workspace/…). The notifications page keeps its name here,
planning:notifications, but gathers hearings' too, so it lives above both apps
(config/notifications.py; config/urls.py adds it to this namespace)."""

from django.urls import path

from planning.review import dashboard_views, views

urlpatterns = [
    path("dashboard/", dashboard_views.dashboard, name="dashboard"),
    path("dashboard/export.xlsx", dashboard_views.dashboard_export, name="dashboard_export"),
    path("programs/<int:pk>/review/", views.review, name="review"),
    path("programs/<int:pk>/comments/", views.comment_add, name="comment_add"),
    path("programs/<int:pk>/comments/<int:comment_id>/reply/", views.comment_reply, name="comment_reply"),
    path(
        "programs/<int:pk>/comments/<int:comment_id>/resolve/", views.comment_resolve, name="comment_resolve"
    ),
    path("programs/<int:pk>/transition/<slug:action>/", views.transition, name="transition"),
    path(
        "programs/<int:pk>/transition/<slug:action>/confirm/",
        views.transition_confirm,
        name="transition_confirm",
    ),
    path("programs/<int:pk>/approval/", views.approval, name="approval"),
    path("programs/<int:pk>/approval/decision/", views.decision_file, name="decision_file"),
    path("programs/<int:pk>/staff-may-submit/", views.staff_may_submit, name="staff_may_submit"),
    path("programs/<int:pk>/timeline/", views.timeline, name="timeline"),
]
