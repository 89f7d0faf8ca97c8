"""The public roll-ups per rayon and oblast (namespace "monitoring")."""

urlpatterns: list = []
