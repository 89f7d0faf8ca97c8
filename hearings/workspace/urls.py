"""Routes of the hearings' workspace pages (see hearings/urls.py)."""

urlpatterns: list = []
