"""Evidence photos of a report's activities: the workspace's page of an activity's photos (upload,
delete) and the photos as images, under /<lang>/workspace/monitoring/ (namespace "monitoring_ws");
the photos of a published report for everyone, under /<lang>/plans/<pk>/monitoring/<year>/
(namespace "monitoring")."""

from django.urls import path

from monitoring.evidence import views

PHOTOS = "reports/<int:pk>/activities/<int:activity_pk>/photos/"
PUBLIC = "plans/<int:pk>/monitoring/<int:year>/photos/<int:photo_pk>/"

workspace_urlpatterns: list = [
    path(PHOTOS, views.activity_photos, name="activity_photos"),
    path(f"{PHOTOS}<int:photo_pk>/", views.photo_image, name="photo_image"),
    path(f"{PHOTOS}<int:photo_pk>/thumb/", views.photo_thumbnail, name="photo_thumbnail"),
    path(f"{PHOTOS}<int:photo_pk>/delete/", views.photo_delete, name="photo_delete"),
]
public_urlpatterns: list = [
    path(PUBLIC, views.public_photo_image, name="photo"),
    path(f"{PUBLIC}thumb/", views.public_photo_thumbnail, name="photo_thumbnail"),
]
