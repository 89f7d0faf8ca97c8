"""Routes of the trainings' public pages (see trainings/urls.py), under /<lang>/trainings/."""

from django.urls import path

from trainings.public import views

urlpatterns = [
    path("", views.training_list, name="list"),
    path("<int:pk>/", views.training_detail, name="detail"),
]
