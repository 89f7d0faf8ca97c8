from django.urls import path

from planning.views import dashboard, data, documents, review, workspace

app_name = "planning"

urlpatterns = [
    path("dashboard/", dashboard.dashboard, name="dashboard"),
    path("dashboard/export.xlsx", dashboard.dashboard_export, name="dashboard_export"),
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
    path("programs/<int:pk>/review/", review.review, name="review"),
    path("programs/<int:pk>/comments/", review.comment_add, name="comment_add"),
    path("programs/<int:pk>/comments/<int:comment_id>/reply/", review.comment_reply, name="comment_reply"),
    path(
        "programs/<int:pk>/comments/<int:comment_id>/resolve/", review.comment_resolve, name="comment_resolve"
    ),
    path("programs/<int:pk>/transition/<slug:action>/", review.transition, name="transition"),
    path("programs/<int:pk>/approval/", review.approval, name="approval"),
    path("programs/<int:pk>/approval/decision/", review.decision_file, name="decision_file"),
    path("programs/<int:pk>/staff-may-submit/", review.staff_may_submit, name="staff_may_submit"),
    path("programs/<int:pk>/timeline/", review.timeline, name="timeline"),
    path("notifications/", review.notifications, name="notifications"),
    path("programs/<int:pk>/documents/", documents.documents_status, name="documents_status"),
    path("programs/<int:pk>/documents/draft/", documents.draft_preview, name="draft_preview"),
    path(
        "programs/<int:pk>/documents/<int:document_id>/download/",
        documents.document_download,
        name="document_download",
    ),
    path(
        "programs/<int:pk>/documents/<int:document_id>/retry/",
        documents.document_retry,
        name="document_retry",
    ),
]
