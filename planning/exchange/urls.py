"""Excel in and out: /<lang>/workspace/programs/<id>/export/… and …/import/"""

from django.urls import path

from planning.exchange import views

urlpatterns = [
    path("programs/<int:pk>/export/action-plan.xlsx", views.export_action_plan, name="export_action_plan"),
    path("programs/<int:pk>/export/financial-model.xlsx", views.export_finance, name="export_finance"),
    path("programs/<int:pk>/import/", views.import_action_plan, name="import"),
]
