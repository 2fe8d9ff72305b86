from django.urls import path

from tailsafe.followup import recommendation_views as rviews
from tailsafe.followup import views

app_name = "followup"

urlpatterns = [
    path("actions/", views.action_list, name="action_list"),
    path("meetings/<int:pk>/agenda-review/", views.agenda_review, name="agenda_review"),
    path("actions/oversight/", views.oversight, name="oversight"),
    path("actions/new/", views.action_create, name="action_create"),
    path("actions/<int:pk>/", views.action_detail, name="action_detail"),
    path("actions/<int:pk>/edit/", views.action_edit, name="action_edit"),
    path("actions/<int:pk>/update/", views.action_update, name="action_update"),
    path("evidence/<int:pk>/", views.evidence, name="evidence"),
    path("recommendations/", rviews.recommendation_list, name="recommendations"),
    path("recommendations/new/", rviews.recommendation_create, name="recommendation_create"),
    path("recommendations/overdue-to-agenda/", rviews.overdue_to_agenda, name="overdue_to_agenda"),
    path("recommendations/<int:pk>/", rviews.recommendation_detail, name="recommendation"),
    path("recommendations/<int:pk>/edit/", rviews.recommendation_edit, name="recommendation_edit"),
    path(
        "recommendations/<int:pk>/propose/",
        rviews.recommendation_propose,
        name="recommendation_propose",
    ),
    path(
        "recommendations/<int:pk>/agenda/",
        rviews.recommendation_agenda,
        name="recommendation_agenda",
    ),
    path(
        "recommendations/<int:pk>/adopt/", rviews.recommendation_adopt, name="recommendation_adopt"
    ),
    path(
        "recommendations/<int:pk>/update/",
        rviews.recommendation_update,
        name="recommendation_update",
    ),
]
