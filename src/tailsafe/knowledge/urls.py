from django.urls import path

from tailsafe.knowledge import views

app_name = "knowledge"

urlpatterns = [
    path("", views.index, name="index"),
    path("works/", views.work_list, name="work_list"),
    path("works/new/", views.work_create, name="work_create"),
    path("works/<int:pk>/", views.work_detail, name="work_detail"),
    path("works/<int:pk>/report/", views.work_report, name="work_report"),
    path("works/<int:pk>/accept/", views.work_accept, name="work_accept"),
    path("works/<int:pk>/file/<str:kind>/", views.work_file, name="work_file"),
    path("self-assessments/", views.assessment_list, name="assessment_list"),
    path("self-assessments/new/", views.assessment_create, name="assessment_create"),
    path("self-assessments/<int:pk>/", views.assessment_detail, name="assessment_detail"),
    path("r/<str:kind>/", views.record_list, name="record_list"),
    path("r/<str:kind>/new/", views.record_create, name="record_create"),
    path("r/<str:kind>/<int:pk>/", views.record_detail, name="record_detail"),
    path("r/<str:kind>/<int:pk>/edit/", views.record_edit, name="record_edit"),
]
