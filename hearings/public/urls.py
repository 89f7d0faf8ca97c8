"""Routes of the hearings' public pages (see hearings/urls.py), under /<lang>/hearings/."""

from django.urls import path

from hearings.public import views

urlpatterns = [
    path("", views.hearing_list, name="list"),
    path("calendar.ics", views.hearing_calendar, name="calendar"),
    path("<int:pk>/", views.hearing_detail, name="detail"),
    path("<int:pk>/propose/", views.hearing_propose, name="propose"),
    path("<int:pk>/thanks/", views.proposal_thanks, name="thanks"),
]
