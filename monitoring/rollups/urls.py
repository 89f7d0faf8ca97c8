"""The public roll-ups per rayon and oblast (namespace "monitoring")."""

from django.urls import path

from monitoring.rollups import views

urlpatterns: list = [
    path("monitoring/", views.index, name="index"),
    path("monitoring/oblasts/<int:pk>/", views.region, name="region"),
    path("monitoring/rayons/<int:pk>/", views.district, name="district"),
]
