"""Routes of the trainings' public pages (see trainings/urls.py), under /<lang>/trainings/."""

urlpatterns: list = []
