from django.urls import path

from planning.views import public

app_name = "plans"

urlpatterns = [
    path("plans/", public.plan_list, name="list"),
    path("plans/<int:pk>/", public.plan_detail, name="detail"),
    path("plans/<int:pk>/pdf/", public.plan_pdf, name="pdf"),
]
