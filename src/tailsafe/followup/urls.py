from django.urls import path

from tailsafe.followup import views

app_name = "followup"

urlpatterns = [
    path("actions/", views.action_list, name="action_list"),
    path("actions/oversight/", views.oversight, name="oversight"),
    path("actions/new/", views.action_create, name="action_create"),
    path("actions/<int:pk>/", views.action_detail, name="action_detail"),
    path("actions/<int:pk>/edit/", views.action_edit, name="action_edit"),
    path("actions/<int:pk>/update/", views.action_update, name="action_update"),
    path("evidence/<int:pk>/", views.evidence, name="evidence"),
]
