from django.urls import path

from planning.views import public

app_name = "plans"

urlpatterns = [
    path("plans/<int:pk>/pdf/", public.plan_pdf, name="pdf"),
]
