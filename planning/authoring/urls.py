"""The workspace steps: /<lang>/workspace/municipalities/<id>/programs/ and /<lang>/workspace/programs/<id>/…"""

from django.urls import path

from planning.authoring import views

urlpatterns = [
    path("municipalities/<int:mid>/programs/", views.program_list, name="program_list"),
    path("programs/<int:pk>/", views.overview, name="overview"),
    path("programs/<int:pk>/settings/", views.SettingsView.as_view(), name="settings"),
    path("programs/<int:pk>/working-group/", views.WorkingGroupView.as_view(), name="working_group"),
    path("programs/<int:pk>/working-group/order/", views.order_file, name="order_file"),
    path("programs/<int:pk>/characteristics/", views.CharacteristicsView.as_view(), name="characteristics"),
    path("programs/<int:pk>/analysis/", views.analysis_index, name="analysis"),
    path(
        "programs/<int:pk>/analysis/<int:sector_id>/",
        views.SectorAnalysisView.as_view(),
        name="sector_analysis",
    ),
    path("programs/<int:pk>/swot/", views.SwotView.as_view(), name="swot"),
    path("programs/<int:pk>/vision/", views.VisionView.as_view(), name="vision"),
    path("programs/<int:pk>/goals/", views.GoalsView.as_view(), name="goals"),
    path("programs/<int:pk>/action-plan/", views.action_plan, name="action_plan"),
    path(
        "programs/<int:pk>/action-plan/<int:priority_id>/",
        views.PriorityActivitiesView.as_view(),
        name="priority_activities",
    ),
    path("programs/<int:pk>/activities/<int:activity_id>/", views.ActivityView.as_view(), name="activity"),
    path("programs/<int:pk>/finance/", views.finance, name="finance"),
    path("programs/<int:pk>/indicators/", views.IndicatorsView.as_view(), name="indicators"),
    path("programs/<int:pk>/history/", views.history, name="history"),
]
