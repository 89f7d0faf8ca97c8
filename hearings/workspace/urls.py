"""Routes of the hearings' workspace pages (see hearings/urls.py), under /<lang>/workspace/hearings/.

The path's words name the page: a municipality's hearings, one hearing and its parts (details,
materials, attendance, proposals, moderation, votes), and the coordinators' view (follow/)."""

from django.urls import path

from hearings.workspace import follow, proposal_views, views

urlpatterns = [
    path("municipalities/<int:mid>/", views.hearing_list, name="list"),
    path("municipalities/<int:mid>/new/", views.hearing_create, name="create"),
    path("<int:pk>/", views.hearing_detail, name="detail"),
    path("<int:pk>/details/", views.hearing_edit, name="edit"),
    path("<int:pk>/transition/<slug:action>/", views.transition, name="transition"),
    path("<int:pk>/materials/", views.materials, name="materials"),
    path("<int:pk>/materials/<int:material_id>/", views.material_file, name="material_file"),
    path("<int:pk>/materials/<int:material_id>/remove/", views.material_remove, name="material_remove"),
    path("<int:pk>/attendance/", views.attendance, name="attendance"),
    path("<int:pk>/attendance/sign-in-sheet/", views.sign_in_sheet, name="sign_in_sheet"),
    path("<int:pk>/proposals/", proposal_views.proposal_list, name="proposals"),
    path("<int:pk>/proposals/new/", proposal_views.proposal_enter, name="proposal_enter"),
    path("<int:pk>/moderation/", proposal_views.moderation, name="moderation"),
    path("<int:pk>/proposals/<int:proposal_id>/", proposal_views.proposal_detail, name="proposal"),
    path(
        "<int:pk>/proposals/<int:proposal_id>/moderate/",
        proposal_views.proposal_moderate,
        name="proposal_moderate",
    ),
    path("<int:pk>/proposals/<int:proposal_id>/link/", proposal_views.proposal_link, name="proposal_link"),
    path(
        "<int:pk>/proposals/<int:proposal_id>/activity/",
        proposal_views.proposal_make_activity,
        name="proposal_activity",
    ),
    path("<int:pk>/votes/", proposal_views.votes, name="votes"),
    path("<int:pk>/votes/<int:vote_id>/", proposal_views.vote_edit, name="vote"),
    path("follow/", follow.follow, name="follow"),
    path("follow/hearings.xlsx", follow.export_hearings, name="follow_export_hearings"),
    path("follow/proposals.xlsx", follow.export_proposals, name="follow_export_proposals"),
]
