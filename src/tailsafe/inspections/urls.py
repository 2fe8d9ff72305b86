from django.urls import path

from tailsafe.inspections import views

app_name = "inspections"
urlpatterns = [
    path("", views.index, name="index"),
    path("start/", views.start, name="start"),
    path("assessments/<int:pk>/", views.assessment, name="assessment"),
    path("assessments/<int:pk>/answer/", views.answer_save, name="answer_save"),
    path("assessments/<int:pk>/evidence/", views.evidence, name="evidence"),
    path("assessments/<int:pk>/submit/", views.submit, name="submit"),
    path("facilities/<int:pk>/compare/", views.compare, name="compare"),
    path("matrix/", views.matrix, name="matrix"),
    path("banks/", views.banks, name="banks"),
    path("banks/<int:pk>/", views.bank_detail, name="bank"),
    path("banks/<int:pk>/activate/", views.bank_activate, name="bank_activate"),
    path("joint/", views.inspection_list, name="inspections"),
    path("joint/plan/", views.inspection_plan, name="inspection_plan"),
    path("joint/<int:pk>/", views.inspection, name="inspection"),
    path("joint/<int:pk>/findings/", views.finding_save, name="finding_save"),
    path("joint/<int:pk>/complete/", views.inspection_complete, name="inspection_complete"),
    path(
        "joint/<int:pk>/report-<str:lang>.<str:fmt>",
        views.inspection_report,
        name="inspection_report",
    ),
]
