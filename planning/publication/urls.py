"""Publication: the public plan pages (/<lang>/plans/…, namespace "plans") and, in the workspace,
the program's documents (/<lang>/workspace/programs/<id>/documents/…, namespace "planning")."""

from django.urls import path

from planning.publication import views, workspace_views

app_name = "plans"

urlpatterns = [
    path("plans/", views.plan_list, name="list"),
    path("plans/<int:pk>/", views.plan_detail, name="detail"),
    path("plans/<int:pk>/pdf/", views.plan_pdf, name="pdf"),
]

workspace_urlpatterns = [
    path("programs/<int:pk>/documents/", workspace_views.documents_status, name="documents_status"),
    path("programs/<int:pk>/documents/draft/", workspace_views.draft_preview, name="draft_preview"),
    path(
        "programs/<int:pk>/documents/<int:document_id>/download/",
        workspace_views.document_download,
        name="document_download",
    ),
    path(
        "programs/<int:pk>/documents/<int:document_id>/retry/",
        workspace_views.document_retry,
        name="document_retry",
    ),
]
