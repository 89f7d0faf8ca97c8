"""The portal's routes with a stand-in for the public report page (`monitoring:report`, built in
another room), placed first so that its namespace wins: the hearing's page links to it by name."""

from django.conf.urls.i18n import i18n_patterns
from django.http import HttpResponse
from django.urls import include, path

from config.urls import urlpatterns as portal


def report(request, pk: int, year: int):
    return HttpResponse(f"report {pk} {year}")


urlpatterns = [
    *i18n_patterns(
        path(
            "",
            include(([path("plans/<int:pk>/monitoring/<int:year>/", report, name="report")], "monitoring")),
        )
    ),
    *portal,
]
