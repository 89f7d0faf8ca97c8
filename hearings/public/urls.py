"""Routes of the hearings' public pages (see hearings/urls.py)."""

urlpatterns: list = []
