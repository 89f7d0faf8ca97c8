"""The portal's routes, plus /bench/trivial/: the framework's speed through the same middleware."""

from django.http import HttpResponse
from django.urls import path

from config.urls import urlpatterns as portal


def trivial(request):
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("bench/trivial/", trivial), *portal]
