"""Routes of the trainings' workspace pages (see trainings/urls.py), under
/<lang>/workspace/trainings/: the list, a training and its parts (details, sessions,
participants, attendance, tallies, materials), people and their merging."""

from django.urls import path

from trainings.workspace import views

urlpatterns = [
    path("", views.training_list, name="list"),
    path("new/", views.training_create, name="create"),
    path("<int:pk>/", views.training_detail, name="detail"),
    path("<int:pk>/details/", views.training_edit, name="edit"),
    path("<int:pk>/transition/<slug:action>/", views.transition, name="transition"),
    path("<int:pk>/certificates/issue/", views.certificates_issue, name="certificates_issue"),
    path("<int:pk>/sessions/", views.sessions, name="sessions"),
    path("<int:pk>/sessions/<int:session_id>/", views.session_edit, name="session"),
    path("<int:pk>/sessions/<int:session_id>/remove/", views.session_remove, name="session_remove"),
    path("<int:pk>/participants/", views.participants, name="participants"),
    path(
        "<int:pk>/participants/<int:participation_id>/remove/",
        views.participant_remove,
        name="participant_remove",
    ),
    path("<int:pk>/attendance/", views.attendance, name="attendance"),
    path("<int:pk>/tallies/", views.tallies, name="tallies"),
    path("<int:pk>/materials/", views.materials, name="materials"),
    path("<int:pk>/materials/<int:material_id>/", views.material_file, name="material_file"),
    path("<int:pk>/materials/<int:material_id>/remove/", views.material_remove, name="material_remove"),
    path("people/<int:person_id>/", views.person_detail, name="person"),
    path("people/<int:person_id>/merge/", views.person_merge, name="person_merge"),
]
