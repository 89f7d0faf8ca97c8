"""Routes of the trainings' workspace pages (see trainings/urls.py), under
/<lang>/workspace/trainings/: the list, a training and its parts (details, sessions,
participants, attendance, tallies, materials), people and their merging."""

urlpatterns: list = []
