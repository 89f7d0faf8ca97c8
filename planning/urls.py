from django.urls import path

from planning.views import data, workspace

app_name = "planning"

urlpatterns = [
    path("municipalities/<int:mid>/programs/", workspace.program_list, name="program_list"),
    path("programs/<int:pk>/", workspace.overview, name="overview"),
    path("programs/<int:pk>/settings/", workspace.SettingsView.as_view(), name="settings"),
    path("programs/<int:pk>/working-group/", workspace.WorkingGroupView.as_view(), name="working_group"),
    path("programs/<int:pk>/working-group/order/", data.order_file, name="order_file"),
    path(
        "programs/<int:pk>/characteristics/", workspace.CharacteristicsView.as_view(), name="characteristics"
    ),
    path("programs/<int:pk>/analysis/", workspace.analysis_index, name="analysis"),
    path(
        "programs/<int:pk>/analysis/<int:sector_id>/",
        workspace.SectorAnalysisView.as_view(),
        name="sector_analysis",
    ),
    path("programs/<int:pk>/swot/", workspace.SwotView.as_view(), name="swot"),
    path("programs/<int:pk>/vision/", workspace.VisionView.as_view(), name="vision"),
    path("programs/<int:pk>/goals/", workspace.GoalsView.as_view(), name="goals"),
    path("programs/<int:pk>/action-plan/", workspace.action_plan, name="action_plan"),
    path(
        "programs/<int:pk>/action-plan/<int:priority_id>/",
        workspace.PriorityActivitiesView.as_view(),
        name="priority_activities",
    ),
    path(
        "programs/<int:pk>/activities/<int:activity_id>/", workspace.ActivityView.as_view(), name="activity"
    ),
    path("programs/<int:pk>/finance/", data.finance, name="finance"),
    path("programs/<int:pk>/indicators/", workspace.IndicatorsView.as_view(), name="indicators"),
    path("programs/<int:pk>/export/action-plan.xlsx", data.export_action_plan, name="export_action_plan"),
    path("programs/<int:pk>/export/financial-model.xlsx", data.export_finance, name="export_finance"),
    path("programs/<int:pk>/import/", data.import_action_plan, name="import"),
    path("programs/<int:pk>/history/", data.history, name="history"),
]
