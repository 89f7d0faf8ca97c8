from django.urls import path

from municipalities import views

app_name = "territory"

urlpatterns = [
    path("oblasts/<int:pk>/", views.region_detail, name="region"),
    path("rayons/<int:pk>/", views.district_detail, name="district"),
    path("municipalities/<int:pk>/", views.municipality_detail, name="municipality"),
]
