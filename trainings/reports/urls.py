"""Routes of the trainings' statistics and Excel exchange in the workspace (see trainings/urls.py),
under /<lang>/workspace/trainings/."""

urlpatterns: list = []
